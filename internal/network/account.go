package network

import (
	"commons/internal/platform/actor"
	"context"
	"fmt"

	"commons/internal/identity"
	"commons/internal/network/mention"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/ids"
	"commons/internal/platform/markdown"
)

// accountHooks are the network's part of a person's data download and account deletion.
func accountHooks(s *Service, id *identity.Service) *capability.AccountHooks {
	return &capability.AccountHooks{
		Export: func(ctx context.Context, accountID string) (any, error) {
			return db.MapsOf(ctx, s.DB, accountExports, accountID)
		},
		Delete: func(ctx context.Context, accountID string) error {
			if err := forgetAccount(ctx, s.DB, accountID, identity.FormerMember); err != nil {
				return err
			}
			if s.PostLimit != nil {
				return s.PostLimit.Reset(ctx, "network-post:"+accountID)
			}
			return nil
		},
		Tables: map[string]string{
			"network_groups":        "kept: a group they started stays, started by a former member",
			"network_members":       "removed (a group they were the last host of gets its longest-standing member as host)",
			"network_threads":       "kept, by a former member",
			"network_posts":         "kept, by a former member, so replies keep their context",
			"network_versions":      "kept, by a former member: the guide is the group's",
			"network_comments":      "kept, by a former member",
			"network_follows":       "removed",
			"network_reads":         "removed",
			"network_reports":       "their reports removed; reports they resolved as a moderator kept, no longer theirs",
			"network_blocks":        "a block of them removed; blocks they made kept, made by a former member",
			"network_spam_log":      "removed",
			"network_notifications": "removed",
			"network_prefs":         "removed",
			"network_unsubscribe":   "removed",
			"network_notices":       "theirs removed; notices that name them as who acted lose them",
			"network_invitations":   "kept for the invited address; no longer shows who invited",
			"rate_limits":           "their posting count removed",
		},
		Seed: func(ctx context.Context, p capability.SeedPeople) error { return seedEverything(ctx, s, id, p) },
	}
}

// png is the smallest image the attachment check accepts.
var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

