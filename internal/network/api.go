package network

import (
	"context"
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

// Export returns every thread of a group with its visible posts (hosts only).
func (s *Service) Export(ctx context.Context, u *web.User, groupID string) (ExportFile, error) {
	g, m, err := s.access(ctx, u, groupID)
	if err != nil {
		return ExportFile{}, err
	}
	if !m.IsHost() {
		if !m.IsMember() && g.Visibility != Open {
			return ExportFile{}, notFound
		}
		return ExportFile{}, forbidden()
	}
	out := ExportFile{Group: g, ExportedAt: s.DB.Now(ctx), Threads: []ThreadBody{}}
	ts, err := s.threads(ctx, `t.group_id = $1`, []any{groupID}, 100000, 0)
	if err != nil {
		return out, err
	}
	for _, t := range ts {
		// Exported as the public would see it: no held or hidden posts.
		posts, err := s.memberThread(ctx, u, groupID, t.ID)
		if err != nil {
			return out, err
		}
		if posts == nil {
			posts = []Post{}
		}
		out.Threads = append(out.Threads, ThreadBody{Thread: t, Items: posts})
	}
	return out, nil
}

// memberThread is a thread's visible posts as a member reads them.
func (s *Service) memberThread(ctx context.Context, u *web.User, groupID, threadID string) ([]Post, error) {
	viewer := &web.User{ID: u.ID, Name: u.Name}
	_, posts, _, _, err := s.Thread(ctx, viewer, groupID, threadID)
	if err != nil {
		return nil, err
	}
	var out []Post
	for _, p := range posts {
		if p.State != PostVisible {
			continue
		}
		var rs []Post
		for _, r := range p.Replies {
			if r.State == PostVisible {
				rs = append(rs, r)
			}
		}
		p.Replies = rs
		out = append(out, p)
	}
	return out, nil
}
