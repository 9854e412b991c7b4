package volunteering

import "context"

// LoadDemo loads the demo borough's volunteering (see demo_data.go).
func (s *Service) LoadDemo(ctx context.Context) error { return s.loadDemo(ctx) }
