package knowledge

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/identity"
	"commons/internal/knowledge/course"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/markdown"
)

// Course is a training course: short modules done in order. ModuleCount is set in lists,
// Modules when one course is read.
type Course struct {
	ID          string
	Status      string // CaseDraft or CasePublished
	Title       Text
	Summary     Text
	Minutes     int
	EventID     string // an event that runs the course live, or ""
	AuthorID    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
	Modules     []Module
	ModuleCount int
}

// ModuleIDs are the course's modules' ids in order.
func (c Course) ModuleIDs() []string {
	out := make([]string, len(c.Modules))
	for i, m := range c.Modules {
		out[i] = m.ID
	}
	return out
}

// Module is one step of a course: a text, a film, a quiz or a reflection question.
type Module struct {
	ID, CourseID string
	Position     int
	Kind         string
	Title        Text
	Body         Text // Markdown: the text, or what introduces the film, the quiz question or the reflection question
	MediaID      string
	Choices      []course.Choice
}

// Enrolment is a person on a course. HelpedBy and HelpedHow say who recorded the completion on
// their behalf and how (assisted digital). Done is set in a course's roster.
type Enrolment struct {
	ID, CourseID, AccountID string
	EnrolledAt              time.Time
	CompletedAt             *time.Time
	HelpedBy, HelpedHow     string
	HelpedNote              string
	Done                    int
}

// Step is a person's progress on one module. Answer is the quiz choice (its index) or the
// reflection, private to them.
type Step struct {
	ModuleID string
	Attempts int
	Answer   string
	DoneAt   *time.Time
}

// HelpWays are how an officer may have helped someone complete a course.
var HelpWays = []string{"in_person", "phone", "paper", "event"}

// CourseInput is the course form.
type CourseInput struct {
	Title, Summary Text
	Minutes        string
	EventID        string
}

var courseFields = []string{"title_en", "summary_en", "minutes", "event_id"}

func (in CourseInput) check() (Course, error) {
	bad := map[string]string{}
	c := Course{Title: trimText(in.Title), Summary: trimText(in.Summary), EventID: strings.TrimSpace(in.EventID)}
	checkTitle(bad, "title_en", c.Title)
	if c.Summary.Empty() {
		bad["summary_en"] = "knowledge.err.summary_missing"
	} else if c.Summary.longSource() {
		bad["summary_en"] = markdown.TooLongKey
	}
	n, err := strconv.Atoi(strings.TrimSpace(in.Minutes))
	if err != nil || n < 1 || n > 6000 {
		bad["minutes"] = "knowledge.err.minutes"
	}
	c.Minutes = n
	if c.EventID != "" && !ids.Valid(c.EventID) {
		bad["event_id"] = "knowledge.err.course_event"
	}
	if len(bad) > 0 {
		return c, errs.FieldErrors(bad)
	}
	return c, nil
}

// ModuleInput is the form that adds a module. Choices are written one a line, the right one
// starting with "*".
type ModuleInput struct {
	Kind        string
	Title, Body Text
	MediaID     string
	ChoicesEn   string
	ChoicesCy   string
}

var moduleFields = []string{"kind", "module_title_en", "body_en", "media_id", "choices_en"}

// SaveCourse writes a new course as a draft (id empty) or rewrites one (editors).
func (s *Service) SaveCourse(ctx context.Context, a *actor.Actor, id string, in CourseInput) (Course, error) {
	if !Editor(a) {
		return Course{}, forbidden()
	}
	c, err := in.check()
	if err != nil {
		return c, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if id == "" {
			c.ID, c.Status, c.AuthorID = ids.New(), CaseDraft, a.ID
			return insertCourse(ctx, s.DB, c, now)
		}
		old, err := courseByID(ctx, s.DB, id)
		if err != nil {
			return err
		}
		c.ID, c.Status, c.AuthorID, c.PublishedAt, c.Modules = old.ID, old.Status, old.AuthorID, old.PublishedAt, old.Modules
		return updateCourse(ctx, s.DB, c, now)
	})
	return c, err
}

