package coproduction

// A project's progress and learning: resources, outcomes and measurements, reflections, publishing.

import (
	"commons/internal/platform/actor"
	"context"
	"slices"
	"strings"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// ResourcesInput is the one short form for resources, as typed.
type ResourcesInput struct {
	BudgetPlanned, BudgetSpent, StaffPlanned, StaffSpent, VolunteerPlanned, VolunteerSpent string
	Recognition                                                                            []string
}

// SaveResources records the budget and hours planned and spent and how residents' time is
// recognised.
func (s *Service) SaveResources(ctx context.Context, actor *actor.Actor, projectID string, in ResourcesInput) error {
	f := map[string]string{}
	money := func(field, v string) int64 {
		if strings.TrimSpace(v) == "" {
			return 0
		}
		p, ok := progress.ParsePence(v)
		if !ok {
			f[field] = "coproduction.err.money"
		}
		return p
	}
	hours := func(field, v string) int {
		if strings.TrimSpace(v) == "" {
			return 0
		}
		m, ok := progress.ParseMinutes(v)
		if !ok {
			f[field] = "coproduction.err.hours"
		}
		return m
	}
	bp, bs := money("budget_planned", in.BudgetPlanned), money("budget_spent", in.BudgetSpent)
	sp, ss := hours("staff_planned", in.StaffPlanned), hours("staff_spent", in.StaffSpent)
	vp, vs := hours("volunteer_planned", in.VolunteerPlanned), hours("volunteer_spent", in.VolunteerSpent)
	var rec []string
	for _, r := range progress.Recognitions {
		if slices.Contains(in.Recognition, r) {
			rec = append(rec, r)
		}
	}
	for _, r := range in.Recognition {
		if !progress.In(r, progress.Recognitions) {
			f["recognition"] = "coproduction.err.recognition"
		}
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manage(ctx, actor, projectID); err != nil {
			return err
		}
		err := updateResources(ctx, s.DB, bp, bs, sp, ss, vp, vs, strings.Join(rec, ","), s.DB.Now(ctx), projectID)
		return err
	})
}

// OutcomeInput is a new outcome and its indicator, as typed.
type OutcomeInput struct{ Name, Indicator, Unit, Baseline, Target, Direction string }

// AddOutcome names an outcome with its indicator.
func (s *Service) AddOutcome(ctx context.Context, actor *actor.Actor, projectID string, in OutcomeInput) error {
	f := map[string]string{}
	in.Name = text(f, "outcome_name", in.Name, true, 200, "coproduction.err.outcome_name")
	in.Indicator = text(f, "indicator", in.Indicator, true, 500, "coproduction.err.indicator")
	in.Unit = text(f, "unit", in.Unit, false, 50, "coproduction.err.unit")
	base, ok := progress.ParseNumber(in.Baseline)
	if !ok {
		f["baseline"] = "coproduction.err.number"
	}
	target, ok := progress.ParseNumber(in.Target)
	if !ok {
		f["target"] = "coproduction.err.number"
	}
	if in.Direction != progress.Up && in.Direction != progress.Down {
		f["direction"] = "coproduction.err.direction"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manage(ctx, actor, projectID); err != nil {
			return err
		}
		if err := insertOutcome(ctx, s.DB, ids.New(), projectID, in.Name, in.Indicator, in.Unit, base, target, in.Direction, s.DB.Now(ctx)); err != nil {
			return err
		}
		return s.touch(ctx, projectID)
	})
}

// MeasurementInput is one measurement, as typed.
type MeasurementInput struct{ OutcomeID, MeasuredOn, Value, Note string }

// AddMeasurement records an indicator's value on a date; anyone taking part may.
func (s *Service) AddMeasurement(ctx context.Context, actor *actor.Actor, projectID string, in MeasurementInput) error {
	_, err := s.RecordMeasurement(ctx, actor, projectID, in)
	return err
}

// RecordMeasurement is AddMeasurement, returning the measurement.
func (s *Service) RecordMeasurement(ctx context.Context, actor *actor.Actor, projectID string, in MeasurementInput) (Measurement, error) {
	f := map[string]string{}
	if !ids.Valid(in.OutcomeID) {
		f["outcome_id"] = "coproduction.err.outcome"
	}
	on, ok := progress.ParseDate(in.MeasuredOn)
	if !ok {
		f["measured_on"] = "coproduction.err.date"
	}
	v, ok := progress.ParseNumber(in.Value)
	if !ok {
		f["value"] = "coproduction.err.number"
	}
	in.Note = text(f, "measurement_note", in.Note, false, 1000, "coproduction.err.note")
	if len(f) > 0 {
		return Measurement{}, errs.FieldErrors(f)
	}
	m := Measurement{ID: ids.New(), OutcomeID: in.OutcomeID, MeasuredOn: on.Format("2006-01-02"), Value: v, Note: in.Note}
	return m, s.DB.WithTx(ctx, func(ctx context.Context) error {
		m.CreatedAt = s.DB.Now(ctx)
		if _, err := s.contribute(ctx, actor, projectID); err != nil {
			return err
		}
		if n, err := queryOutcomeCount(ctx, s.DB, in.OutcomeID, projectID); err != nil {
			return err
		} else if n == 0 {
			return errs.FieldErrors(map[string]string{"outcome_id": "coproduction.err.outcome"})
		}
		if err := insertMeasurement(ctx, s.DB, m.ID, m.OutcomeID, m.MeasuredOn, m.Value, m.Note, actor.ID, m.CreatedAt); err != nil {
			return err
		}
		return s.touch(ctx, projectID)
	})
}

