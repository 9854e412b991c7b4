package coproduction

// Boards' actions between meetings: owned by a seat (or someone named), due by a date, flagged
// when overdue; their owners are mailed when one is given to them and when it falls overdue, and
// see their own on one page; the owner marks an action done, or the chair or an officer records
// it for them, saying how they were told.

import (
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"context"
	"slices"
	"strings"
	"time"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ids"
)

// ActionInput is an action as typed: what, whose (a seat on the board, or someone named: an
// account's email or a name) and by when.
type ActionInput struct{ Text, OwnerMemberID, Owner, DueOn string }

// AddAction records an action from a meeting with its owner and due date, and mails the owner
// when they have an address.
func (s *Service) AddAction(ctx context.Context, actor *actor.Actor, boardID, meetingID string, in ActionInput) error {
	_, err := s.CreateAction(ctx, actor, boardID, meetingID, in)
	return err
}

// CreateAction is AddAction, returning the new action's id.
func (s *Service) CreateAction(ctx context.Context, actor *actor.Actor, boardID, meetingID string, in ActionInput) (string, error) {
	f := map[string]string{}
	in.Text = text(f, "action", in.Text, true, 2000, "coproduction.err.action")
	in.Owner = text(f, "owner", in.Owner, false, 200, "coproduction.err.owner")
	if in.OwnerMemberID != "" && in.OwnerMemberID != "other" && !ids.Valid(in.OwnerMemberID) {
		f["owner_member"] = "coproduction.err.owner"
	}
	if (in.OwnerMemberID == "" || in.OwnerMemberID == "other") && in.Owner == "" && f["owner"] == "" {
		f["owner"] = "coproduction.err.owner_missing"
	}
	due, ok := progress.ParseDate(in.DueOn)
	if !ok {
		f["due_on"] = "coproduction.err.date"
	}
	if len(f) > 0 {
		return "", errs.FieldErrors(f)
	}
	id := ids.New()
	return id, s.DB.WithTx(ctx, func(ctx context.Context) error {
		b, err := s.manageBoard(ctx, actor, boardID)
		if err != nil {
			return err
		}
		if meetingID != "" {
			if _, err := s.meetingOf(ctx, boardID, meetingID); err != nil {
				return err
			}
		}
		var ownerID, seatID, name string
		var to recipient
		var reach bool
		if in.OwnerMemberID != "" && in.OwnerMemberID != "other" {
			ms, err := queryMembers(ctx, s.DB, "m.board_id = $1 AND m.id = $2", boardID, in.OwnerMemberID)
			if err != nil {
				return err
			}
			if len(ms) == 0 {
				return errs.FieldErrors(map[string]string{"owner_member": "coproduction.err.owner"})
			}
			m := ms[0]
			seatID, ownerID = m.ID, m.AccountID
			name = m.AccountName
			if name == "" {
				name = m.PersonName
			}
			if name == "" {
				name = m.OrganisationName
			}
			if to, reach, err = s.seatRecipient(ctx, m); err != nil {
				return err
			}
		} else if strings.Contains(in.Owner, "@") {
			acc, accName, err := s.accountByEmail(ctx, "owner", in.Owner)
			if err != nil {
				return err
			}
			ownerID, name = acc, accName
			// A member typed by email owns the action through their seat.
			ms, err := queryMembers(ctx, s.DB, "m.board_id = $1 AND m.account_id = $2", boardID, acc)
			if err != nil {
				return err
			}
			if len(ms) > 0 {
				seatID = ms[0].ID
			}
			if to, err = queryContact(ctx, s.DB, acc); err != nil {
				return err
			}
			reach = true
		} else {
			name = in.Owner
		}
		if err := insertAction(ctx, s.DB, id, boardID, db.NullString(meetingID), in.Text, db.NullString(ownerID), db.NullString(seatID), name, due.Format(time.DateOnly), s.DB.Now(ctx)); err != nil {
			return err
		}
		if reach {
			return s.mailAction(ctx, to, "coproduction.mail.action", b, Action{ID: id, Text: in.Text, DueOn: due.Format(time.DateOnly)}, ownerID != "")
		}
		return nil
	})
}

