package knowledge

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"commons/internal/platform/db"
)

const courseCols = `c.id, c.status, c.title_en, c.title_cy, c.summary_en, c.summary_cy, c.minutes, c.event_id,
	COALESCE(c.author_id, ''), c.created_at, c.updated_at, c.published_at`

func scanCourse(s db.Scanner) (Course, error) {
	var c Course
	var at sql.NullTime
	err := s.Scan(&c.ID, &c.Status, &c.Title.En, &c.Title.Cy, &c.Summary.En, &c.Summary.Cy, &c.Minutes, &c.EventID,
		&c.AuthorID, &c.CreatedAt, &c.UpdatedAt, &at)
	c.PublishedAt = db.TimeOf(at)
	return c, err
}

func insertCourse(ctx context.Context, d *db.DB, c Course, now time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO knowledge_courses (id, status, title_en, title_cy, summary_en, summary_cy, minutes, event_id,
		author_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		c.ID, c.Status, c.Title.En, c.Title.Cy, c.Summary.En, c.Summary.Cy, c.Minutes, c.EventID, db.NullString(c.AuthorID), now)
	return err
}

func updateCourse(ctx context.Context, d *db.DB, c Course, now time.Time) error {
	_, err := d.Exec(ctx, `UPDATE knowledge_courses SET title_en = $2, title_cy = $3, summary_en = $4, summary_cy = $5, minutes = $6,
		event_id = $7, updated_at = $8 WHERE id = $1`, c.ID, c.Title.En, c.Title.Cy, c.Summary.En, c.Summary.Cy, c.Minutes, c.EventID, now)
	return err
}

func setCourseStatus(ctx context.Context, d *db.DB, id string, publish bool, now time.Time) error {
	return setPublished(ctx, d, "knowledge_courses", id, publish, now)
}

