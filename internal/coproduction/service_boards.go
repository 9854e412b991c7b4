package coproduction

import (
	"context"
	"strings"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

// Boards lists every board by name; boards and their papers are public.
func (s *Service) Boards(ctx context.Context) ([]Board, error) {
	return listBoards(ctx, s.DB)
}

// BoardView is a board with its members, meetings (newest first, with decisions) and actions.
type BoardView struct {
	Board
	Members   []BoardMember
	Meetings  []Meeting
	Actions   []Action
	CanManage bool // the chair, officers and admins
}

// Board returns one board as actor sees it.
func (s *Service) Board(ctx context.Context, actor *web.User, id string) (BoardView, error) {
	b, err := boardByID(ctx, s.DB, id)
	if err != nil {
		return BoardView{}, s.DB.Err(err, "error.not_found")
	}
	v := BoardView{Board: b, CanManage: isOfficer(actor) || actor != nil && b.ChairID == actor.ID}
	if v.Members, err = queryMembers(ctx, s.DB, "m.board_id = $1", id); err != nil {
		return v, err
	}
	if v.Meetings, err = meetingsOf(ctx, s.DB, id); err != nil {
		return v, err
	}
	ds, err := decisionsOf(ctx, s.DB, id)
	if err != nil {
		return v, err
	}
	for i := range v.Meetings {
		if d := ds[v.Meetings[i].ID]; d != nil {
			v.Meetings[i].Decisions = d
		}
	}
	v.Actions, err = actionsOf(ctx, s.DB, id)
	return v, err
}

// Meeting finds one meeting of a board view.
func (v BoardView) Meeting(id string) (Meeting, bool) {
	for _, m := range v.Meetings {
		if m.ID == id {
			return m, true
		}
	}
	return Meeting{}, false
}

// accountByEmail finds an account's id and name.
func (s *Service) accountByEmail(ctx context.Context, field, email string) (string, string, error) {
	var id, name string
	err := s.DB.QueryRow(ctx, `SELECT id, name FROM accounts WHERE email = $1 AND email <> ''`, strings.ToLower(strings.TrimSpace(email))).Scan(&id, &name)
	if db.IsNoRows(err) {
		return "", "", errs.FieldErrors(map[string]string{field: "coproduction.err.no_account"})
	}
	return id, name, err
}

// BoardInput is what the new-board form sends.
type BoardInput struct{ Name, Kind, Purpose, ChairEmail string }

// CreateBoard sets up a board with its chair; officers and admins only.
func (s *Service) CreateBoard(ctx context.Context, actor *web.User, in BoardInput) (string, error) {
	if !isOfficer(actor) {
		return "", errForbidden
	}
	f := map[string]string{}
	in.Name = text(f, "name", in.Name, true, 200, "coproduction.err.board_name")
	if !progress.In(in.Kind, BoardKinds) {
		f["kind"] = "coproduction.err.board_kind"
	}
	in.Purpose = text(f, "purpose", in.Purpose, false, 5000, "coproduction.err.purpose")
	if strings.TrimSpace(in.ChairEmail) == "" {
		f["chair_email"] = "coproduction.err.chair_missing"
	}
	if len(f) > 0 {
		return "", errs.FieldErrors(f)
	}
	id := ids.New()
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		chair, _, err := s.accountByEmail(ctx, "chair_email", in.ChairEmail)
		if err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_boards (id, name, kind, purpose, chair_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, in.Name, in.Kind, in.Purpose, chair, now); err != nil {
			if e := s.DB.Err(err, "coproduction.err.board_taken"); errs.Is(e, errs.Conflict) {
				return errs.FieldErrors(map[string]string{"name": "coproduction.err.board_taken"})
			}
			return err
		}
		if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_board_members (id, board_id, account_id, organisation_id, role, joined_at)
			VALUES ($1, $2, $3, NULL, $4, $5)`, ids.New(), id, chair, chairRole, now); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.board.create", "coproduction_board", id, in.Name)
	})
	return id, err
}

func (s *Service) manageBoard(ctx context.Context, actor *web.User, boardID string) (Board, error) {
	b, err := boardByID(ctx, s.DB, boardID)
	if err != nil {
		return b, s.DB.Err(err, "error.not_found")
	}
	if !isOfficer(actor) && b.ChairID != actor.ID {
		return b, errForbidden
	}
	return b, nil
}

// MemberInput is a seat to add: a person (by email), an organisation, or a person for one.
type MemberInput struct{ Email, OrganisationID, Role string }

// AddMember gives someone a seat on a board; the chair, officers and admins may.
func (s *Service) AddMember(ctx context.Context, actor *web.User, boardID string, in MemberInput) error {
	f := map[string]string{}
	in.Role = text(f, "role", in.Role, true, 100, "coproduction.err.role")
	if strings.TrimSpace(in.Email) == "" && in.OrganisationID == "" {
		f["email"] = "coproduction.err.member_missing"
	}
	if in.OrganisationID != "" && !ids.Valid(in.OrganisationID) {
		f["organisation_id"] = "coproduction.err.organisation"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
			return err
		}
		var account any
		if strings.TrimSpace(in.Email) != "" {
			id, _, err := s.accountByEmail(ctx, "email", in.Email)
			if err != nil {
				return err
			}
			account = id
		}
		if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_board_members (id, board_id, account_id, organisation_id, role, joined_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, ids.New(), boardID, account, nullable(in.OrganisationID), in.Role, s.DB.Now(ctx)); err != nil {
			if e := s.DB.Err(err, "coproduction.err.organisation"); errs.Is(e, errs.Invalid) {
				return errs.FieldErrors(map[string]string{"organisation_id": "coproduction.err.organisation"})
			}
			return err
		}
		return nil
	})
}

// MeetingInput is a meeting to record.
type MeetingInput struct{ HeldOn, Agenda, Minutes string }

// AddMeeting records a meeting with its agenda (and minutes, once written).
func (s *Service) AddMeeting(ctx context.Context, actor *web.User, boardID string, in MeetingInput) (string, error) {
	f := map[string]string{}
	on, ok := progress.ParseDate(in.HeldOn)
	if !ok {
		f["held_on"] = "coproduction.err.date"
	}
	in.Agenda = text(f, "agenda", in.Agenda, true, 10000, "coproduction.err.agenda")
	in.Minutes = text(f, "minutes", in.Minutes, false, 50000, "coproduction.err.minutes")
	if len(f) > 0 {
		return "", errs.FieldErrors(f)
	}
	id := ids.New()
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
			return err
		}
		_, err := s.DB.Exec(ctx, `INSERT INTO coproduction_meetings (id, board_id, held_on, agenda, minutes, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, boardID, on.Format("2006-01-02"), in.Agenda, in.Minutes, s.DB.Now(ctx))
		return err
	})
	return id, err
}

