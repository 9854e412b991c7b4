package mentoring

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// Every SQL statement of mentoring relationships, their check-ins, reminders and log.

const relCols = `r.id, COALESCE(r.need_id, ''), r.topic_id, r.mentor_org_id, r.mentee_org_id, r.stage, r.score, r.reasons, r.proposed_side,
	r.mentor_accepted_at, r.mentee_accepted_at, r.first_meeting_on, r.checkin3_due, r.checkin6_due, r.outcome, r.helped,
	r.ended_by_org, r.ended_note, r.finished_at, r.created_at, r.updated_at`

func scanRelationship(s db.Scanner) (Relationship, error) {
	var r Relationship
	var reasons string
	var mentorAt, menteeAt, finished sql.NullTime
	err := s.Scan(&r.ID, &r.NeedID, &r.TopicID, &r.MentorOrgID, &r.MenteeOrgID, &r.Stage, &r.Score, &reasons, &r.ProposedSide,
		&mentorAt, &menteeAt, &r.FirstMeeting, &r.Checkin3Due, &r.Checkin6Due, &r.Outcome, &r.Helped,
		&r.EndedByOrg, &r.EndedNote, &finished, &r.CreatedAt, &r.UpdatedAt)
	r.Reasons = unmarshalReasons(reasons)
	r.MentorAccepted, r.MenteeAccepted, r.FinishedAt = db.TimeOf(mentorAt), db.TimeOf(menteeAt), db.TimeOf(finished)
	return r, err
}

func queryRelationships(ctx context.Context, d *db.DB, where string, args ...any) ([]Relationship, error) {
	return db.List(ctx, d, scanRelationship, `SELECT `+relCols+` FROM men_relationships r `+where, args...)
}

func relationshipByID(ctx context.Context, d *db.DB, id string) (Relationship, error) {
	return scanRelationship(d.QueryRow(ctx, `SELECT `+relCols+` FROM men_relationships r WHERE r.id = $1`+d.Dialect().ForUpdate(), id))
}

func relationshipsOfOrg(ctx context.Context, d *db.DB, orgID string) ([]Relationship, error) {
	return queryRelationships(ctx, d, `WHERE r.mentor_org_id = $1 OR r.mentee_org_id = $1 ORDER BY r.updated_at DESC`, orgID)
}

func relationshipsOfNeed(ctx context.Context, d *db.DB, needID string) ([]Relationship, error) {
	return queryRelationships(ctx, d, `WHERE r.need_id = $1 ORDER BY r.created_at`, needID)
}

func allRelationships(ctx context.Context, d *db.DB, stage string) ([]Relationship, error) {
	return queryRelationships(ctx, d, `WHERE ($1 = '' OR r.stage = $1) ORDER BY r.updated_at DESC`, stage)
}

func insertRelationship(ctx context.Context, d *db.DB, r Relationship, by string) error {
	_, err := d.Exec(ctx, `INSERT INTO men_relationships (id, need_id, topic_id, mentor_org_id, mentee_org_id, stage, score, reasons,
		proposed_by, proposed_side, mentor_accepted_at, mentee_accepted_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7, $8, $9, $10, $11, $12, $12)`,
		r.ID, nullString(r.NeedID), r.TopicID, r.MentorOrgID, r.MenteeOrgID, r.Score, marshalReasons(r.Reasons), nullString(by), r.ProposedSide,
		nullTime(r.MentorAccepted), nullTime(r.MenteeAccepted), r.CreatedAt)
	return err
}

func nullTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: *t, Valid: true}
}

// acceptSide records one side's acceptance of a proposed relationship, once.
func acceptSide(ctx context.Context, d *db.DB, id, side string, now time.Time) (int64, error) {
	col := "mentor_accepted_at"
	if side == "mentee" {
		col = "mentee_accepted_at"
	}
	res, err := d.Exec(ctx, `UPDATE men_relationships SET `+col+` = $2, updated_at = $2
		WHERE id = $1 AND stage = 'proposed' AND `+col+` IS NULL`, id, now)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// agreeIfBoth moves a proposed relationship both sides accepted to agreed.
func agreeIfBoth(ctx context.Context, d *db.DB, id string, now time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE men_relationships SET stage = 'agreed', updated_at = $2
		WHERE id = $1 AND stage = 'proposed' AND mentor_accepted_at IS NOT NULL AND mentee_accepted_at IS NOT NULL`, id, now)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// finish moves a live relationship to ended or declined.
func finish(ctx context.Context, d *db.DB, id, stage, orgID, note string, now time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE men_relationships SET stage = $2, ended_by_org = $3, ended_note = $4, finished_at = $5, updated_at = $5
		WHERE id = $1 AND stage IN ('proposed', 'agreed', 'underway')`, id, stage, orgID, note, now)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func recordMeeting(ctx context.Context, d *db.DB, id, day, due3, due6 string, now time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE men_relationships SET stage = 'underway', first_meeting_on = $2, checkin3_due = $3, checkin6_due = $4,
		updated_at = $5 WHERE id = $1 AND stage IN ('agreed', 'underway')`, id, day, due3, due6, now)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func closeRelationship(ctx context.Context, d *db.DB, id, outcome, helped string, now time.Time) (int64, error) {
	res, err := d.Exec(ctx, `UPDATE men_relationships SET stage = 'closed', outcome = $2, helped = $3, finished_at = $4, updated_at = $4
		WHERE id = $1 AND stage = 'underway'`, id, outcome, helped, now)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func touchRelationship(ctx context.Context, d *db.DB, id string, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE men_relationships SET updated_at = $2 WHERE id = $1`, id, now)
	return err
}

