package knowledge

import (
	"context"
	"errors"

	"commons/internal/platform/errs"
)

// loadDemoCasesFromWork drafts case studies from the demo's finished work – the closed
// co-production project and the delivered PB project – as the demo officer would, and publishes
// them, so the demo's case studies show real outcomes charted. It runs after every other
// capability's demo (knowledge is last in the list) and only once: work a case was already
// drafted from is left alone.
func (s *Service) loadDemoCasesFromWork(ctx context.Context) error {
	acc, err := s.Identity.AccountByEmail(ctx, "officer@aberhaven.example")
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	officer, err := s.Identity.User(ctx, acc.ID)
	if err != nil {
		return err
	}
	choices, err := s.CaseSourceList(ctx, officer, "en")
	if err != nil {
		return err
	}
	done := map[string]bool{}
	for _, c := range choices {
		if c.CaseID != "" || done[c.Capability] || (c.Capability != "coproduction" && c.Capability != "budgeting") {
			continue
		}
		done[c.Capability] = true
		cs, err := s.DraftCaseFrom(ctx, officer, c.Key(), "en")
		if err != nil {
			return errors.Join(errors.New("demo case from "+c.Key()), err)
		}
		if err := s.SetCasePublished(ctx, officer, cs.ID, true); err != nil {
			return err
		}
	}
	return nil
}
