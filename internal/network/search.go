package network

import (
	"context"

	"commons/internal/platform/actor"
	"commons/internal/platform/search"
)

// The network's part of the search across Commons: groups, their discussions and their
// published guides, each readable by whom the group lets read it. An open group's discussions
// and guides are public; a closed or private group's are for its members only, and a private
// group itself is known only to its members. Whether a reader is a member is asked when a
// search runs (SearchAudiences), never decided when the index was written.

// SearchSource names the network's documents in the index.
func (s *Service) SearchSource() string { return "network" }

// searchAudience is who may read a group's discussions and guides.
func searchAudience(visibility, groupID string) []string {
	if visibility == Open {
		return []string{search.Public}
	}
	return []string{search.Group(groupID)}
}

// SearchDocuments are every group (private ones for their members), every discussion with its
// visible posts (held and hidden posts are left out) and every published guide with the latest
// text of its chapters.
func (s *Service) SearchDocuments(ctx context.Context) ([]search.Doc, error) {
	groups, err := searchGroups(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	vis := map[string]string{}
	var out []search.Doc
	for _, g := range groups {
		vis[g.ID] = g.Visibility
		aud := []string{search.Public}
		if g.Visibility == Private {
			aud = []string{search.Group(g.ID)}
		}
		out = append(out, search.Doc{Kind: "group", ID: g.ID, URL: "/groups/" + g.ID, Title: g.Name, Summary: g.Description,
			Audience: aud, Changed: g.CreatedAt})
	}
	threads, err := searchThreads(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	for _, t := range threads {
		if t.Summary == "" {
			t.Summary = t.Body // the first post, clipped by the index
		}
		out = append(out, search.Doc{Kind: "thread", ID: t.ID, URL: "/groups/" + t.GroupID + "/threads/" + t.ID,
			Title: t.Title, Summary: t.Summary, Body: t.Body, Audience: searchAudience(vis[t.GroupID], t.GroupID), Changed: t.At})
	}
	guides, err := searchGuides(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	for _, g := range guides {
		out = append(out, search.Doc{Kind: "guide", ID: g.ID, URL: "/groups/" + g.GroupID + "/guides/" + g.ID,
			Title: g.Title, Summary: g.Summary, Body: g.Body, Audience: searchAudience(vis[g.GroupID], g.GroupID), Changed: g.At})
	}
	return out, nil
}

// SearchAudiences are the groups the reader is a member of (search.Audiences).
func (s *Service) SearchAudiences(ctx context.Context, a *actor.Actor) ([]string, error) {
	if !a.SignedIn() {
		return nil, nil
	}
	ids, err := memberGroupIDs(ctx, s.DB, a.ID)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = search.Group(id)
	}
	return out, nil
}