func (s *Service) meetingOf(ctx context.Context, boardID, meetingID string) error {
	var n int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM coproduction_meetings WHERE id = $1 AND board_id = $2`, meetingID, boardID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errNotFound
	}
	return nil
}

// SaveMinutes writes a meeting's minutes.
func (s *Service) SaveMinutes(ctx context.Context, actor *web.User, boardID, meetingID, minutes string) error {
	f := map[string]string{}
	minutes = text(f, "minutes", minutes, true, 50000, "coproduction.err.minutes")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
			return err
		}
		if err := s.meetingOf(ctx, boardID, meetingID); err != nil {
			return err
		}
		_, err := s.DB.Exec(ctx, `UPDATE coproduction_meetings SET minutes = $1 WHERE id = $2`, minutes, meetingID)
		return err
	})
}

// AddDecision records a decision taken at a meeting.
func (s *Service) AddDecision(ctx context.Context, actor *web.User, boardID, meetingID, decision string) error {
	f := map[string]string{}
	decision = text(f, "decision", decision, true, 2000, "coproduction.err.decision_text")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
			return err
		}
		if err := s.meetingOf(ctx, boardID, meetingID); err != nil {
			return err
		}
		_, err := s.DB.Exec(ctx, `INSERT INTO coproduction_decisions (id, meeting_id, text, created_at) VALUES ($1, $2, $3, $4)`,
			ids.New(), meetingID, decision, s.DB.Now(ctx))
		return err
	})
}

// ActionInput is an action as typed: what, who (an account's email or a name) and by when.
type ActionInput struct{ Text, Owner, DueOn string }

// AddAction records an action from a meeting with its owner and due date.
func (s *Service) AddAction(ctx context.Context, actor *web.User, boardID, meetingID string, in ActionInput) error {
	f := map[string]string{}
	in.Text = text(f, "action", in.Text, true, 2000, "coproduction.err.action")
	in.Owner = text(f, "owner", in.Owner, true, 200, "coproduction.err.owner")
	due, ok := progress.ParseDate(in.DueOn)
	if !ok {
		f["due_on"] = "coproduction.err.date"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
			return err
		}
		if err := s.meetingOf(ctx, boardID, meetingID); err != nil {
			return err
		}
		var owner any
		name := in.Owner
		if strings.Contains(in.Owner, "@") {
			id, n, err := s.accountByEmail(ctx, "owner", in.Owner)
			if err != nil {
				return err
			}
			owner, name = id, n
		}
		_, err := s.DB.Exec(ctx, `INSERT INTO coproduction_actions (id, board_id, meeting_id, text, owner_id, owner_name, due_on, done_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8)`, ids.New(), boardID, meetingID, in.Text, owner, name, due.Format("2006-01-02"), s.DB.Now(ctx))
		return err
	})
}

// CompleteAction marks an action done.
func (s *Service) CompleteAction(ctx context.Context, actor *web.User, boardID, actionID string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
			return err
		}
		res, err := s.DB.Exec(ctx, `UPDATE coproduction_actions SET done_at = $1 WHERE id = $2 AND board_id = $3 AND done_at IS NULL`, s.DB.Now(ctx), actionID, boardID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound
		}
		return nil
	})
}

// Seats is where one person or organisation sits across boards.
type Seats struct {
	Name  string
	Seats []BoardMember
	// Boards counts distinct boards (a person may hold two seats on one board).
	Boards int
}

// PersonSeats lists the seats a person holds, in their own name or for an organisation.
func (s *Service) PersonSeats(ctx context.Context, accountID string) (Seats, error) {
	var name string
	if err := s.DB.QueryRow(ctx, `SELECT name FROM accounts WHERE id = $1`, accountID).Scan(&name); err != nil {
		return Seats{}, s.DB.Err(err, "error.not_found")
	}
	ms, err := queryMembers(ctx, s.DB, "m.account_id = $1", accountID)
	return seats(name, ms), err
}

// OrganisationSeats lists the seats held by or for an organisation.
func (s *Service) OrganisationSeats(ctx context.Context, orgID string) (Seats, error) {
	var name string
	if err := s.DB.QueryRow(ctx, `SELECT name FROM organisations WHERE id = $1`, orgID).Scan(&name); err != nil {
		return Seats{}, s.DB.Err(err, "error.not_found")
	}
	ms, err := queryMembers(ctx, s.DB, "m.organisation_id = $1", orgID)
	return seats(name, ms), err
}

func seats(name string, ms []BoardMember) Seats {
	boards := map[string]bool{}
	for _, m := range ms {
		boards[m.BoardID] = true
	}
	return Seats{Name: name, Seats: ms, Boards: len(boards)}
}

// Engagements lists every assessed engagement activity; officers and admins only.
func (s *Service) Engagements(ctx context.Context, actor *web.User) ([]Engagement, error) {
	if !isOfficer(actor) {
		return nil, errForbidden
	}
	return listEngagements(ctx, s.DB)
}

// Engagement returns one engagement activity.
func (s *Service) Engagement(ctx context.Context, actor *web.User, id string) (Engagement, error) {
	es, err := s.Engagements(ctx, actor)
	if err != nil {
		return Engagement{}, err
	}
	for _, e := range es {
		if e.ID == id {
			return e, nil
		}
	}
	return Engagement{}, errNotFound
}

// EngagementInput is a new engagement activity.
type EngagementInput struct{ Title, ProjectID, Phase, HeldOn string }

// CreateEngagement adds an engagement activity to assess.
func (s *Service) CreateEngagement(ctx context.Context, actor *web.User, in EngagementInput) (string, error) {
	if !isOfficer(actor) {
		return "", errForbidden
	}
	f := map[string]string{}
	in.Title = text(f, "title", in.Title, true, 200, "coproduction.err.title")
	if !progress.In(in.Phase, Phases) {
		f["phase"] = "coproduction.err.phase"
	}
	on, ok := progress.ParseDate(in.HeldOn)
	if !ok {
		f["held_on"] = "coproduction.err.date"
	}
	if in.ProjectID != "" && !ids.Valid(in.ProjectID) {
		f["project_id"] = "coproduction.err.project"
	}
	if len(f) > 0 {
		return "", errs.FieldErrors(f)
	}
	id := ids.New()
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.DB.Exec(ctx, `INSERT INTO coproduction_engagements (id, title, project_id, phase, held_on, owner_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, in.Title, nullable(in.ProjectID), in.Phase, on.Format("2006-01-02"), actor.ID, s.DB.Now(ctx))
		if e := s.DB.Err(err, "coproduction.err.project"); errs.Is(e, errs.Invalid) {
			return errs.FieldErrors(map[string]string{"project_id": "coproduction.err.project"})
		}
		return err
	})
	return id, err
}

