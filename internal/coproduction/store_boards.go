package coproduction

import (
	"context"
	"database/sql"
	"time"

	"commons/internal/platform/db"
)

const boardSelect = `SELECT b.id, b.lang, b.name, b.name_alt, b.kind, b.purpose, b.purpose_alt, COALESCE(b.chair_id, ''), COALESCE(a.name, ''), b.created_at,
	(SELECT COUNT(*) FROM coproduction_board_members m WHERE m.board_id = b.id)
	FROM coproduction_boards b LEFT JOIN identity_people a ON a.id = b.chair_id`

func scanBoard(row db.Scanner) (Board, error) {
	var b Board
	var lang string
	err := row.Scan(&b.ID, &lang, &b.Name.Main, &b.Name.Alt, &b.Kind, &b.Purpose.Main, &b.Purpose.Alt, &b.ChairID, &b.ChairName, &b.CreatedAt, &b.Members)
	b.Name.Lang, b.Purpose.Lang = lang, lang
	b.CreatedAt = b.CreatedAt.UTC()
	return b, err
}

func listBoards(ctx context.Context, d *db.DB, kind string) ([]Board, error) {
	q, args := boardSelect, []any{}
	if kind != "" {
		q += ` WHERE b.kind = $1`
		args = append(args, kind)
	}
	return db.List(ctx, d, scanBoard, q+` ORDER BY b.name`, args...)
}

func boardByID(ctx context.Context, d *db.DB, id string) (Board, error) {
	return scanBoard(d.QueryRow(ctx, boardSelect+` WHERE b.id = $1`, id))
}

func insertBoard(ctx context.Context, d *db.DB, id string, name Text, kind string, purpose Text, chairID string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_boards (id, lang, name, name_alt, kind, purpose, purpose_alt, chair_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, name.Lang, name.Main, name.Alt, kind, purpose.Main, purpose.Alt, chairID, at)
	return err
}

const memberSelect = `SELECT m.id, m.board_id, b.lang, b.name, b.name_alt, COALESCE(m.account_id, ''), COALESCE(a.name, ''), m.person_name,
	COALESCE(m.organisation_id, ''), COALESCE(o.name, ''), COALESCE(o.sector, ''), m.role_lang, m.role, m.role_alt, m.named,
	m.contact_email, m.contact_phone, m.contact_note, m.language, m.consent_note, m.joined_at
	FROM coproduction_board_members m JOIN coproduction_boards b ON b.id = m.board_id
	LEFT JOIN identity_people a ON a.id = m.account_id LEFT JOIN identity_organisations o ON o.id = m.organisation_id`

func queryMembers(ctx context.Context, d *db.DB, where string, args ...any) ([]BoardMember, error) {
	return db.List(ctx, d, scanMember, memberSelect+` WHERE `+where+` ORDER BY b.name, COALESCE(a.name, NULLIF(m.person_name, ''), o.name), m.id`, args...)
}

func scanMember(r db.Scanner) (BoardMember, error) {
	var m BoardMember
	var named int
	err := r.Scan(&m.ID, &m.BoardID, &m.BoardName.Lang, &m.BoardName.Main, &m.BoardName.Alt, &m.AccountID, &m.AccountName, &m.PersonName,
		&m.OrganisationID, &m.OrganisationName, &m.Sector, &m.Role.Lang, &m.Role.Main, &m.Role.Alt, &named,
		&m.ContactEmail, &m.ContactPhone, &m.ContactNote, &m.Language, &m.ConsentNote, &m.JoinedAt)
	m.Named = named == 1
	m.JoinedAt = m.JoinedAt.UTC()
	return m, err
}

// seatInsert is one seat to write.
type seatInsert struct {
	ID, BoardID, AccountID, OrganisationID, PersonName string
	ContactEmail, ContactPhone, ContactNote, Language  string
	Role                                               Text
	Named                                              bool
	ConsentNote, AddedBy                               string
	At                                                 time.Time
}

