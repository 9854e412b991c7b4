package budgeting

import (
	"commons/internal/platform/web"
	"context"
	"net/http"
	"time"
)

// A posted ballot needs the process (to read the form) and the projects on its ballot (to read
// their points); the service's ballot snapshot then checks it. Both are read through the same
// short-lived cache as the snapshot (snapshotTTL, emptied by every change this service makes), so
// a burst of voters costs no reads before the one write statement, which re-checks phase and
// dates itself. Other pages read the database as before.

// BallotProcess is the process as a posted ballot sees it, from the cache when it is fresh.
func (s *Service) BallotProcess(ctx context.Context, id string) (Process, error) {
	key := "process/" + id
	if snap := s.snaps.get(key); snap != nil {
		return snap.p, nil
	}
	p, err := getProcess(ctx, s.DB, id)
	if err != nil {
		return p, err
	}
	s.snaps.put(key, &ballotSnapshot{p: p, at: time.Now()})
	return p, nil
}

// BallotProjects are the projects on the ballot of a process (one area's when area is not ""),
// from the cache when it is fresh.
func (s *Service) BallotProjects(ctx context.Context, processID, area string) ([]Idea, error) {
	key := "projects/" + processID + "/" + area
	if snap := s.snaps.get(key); snap != nil {
		return snap.projects, nil
	}
	ps, err := s.Projects(ctx, processID, area)
	if err != nil {
		return nil, err
	}
	s.snaps.put(key, &ballotSnapshot{projects: ps, at: time.Now()})
	return ps, nil
}

// ballotProcess is h.process for a posted ballot: the process from the ballot cache.
func (h *Handlers) ballotProcess(r *http.Request) (Process, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Process{}, err
	}
	return h.Svc.BallotProcess(r.Context(), id)
}