// seedEverything does, as p.Person, everything the network lets a person do, with p.Officer as
// the other people in the room: for the account deletion test.
func seedEverything(ctx context.Context, s *Service, id *identity.Service, p capability.SeedPeople) error {
	me, err := id.User(ctx, p.Person)
	if err != nil {
		return err
	}
	other, err := id.User(ctx, p.Officer)
	if err != nil {
		return err
	}
	const addr = "192.0.2.7"
	step := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("network seed: %s: %w", what, err)
		}
		return nil
	}
	post := func(u *actor.Actor, group, thread, body string, files ...File) (Posted, error) {
		in := PostInput{Title: "Warm spaces this winter", Body: body, IdemKey: ids.New(), Files: files}
		if thread == "" {
			return s.StartThread(ctx, u, addr, group, in)
		}
		return s.Reply(ctx, u, addr, group, thread, in)
	}

	// Groups: one they start and host, a closed one they ask to join and are let in, a closed
	// one whose host has not answered yet, a private one they invite people to.
	mine, err := s.CreateGroup(ctx, me, GroupInput{Name: "Hall volunteers", Description: "For the hall.", Visibility: Open})
	if err := step("create group", err); err != nil {
		return err
	}
	closed, err := s.CreateGroup(ctx, other, GroupInput{Name: "Treasurers", Description: "Money.", Visibility: Closed})
	if err := step("other's group", err); err != nil {
		return err
	}
	waiting, err := s.CreateGroup(ctx, other, GroupInput{Name: "Trustees", Description: "Closed.", Visibility: Closed})
	if err := step("other's second group", err); err != nil {
		return err
	}
	private, err := s.CreateGroup(ctx, me, GroupInput{Name: "Committee", Description: "Private.", Visibility: Private})
	if err := step("private group", err); err != nil {
		return err
	}
	for _, g := range []string{closed.ID, waiting.ID} {
		if _, err := s.Join(ctx, me, g); err != nil {
			return step("ask to join", err)
		}
	}
	if err := step("approve", s.ManageMember(ctx, other, closed.ID, me.ID, ActApprove)); err != nil {
		return err
	}
	if err := step("invite an account", s.Invite(ctx, me, "en", private.ID, other.Email)); err != nil {
		return err
	}
	if err := step("invite an address", s.Invite(ctx, me, "en", private.ID, "not-yet-a-member@example.org")); err != nil {
		return err
	}
	if _, err := s.Join(ctx, other, mine.ID); err != nil {
		return step("other joins", err)
	}
	if err := step("settings", s.SaveSettings(ctx, me, mine.ID, Settings{ShowOrg: true, Frequency: "immediate"}, false)); err != nil {
		return err
	}

	// Discussion: a thread with an image, an edit, a reply that mentions them, a post of theirs
	// a moderator hides, a post they report and then resolve as a moderator, a refused post.
	started, err := post(me, mine.ID, "", "Who has a spare heater?", File{Name: "heater.png", Data: png, Alt: "A heater", Field: "alt1"})
	if err := step("start thread", err); err != nil {
		return err
	}
	if _, err := s.EditPost(ctx, me, mine.ID, started.PostID, "Who has a spare heater for Saturday?"); err != nil {
		return step("edit", err)
	}
	reply, err := post(other, mine.ID, started.ThreadID, "@"+mention.Handle(me.Name)+" we have one.")
	if err := step("reply", err); err != nil {
		return err
	}
	mineHidden, err := post(me, mine.ID, started.ThreadID, "My phone number is in the hall.")
	if err := step("second post", err); err != nil {
		return err
	}
	if err := step("hide", s.Moderate(ctx, other, mineHidden.PostID, ModHide, "Personal details")); err != nil {
		return err
	}
	if err := step("report", s.ReportPost(ctx, me, mine.ID, reply.PostID, "Off topic")); err != nil {
		return err
	}
	if err := step("resolve", s.Moderate(ctx, me, reply.PostID, ModDismiss, "")); err != nil {
		return err
	}
	if _, err := s.StartThread(ctx, me, addr, mine.ID, PostInput{Title: "Offer", Body: "Cheap pills", IdemKey: ids.New(), Honeypot: "filled"}); err == nil {
		return step("refused post", fmt.Errorf("a post with the honeypot filled was taken"))
	}

	// The guide: a chapter they draft, which the other comments on; a comment of theirs; a read.
	guide, err := s.CreateGuide(ctx, me, mine.ID, "Running a warm space")
	if err := step("guide", err); err != nil {
		return err
	}
	body := "Open the doors at ten.\n\nKeep a list of who comes."
	chapter, err := s.AddChapter(ctx, me, mine.ID, guide, "Opening up", body)
	if err := step("chapter", err); err != nil {
		return err
	}
	paras := markdown.Paragraphs(body)
	if err := step("comment", s.AddComment(ctx, other, mine.ID, guide, chapter, paras[0].Hash, 0, "Ten is early for some.")); err != nil {
		return err
	}
	if err := step("own comment", s.AddComment(ctx, me, mine.ID, guide, chapter, paras[1].Hash, 1, "A paper list is fine.")); err != nil {
		return err
	}
	if _, _, _, err := s.Chapter(ctx, me, mine.ID, guide, chapter); err != nil {
		return step("read", err)
	}

	// Mail: their immediate notification goes out (with its unsubscribe link).
	if _, err := s.SendDue(ctx); err != nil {
		return step("send", err)
	}
	// Blocks, last: they block the other as a moderator, and a moderator blocks them.
	if err := step("block", s.Block(ctx, me, other.ID, "Shouting", true)); err != nil {
		return err
	}
	return step("blocked", s.Block(ctx, other, me.ID, "Spam", true))
}
