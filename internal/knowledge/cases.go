package knowledge

import "context"

// Case is a case study (filled in by the cases slice).
type Case struct {
	ID    string
	Title Text
}

// CasesUsing lists published cases that used a method.
func (s *Service) CasesUsing(ctx context.Context, methodID string) ([]Case, error) { return nil, nil }