func (s *Service) mailAction(ctx context.Context, to recipient, key string, b Board, a Action, hasAccount bool) error {
	lang := langOf(to.lang)
	link := s.BaseURL + "/boards/" + b.ID + "#actions"
	if hasAccount {
		link = s.BaseURL + "/boards/my-actions"
	}
	board := b.Name.For(lang).Text
	body := s.T(lang, key+".body", "board", board, "action", a.Text, "due", i18n.DayOf(lang, a.DueOn), "link", link)
	return s.Outbox.Enqueue(ctx, to.email, s.T(lang, key+".subject", "board", board), body)
}

// CompleteInput says how an action was done: when someone records it for its owner, how the
// owner told them and an optional note.
type CompleteInput struct{ How, Note string }

// CompleteAction marks an action done. Its owner may; the chair and officers may for anyone,
// and when they do it for its owner they say how the owner told them (assisted digital).
func (s *Service) CompleteAction(ctx context.Context, actor *actor.Actor, boardID, actionID string, in CompleteInput) error {
	if actor == nil {
		return errForbidden
	}
	f := map[string]string{}
	in.Note = text(f, "note", in.Note, false, 500, "coproduction.err.note")
	if in.How != "" && !slices.Contains(DoneHows, in.How) {
		f["how"] = "coproduction.err.done_how"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		b, err := boardByID(ctx, s.DB, boardID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		as, err := queryActions(ctx, s.DB, `x.id = $1 AND x.board_id = $2`, actionID, boardID)
		if err != nil {
			return err
		}
		if len(as) == 0 {
			return errNotFound
		}
		a := as[0]
		own := a.OwnerID == actor.ID
		if !own && a.OwnerMemberID != "" {
			ms, err := queryMembers(ctx, s.DB, "m.id = $1", a.OwnerMemberID)
			if err != nil {
				return err
			}
			own = len(ms) == 1 && (ms[0].AccountID == actor.ID || ms[0].AccountID == "" && ms[0].PersonName == "" && actor.InOrg(ms[0].OrganisationID))
		}
		manage := isOfficer(actor) || b.ChairID == actor.ID
		if !own && !manage {
			return errForbidden
		}
		if a.DoneAt != nil {
			return errs.FieldErrors(map[string]string{"how": "coproduction.err.action_done"})
		}
		how := in.How
		if own {
			how = ""
		} else if how == "" {
			return errs.FieldErrors(map[string]string{"how": "coproduction.err.done_how"})
		}
		n, err := markActionDone(ctx, s.DB, s.DB.Now(ctx), actor.ID, how, in.Note, actionID, boardID)
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.FieldErrors(map[string]string{"how": "coproduction.err.action_done"})
		}
		return s.record(ctx, actor, "coproduction.action.done", "coproduction_action", actionID, how)
	})
}

// MyActions is a member's own page: the actions they own across boards (overdue first), the
// meetings coming up on the boards they sit on, and their seats.
type MyActions struct {
	// Projects are the co-production projects the person leads or takes part in.
	Projects []Project
	Actions  []Action
	Meetings []Meeting
	Boards   []Text // the board of each meeting
	Seats    []BoardMember
	Today    string
	// Apologies: meetings (by id) the person has sent apologies for; Apologise: coming meetings
	// of boards where they hold a seat of their own, so they may send them.
	Apologies map[string]bool
	Apologise map[string]bool
}

