package coproduction

// Boards between meetings: who sits on a board (people with or without accounts, organisations),
// who may see whose name, and the seats one person or organisation holds across boards. Meetings,
// papers and minutes are in service_meetings.go; actions in service_actions.go.

import (
	"commons/internal/platform/actor"
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"

	"commons/internal/coproduction/progress"
	"commons/internal/identity"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ids"
)

var london = i18n.London

// today is the date in London now, as YYYY-MM-DD.
func (s *Service) today(ctx context.Context) string {
	return s.DB.Now(ctx).In(london).Format(time.DateOnly)
}

// BoardFilter narrows the list of boards.
type BoardFilter struct{ Kind string }

// Boards lists every board by name, with the chair named only where they agreed (or the reader
// may see names on that board).
func (s *Service) Boards(ctx context.Context, actor *actor.Actor, f BoardFilter) ([]Board, error) {
	if f.Kind != "" && !slices.Contains(BoardKinds, f.Kind) {
		return nil, errs.FieldErrors(map[string]string{"kind": "coproduction.err.board_kind"})
	}
	bs, err := listBoards(ctx, s.DB, f.Kind)
	if err != nil {
		return nil, err
	}
	for i := range bs {
		ms, err := queryMembers(ctx, s.DB, "m.board_id = $1", bs[i].ID)
		if err != nil {
			return nil, err
		}
		see := seesNames(actor, bs[i], ms)
		bs[i].ChairName = chairName(bs[i], ms, see)
	}
	return bs, nil
}

// seesNames says whether actor may see every name on the board: officers, the chair and the
// board's own members (those holding a seat, or whose organisation holds one).
func seesNames(actor *actor.Actor, b Board, ms []BoardMember) bool {
	if actor == nil {
		return false
	}
	if isOfficer(actor) || b.ChairID == actor.ID {
		return true
	}
	for _, m := range ms {
		if m.AccountID == actor.ID || m.AccountID == "" && actor.InOrg(m.OrganisationID) {
			return true
		}
	}
	return false
}

// chairName is the chair's name when the reader may see it: they see every name, or the chair's
// seat is one whose person agreed to be named.
func chairName(b Board, ms []BoardMember, see bool) string {
	if see {
		return b.ChairName
	}
	for _, m := range ms {
		if m.AccountID != "" && m.AccountID == b.ChairID && m.Named {
			return b.ChairName
		}
	}
	return ""
}

// BoardView is a board with its members, meetings (newest first, with decisions and papers) and
// actions, as one reader may see it.
type BoardView struct {
	Board
	Members  []BoardMember
	Meetings []Meeting
	Actions  []Action
	// CanManage: the chair, officers and admins. SeesNames: they and the board's members.
	CanManage bool
	SeesNames bool
	ViewerID  string
	Today     string
}

// Board returns one board as actor sees it: names only where the person agreed, unless the
// reader is an officer, the chair or a member; contact details only for the chair and officers.
func (s *Service) Board(ctx context.Context, actor *actor.Actor, id string) (BoardView, error) {
	b, err := boardByID(ctx, s.DB, id)
	if err != nil {
		return BoardView{}, s.DB.Err(err, "error.not_found")
	}
	v := BoardView{Board: b, CanManage: isOfficer(actor) || actor != nil && b.ChairID == actor.ID, ViewerID: userID(actor), Today: s.today(ctx)}
	if v.Members, err = queryMembers(ctx, s.DB, "m.board_id = $1", id); err != nil {
		return v, err
	}
	v.SeesNames = seesNames(actor, b, v.Members)
	v.ChairName = chairName(b, v.Members, v.SeesNames)
	if v.Meetings, err = meetingsOf(ctx, s.DB, id); err != nil {
		return v, err
	}
	ds, err := decisionsOf(ctx, s.DB, id)
	if err != nil {
		return v, err
	}
	ps, err := papersOf(ctx, s.DB, id)
	if err != nil {
		return v, err
	}
	att, err := attendanceOf(ctx, s.DB, id)
	if err != nil {
		return v, err
	}
	own := map[string]bool{} // the viewer's own seats, whose notes they see
	for _, m := range v.Members {
		if actor != nil && m.AccountID == actor.ID {
			own[m.ID] = true
		}
	}
	for i := range v.Meetings {
		if a := att[v.Meetings[i].ID]; a != nil {
			for j := range a {
				if !v.CanManage && !own[a[j].MemberID] {
					a[j].Note, a[j].RecordedBy, a[j].RecordedHow = "", "", ""
				}
			}
			v.Meetings[i].Attendance = a
		}
		if d := ds[v.Meetings[i].ID]; d != nil {
			v.Meetings[i].Decisions = d
		}
		if p := ps[v.Meetings[i].ID]; p != nil {
			v.Meetings[i].Papers = p
		}
	}
	if v.Actions, err = actionsOf(ctx, s.DB, id); err != nil {
		return v, err
	}
	seats := map[string]BoardMember{}
	for i := range v.Members {
		m := &v.Members[i]
		m.Hidden = !v.SeesNames && !m.Named
		if !v.CanManage {
			m.ContactEmail, m.ContactPhone, m.ContactNote, m.ConsentNote = "", "", "", ""
		}
		seats[m.ID] = *m
		if m.AccountID != "" {
			if _, taken := seats["account:"+m.AccountID]; !taken {
				seats["account:"+m.AccountID] = *m
			}
		}
	}
	for i := range v.Actions {
		v.Actions[i] = shapeAction(v.Actions[i], seats, v.SeesNames, v.Today)
	}
	return v, nil
}

