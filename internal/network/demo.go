package network

import (
	"commons/internal/platform/actor"
	"context"
	"strings"

	"commons/internal/identity"
)

// DemoGuideGroup is the demo group that drafts the borough's guide.
const DemoGuideGroup = "Our Society: A Guide"

var demoChapters = []struct{ title, v1, v2 string }{
	{"Introduction and policy context",
		"This guide is for everyone in Aberhaven who responds to changes in public services: council officers, volunteers, faith groups and residents.\n\nPublic services are changing because budgets are tighter and needs are growing. The Well-being of Future Generations Act asks public bodies to work with people, not for them.\n\nWe wrote this guide together, in the open, and we will keep improving it.",
		"This guide is for everyone in Aberhaven who responds to changes in public services: council officers, volunteers, faith groups and residents.\n\nPublic services are changing because budgets are tighter and needs are growing. The Well-being of Future Generations Act asks public bodies to work with people, not for them.\n\nEach chapter ends with questions to talk through in your own team.\n\nWe wrote this guide together, in the open, and we will keep improving it."},
	{"Changing roles",
		"Officers are moving from providing services to convening partners. Volunteers are taking on work that used to be paid, and need support and recognition.\n\nResidents are experts in their own lives and streets.",
		""},
	{"Structures as networks and systems",
		"A borough is not a tree of departments but a web of relationships. Small changes in one place ripple through the system.\n\nMapping who talks to whom shows where help gets stuck.",
		""},
	{"Identifying social assets",
		"Social assets are the people, places and groups that make a place work: the village hall, the food bank, the café that hosts advice sessions.\n\nStart with what is strong, not with what is missing.",
		""},
	{"Methods and toolkits",
		"Asset mapping, appreciative inquiry, community conversations and participatory budgeting are methods that have worked in Aberhaven.\n\nChoose the method that fits the question.",
		""},
	{"Practical steps",
		"Start small: one conversation, one map, one shared meal.\n\n*To be drafted together in the spring.*",
		""},
}

