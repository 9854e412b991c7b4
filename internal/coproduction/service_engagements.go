package coproduction

import (
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"context"
	"strings"

	"commons/internal/coproduction/progress"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Engagements lists every assessed engagement activity; officers and admins only.
func (s *Service) Engagements(ctx context.Context, actor *actor.Actor) ([]Engagement, error) {
	if !isOfficer(actor) {
		return nil, errForbidden
	}
	return listEngagements(ctx, s.DB)
}

// Engagement returns one engagement activity.
func (s *Service) Engagement(ctx context.Context, actor *actor.Actor, id string) (Engagement, error) {
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
func (s *Service) CreateEngagement(ctx context.Context, actor *actor.Actor, in EngagementInput) (string, error) {
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
		err := insertEngagement(ctx, s.DB, id, in.Title, db.NullString(in.ProjectID), in.Phase, on.Format("2006-01-02"), actor.ID, s.DB.Now(ctx))
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
func (s *Service) AssessEngagement(ctx context.Context, actor *actor.Actor, id string, in map[string]StandardInput) error {
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
		if n, err := queryEngagementCount(ctx, s.DB, id); err != nil {
			return err
		} else if n == 0 {
			return errNotFound
		}
		for _, r := range rows {
			if err := saveStandardScore(ctx, s.DB, id, r.std, r.score, r.evidence); err != nil {
				return err
			}
		}
		return nil
	})
}