// StandardInput is one standard's score and evidence as typed.
type StandardInput struct{ Score, Evidence string }

// AssessEngagement scores an activity against each of the seven standards, with evidence. A
// standard left blank is not scored.
func (s *Service) AssessEngagement(ctx context.Context, actor *web.User, id string, in map[string]StandardInput) error {
	if !isOfficer(actor) {
		return errForbidden
	}
	f := map[string]string{}
	type row struct {
		std, evidence string
		score         int
	}
	var rows []row
	for _, std := range progress.Standards {
		v := in[std]
		evidence := text(f, "evidence-"+std, v.Evidence, false, 5000, "coproduction.err.evidence")
		if strings.TrimSpace(v.Score) == "" {
			continue
		}
		n := -1
		for i := 0; i <= progress.MaxStandardScore; i++ {
			if strings.TrimSpace(v.Score) == string(rune('0'+i)) {
				n = i
			}
		}
		if n < 0 {
			f["score-"+std] = "coproduction.err.standard_score"
			continue
		}
		rows = append(rows, row{std, evidence, n})
	}
	if len(rows) == 0 && len(f) == 0 {
		f["score-"+progress.Standards[0]] = "coproduction.err.standard_none"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		var n int
		if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM coproduction_engagements WHERE id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errNotFound
		}
		for _, r := range rows {
			if _, err := s.DB.Exec(ctx, `INSERT INTO coproduction_standard_scores (engagement_id, standard, score, evidence) VALUES ($1, $2, $3, $4)
				ON CONFLICT (engagement_id, standard) DO UPDATE SET score = $3, evidence = $4`, id, r.std, r.score, r.evidence); err != nil {
				return err
			}
		}
		return nil
	})
}