// Check-ins.

func insertCheckin(ctx context.Context, d *db.DB, relID string, c Checkin, accountID string) (int64, error) {
	res, err := d.Exec(ctx, `INSERT INTO men_checkins (id, relationship_id, milestone, organisation_id, account_id, assisted, going, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (relationship_id, milestone, organisation_id) DO NOTHING`,
		newID(), relID, c.Milestone, c.OrganisationID, nullString(accountID), b2i(c.Assisted), c.Going, c.Note, c.CreatedAt)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// checkinsOf returns the check-ins of the relationships, by relationship.
func checkinsOf(ctx context.Context, d *db.DB, relIDs []string) (map[string][]Checkin, error) {
	out := map[string][]Checkin{}
	if len(relIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(relIDs))
	marks := make([]string, len(relIDs))
	for i, id := range relIDs {
		args[i], marks[i] = id, "$"+strconv.Itoa(i+1)
	}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var rel string
		var c Checkin
		var assisted int
		if err := r.Scan(&rel, &c.Milestone, &c.OrganisationID, &c.Going, &c.Note, &assisted, &c.CreatedAt); err != nil {
			return err
		}
		c.Assisted = assisted == 1
		out[rel] = append(out[rel], c)
		return nil
	}, `SELECT relationship_id, milestone, organisation_id, going, note, assisted, created_at FROM men_checkins
		WHERE relationship_id IN (`+strings.Join(marks, ", ")+`) ORDER BY milestone, created_at`, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Reminders.

// claimReminder records that the milestone's reminder of this kind went; false when it had.
func claimReminder(ctx context.Context, d *db.DB, relID string, milestone int, kind string, now time.Time) (bool, error) {
	res, err := d.Exec(ctx, `INSERT INTO men_reminders (relationship_id, milestone, kind, sent_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (relationship_id, milestone, kind) DO NOTHING`, relID, milestone, kind, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// remindable lists relationships under way whose milestone check-in is due on or before day and
// whose reminder of kind has not gone, with at least one side not yet checked in.
func remindable(ctx context.Context, d *db.DB, milestone int, kind, day string) ([]Relationship, error) {
	col := "r.checkin3_due"
	if milestone == 6 {
		col = "r.checkin6_due"
	}
	return queryRelationships(ctx, d, `WHERE r.stage = 'underway' AND `+col+` <> '' AND `+col+` <= $1
		AND NOT EXISTS (SELECT 1 FROM men_reminders m WHERE m.relationship_id = r.id AND m.milestone = $2 AND m.kind = $3)
		AND (SELECT count(*) FROM men_checkins c WHERE c.relationship_id = r.id AND c.milestone = $2) < 2
		ORDER BY `+col+` LIMIT 200`, day, milestone, kind)
}

// Log.

func insertLog(ctx context.Context, d *db.DB, relID, kind, orgID, accountID string, assisted bool, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO men_log (id, relationship_id, kind, organisation_id, account_id, assisted, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, newID(), relID, kind, orgID, nullString(accountID), b2i(assisted), now)
	return err
}

func logOf(ctx context.Context, d *db.DB, relID string) ([]LogEntry, error) {
	return db.List(ctx, d, scanLogEntry, `SELECT kind, organisation_id, assisted, created_at FROM men_log WHERE relationship_id = $1 ORDER BY created_at, id`, relID)
}

func scanLogEntry(r db.Scanner) (LogEntry, error) {
	var e LogEntry
	var assisted int
	err := r.Scan(&e.Kind, &e.OrganisationID, &assisted, &e.CreatedAt)
	e.Assisted = assisted == 1
	return e, err
}

// mentorLoads counts each organisation's live relationships as mentor (proposed ones too, so
// nobody is asked beyond what it offered).
func mentorLoads(ctx context.Context, d *db.DB) (map[string]int, error) {
	out := map[string]int{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var id string
		var n int
		err := r.Scan(&id, &n)
		out[id] = n
		return err
	}, `SELECT mentor_org_id, count(DISTINCT mentee_org_id) FROM men_relationships
		WHERE stage IN ('proposed', 'agreed', 'underway') GROUP BY mentor_org_id`)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// askedPairs lists every need and mentor already put together, in any stage: not proposed again.
func askedPairs(ctx context.Context, d *db.DB) (map[string]bool, error) {
	out := map[string]bool{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var n, m string
		err := r.Scan(&n, &m)
		out[n+"|"+m] = true
		return err
	}, `SELECT need_id, mentor_org_id FROM men_relationships WHERE need_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Account hooks.

func checkinsBy(ctx context.Context, d *db.DB, accountID string) ([]exportCheckin, error) {
	return orEmpty(db.List(ctx, d, func(r db.Scanner) (exportCheckin, error) {
		var c exportCheckin
		err := r.Scan(&c.ID, &c.RelationshipID, &c.OrganisationID, &c.Milestone, &c.Going, &c.Note, &c.CreatedAt)
		return c, err
	}, `SELECT id, relationship_id, organisation_id, milestone, going, note, created_at FROM men_checkins
		WHERE account_id = $1 ORDER BY created_at`, accountID))
}

// orEmpty keeps a list with nothing in it a list ([], not null) in the data download.
func orEmpty[T any](xs []T, err error) ([]T, error) {
	if xs == nil && err == nil {
		return []T{}, nil
	}
	return xs, err
}

func stepsBy(ctx context.Context, d *db.DB, accountID string) ([]exportStep, error) {
	return orEmpty(db.List(ctx, d, func(r db.Scanner) (exportStep, error) {
		var e exportStep
		var assisted int
		err := r.Scan(&e.ID, &e.RelationshipID, &e.Kind, &e.OrganisationID, &assisted, &e.CreatedAt)
		e.OnBehalf = assisted == 1
		return e, err
	}, `SELECT id, relationship_id, kind, organisation_id, assisted, created_at FROM men_log
		WHERE account_id = $1 ORDER BY created_at`, accountID))
}

func scanExportRecord(s db.Scanner) (exportRecord, error) {
	var r exportRecord
	var assisted int
	err := s.Scan(&r.ID, &r.OrganisationID, &r.TopicID, &r.Detail, &assisted, &r.At)
	r.OnBehalf = assisted == 1
	return r, err
}

// forgetAccount clears the account from every record it is linked to.
func forgetAccount(ctx context.Context, d *db.DB, accountID string) error {
	for _, q := range []string{
		`DELETE FROM men_coordinators WHERE account_id = $1`,
		`UPDATE men_coordinators SET added_by = NULL WHERE added_by = $1`,
		`UPDATE men_profiles SET updated_by = NULL WHERE updated_by = $1`,
		`UPDATE men_offers SET created_by = NULL WHERE created_by = $1`,
		`UPDATE men_needs SET created_by = NULL WHERE created_by = $1`,
		`UPDATE men_relationships SET proposed_by = NULL WHERE proposed_by = $1`,
		`UPDATE men_checkins SET account_id = NULL WHERE account_id = $1`,
		`UPDATE men_log SET account_id = NULL WHERE account_id = $1`,
	} {
		if _, err := d.Exec(ctx, q, accountID); err != nil {
			return err
		}
	}
	return nil
}

// coordinatorRecord is the person's row among the coordinators, if they are one.
func coordinatorRecord(ctx context.Context, d *db.DB, accountID string) ([]exportCoordinator, error) {
	return orEmpty(db.List(ctx, d, func(r db.Scanner) (exportCoordinator, error) {
		var c exportCoordinator
		err := r.Scan(&c.AddedBy, &c.AddedAt)
		return c, err
	}, `SELECT COALESCE(added_by, ''), added_at FROM men_coordinators WHERE account_id = $1`, accountID))
}

// recordsBy are the profiles, offers, needs and proposals the person made or last changed.
func recordsBy(ctx context.Context, d *db.DB, accountID string) (profiles, offers, needs, proposals []exportRecord, err error) {
	read := func(q string) ([]exportRecord, error) {
		return orEmpty(db.List(ctx, d, scanExportRecord, q, accountID))
	}
	if profiles, err = read(`SELECT organisation_id, organisation_id, '', about, assisted, updated_at FROM men_profiles WHERE updated_by = $1 ORDER BY updated_at`); err != nil {
		return
	}
	if offers, err = read(`SELECT id, organisation_id, topic_id, detail, assisted, updated_at FROM men_offers WHERE created_by = $1 ORDER BY created_at`); err != nil {
		return
	}
	if needs, err = read(`SELECT id, organisation_id, topic_id, detail, assisted, created_at FROM men_needs WHERE created_by = $1 ORDER BY created_at`); err != nil {
		return
	}
	proposals, err = read(`SELECT id, mentee_org_id, topic_id, '', CASE WHEN proposed_side = 'coordinator' THEN 1 ELSE 0 END, created_at
		FROM men_relationships WHERE proposed_by = $1 ORDER BY created_at`)
	return
}
