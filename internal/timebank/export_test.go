package timebank

import "commons/internal/platform/capability"

// Hooks gives the tests the account hooks the composition root passes to identity.
func (s *Service) Hooks() *capability.AccountHooks { return s.accountHooks() }