// AddModule adds a module at the end of a course (editors). A film module names a film of the
// hub's media; a quiz has two to six choices, one of them right.
func (s *Service) AddModule(ctx context.Context, a *actor.Actor, courseID string, in ModuleInput) (Module, error) {
	if !Editor(a) {
		return Module{}, forbidden()
	}
	bad := map[string]string{}
	m := Module{ID: ids.New(), CourseID: courseID, Kind: in.Kind, Title: trimText(in.Title), Body: trimText(in.Body), MediaID: strings.TrimSpace(in.MediaID)}
	if !slices.Contains(course.Kinds, m.Kind) {
		bad["kind"] = "knowledge.err.module_kind"
	}
	checkTitle(bad, "module_title_en", m.Title)
	if m.Body.longSource() {
		bad["body_en"] = markdown.TooLongKey
	} else if m.Body.Empty() && m.Kind != course.Film {
		bad["body_en"] = "knowledge.err.module_body"
	}
	if m.Kind != course.Film {
		m.MediaID = ""
	}
	switch m.Kind {
	case course.Film:
		if m.MediaID == "" || !ids.Valid(m.MediaID) {
			bad["media_id"] = "knowledge.err.module_media"
		} else if _, err := mediaByID(ctx, s.DB, m.MediaID); err != nil {
			if errs.Is(err, errs.NotFound) {
				bad["media_id"] = "knowledge.err.module_media"
			} else {
				return m, err
			}
		}
	case course.Quiz:
		cs, err := course.ParseChoices(in.ChoicesEn, in.ChoicesCy)
		if err != nil {
			bad["choices_en"] = choiceErrKey(err)
		}
		m.Choices = cs
	}
	if len(bad) > 0 {
		return m, errs.FieldErrors(bad)
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := courseByID(ctx, s.DB, courseID); err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		if err := insertModule(ctx, s.DB, m, now); err != nil {
			return err
		}
		return touchCourse(ctx, s.DB, courseID, now)
	})
	return m, err
}

func choiceErrKey(err error) string {
	switch {
	case errors.Is(err, course.ErrTooFewChoices):
		return "knowledge.err.choices_few"
	case errors.Is(err, course.ErrTooManyChoices):
		return "knowledge.err.choices_many"
	case errors.Is(err, course.ErrWelshMismatch):
		return "knowledge.err.choices_welsh"
	case errors.Is(err, course.ErrChoiceTooLong):
		return "knowledge.err.choice_long"
	}
	return "knowledge.err.choices_one_right"
}

// RemoveModule takes a module out of a course, with everyone's progress on it (editors).
func (s *Service) RemoveModule(ctx context.Context, a *actor.Actor, courseID, moduleID string) error {
	return s.editing(ctx, a, func(ctx context.Context) error {
		ok, err := deleteModule(ctx, s.DB, courseID, moduleID)
		if err == nil && !ok {
			return notFound()
		}
		return err
	})
}

// SetCoursePublished publishes a course that has modules, each film among them published, or
// takes it back to a draft (editors).
func (s *Service) SetCoursePublished(ctx context.Context, a *actor.Actor, id string, publish bool) error {
	return s.editing(ctx, a, func(ctx context.Context) error {
		c, err := courseByID(ctx, s.DB, id)
		if err != nil {
			return err
		}
		if publish {
			if len(c.Modules) == 0 {
				return errs.E(errs.Conflict, "knowledge.err.course_empty")
			}
			for _, m := range c.Modules {
				if m.Kind != course.Film {
					continue
				}
				if md, err := mediaByID(ctx, s.DB, m.MediaID); err != nil || md.Status != CasePublished {
					return errs.E(errs.Conflict, "knowledge.err.course_film_draft")
				}
			}
		}
		return setCourseStatus(ctx, s.DB, id, publish, s.DB.Now(ctx))
	})
}

// Course is a course with its modules as the viewer may see it: published, or any to an editor.
func (s *Service) Course(ctx context.Context, a *actor.Actor, id string) (Course, error) {
	c, err := courseByID(ctx, s.DB, id)
	return shown(a, c, c.Status, err)
}

// Courses lists the published courses, newest first.
func (s *Service) Courses(ctx context.Context) ([]Course, error) {
	return coursesWhere(ctx, s.DB, CasePublished)
}

// DraftCourses lists the courses not yet published (editors).
func (s *Service) DraftCourses(ctx context.Context, a *actor.Actor) ([]Course, error) {
	if !Editor(a) {
		return nil, forbidden()
	}
	return coursesWhere(ctx, s.DB, CaseDraft)
}

// LiveEvent is the event that runs a course live, when the course names one and the events
// capability knows it; ok is false otherwise (or without the events capability).
func (s *Service) LiveEvent(ctx context.Context, c Course) (title, url string, startsAt time.Time, ok bool) {
	if c.EventID == "" || s.Events == nil {
		return "", "", time.Time{}, false
	}
	title, url, startsAt, err := s.Events.EventSummary(ctx, c.EventID)
	if err != nil {
		return "", "", time.Time{}, false
	}
	return title, url, startsAt, true
}

// Enrol puts the person on a published course; enrolling again changes nothing.
func (s *Service) Enrol(ctx context.Context, a *actor.Actor, courseID string) (Enrolment, error) {
	if a == nil || a.ID == "" {
		return Enrolment{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	var e Enrolment
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		c, err := courseByID(ctx, s.DB, courseID)
		if err != nil {
			return err
		}
		if c.Status != CasePublished {
			return notFound()
		}
		e, err = enrol(ctx, s.DB, ids.New(), courseID, a.ID, s.DB.Now(ctx))
		return err
	})
	return e, err
}

