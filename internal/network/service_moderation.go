package network

import (
	"commons/internal/platform/actor"
	"context"
	"sort"
	"strings"
	"time"

	"commons/internal/platform/audit"
	"commons/internal/platform/errs"
)

// ReportPost records a report of a post the reporter can read.
func (s *Service) ReportPost(ctx context.Context, u *actor.Actor, groupID, postID, reason string) error {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return errs.FieldErrors(map[string]string{"reason": "network.err.reason_missing"})
	case len(reason) > MaxReason:
		return errs.FieldErrors(map[string]string{"reason": "network.err.reason_long"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, _, err := s.readable(ctx, u, groupID); err != nil {
			return err
		}
		p, err := s.post(ctx, postID)
		if err != nil || p.GroupID != groupID || p.State != PostVisible {
			return notFoundOr(err)
		}
		return insertReport(ctx, s.DB, postID, u.ID, reason, s.DB.Now(ctx))
	})
}

// Queue is what moderators see: open reports, held posts, and the spam checks' recent refusals.
type Queue struct {
	Reports []Report
	Held    []Report
	Spam    []SpamEntry
	Blocked []Blocked
}

// SpamEntry is one refused post.
type SpamEntry struct {
	Account, Reason, Detail string
	At                      time.Time
	accountID               string // read through identity for Account
}

// Blocked is a blocked account.
type Blocked struct {
	AccountID, Name, Reason string
	At                      time.Time
}

// ModerationQueue returns the queue (moderators only; the route guards it).
func (s *Service) ModerationQueue(ctx context.Context) (Queue, error) {
	var q Queue
	var err error
	if q.Reports, err = openReports(ctx, s.DB); err != nil {
		return q, err
	}
	if q.Held, err = heldPosts(ctx, s.DB); err != nil {
		return q, err
	}
	spam, err := recentSpam(ctx, s.DB, 20)
	if err != nil {
		return q, err
	}
	blocks, err := blocksOf(ctx, s.DB)
	if err != nil {
		return q, err
	}
	// Everyone's names in one read of identity.
	var ids []string
	for _, r := range append(append([]Report(nil), q.Reports...), q.Held...) {
		ids = append(ids, r.reporterID, r.AuthorID)
	}
	for _, e := range spam {
		ids = append(ids, e.accountID)
	}
	for _, b := range blocks {
		ids = append(ids, b.AccountID)
	}
	people, err := s.People.People(ctx, ids)
	if err != nil {
		return q, err
	}
	named := func(rs []Report) []Report {
		var out []Report
		for _, r := range rs {
			author, ok := people[r.AuthorID]
			if !ok {
				continue // as the join on accounts did
			}
			if r.reporterID != "" {
				reporter, ok := people[r.reporterID]
				if !ok {
					continue
				}
				r.Reporter = reporter.Name
			}
			r.PostAuthor = author.Shown()
			out = append(out, r)
		}
		return out
	}
	q.Reports, q.Held = named(q.Reports), named(q.Held)
	for _, e := range spam {
		e.Account = people[e.accountID].Name // "" when the account is gone
		q.Spam = append(q.Spam, e)
	}
	for _, b := range blocks {
		p, ok := people[b.AccountID]
		if !ok {
			continue // as the join on accounts did
		}
		b.Name = p.Name
		q.Blocked = append(q.Blocked, b)
	}
	sort.SliceStable(q.Blocked, func(i, j int) bool { return q.Blocked[i].Name < q.Blocked[j].Name })
	return q, nil
}

// Moderation actions on a post.
const (
	ModHide    = "hide"
	ModRestore = "restore"
	ModApprove = "approve"
	ModDismiss = "dismiss"
)

// Moderate hides a post with a reason its author sees, restores it, approves a held post, or
// dismisses its reports. Every action resolves the post's open reports and is audited.
func (s *Service) Moderate(ctx context.Context, u *actor.Actor, postID, action, reason string) error {
	reason = strings.TrimSpace(reason)
	if action == ModHide && reason == "" {
		return errs.FieldErrors(map[string]string{"reason": "network.err.reason_missing"})
	}
	if len(reason) > MaxReason {
		return errs.FieldErrors(map[string]string{"reason": "network.err.reason_long"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.post(ctx, postID)
		if err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		reporters, err := openReporters(ctx, s.DB, postID)
		if err != nil {
			return err
		}
		title, err := threadTitle(ctx, s.DB, p.ThreadID)
		if err != nil {
			return err
		}
		link := "/groups/" + p.GroupID + "/threads/" + p.ThreadID + "#post-" + p.ID
		told := Notice{GroupID: p.GroupID, Subject: title, Link: link}
		switch action {
		case ModHide:
			err = setPostState(ctx, s.DB, postID, PostHidden, reason)
		case ModRestore:
			err = setPostState(ctx, s.DB, postID, PostVisible, "")
		case ModApprove:
			if p.State != PostHeld {
				return nil
			}
			if err = approvePost(ctx, s.DB, postID); err == nil {
				p.State = PostVisible
				err = s.published(ctx, p)
			}
		case ModDismiss:
		default:
			return errs.E(errs.Invalid, "network.err.action")
		}
		if err != nil {
			return err
		}
		if err := resolveReports(ctx, s.DB, postID, u.ID, now); err != nil {
			return err
		}
		// The author hears what happened to their post, with the reason; whoever reported it
		// hears the outcome.
		author := told
		switch {
		case action == ModHide && p.State != PostHidden:
			author.Kind, author.Detail = NoticePostHidden, reason
		case action == ModRestore && p.State == PostHidden:
			author.Kind = NoticePostRestored
		case action == ModApprove:
			author.Kind = NoticePostApproved
		}
		if author.Kind != "" {
			if err := s.notify(ctx, author, p.AuthorID); err != nil {
				return err
			}
		}
		outcome := told
		outcome.Kind, outcome.Detail = NoticeReportOutcome, action
		if err := s.notify(ctx, outcome, reporters...); err != nil {
			return err
		}
		return audit.Record(ctx, s.DB, audit.Entry{ActorID: u.ID, ActorName: u.Name, Action: "network.post." + action, TargetType: "network_post", TargetID: postID, Detail: reason})
	})
}

// Block stops an account posting, joining and commenting anywhere in the network; unblock
// lifts it.
func (s *Service) Block(ctx context.Context, u *actor.Actor, accountID, reason string, block bool) error {
	reason = strings.TrimSpace(reason)
	if block && reason == "" {
		return errs.FieldErrors(map[string]string{"reason": "network.err.reason_missing"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.People.Person(ctx, accountID); err != nil {
			return err // an unknown account is not found
		}
		var err error
		if block {
			err = blockAccount(ctx, s.DB, accountID, reason, u.ID, s.DB.Now(ctx))
		} else {
			err = unblockAccount(ctx, s.DB, accountID)
		}
		if err != nil {
			return err
		}
		action := "network.account.unblock"
		if block {
			action = "network.account.block"
		}
		return audit.Record(ctx, s.DB, audit.Entry{ActorID: u.ID, ActorName: u.Name, Action: action, TargetType: "account", TargetID: accountID, Detail: reason})
	})
}
