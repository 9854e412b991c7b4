package app

import (
	"context"
	"fmt"
)

// LoadDemo loads every capability's part of the fictional demo borough (once).
func (s *Server) LoadDemo(ctx context.Context) error {
	loaded, err := s.Identity.LoadDemo(ctx)
	if err != nil {
		return err
	}
	for _, b := range s.caps {
		if b.Demo == nil {
			continue
		}
		if err := b.Demo(ctx); err != nil {
			return fmt.Errorf("%s: %w", b.Name, err)
		}
	}
	if loaded {
		s.Log.Info("loaded the demo borough of Aberhaven; the README lists its sign-ins")
	}
	return nil
}