// LoadDemo adds the demo borough's network: several groups, discussions with mentions and
// replies, the guide being drafted with comments, and a moderation queue. It does nothing when
// the guide's group exists, or when identity's demo accounts are missing.
func (s *Service) LoadDemo(ctx context.Context) error {
	if n, err := groupsNamed(ctx, s.DB, DemoGuideGroup); err != nil || n > 0 {
		return err
	}
	people := map[string]*actor.Actor{}
	for _, d := range identity.DemoAccounts {
		a, err := s.People.AccountByEmail(ctx, d.Email)
		if err != nil {
			return nil // no identity demo: nothing to hang the network on
		}
		people[d.Role] = &actor.Actor{ID: a.ID, Name: a.Name, Roles: []string{identity.RoleResident, d.Role}}
	}
	admin, officer, mod, member, resident := people[identity.RoleAdmin], people[identity.RoleOfficer], people[identity.RoleModerator], people[identity.RoleMember], people[identity.RoleResident]
	// The demo is written as the people would write it, without the checks on new accounts.
	demo := *s
	demo.HoldFirstPosts, demo.PostLimit = 0, nil
	d := &demo
	key := 0
	post := func(u *actor.Actor, groupID, threadID, title, body, parent string) (Posted, error) {
		key++
		in := PostInput{Title: title, Body: body, ParentID: parent, IdemKey: "demo-post-" + strings.Repeat("0", 8) + itoa(key)}
		if threadID == "" {
			return d.StartThread(ctx, u, "", groupID, in)
		}
		return d.Reply(ctx, u, "", groupID, threadID, in)
	}

	guideGroup, err := d.CreateGroup(ctx, officer, GroupInput{Name: DemoGuideGroup, Visibility: Open,
		Description: "We are drafting **Our Society: A Guide** for the borough, chapter by chapter. Read the drafts, comment on any paragraph, and join the discussions."})
	if err != nil {
		return err
	}
	for _, u := range []*actor.Actor{member, resident, mod} {
		if _, err := d.Join(ctx, u, guideGroup.ID); err != nil {
			return err
		}
	}
	if err := d.ManageMember(ctx, officer, guideGroup.ID, member.ID, ActEditor); err != nil {
		return err
	}
	guideID, err := d.CreateGuide(ctx, officer, guideGroup.ID, DemoGuideGroup)
	if err != nil {
		return err
	}
	for i, c := range demoChapters {
		author := officer
		if i%2 == 1 {
			author = member
		}
		cid, err := d.AddChapter(ctx, author, guideGroup.ID, guideID, c.title, c.v1)
		if err != nil {
			return err
		}
		if i == 0 {
			// Comments on version 1, then version 2 adds a paragraph: the comments stay put.
			cv, _, _, err := d.Chapter(ctx, resident, guideGroup.ID, guideID, cid)
			if err != nil {
				return err
			}
			p := cv.Paragraphs
			if err := d.AddComment(ctx, resident, guideGroup.ID, guideID, cid, p[1].Hash, 1, "Could we name the Act's seven well-being goals here? Not everyone knows them."); err != nil {
				return err
			}
			if err := d.AddComment(ctx, member, guideGroup.ID, guideID, cid, p[2].Hash, 2, "Yes, and say how people can take part in the next version."); err != nil {
				return err
			}
			if _, err := d.SaveVersion(ctx, officer, guideGroup.ID, guideID, cid, c.v2); err != nil {
				return err
			}
		}
		if i == 1 {
			cv, _, _, err := d.Chapter(ctx, mod, guideGroup.ID, guideID, cid)
			if err != nil {
				return err
			}
			if err := d.AddComment(ctx, mod, guideGroup.ID, guideID, cid, cv.Paragraphs[0].Hash, 0, "Volunteers at Harbourside Food Bank said recognition matters more than thanks: training, references, a voice in decisions."); err != nil {
				return err
			}
		}
	}
	t1, err := post(officer, guideGroup.ID, "", "What should the chapter on social assets include?",
		"We have a first draft of *Identifying social assets*. What places and groups in your ward should it mention? @gwen-member has been mapping the Nant valley.", "")
	if err != nil {
		return err
	}
	r1, err := post(member, guideGroup.ID, t1.ThreadID, "", "The village hall, the lunch club and the youth club on Fridays. I will add them to the map.", "")
	if err != nil {
		return err
	}
	if _, err := post(resident, guideGroup.ID, t1.ThreadID, "", "Don't forget the bus shelter benches where people meet every morning!", r1.PostID); err != nil {
		return err
	}
	if err := d.SetSummary(ctx, officer, guideGroup.ID, t1.ThreadID, "So far: village halls, lunch and youth clubs, and informal meeting places such as bus shelters."); err != nil {
		return err
	}

	food, err := d.CreateGroup(ctx, member, GroupInput{Name: "Community Food Network", Visibility: Open,
		Description: "Food banks, community fridges, lunch clubs and growers sharing what works."})
	if err != nil {
		return err
	}
	for _, u := range []*actor.Actor{officer, resident} {
		if _, err := d.Join(ctx, u, food.ID); err != nil {
			return err
		}
	}
	t2, err := post(member, food.ID, "", "Winter rota for the community fridge", "Who can cover Saturdays in December? @rhys-resident you mentioned you might.", "")
	if err != nil {
		return err
	}
	spam, err := post(resident, food.ID, t2.ThreadID, "", "Cheap loans with no checks, message me for details.", "")
	if err != nil {
		return err
	}
	if err := d.ReportPost(ctx, member, food.ID, spam.PostID, "This looks like advertising for loans, not help with the rota."); err != nil {
		return err
	}

	youth, err := d.CreateGroup(ctx, officer, GroupInput{Name: "Youth Work Practitioners", Visibility: Closed,
		Description: "For people who run youth clubs and youth services in the borough. Ask to join and a host will approve you."})
	if err != nil {
		return err
	}
	if _, err := d.Join(ctx, member, youth.ID); err != nil {
		return err
	}
	if err := d.ManageMember(ctx, officer, youth.ID, member.ID, ActApprove); err != nil {
		return err
	}
	if _, err := d.Join(ctx, resident, youth.ID); err != nil { // a request waiting for the host
		return err
	}
	if _, err := post(member, youth.ID, "", "Funding for summer activities", "The Summer of Fun grant opens in March. Shall we bid together?", ""); err != nil {
		return err
	}

	leads, err := d.CreateGroup(ctx, admin, GroupInput{Name: "Partnership Leads", Visibility: Private,
		Description: "Private space for the leads of the borough's partnership board."})
	if err != nil {
		return err
	}
	if err := d.Invite(ctx, admin, "en", leads.ID, "officer@aberhaven.example"); err != nil {
		return err
	}
	if _, err := d.Join(ctx, officer, leads.ID); err != nil {
		return err
	}
	if _, err := post(admin, leads.ID, "", "Board agenda for January", "Draft agenda attached next week.", ""); err != nil {
		return err
	}

	// A post waiting for a moderator, as a new account's first post would.
	held, err := post(resident, guideGroup.ID, t1.ThreadID, "", "First time here: the allotments on Station Road are a huge asset.", "")
	if err != nil {
		return err
	}
	return setPostState(ctx, s.DB, held.PostID, PostHeld, "")
}
