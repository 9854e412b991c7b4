package budgeting

import (
	"context"
	"time"
)

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
