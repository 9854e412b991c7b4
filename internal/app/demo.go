package app

import "context"

// LoadDemo loads every capability's part of the fictional demo borough (once).
func (s *Server) LoadDemo(ctx context.Context) error {
	loaded, err := s.Identity.LoadDemo(ctx)
	if err != nil {
		return err
	}
	for _, load := range []func(context.Context) error{s.budgetingDemo, s.assetsDemo, s.coproductionDemo, s.eventsDemo, s.networkDemo} {
		if err := load(ctx); err != nil {
			return err
		}
	}
	if loaded {
		s.Log.Info("loaded the demo borough of Aberhaven; the README lists its sign-ins")
	}
	return nil
}
