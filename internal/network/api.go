package network

import (
	"net/http"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/web"
)

// API serves the network's part of /api/v1: groups others can see, and the threads and posts
// of open groups. A private group, or the discussions of a closed one, are not found.
type API struct {
	Kit *web.Kit
	Svc *Service
}

// Groups lists open and closed groups.
func (a *API) Groups(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	gs, err := a.Svc.PublicGroups(r.Context(), limit, offset)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, identity.List(r, gs, limit, offset))
	return nil
}

// Group is one group.
func (a *API) Group(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	// The API answers for everyone alike, so a private group is not found even for its members.
	g, _, err := a.Svc.access(r.Context(), nil, id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, g)
	return nil
}

// Threads lists an open group's threads.
func (a *API) Threads(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	ts, err := a.Svc.Threads(r.Context(), nil, id, limit+1, offset)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, identity.List(r, ts, limit, offset))
	return nil
}

// ThreadBody is a thread with its posts.
type ThreadBody struct {
	Thread
	Items []Post `json:"posts"`
}

// Thread is one thread of an open group with its visible posts.
func (a *API) Thread(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	tid, err := web.ID(r, "thread")
	if err != nil {
		return err
	}
	t, posts, _, _, err := a.Svc.Thread(r.Context(), nil, id, tid)
	if err != nil {
		return err
	}
	if posts == nil {
		posts = []Post{}
	}
	web.JSON(w, http.StatusOK, ThreadBody{Thread: t, Items: posts})
	return nil
}

// ExportFile is a group's discussions as a host downloads them.
type ExportFile struct {
	Group      Group        `json:"group"`
	ExportedAt time.Time    `json:"exported_at"`
	Threads    []ThreadBody `json:"threads"`
}
