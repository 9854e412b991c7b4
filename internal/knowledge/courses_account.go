package knowledge

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"commons/internal/knowledge/course"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
)

// TrainingData is a person's training, for their data download: each course they enrolled on
// with their answers and reflections, and the completions they recorded for others.
type TrainingData struct {
	Enrolments []EnrolmentData `json:"enrolments"`
	Recorded   []HelpedData    `json:"completions_recorded_for_others"`
	Written    []CourseData    `json:"courses_written"`
}

// CourseData is a course the person wrote.
type CourseData struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"`
}

// EnrolmentData is one course a person enrolled on.
type EnrolmentData struct {
	ID          string     `json:"id"`
	CourseID    string     `json:"course_id"`
	Course      string     `json:"course"`
	EnrolledAt  time.Time  `json:"enrolled_at"`
	CompletedAt *time.Time `json:"completed_at,omitempty"`
	HelpedHow   string     `json:"completion_recorded_how,omitempty"`
	HelpedNote  string     `json:"completion_note,omitempty"`
	Modules     []StepData `json:"modules"`
}

// StepData is the person's progress on one module: a quiz's last answer, their reflection.
type StepData struct {
	ModuleID   string     `json:"module_id"`
	Module     string     `json:"module"`
	Kind       string     `json:"kind"`
	Attempts   int        `json:"attempts"`
	Answer     string     `json:"answer,omitempty"`
	Reflection string     `json:"reflection,omitempty"`
	DoneAt     *time.Time `json:"done_at,omitempty"`
}

// HelpedData is a completion an officer recorded on someone else's behalf (the other person
// is not named here: it is their data).
type HelpedData struct {
	ID          string     `json:"id"`
	CourseID    string     `json:"course_id"`
	CompletedAt *time.Time `json:"completed_at,omitempty"`
	How         string     `json:"how"`
}

func (s *Service) exportTraining(ctx context.Context, accountID string) (*TrainingData, error) {
	out := &TrainingData{Enrolments: []EnrolmentData{}, Recorded: []HelpedData{}, Written: []CourseData{}}
	cs, err := coursesBy(ctx, s.DB, accountID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out.Written = append(out.Written, CourseData{ID: c.ID, Title: c.Title.In("en"), Status: c.Status})
	}
	es, err := enrolmentsOf(ctx, s.DB, accountID)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		c, err := courseByID(ctx, s.DB, e.CourseID)
		if err != nil {
			return nil, err
		}
		steps, err := stepsOf(ctx, s.DB, e.ID)
		if err != nil {
			return nil, err
		}
		d := EnrolmentData{ID: e.ID, CourseID: c.ID, Course: c.Title.In("en"), EnrolledAt: e.EnrolledAt, CompletedAt: e.CompletedAt,
			HelpedHow: e.HelpedHow, HelpedNote: e.HelpedNote, Modules: []StepData{}}
		for _, m := range c.Modules {
			st, ok := steps[m.ID]
			if !ok {
				continue
			}
			sd := StepData{ModuleID: m.ID, Module: m.Title.In("en"), Kind: m.Kind, Attempts: st.Attempts, DoneAt: st.DoneAt}
			if m.Kind == course.Reflection {
				sd.Reflection = st.Answer
			} else {
				sd.Answer = st.Answer
			}
			d.Modules = append(d.Modules, sd)
		}
		out.Enrolments = append(out.Enrolments, d)
	}
	hs, err := helpedBy(ctx, s.DB, accountID)
	if err != nil {
		return nil, err
	}
	for _, e := range hs {
		out.Recorded = append(out.Recorded, HelpedData{ID: e.ID, CourseID: e.CourseID, CompletedAt: e.CompletedAt, How: e.HelpedHow})
	}
	return out, nil
}

// trainingTables are what deletion does to training's tables that point at a person.
var trainingTables = map[string]string{
	"knowledge_courses":    "kept: a course belongs to the library, no longer naming who wrote it",
	"knowledge_enrolments": "removed, with the person's progress and reflections; a completion they recorded for someone else stays, no longer naming them",
}

func forgetTrainingHook(ctx context.Context, d *db.DB, accountID string) error {
	return forgetTraining(ctx, d, accountID)
}

// seedTraining has the person (an editor in the seed) write a course, finish it themselves (a
// quiz answered wrong then right, and a reflection) and record the officer's completion of it.
func (s *Service) seedTraining(ctx context.Context, me, officer *actor.Actor) error {
	step := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("knowledge seed training: %s: %w", what, err)
		}
		return nil
	}
	c, err := s.SaveCourse(ctx, me, "", CourseInput{Title: Text{En: "Listening well"}, Summary: Text{En: "Three short steps."}, Minutes: "20"})
	if err := step("course", err); err != nil {
		return err
	}
	q, err := s.AddModule(ctx, me, c.ID, ModuleInput{Kind: course.Quiz, Title: Text{En: "Check"}, Body: Text{En: "Who speaks first?"}, ChoicesEn: "Me\n* Them"})
	if err := step("quiz", err); err != nil {
		return err
	}
	rf, err := s.AddModule(ctx, me, c.ID, ModuleInput{Kind: course.Reflection, Title: Text{En: "Think"}, Body: Text{En: "When were you heard?"}})
	if err := step("reflection", err); err != nil {
		return err
	}
	if err := step("publish", s.SetCoursePublished(ctx, me, c.ID, true)); err != nil {
		return err
	}
	for _, a := range []Answer{{Choice: "0"}, {Choice: strconv.Itoa(1)}} {
		if _, err := s.DoModule(ctx, me, c.ID, q.ID, a); err != nil {
			return step("answer", err)
		}
	}
	if _, err = s.DoModule(ctx, me, c.ID, rf.ID, Answer{Reflection: "At the bus stop, by a stranger."}); err != nil {
		return step("reflect", err)
	}
	acc, err := s.Identity.Account(ctx, officer.ID)
	if err := step("officer's account", err); err != nil {
		return err
	}
	_, err = s.RecordCompletion(ctx, me, c.ID, acc.Email, "in_person", "Came to the session")
	return step("record for the officer", err)
}