// MyProgress is the person's enrolment on a course and their steps, or nil when not enrolled.
func (s *Service) MyProgress(ctx context.Context, a *actor.Actor, courseID string) (*Enrolment, map[string]Step, error) {
	if a == nil || a.ID == "" {
		return nil, nil, nil
	}
	e, err := enrolmentOf(ctx, s.DB, courseID, a.ID)
	if err != nil || e == nil {
		return nil, map[string]Step{}, err
	}
	steps, err := stepsOf(ctx, s.DB, e.ID)
	return e, steps, err
}

// Answer is what a person gives to finish a module: nothing for a text or a film, a choice for
// a quiz, their words for a reflection.
type Answer struct {
	Choice     string
	Reflection string
}

// Outcome is what doing a module came to.
type Outcome struct {
	Done     bool // the module is done (a quiz answered right)
	Finished bool // this answer completed the course
}

// DoModule records the person's answer to a module of a published course, enrolling them if
// they are not. A quiz answered wrong counts an attempt and may be tried again. When the last
// module is done the course is complete, once, and the person is mailed a notice of it. Done
// twice at once, a module is done once and the course completed once.
func (s *Service) DoModule(ctx context.Context, a *actor.Actor, courseID, moduleID string, in Answer) (Outcome, error) {
	if a == nil || a.ID == "" {
		return Outcome{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	var out Outcome
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		out = Outcome{}
		c, err := courseByID(ctx, s.DB, courseID)
		if err != nil {
			return err
		}
		if c.Status != CasePublished {
			return notFound()
		}
		i := slices.IndexFunc(c.Modules, func(m Module) bool { return m.ID == moduleID })
		if i < 0 {
			return notFound()
		}
		m := c.Modules[i]
		answer, done := "", true
		switch m.Kind {
		case course.Quiz:
			n, err := strconv.Atoi(in.Choice)
			if err != nil {
				return errs.FieldErrors(map[string]string{"choice": "knowledge.err.choice_missing"})
			}
			if done, err = course.Mark(m.Choices, n); err != nil {
				return errs.FieldErrors(map[string]string{"choice": "knowledge.err.choice_missing"})
			}
			answer = in.Choice
		case course.Reflection:
			r, err := course.CheckReflection(in.Reflection)
			if err != nil {
				key := "knowledge.err.reflection_missing"
				if strings.TrimSpace(in.Reflection) != "" {
					key = "knowledge.err.reflection_long"
				}
				return errs.FieldErrors(map[string]string{"reflection": key})
			}
			answer = r
		}
		now := s.DB.Now(ctx)
		e, err := enrol(ctx, s.DB, ids.New(), courseID, a.ID, now)
		if err != nil {
			return err
		}
		if err := saveStep(ctx, s.DB, e.ID, m.ID, answer, done, now); err != nil {
			return err
		}
		out.Done = done
		steps, err := stepsOf(ctx, s.DB, e.ID)
		if err != nil {
			return err
		}
		if !progressOf(c, steps).Complete {
			return nil
		}
		first, err := markComplete(ctx, s.DB, e.ID, now, "", "", "")
		if err != nil || !first {
			return err
		}
		out.Finished = true
		return s.mailCompleted(ctx, c, a.ID, now)
	})
	return out, err
}

func progressOf(c Course, steps map[string]Step) course.Progress {
	done := map[string]bool{}
	for id, st := range steps {
		done[id] = st.DoneAt != nil
	}
	return course.Of(c.ModuleIDs(), done)
}

// mailCompleted queues the certificate-like notice of a completed course, in the person's
// language.
func (s *Service) mailCompleted(ctx context.Context, c Course, accountID string, at time.Time) error {
	if s.Outbox == nil {
		return nil
	}
	acc, err := s.Identity.Account(ctx, accountID)
	if err != nil || acc.Email == "" {
		return nil
	}
	lang := identity.LanguageOf(acc.Language)
	args := []any{"name", acc.Name, "course", c.Title.In(lang), "date", i18n.Day(lang, at), "url", s.BaseURL + "/training/mine"}
	return s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{acc.Email},
		Subject: s.T(lang, "knowledge.mail.course_done.subject", args...), Text: s.T(lang, "knowledge.mail.course_done.body", args...)})
}