// shapeAction fills what the reader sees of an action's owner, and whether it is overdue.
func shapeAction(a Action, seats map[string]BoardMember, see bool, today string) Action {
	a.Overdue = a.DoneAt == nil && a.DueOn < today
	m, ok := seats[a.OwnerMemberID]
	if !ok && a.OwnerID != "" {
		m, ok = seats["account:"+a.OwnerID] // a member named by their account's email
	}
	if ok {
		a.OwnerRole = m.Role
		if name := m.Name(); name != "" || !see {
			a.OwnerName = name
		}
		if a.OwnerName == "" && m.OrganisationName != "" && !m.Person() {
			a.OwnerName = m.OrganisationName
		}
	} else if !see {
		a.OwnerName = "" // a name typed for someone outside the board is for its members only
	}
	if !see {
		a.DoneByName, a.DoneNote = "", ""
	}
	return a
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

// Seat finds one seat of a board view.
func (v BoardView) Seat(id string) (BoardMember, bool) {
	for _, m := range v.Members {
		if m.ID == id {
			return m, true
		}
	}
	return BoardMember{}, false
}

// IsChairSeat reports whether a seat is the chair's.
func (v BoardView) IsChairSeat(m BoardMember) bool {
	return m.AccountID != "" && m.AccountID == v.ChairID
}

// Owns says whether the viewer owns an action (in their name or through their seat).
func (v BoardView) Owns(a Action) bool {
	if v.ViewerID == "" {
		return false
	}
	if a.OwnerID == v.ViewerID {
		return true
	}
	m, ok := v.Seat(a.OwnerMemberID)
	return ok && m.AccountID == v.ViewerID
}

// CanComplete says whether the viewer may mark an action done: the chair and officers (for
// anyone, recording how the owner told them), and the action's owner.
func (v BoardView) CanComplete(a Action) bool {
	if a.DoneAt != nil || v.ViewerID == "" {
		return false
	}
	if v.CanManage || a.OwnerID == v.ViewerID {
		return true
	}
	if m, ok := v.Seat(a.OwnerMemberID); ok && m.AccountID == v.ViewerID {
		return true
	}
	return false
}

// accountByEmail finds an account's id and name.
func (s *Service) accountByEmail(ctx context.Context, field, email string) (string, string, error) {
	id, name, err := queryPersonWithEmail(ctx, s.DB, identity.NormaliseEmail(email))
	if db.IsNoRows(err) {
		return "", "", errs.FieldErrors(map[string]string{field: "coproduction.err.no_account"})
	}
	return id, name, err
}

// BoardInput is what the new-board form sends: names and purposes in either or both languages.
type BoardInput struct{ Name, NameCy, Kind, Purpose, PurposeCy, ChairEmail string }

// CreateBoard sets up a board with its chair; officers and admins only.
func (s *Service) CreateBoard(ctx context.Context, actor *actor.Actor, in BoardInput) (string, error) {
	if !isOfficer(actor) {
		return "", errForbidden
	}
	f := map[string]string{}
	name := bothText(f, "name", in.Name, in.NameCy, true, 200, "coproduction.err.board_name")
	if !progress.In(in.Kind, BoardKinds) {
		f["kind"] = "coproduction.err.board_kind"
	}
	purpose := bothText(f, "purpose", in.Purpose, in.PurposeCy, false, 5000, "coproduction.err.purpose")
	if purpose.Main != "" && purpose.Lang != name.Lang {
		purpose = Text{Lang: name.Lang, Main: purpose.Alt, Alt: purpose.Main}
	}
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
		if err := insertBoard(ctx, s.DB, id, name, in.Kind, purpose, chair, now); err != nil {
			if e := s.DB.Err(err, "coproduction.err.board_taken"); errs.Is(e, errs.Conflict) {
				return errs.FieldErrors(map[string]string{"name": "coproduction.err.board_taken"})
			}
			return err
		}
		if err := insertSeat(ctx, s.DB, seatInsert{ID: ids.New(), BoardID: id, AccountID: chair, Role: chairRoleText, AddedBy: actor.ID, At: now}); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.board.create", "coproduction_board", id, name.String())
	})
	return id, err
}

