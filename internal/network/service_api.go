package network

import (
	"commons/internal/platform/actor"
	"context"
)

// Export returns every thread of a group with its visible posts (hosts only).
func (s *Service) Export(ctx context.Context, u *actor.Actor, groupID string) (ExportFile, error) {
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
func (s *Service) memberThread(ctx context.Context, u *actor.Actor, groupID, threadID string) ([]Post, error) {
	viewer := &actor.Actor{ID: u.ID, Name: u.Name}
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