// Mine gathers a member's actions, coming meetings and seats.
func (s *Service) Mine(ctx context.Context, actor *actor.Actor) (MyActions, error) {
	if actor == nil {
		return MyActions{}, errForbidden
	}
	v := MyActions{Today: s.today(ctx)}
	var err error
	if v.Actions, err = actionsOwnedBy(ctx, s.DB, actor.ID); err != nil {
		return v, err
	}
	for i := range v.Actions {
		v.Actions[i].Overdue = v.Actions[i].DoneAt == nil && v.Actions[i].DueOn < v.Today
	}
	slices.SortStableFunc(v.Actions, func(a, b Action) int {
		rank := func(x Action) int {
			switch {
			case x.Overdue:
				return 0
			case x.DoneAt == nil:
				return 1
			}
			return 2
		}
		return rank(a) - rank(b)
	})
	if v.Meetings, v.Boards, err = upcomingMeetings(ctx, s.DB, actor.ID, v.Today); err != nil {
		return v, err
	}
	if v.Seats, err = queryMembers(ctx, s.DB, "m.account_id = $1", actor.ID); err != nil {
		return v, err
	}
	v.Apologies, v.Apologise = map[string]bool{}, map[string]bool{}
	att, err := attendanceByAccount(ctx, s.DB, actor.ID)
	if err != nil {
		return v, err
	}
	for _, a := range att {
		if a.Status == "apologies" {
			v.Apologies[a.MeetingID] = true
		}
	}
	for _, m := range v.Meetings {
		for _, seat := range v.Seats {
			if seat.BoardID == m.BoardID {
				v.Apologise[m.ID] = true
			}
		}
	}
	ps, err := visibleProjects(ctx, s.DB, actor.ID, false)
	if err != nil {
		return v, err
	}
	for _, p := range ps {
		in := p.LeadID == actor.ID
		if !in {
			if in, err = isParticipant(ctx, s.DB, p.ID, actor.ID); err != nil {
				return v, err
			}
		}
		if in {
			v.Projects = append(v.Projects, p)
		}
	}
	return v, nil
}

// MailOverdue mails the owner of every action that has fallen overdue, once per action. Each
// action is claimed with one conditional update in the transaction that queues its mail, so
// several servers running it at once never send one twice. It returns how many were mailed.
func (s *Service) MailOverdue(ctx context.Context) (int, error) {
	today := s.DB.Clock().Now().In(london).Format(time.DateOnly)
	due, err := queryOverdueActions(ctx, s.DB, today)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range due {
		mailed := false
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			mailed = false
			n, err := markOverdueMailed(ctx, s.DB, s.DB.Now(ctx), id)
			if err != nil {
				return err
			}
			if n == 0 {
				return nil // another server took it, or it was done meanwhile
			}
			as, err := queryActions(ctx, s.DB, `x.id = $1`, id)
			if err != nil || len(as) == 0 {
				return err
			}
			a := as[0]
			b, err := boardByID(ctx, s.DB, a.BoardID)
			if err != nil {
				return err
			}
			var to recipient
			var reach bool
			if a.OwnerMemberID != "" {
				ms, err := queryMembers(ctx, s.DB, "m.id = $1", a.OwnerMemberID)
				if err != nil {
					return err
				}
				if len(ms) == 1 {
					if to, reach, err = s.seatRecipient(ctx, ms[0]); err != nil {
						return err
					}
				}
			} else if a.OwnerID != "" {
				if to, err = queryContact(ctx, s.DB, a.OwnerID); err != nil {
					return err
				}
				reach = true
			}
			if !reach {
				return nil
			}
			mailed = true
			return s.mailAction(ctx, to, "coproduction.mail.overdue", b, a, a.OwnerID != "")
		})
		if err != nil {
			return sent, err
		}
		if mailed {
			sent++
		}
	}
	return sent, nil
}

// overdueWorker mails overdue actions' owners every hour, and once at start.
func (s *Service) overdueWorker(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := s.MailOverdue(ctx); err != nil && ctx.Err() == nil && s.Log != nil {
			s.Log.Error("coproduction: overdue actions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