func (s *Service) manageBoard(ctx context.Context, actor *actor.Actor, boardID string) (Board, error) {
	b, err := boardByID(ctx, s.DB, boardID)
	if err != nil {
		return b, s.DB.Err(err, "error.not_found")
	}
	if !isOfficer(actor) && (actor == nil || b.ChairID != actor.ID) {
		return b, errForbidden
	}
	return b, nil
}

// MemberInput is a seat to add: a person with an account (by email), a person without one (a
// name and how to reach them), an organisation, or a person for one; with the role in either or
// both languages and whether the person agreed to be named on public pages.
type MemberInput struct {
	Email, OrganisationID, Role, RoleCy string
	// A person without an account, named by an officer or the chair.
	PersonName, ContactEmail, ContactPhone, ContactNote, Language string
	Named                                                         bool
	// ConsentHow says how the person told whoever records the seat that they may be named.
	ConsentHow string
}

// AddMember gives someone a seat on a board; the chair, officers and admins may.
func (s *Service) AddMember(ctx context.Context, actor *actor.Actor, boardID string, in MemberInput) error {
	_, err := s.AddSeat(ctx, actor, boardID, in)
	return err
}

// AddSeat is AddMember, returning the new seat's id.
func (s *Service) AddSeat(ctx context.Context, actor *actor.Actor, boardID string, in MemberInput) (string, error) {
	f := map[string]string{}
	role := bothText(f, "role", in.Role, in.RoleCy, true, 100, "coproduction.err.role")
	in.Email = strings.TrimSpace(in.Email)
	in.PersonName = text(f, "person_name", in.PersonName, false, 200, "coproduction.err.person_name")
	in.ContactEmail = strings.TrimSpace(in.ContactEmail)
	in.ContactPhone = text(f, "contact_phone", in.ContactPhone, false, 50, "coproduction.err.phone")
	in.ContactNote = text(f, "contact_note", in.ContactNote, false, 500, "coproduction.err.contact_note")
	if in.Email == "" && in.OrganisationID == "" && in.PersonName == "" {
		f["email"] = "coproduction.err.member_missing"
	}
	if in.Email != "" && in.PersonName != "" {
		f["person_name"] = "coproduction.err.person_or_account"
	}
	if in.ContactEmail != "" {
		if a, err := mail.ParseAddress(in.ContactEmail); err != nil || a.Address != in.ContactEmail || !identity.ValidEmail(in.ContactEmail) {
			f["contact_email"] = "coproduction.err.contact_email"
		}
	}
	if in.OrganisationID != "" && !ids.Valid(in.OrganisationID) {
		f["organisation_id"] = "coproduction.err.organisation"
	}
	if in.Language != "" && in.Language != "en" && in.Language != "cy" {
		f["language"] = "coproduction.err.language"
	}
	if in.Named && in.Email == "" && in.PersonName == "" {
		in.Named = false // an organisation's seat names the organisation, which is public anyway
	}
	if in.Named && !slices.Contains(DoneHows, in.ConsentHow) && in.ConsentHow != "self" {
		f["consent_how"] = "coproduction.err.consent_how"
	}
	if len(f) > 0 {
		return "", errs.FieldErrors(f)
	}
	id := ids.New()
	return id, s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manageBoard(ctx, actor, boardID); err != nil {
			return err
		}
		seat := seatInsert{ID: id, BoardID: boardID, OrganisationID: in.OrganisationID, PersonName: in.PersonName, Role: role,
			ContactEmail: identity.NormaliseEmail(in.ContactEmail), ContactPhone: in.ContactPhone, ContactNote: in.ContactNote,
			Language: langOf(in.Language), Named: in.Named, AddedBy: actor.ID, At: s.DB.Now(ctx)}
		if in.Named {
			seat.ConsentNote = in.ConsentHow
		}
		if in.Email != "" {
			acc, _, err := s.accountByEmail(ctx, "email", in.Email)
			if err != nil {
				return err
			}
			seat.AccountID = acc
		}
		if err := insertSeat(ctx, s.DB, seat); err != nil {
			if e := s.DB.Err(err, "coproduction.err.organisation"); errs.Is(e, errs.Invalid) {
				return errs.FieldErrors(map[string]string{"organisation_id": "coproduction.err.organisation"})
			}
			return err
		}
		if err := s.consent(ctx, seat.AccountID, "coproduction_seat:"+id, seat.Named); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.member.add", "coproduction_board", boardID, role.String())
	})
}

