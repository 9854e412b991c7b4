package coproduction

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// attendanceOf is every recorded attendance at a board's meetings, by meeting.
func attendanceOf(ctx context.Context, d *db.DB, boardID string) (map[string][]Attendance, error) {
	out := map[string][]Attendance{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var a Attendance
		err := r.Scan(&a.MeetingID, &a.MemberID, &a.Status, &a.Note, &a.RecordedBy, &a.RecordedHow, &a.RecordedAt)
		a.RecordedAt = a.RecordedAt.UTC()
		out[a.MeetingID] = append(out[a.MeetingID], a)
		return err
	}, `SELECT a.meeting_id, a.member_id, a.status, a.note, COALESCE(a.recorded_by, ''), a.recorded_how, a.recorded_at
		FROM coproduction_attendance a JOIN coproduction_meetings m ON m.id = a.meeting_id WHERE m.board_id = $1
		ORDER BY a.recorded_at, a.member_id`, boardID)
	return out, err
}

// attendanceByAccount is what was recorded of an account's own seats, for their data download.
func attendanceByAccount(ctx context.Context, d *db.DB, accountID string) ([]Attendance, error) {
	out, err := db.List(ctx, d, func(r db.Scanner) (Attendance, error) {
		var a Attendance
		err := r.Scan(&a.MeetingID, &a.MemberID, &a.Status, &a.Note, &a.RecordedHow, &a.RecordedAt)
		a.RecordedAt = a.RecordedAt.UTC()
		return a, err
	}, `SELECT a.meeting_id, a.member_id, a.status, a.note, a.recorded_how, a.recorded_at
		FROM coproduction_attendance a JOIN coproduction_board_members s ON s.id = a.member_id WHERE s.account_id = $1
		ORDER BY a.recorded_at, a.meeting_id`, accountID)
	if out == nil && err == nil {
		out = []Attendance{} // an empty list in the data download, not null
	}
	return out, err
}

// attendanceOfSeat is what is recorded of one seat at one meeting ("" when nothing is).
func attendanceOfSeat(ctx context.Context, d *db.DB, meetingID, memberID string) (status, recordedBy string, err error) {
	err = d.QueryRow(ctx, `SELECT status, COALESCE(recorded_by, '') FROM coproduction_attendance WHERE meeting_id = $1 AND member_id = $2`,
		meetingID, memberID).Scan(&status, &recordedBy)
	if db.IsNoRows(err) {
		return "", "", nil
	}
	return status, recordedBy, err
}

// setAttendance records a seat's attendance, replacing what was recorded before.
func setAttendance(ctx context.Context, d *db.DB, a Attendance, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO coproduction_attendance (meeting_id, member_id, status, note, recorded_by, recorded_how, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status, note = excluded.note,
			recorded_by = excluded.recorded_by, recorded_how = excluded.recorded_how, recorded_at = excluded.recorded_at`,
		a.MeetingID, a.MemberID, a.Status, a.Note, db.NullString(a.RecordedBy), a.RecordedHow, at)
	return err
}

// clearAttendance forgets what was recorded of a seat at a meeting; onlyStatus, when given, limits
// it to that status (a holder withdrawing their apologies cannot clear the chair's record).
func clearAttendance(ctx context.Context, d *db.DB, meetingID, memberID, onlyStatus string) (bool, error) {
	q := `DELETE FROM coproduction_attendance WHERE meeting_id = $1 AND member_id = $2`
	args := []any{meetingID, memberID}
	if onlyStatus != "" {
		q += ` AND status = $3`
		args = append(args, onlyStatus)
	}
	n, err := db.Affected(d.Exec(ctx, q, args...))
	return n > 0, err
}