func courseByID(ctx context.Context, d *db.DB, id string) (Course, error) {
	c, err := scanCourse(d.QueryRow(ctx, `SELECT `+courseCols+` FROM knowledge_courses c WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound()
	}
	if err != nil {
		return c, err
	}
	c.Modules, err = modulesOf(ctx, d, id)
	return c, err
}

func coursesWhere(ctx context.Context, d *db.DB, status string) ([]Course, error) {
	return db.List(ctx, d, func(r db.Scanner) (Course, error) {
		var modules int
		c, err := scanCourse(columns{s: r, trail: []any{&modules}})
		c.ModuleCount = modules
		return c, err
	}, `SELECT `+courseCols+`, (SELECT COUNT(*) FROM knowledge_course_modules m WHERE m.course_id = c.id)
		FROM knowledge_courses c WHERE c.status = $1 ORDER BY COALESCE(c.published_at, c.updated_at) DESC, c.id`, status)
}

const moduleCols = `m.id, m.course_id, m.position, m.kind, m.title_en, m.title_cy, m.body_en, m.body_cy, COALESCE(m.media_id, ''), m.choices`

func scanModule(s db.Scanner) (Module, error) {
	var m Module
	var choices string
	if err := s.Scan(&m.ID, &m.CourseID, &m.Position, &m.Kind, &m.Title.En, &m.Title.Cy, &m.Body.En, &m.Body.Cy, &m.MediaID, &choices); err != nil {
		return m, err
	}
	return m, json.Unmarshal([]byte(choices), &m.Choices)
}

func modulesOf(ctx context.Context, d *db.DB, courseID string) ([]Module, error) {
	return db.List(ctx, d, scanModule, `SELECT `+moduleCols+` FROM knowledge_course_modules m WHERE m.course_id = $1 ORDER BY m.position`, courseID)
}

func insertModule(ctx context.Context, d *db.DB, m Module, now time.Time) error {
	choices, err := json.Marshal(m.Choices)
	if err != nil {
		return err
	}
	if m.Choices == nil {
		choices = []byte("[]")
	}
	_, err = d.Exec(ctx, `INSERT INTO knowledge_course_modules (id, course_id, position, kind, title_en, title_cy, body_en, body_cy, media_id, choices, created_at)
		VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM knowledge_course_modules WHERE course_id = $2), $3, $4, $5, $6, $7, $8, $9, $10)`,
		m.ID, m.CourseID, m.Kind, m.Title.En, m.Title.Cy, m.Body.En, m.Body.Cy, db.NullString(m.MediaID), string(choices), now)
	return err
}

func deleteModule(ctx context.Context, d *db.DB, courseID, moduleID string) (bool, error) {
	if _, err := d.Exec(ctx, `DELETE FROM knowledge_module_progress WHERE module_id = $1`, moduleID); err != nil {
		return false, err
	}
	res, err := d.Exec(ctx, `DELETE FROM knowledge_course_modules WHERE id = $1 AND course_id = $2`, moduleID, courseID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const enrolmentCols = `e.id, e.course_id, e.account_id, e.enrolled_at, e.completed_at, COALESCE(e.helped_by, ''), e.helped_how, e.helped_note`

func scanEnrolment(s db.Scanner) (Enrolment, error) {
	var e Enrolment
	var at sql.NullTime
	err := s.Scan(&e.ID, &e.CourseID, &e.AccountID, &e.EnrolledAt, &at, &e.HelpedBy, &e.HelpedHow, &e.HelpedNote)
	e.CompletedAt = db.TimeOf(at)
	return e, err
}

// enrol makes the person's enrolment on the course if there is none (enrolling twice at once
// makes one) and returns it.
func enrol(ctx context.Context, d *db.DB, id, courseID, accountID string, now time.Time) (Enrolment, error) {
	if _, err := d.Exec(ctx, `INSERT INTO knowledge_enrolments (id, course_id, account_id, enrolled_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (course_id, account_id) DO NOTHING`, id, courseID, accountID, now); err != nil {
		return Enrolment{}, err
	}
	e, err := enrolmentOf(ctx, d, courseID, accountID)
	if err == nil && e == nil {
		return Enrolment{}, errors.New("knowledge: enrolment missing after insert")
	}
	if err != nil {
		return Enrolment{}, err
	}
	return *e, nil
}

// enrolmentOf is the person's enrolment on the course, or nil.
func enrolmentOf(ctx context.Context, d *db.DB, courseID, accountID string) (*Enrolment, error) {
	e, err := scanEnrolment(d.QueryRow(ctx, `SELECT `+enrolmentCols+` FROM knowledge_enrolments e WHERE e.course_id = $1 AND e.account_id = $2`, courseID, accountID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

func stepsOf(ctx context.Context, d *db.DB, enrolmentID string) (map[string]Step, error) {
	out := map[string]Step{}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var s Step
		var at sql.NullTime
		if err := r.Scan(&s.ModuleID, &s.Attempts, &s.Answer, &at); err != nil {
			return err
		}
		s.DoneAt = db.TimeOf(at)
		out[s.ModuleID] = s
		return nil
	}, `SELECT module_id, attempts, answer, done_at FROM knowledge_module_progress WHERE enrolment_id = $1`, enrolmentID)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// saveStep records an attempt at a module: one row per module, attempts counted, done once.
// A done module keeps its first done time; a later wrong answer does not undo it.
func saveStep(ctx context.Context, d *db.DB, enrolmentID, moduleID, answer string, done bool, now time.Time) error {
	var doneAt any
	if done {
		doneAt = now
	}
	_, err := d.Exec(ctx, `INSERT INTO knowledge_module_progress (enrolment_id, module_id, attempts, answer, done_at, updated_at)
		VALUES ($1, $2, 1, $3, $4, $5)
		ON CONFLICT (enrolment_id, module_id) DO UPDATE SET attempts = knowledge_module_progress.attempts + 1,
			answer = CASE WHEN knowledge_module_progress.done_at IS NULL OR excluded.done_at IS NOT NULL THEN excluded.answer ELSE knowledge_module_progress.answer END,
			done_at = COALESCE(knowledge_module_progress.done_at, excluded.done_at), updated_at = excluded.updated_at`,
		enrolmentID, moduleID, answer, doneAt, now)
	return err
}

// markComplete sets the enrolment's completion once; it reports whether this call set it.
func markComplete(ctx context.Context, d *db.DB, enrolmentID string, now time.Time, helpedBy, how, note string) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE knowledge_enrolments SET completed_at = $2, helped_by = $3, helped_how = $4, helped_note = $5
		WHERE id = $1 AND completed_at IS NULL`, enrolmentID, now, db.NullString(helpedBy), how, note)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// rosterOf is every enrolment on a course with the modules done, first enrolled first.
func rosterOf(ctx context.Context, d *db.DB, courseID string) ([]Enrolment, error) {
	return db.List(ctx, d, func(r db.Scanner) (Enrolment, error) {
		var done int
		e, err := scanEnrolment(columns{s: r, trail: []any{&done}})
		e.Done = done
		return e, err
	}, `SELECT `+enrolmentCols+`, (SELECT COUNT(*) FROM knowledge_module_progress p
		JOIN knowledge_course_modules m ON m.id = p.module_id WHERE p.enrolment_id = e.id AND p.done_at IS NOT NULL)
		FROM knowledge_enrolments e WHERE e.course_id = $1 ORDER BY e.enrolled_at, e.id`, courseID)
}

// enrolmentsOf is every enrolment of a person, newest first.
func enrolmentsOf(ctx context.Context, d *db.DB, accountID string) ([]Enrolment, error) {
	return db.List(ctx, d, scanEnrolment, `SELECT `+enrolmentCols+` FROM knowledge_enrolments e WHERE e.account_id = $1 ORDER BY e.enrolled_at DESC, e.id`, accountID)
}

// helpedBy is the enrolments an officer recorded on others' behalf.
func helpedBy(ctx context.Context, d *db.DB, accountID string) ([]Enrolment, error) {
	return db.List(ctx, d, scanEnrolment, `SELECT `+enrolmentCols+` FROM knowledge_enrolments e WHERE e.helped_by = $1 AND e.account_id <> $1 ORDER BY e.completed_at, e.id`, accountID)
}

// forgetTraining removes a person's enrolments, progress and reflections, and the name of the
// officer from completions they recorded for others; courses they wrote stay, unsigned.
func forgetTraining(ctx context.Context, d *db.DB, accountID string) error {
	for _, q := range []string{
		`DELETE FROM knowledge_module_progress WHERE enrolment_id IN (SELECT id FROM knowledge_enrolments WHERE account_id = $1)`,
		`DELETE FROM knowledge_enrolments WHERE account_id = $1`,
		`UPDATE knowledge_enrolments SET helped_by = NULL WHERE helped_by = $1`,
		`UPDATE knowledge_courses SET author_id = NULL WHERE author_id = $1`,
	} {
		if _, err := d.Exec(ctx, q, accountID); err != nil {
			return err
		}
	}
	return nil
}

// coursesBy is the courses a person wrote.
func coursesBy(ctx context.Context, d *db.DB, accountID string) ([]Course, error) {
	return db.List(ctx, d, scanCourse, `SELECT `+courseCols+` FROM knowledge_courses c WHERE c.author_id = $1 ORDER BY c.created_at, c.id`, accountID)
}