// SetNamed records whether a seat's person may be named on public pages: the person themselves
// may say so for their own seat; the chair and officers record it for them, with how they were told.
func (s *Service) SetNamed(ctx context.Context, actor *actor.Actor, boardID, memberID string, named bool, how string) error {
	if actor == nil {
		return errForbidden
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		b, err := boardByID(ctx, s.DB, boardID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		ms, err := queryMembers(ctx, s.DB, "m.board_id = $1 AND m.id = $2", boardID, memberID)
		if err != nil {
			return err
		}
		if len(ms) == 0 {
			return errNotFound
		}
		m := ms[0]
		own := m.AccountID != "" && m.AccountID == actor.ID
		if !own && !isOfficer(actor) && b.ChairID != actor.ID {
			return errForbidden
		}
		if !m.Person() {
			return errs.FieldErrors(map[string]string{"named": "coproduction.err.named_organisation"})
		}
		note := "self"
		if !own {
			if named && !slices.Contains(DoneHows, how) {
				return errs.FieldErrors(map[string]string{"consent_how": "coproduction.err.consent_how"})
			}
			note = how
		}
		if !named {
			note = ""
		}
		if err := setMemberNamed(ctx, s.DB, boolInt(named), note, memberID); err != nil {
			return err
		}
		if err := s.consent(ctx, m.AccountID, "coproduction_seat:"+memberID, named); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.member.named", "coproduction_board", boardID, memberID)
	})
}

// Seats is where one person or organisation sits across boards.
type Seats struct {
	Name  string
	Seats []BoardMember
	// Boards counts distinct boards (a person may hold two seats on one board).
	Boards int
}

// PersonSeats lists the seats a person holds, in their own name or for an organisation. The page
// is public only for someone who agreed to be named on one of their seats (or for readers who may
// see the names on one of those boards); the seats shown are the ones the reader may see named.
func (s *Service) PersonSeats(ctx context.Context, actor *actor.Actor, accountID string) (Seats, error) {
	name, err := queryPersonName(ctx, s.DB, accountID)
	if err != nil {
		return Seats{}, s.DB.Err(err, "error.not_found")
	}
	ms, err := queryMembers(ctx, s.DB, "m.account_id = $1", accountID)
	if err != nil {
		return Seats{}, err
	}
	var shown []BoardMember
	for _, m := range ms {
		if m.Named || actor != nil && actor.ID == accountID || s.seesBoardNames(ctx, actor, m.BoardID) {
			shown = append(shown, m)
		}
	}
	if len(shown) == 0 {
		return Seats{}, errNotFound
	}
	return seats(name, shown), nil
}

func (s *Service) seesBoardNames(ctx context.Context, actor *actor.Actor, boardID string) bool {
	if actor == nil {
		return false
	}
	b, err := boardByID(ctx, s.DB, boardID)
	if err != nil {
		return false
	}
	ms, err := queryMembers(ctx, s.DB, "m.board_id = $1", boardID)
	return err == nil && seesNames(actor, b, ms)
}

// OrganisationSeats lists the seats held by or for an organisation; a person holding one for it
// is named only where the reader may see their name.
func (s *Service) OrganisationSeats(ctx context.Context, actor *actor.Actor, orgID string) (Seats, error) {
	name, err := queryOrganisationName(ctx, s.DB, orgID)
	if err != nil {
		return Seats{}, s.DB.Err(err, "error.not_found")
	}
	ms, err := queryMembers(ctx, s.DB, "m.organisation_id = $1", orgID)
	if err != nil {
		return Seats{}, err
	}
	for i := range ms {
		ms[i].Hidden = !ms[i].Named && !(actor != nil && actor.ID == ms[i].AccountID) && !s.seesBoardNames(ctx, actor, ms[i].BoardID)
		ms[i].ContactEmail, ms[i].ContactPhone, ms[i].ContactNote = "", "", ""
	}
	return seats(name, ms), nil
}

func seats(name string, ms []BoardMember) Seats {
	boards := map[string]bool{}
	for _, m := range ms {
		boards[m.BoardID] = true
	}
	return Seats{Name: name, Seats: ms, Boards: len(boards)}
}
