package coproduction

// Choosing suitable projects: the council's criteria, the suitability check, the decision, and the stages.

import (
	"commons/internal/platform/actor"
	"context"
	"strconv"
	"strings"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Criteria lists the suitability criteria (only the active ones unless all).
func (s *Service) Criteria(ctx context.Context, all bool) ([]Criterion, error) {
	return criteria(ctx, s.DB, !all)
}

// CriterionInput is what the criteria form sends.
type CriterionInput struct {
	Name, NameCy, Description, DescriptionCy, Weight string
	Active                                           bool
}

// SaveCriterion adds (id "") or changes a suitability criterion; officers and admins only.
func (s *Service) SaveCriterion(ctx context.Context, actor *actor.Actor, id string, in CriterionInput) error {
	if !isOfficer(actor) {
		return errForbidden
	}
	f := map[string]string{}
	name := bothText(f, "name", in.Name, in.NameCy, true, 200, "coproduction.err.criterion_name")
	desc := sameLang(bothText(f, "description", in.Description, in.DescriptionCy, false, 2000, "coproduction.err.description"), name.Lang)
	w, err := strconv.Atoi(strings.TrimSpace(in.Weight))
	if err != nil || w < 1 || w > 5 {
		f["weight"] = "coproduction.err.weight"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	create := id == ""
	if create {
		id = ids.New()
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if create {
			err = insertCriterion(ctx, s.DB, id, name.Lang, name.Main, name.Alt, desc.Main, desc.Alt, w, s.DB.Now(ctx))
		} else {
			var n int64
			n, err = updateCriterion(ctx, s.DB, name.Lang, name.Main, name.Alt, desc.Main, desc.Alt, w, boolInt(in.Active), id)
			if err == nil && n == 0 {
				return errNotFound
			}
		}
		if err != nil {
			if e := s.DB.Err(err, "coproduction.err.criterion_taken"); errs.Is(e, errs.Conflict) {
				return errs.FieldErrors(map[string]string{"name": "coproduction.err.criterion_taken"})
			}
			return err
		}
		return s.record(ctx, actor, "coproduction.criterion.save", "coproduction_criterion", id, name.String())
	})
}

// Scores is a project's suitability check against the active criteria.
func (s *Service) Scores(ctx context.Context, projectID string) ([]Score, error) {
	cs, err := criteria(ctx, s.DB, true)
	if err != nil {
		return nil, err
	}
	have, err := scoresOf(ctx, s.DB, projectID)
	if err != nil {
		return nil, err
	}
	out := make([]Score, 0, len(cs))
	for _, c := range cs {
		sc := have[c.ID]
		sc.CriterionID, sc.Name, sc.Description, sc.Weight = c.ID, c.Name, c.Description, c.Weight
		out = append(out, sc)
	}
	return out, nil
}

// ScoreInput is one criterion's score as typed.
type ScoreInput struct{ Score, Note string }

// Assess records the suitability check (officers and admins: the governance group) and moves a
// proposed project to assessed. Every active criterion must be scored 0–3.
func (s *Service) Assess(ctx context.Context, actor *actor.Actor, projectID string, in map[string]ScoreInput) (int, error) {
	if !isOfficer(actor) {
		return 0, errForbidden
	}
	var pct int
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := projectByID(ctx, s.DB, projectID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		cs, err := criteria(ctx, s.DB, true)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return errs.E(errs.Invalid, "coproduction.err.no_criteria")
		}
		f := map[string]string{}
		var scored []progress.Scored
		now := s.DB.Now(ctx)
		for _, c := range cs {
			v := in[c.ID]
			n, err := strconv.Atoi(strings.TrimSpace(v.Score))
			if err != nil || n < 0 || n > progress.MaxCriterionScore {
				f["score-"+c.ID] = "coproduction.err.score"
				continue
			}
			note := text(f, "note-"+c.ID, v.Note, false, 2000, "coproduction.err.note")
			scored = append(scored, progress.Scored{Weight: c.Weight, Score: n})
			if err := saveScore(ctx, s.DB, projectID, c.ID, n, note, actor.ID, now); err != nil {
				return err
			}
		}
		if len(f) > 0 {
			return errs.FieldErrors(f)
		}
		pct = progress.Suitability(scored)
		if err := setSuitability(ctx, s.DB, pct, now, projectID); err != nil {
			return err
		}
		if p.Stage == "proposed" {
			if err := s.setStage(ctx, actor, p, "assessed", p.Level, ""); err != nil {
				return err
			}
		}
		return s.record(ctx, actor, "coproduction.project.assess", "coproduction_project", projectID, strconv.Itoa(pct)+"%")
	})
	return pct, err
}

// Decide records the governance decision with its reasons; the check must have been done.
func (s *Service) Decide(ctx context.Context, actor *actor.Actor, projectID, decision, reasons string) error {
	if !isOfficer(actor) {
		return errForbidden
	}
	f := map[string]string{}
	if !progress.In(decision, progress.Decisions) {
		f["decision"] = "coproduction.err.decision"
	}
	reasons = text(f, "reasons", reasons, true, 5000, "coproduction.err.reasons")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := projectByID(ctx, s.DB, projectID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		if p.Suitability == nil {
			return errs.FieldErrors(map[string]string{"decision": "coproduction.err.not_assessed"})
		}
		now := s.DB.Now(ctx)
		if err := setDecision(ctx, s.DB, decision, reasons, now, projectID); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.project.decide", "coproduction_project", projectID, decision)
	})
}

func (s *Service) setStage(ctx context.Context, actor *actor.Actor, p Project, stage, level, note string) error {
	now := s.DB.Now(ctx)
	if err := setStageLevel(ctx, s.DB, stage, level, now, p.ID); err != nil {
		return err
	}
	return insertStage(ctx, s.DB, ids.New(), p.ID, stage, level, note, actor.ID, now)
}

// MoveStage moves a project to a stage at a level of the IAP2 spectrum. Co-design, delivery and
// review need a "go" decision; a project can be closed at any time.
func (s *Service) MoveStage(ctx context.Context, actor *actor.Actor, projectID, stage, level, note string) error {
	f := map[string]string{}
	if !progress.In(stage, progress.Stages) {
		f["stage"] = "coproduction.err.stage"
	}
	if !progress.In(level, progress.Levels) {
		f["level"] = "coproduction.err.level"
	}
	note = text(f, "stage_note", note, false, 2000, "coproduction.err.note")
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.manage(ctx, actor, projectID)
		if err != nil {
			return err
		}
		if i := progress.StageIndex(stage); i > progress.StageIndex("assessed") && stage != "closed" && p.Decision != "go" {
			return errs.FieldErrors(map[string]string{"stage": "coproduction.err.needs_go"})
		}
		if stage == "assessed" && p.Suitability == nil {
			return errs.FieldErrors(map[string]string{"stage": "coproduction.err.not_assessed"})
		}
		if err := s.setStage(ctx, actor, p, stage, level, note); err != nil {
			return err
		}
		return s.tellParticipants(ctx, actor, p.ID, "coproduction.mail.stage", stage)
	})
}