// ReflectionInput is one entry of the learning log; Named: its author agrees to be named with
// it on public pages.
type ReflectionInput struct {
	Perspective, Worked, DidNot, Change string
	Named                               bool
}

// AddReflection writes to a project's learning log; anyone taking part may.
func (s *Service) AddReflection(ctx context.Context, actor *actor.Actor, projectID string, in ReflectionInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.contribute(ctx, actor, projectID); err != nil {
			return err
		}
		rid := ids.New()
		if err := insertReflection(ctx, s.DB, rid, projectID, actor.ID, actor.Name, boolInt(in.Named), in.Perspective, in.Worked, in.DidNot, in.Change, s.DB.Now(ctx)); err != nil {
			return err
		}
		return s.consent(ctx, actor.ID, "coproduction_reflection:"+rid, in.Named)
	})
}

func (in *ReflectionInput) validate() error {
	f := map[string]string{}
	if !slices.Contains(Perspectives, in.Perspective) {
		f["perspective"] = "coproduction.err.perspective"
	}
	in.Worked = text(f, "worked", in.Worked, false, 5000, "coproduction.err.reflection")
	in.DidNot = text(f, "did_not", in.DidNot, false, 5000, "coproduction.err.reflection")
	in.Change = text(f, "change", in.Change, false, 5000, "coproduction.err.reflection")
	if in.Worked == "" && in.DidNot == "" && in.Change == "" {
		f["worked"] = "coproduction.err.reflection_missing"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// Reflections searches the learning logs of every project actor may see.
func (s *Service) Reflections(ctx context.Context, actor *actor.Actor, query string) ([]Reflection, error) {
	ps, err := visibleProjects(ctx, s.DB, userID(actor), isOfficer(actor))
	if err != nil {
		return nil, err
	}
	visible := map[string]bool{}
	for _, p := range ps {
		visible[p.ID] = true
	}
	rs, err := reflections(ctx, s.DB, "", strings.TrimSpace(query), visible)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		if !rs[i].Named && !isOfficer(actor) && (actor == nil || actor.ID != rs[i].AuthorID) {
			rs[i].AuthorName = ""
		}
	}
	return rs, nil
}

// Publish sets whether the public sees the project.
func (s *Service) Publish(ctx context.Context, actor *actor.Actor, projectID string, published bool) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.manage(ctx, actor, projectID); err != nil {
			return err
		}
		err := setPublished(ctx, s.DB, boolInt(published), s.DB.Now(ctx), projectID)
		return err
	})
}

// CaseStudyInput is a case study as typed: its text in either or both languages, whether to
// publish it (or keep it a draft), and whether its writer agrees to be credited by name.
type CaseStudyInput struct {
	Text, TextCy string
	Publish      bool
	Named        bool
}

// SaveCaseStudy keeps a project's case study: as a draft at any stage, even before it has any
// text; published once the project is closed and the text is written.
func (s *Service) SaveCaseStudy(ctx context.Context, actor *actor.Actor, projectID string, in CaseStudyInput) error {
	f := map[string]string{}
	t := bothText(f, "case_study", in.Text, in.TextCy, in.Publish, 20000, "coproduction.err.case_study")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.manage(ctx, actor, projectID)
		if err != nil {
			return err
		}
		if in.Publish && p.Stage != "closed" {
			return errs.FieldErrors(map[string]string{"case_study": "coproduction.err.case_study_closed"})
		}
		t = sameLang(t, p.Title.Lang)
		state := "draft"
		if in.Publish {
			state = "published"
		}
		if err := saveCaseStudy(ctx, s.DB, t.Main, t.Alt, state, actor.ID, boolInt(in.Named), s.DB.Now(ctx), projectID); err != nil {
			return err
		}
		if p.CaseStudyByID != "" && p.CaseStudyByID != actor.ID {
			if err := s.consent(ctx, p.CaseStudyByID, "coproduction_case_study:"+projectID, false); err != nil {
				return err
			}
		}
		if err := s.consent(ctx, actor.ID, "coproduction_case_study:"+projectID, in.Named); err != nil {
			return err
		}
		if in.Publish && p.CaseStudyState != "published" {
			return s.tellParticipants(ctx, actor, projectID, "coproduction.mail.case_study", "")
		}
		return nil
	})
}

// SetParticipantNamed records whether a person taking part may be named on public pages: they
// may say so themselves; the lead and officers record it for them.
func (s *Service) SetParticipantNamed(ctx context.Context, actor *actor.Actor, projectID, participantID string, named bool) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := projectByID(ctx, s.DB, projectID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		manage, _, err := s.access(ctx, actor, p)
		if err != nil {
			return err
		}
		accountID, err := queryParticipantAccount(ctx, s.DB, participantID, projectID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		if !manage && (accountID == "" || actor == nil || accountID != actor.ID) {
			return errForbidden
		}
		if err = setParticipantNamed(ctx, s.DB, boolInt(named), participantID); err != nil {
			return err
		}
		return s.consent(ctx, accountID, "coproduction_participant:"+participantID, named)
	})
}