// RecordCompletion records, for an officer, that a person completed a course another way (at
// the course run live, on paper, on the phone), with who helped and how. The person is found
// by their email address and mailed the notice, as if they had done it here.
func (s *Service) RecordCompletion(ctx context.Context, a *actor.Actor, courseID, email, how, note string) (Enrolment, error) {
	if !Editor(a) {
		return Enrolment{}, forbidden()
	}
	bad := map[string]string{}
	if !slices.Contains(HelpWays, how) {
		bad["how"] = "knowledge.err.help_how"
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 500 {
		bad["note"] = "knowledge.err.note_long"
	}
	acc, err := s.Identity.AccountByEmail(ctx, strings.TrimSpace(email))
	if err != nil {
		if !errs.Is(err, errs.NotFound) {
			return Enrolment{}, err
		}
		bad["email"] = "knowledge.err.no_such_person"
	}
	if len(bad) > 0 {
		return Enrolment{}, errs.FieldErrors(bad)
	}
	var e Enrolment
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		c, err := courseByID(ctx, s.DB, courseID)
		if err != nil {
			return err
		}
		if c.Status != CasePublished {
			return errs.E(errs.Conflict, "knowledge.err.course_not_published")
		}
		now := s.DB.Now(ctx)
		if e, err = enrol(ctx, s.DB, ids.New(), courseID, acc.ID, now); err != nil {
			return err
		}
		first, err := markComplete(ctx, s.DB, e.ID, now, a.ID, how, note)
		if err != nil {
			return err
		}
		if !first {
			return errs.E(errs.Conflict, "knowledge.err.already_completed")
		}
		e.CompletedAt, e.HelpedBy, e.HelpedHow, e.HelpedNote = &now, a.ID, how, note
		return s.mailCompleted(ctx, c, acc.ID, now)
	})
	return e, err
}

// RosterRow is one person on a course as its coordinators see it: never their reflections.
type RosterRow struct {
	Enrolment
	Name, Email string
	Helper      string
}

// Roster is who enrolled on a course and how far each has got (editors: officers and admins,
// who coordinate training).
func (s *Service) Roster(ctx context.Context, a *actor.Actor, courseID string) ([]RosterRow, error) {
	if !Editor(a) {
		return nil, forbidden()
	}
	es, err := rosterOf(ctx, s.DB, courseID)
	if err != nil {
		return nil, err
	}
	out := make([]RosterRow, 0, len(es))
	names := map[string]string{}
	name := func(id string) string {
		if id == "" {
			return ""
		}
		if n, ok := names[id]; ok {
			return n
		}
		acc, err := s.Identity.Account(ctx, id)
		if err == nil {
			names[id] = acc.Name
		}
		return names[id]
	}
	for _, e := range es {
		row := RosterRow{Enrolment: e, Name: name(e.AccountID), Helper: name(e.HelpedBy)}
		if acc, err := s.Identity.Account(ctx, e.AccountID); err == nil {
			row.Email = acc.Email
		}
		out = append(out, row)
	}
	return out, nil
}

// MyCourse is one of a person's courses with how far they have got.
type MyCourse struct {
	Course    Course
	Enrolment Enrolment
	Progress  course.Progress
}

// MyCourses is every course a person is on, completed or not, newest enrolment first. A course
// taken back to a draft still shows to those who completed it.
func (s *Service) MyCourses(ctx context.Context, accountID string) ([]MyCourse, error) {
	es, err := enrolmentsOf(ctx, s.DB, accountID)
	if err != nil {
		return nil, err
	}
	var out []MyCourse
	for _, e := range es {
		c, err := courseByID(ctx, s.DB, e.CourseID)
		if err != nil {
			return nil, err
		}
		if c.Status != CasePublished && e.CompletedAt == nil {
			continue
		}
		steps, err := stepsOf(ctx, s.DB, e.ID)
		if err != nil {
			return nil, err
		}
		p := progressOf(c, steps)
		if e.CompletedAt != nil {
			p.Complete = true
		}
		out = append(out, MyCourse{Course: c, Enrolment: e, Progress: p})
	}
	return out, nil
}

// CompletedCourses lists the courses a person completed, titled in lang, newest first: the
// service a profile page elsewhere finds (capability.Find on a one-method interface it
// declares) without importing the knowledge hub.
func (s *Service) CompletedCourses(ctx context.Context, accountID, lang string) ([]hub.Completion, error) {
	mine, err := s.MyCourses(ctx, accountID)
	if err != nil {
		return nil, err
	}
	var out []hub.Completion
	for _, m := range mine {
		if m.Enrolment.CompletedAt != nil {
			out = append(out, hub.Completion{Title: m.Course.Title.In(lang), URL: "/training/" + m.Course.ID,
				CompletedAt: *m.Enrolment.CompletedAt, Helped: m.Enrolment.HelpedHow})
		}
	}
	slices.SortStableFunc(out, func(a, b hub.Completion) int { return b.CompletedAt.Compare(a.CompletedAt) })
	return out, nil
}