func insertSeat(ctx context.Context, d *db.DB, s seatInsert) error {
	if s.Language == "" {
		s.Language = "en"
	}
	_, err := d.Exec(ctx, `INSERT INTO coproduction_board_members (id, board_id, account_id, organisation_id, person_name, contact_email,
		contact_phone, contact_note, language, role, role_alt, role_lang, named, consent_note, added_by, joined_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		s.ID, s.BoardID, db.NullString(s.AccountID), db.NullString(s.OrganisationID), s.PersonName, s.ContactEmail, s.ContactPhone, s.ContactNote,
		s.Language, s.Role.Main, s.Role.Alt, langOf(s.Role.Lang), boolInt(s.Named), s.ConsentNote, db.NullString(s.AddedBy), s.At)
	return err
}

const meetingCols = `m.id, m.board_id, m.held_on, m.starts_at, m.ends_at, m.place, m.online_url, m.agenda, m.minutes, m.minutes_state,
	m.minutes_approved_at, COALESCE(m.minutes_approved_in, ''), m.notice_sent_at, m.notice_count, m.notice_sequence, m.created_at`

func scanMeeting(row db.Scanner) (Meeting, error) { return scanMeetingAnd(row) }

// scanMeetingAnd reads a meeting's columns (meetingCols) and then the columns of extra.
func scanMeetingAnd(row db.Scanner, extra ...any) (Meeting, error) {
	var m Meeting
	var starts, ends, approved, notice sql.NullTime
	err := row.Scan(append([]any{&m.ID, &m.BoardID, &m.HeldOn, &starts, &ends, &m.Place, &m.Online, &m.Agenda, &m.Minutes, &m.MinutesState,
		&approved, &m.MinutesApprovedIn, &notice, &m.NoticeCount, &m.NoticeSequence, &m.CreatedAt}, extra...)...)
	m.Starts, m.Ends, m.MinutesApprovedAt, m.NoticeSentAt = db.TimeOf(starts), db.TimeOf(ends), db.TimeOf(approved), db.TimeOf(notice)
	m.CreatedAt = m.CreatedAt.UTC()
	m.Decisions, m.Papers, m.Attendance = []Decision{}, []Paper{}, []Attendance{}
	return m, err
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

func meetingsOf(ctx context.Context, d *db.DB, boardID string) ([]Meeting, error) {
	return db.List(ctx, d, scanMeeting, `SELECT `+meetingCols+` FROM coproduction_meetings m WHERE m.board_id = $1 ORDER BY m.held_on DESC, m.starts_at DESC, m.id`, boardID)
}

func meetingByID(ctx context.Context, d *db.DB, boardID, meetingID string) (Meeting, error) {
	return scanMeeting(d.QueryRow(ctx, `SELECT `+meetingCols+` FROM coproduction_meetings m WHERE m.id = $1 AND m.board_id = $2`, meetingID, boardID))
}

// upcomingMeetings are the meetings from today on of the boards the account sits on (in its own
// name or for one of its organisations).
func upcomingMeetings(ctx context.Context, d *db.DB, accountID, today string) ([]Meeting, []Text, error) {
	var out []Meeting
	var names []Text
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var n Text
		m, err := scanMeetingAnd(r, &n.Lang, &n.Main, &n.Alt)
		out, names = append(out, m), append(names, n)
		return err
	}, `SELECT `+meetingCols+`, b.lang, b.name, b.name_alt FROM coproduction_meetings m JOIN coproduction_boards b ON b.id = m.board_id
		WHERE m.held_on >= $2 AND EXISTS (SELECT 1 FROM coproduction_board_members s WHERE s.board_id = m.board_id AND (s.account_id = $1
			OR (s.account_id IS NULL AND s.organisation_id IN (SELECT organisation_id FROM identity_members WHERE account_id = $1))))
		ORDER BY m.held_on, m.starts_at, m.id`, accountID, today)
	if err != nil {
		return nil, nil, err
	}
	return out, names, nil
}

func decisionsOf(ctx context.Context, d *db.DB, boardID string) (map[string][]Decision, error) {
	out := map[string][]Decision{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var x Decision
		err := r.Scan(&x.ID, &x.MeetingID, &x.Text, &x.CreatedAt)
		x.CreatedAt = x.CreatedAt.UTC()
		out[x.MeetingID] = append(out[x.MeetingID], x)
		return err
	}, `SELECT x.id, x.meeting_id, x.text, x.created_at FROM coproduction_decisions x
		JOIN coproduction_meetings m ON m.id = x.meeting_id WHERE m.board_id = $1 ORDER BY x.created_at, x.id`, boardID)
	return out, err
}

func papersOf(ctx context.Context, d *db.DB, boardID string) (map[string][]Paper, error) {
	out := map[string][]Paper{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		p, err := scanPaper(r)
		out[p.MeetingID] = append(out[p.MeetingID], p)
		return err
	}, `SELECT p.id, p.meeting_id, p.title, p.filename, p.content_type, p.size, p.created_at FROM coproduction_papers p
		JOIN coproduction_meetings m ON m.id = p.meeting_id WHERE m.board_id = $1 ORDER BY p.created_at, p.id`, boardID)
	return out, err
}

// scanPaper reads a paper's details and then the columns of extra.
func scanPaper(r db.Scanner, extra ...any) (Paper, error) {
	var p Paper
	err := r.Scan(append([]any{&p.ID, &p.MeetingID, &p.Title, &p.Filename, &p.ContentType, &p.Size, &p.CreatedAt}, extra...)...)
	p.CreatedAt = p.CreatedAt.UTC()
	return p, err
}

// paperData is one paper with its bytes, when it belongs to the board's meeting.
func paperData(ctx context.Context, d *db.DB, boardID, meetingID, paperID string) (Paper, []byte, error) {
	var data []byte
	p, err := scanPaper(d.QueryRow(ctx, `SELECT p.id, p.meeting_id, p.title, p.filename, p.content_type, p.size, p.created_at, p.data FROM coproduction_papers p
		JOIN coproduction_meetings m ON m.id = p.meeting_id WHERE p.id = $1 AND p.meeting_id = $2 AND m.board_id = $3`, paperID, meetingID, boardID), &data)
	return p, data, err
}

const actionSelect = `SELECT x.id, x.board_id, b.lang, b.name, b.name_alt, COALESCE(x.meeting_id, ''), x.text, COALESCE(x.owner_id, ''),
	COALESCE(x.owner_member_id, ''), x.owner_name, x.due_on, x.done_at, COALESCE(d.name, ''), x.done_how, x.done_note, x.created_at
	FROM coproduction_actions x JOIN coproduction_boards b ON b.id = x.board_id LEFT JOIN identity_people d ON d.id = x.done_by`

func queryActions(ctx context.Context, d *db.DB, where string, args ...any) ([]Action, error) {
	return db.List(ctx, d, scanAction, actionSelect+` WHERE `+where+` ORDER BY x.done_at IS NOT NULL, x.due_on, x.created_at, x.id`, args...)
}

func scanAction(r db.Scanner) (Action, error) {
	var a Action
	var done sql.NullTime
	err := r.Scan(&a.ID, &a.BoardID, &a.BoardName.Lang, &a.BoardName.Main, &a.BoardName.Alt, &a.MeetingID, &a.Text, &a.OwnerID,
		&a.OwnerMemberID, &a.OwnerName, &a.DueOn, &done, &a.DoneByName, &a.DoneHow, &a.DoneNote, &a.CreatedAt)
	a.DoneAt = db.TimeOf(done)
	a.CreatedAt = a.CreatedAt.UTC()
	return a, err
}

func actionsOf(ctx context.Context, d *db.DB, boardID string) ([]Action, error) {
	return queryActions(ctx, d, `x.board_id = $1`, boardID)
}

// actionsOwnedBy are the actions an account owns: in its own name, through its seat, or through a
// seat its organisation holds with no person named.
func actionsOwnedBy(ctx context.Context, d *db.DB, accountID string) ([]Action, error) {
	return queryActions(ctx, d, `(x.owner_id = $1 OR x.owner_member_id IN (SELECT s.id FROM coproduction_board_members s WHERE s.account_id = $1
		OR (s.account_id IS NULL AND s.person_name = '' AND s.organisation_id IN (SELECT organisation_id FROM identity_members WHERE account_id = $1))))`, accountID)
}

func listEngagements(ctx context.Context, d *db.DB) ([]Engagement, error) {
	out, err := db.List(ctx, d, func(r db.Scanner) (Engagement, error) {
		e := Engagement{Scores: map[string]StandardScore{}}
		err := r.Scan(&e.ID, &e.Title, &e.ProjectID, &e.ProjectTitle, &e.Phase, &e.HeldOn, &e.OwnerName, &e.CreatedAt)
		e.CreatedAt = e.CreatedAt.UTC()
		return e, err
	}, `SELECT e.id, e.title, COALESCE(e.project_id, ''), COALESCE(p.title, ''), e.phase, e.held_on, COALESCE(a.name, ''), e.created_at
		FROM coproduction_engagements e LEFT JOIN coproduction_projects p ON p.id = e.project_id LEFT JOIN identity_people a ON a.id = e.owner_id
		ORDER BY e.held_on DESC, e.title`)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, e := range out {
		index[e.ID] = i
	}
	err = db.Each(ctx, d, func(r db.Scanner) error {
		var id string
		var s StandardScore
		if err := r.Scan(&id, &s.Standard, &s.Score, &s.Evidence); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			out[i].Scores[s.Standard] = s
		}
		return nil
	}, `SELECT engagement_id, standard, score, evidence FROM coproduction_standard_scores`)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// queryPersonWithEmail reads the id and name of the person with this (non-empty) email address.
func queryPersonWithEmail(ctx context.Context, d *db.DB, email string) (id, name string, err error) {
	return personOf(d.QueryRow(ctx, `SELECT id, name FROM identity_people WHERE email = $1 AND email <> ''`, email))
}

// setMemberNamed records a board member's consent to be named.
func setMemberNamed(ctx context.Context, d *db.DB, named int, note string, memberID string) error {
	_, err := d.Exec(ctx, `UPDATE coproduction_board_members SET named = $1, consent_note = $2 WHERE id = $3`, named, note, memberID)
	return err
}

// queryPersonName reads a person's name.
func queryPersonName(ctx context.Context, d *db.DB, accountID string) (string, error) {
	return db.Value[string](ctx, d, `SELECT name FROM identity_people WHERE id = $1`, accountID)
}

// queryOrganisationName reads an organisation's name.
func queryOrganisationName(ctx context.Context, d *db.DB, orgID string) (string, error) {
	return db.Value[string](ctx, d, `SELECT name FROM identity_organisations WHERE id = $1`, orgID)
}
