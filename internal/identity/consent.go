package identity

import (
	"context"

	"commons/internal/platform/errs"
)

// Names on public pages. A person's name is shown publicly only where they agreed to it, one
// subject at a time (an idea they suggested, a case study they contributed to); everywhere else
// a page shows their role. Capabilities record the choice with ShowName and ask NamesShown which
// of the subjects on a page may carry a name. Subjects are "kind:id", like "budget_idea:ID". The
// table is name_consents; deleting the account deletes its rows, and Export lists them.

// ShowName records (show true) or withdraws an account's agreement to be named with a subject.
// It runs in the caller's transaction when ctx carries one.
func (s *Service) ShowName(ctx context.Context, accountID, subject string, show bool) error {
	if accountID == "" || subject == "" || len(subject) > 200 {
		return errs.E(errs.Invalid, "error.invalid")
	}
	var err error
	if show {
		err = giveNameConsent(ctx, s.DB, accountID, subject, s.DB.Now(ctx))
	} else {
		err = withdrawNameConsent(ctx, s.DB, accountID, subject)
	}
	return s.DB.Err(err, "error.not_found")
}

// NamesShown says, for each subject given, whether the named account agreed to be named with it:
// the key is "ACCOUNT|SUBJECT".
func (s *Service) NamesShown(ctx context.Context, subjects []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(subjects) == 0 {
		return out, nil
	}
	return consentsFor(ctx, s.DB, subjects)
}

// NameConsents lists the subjects an account agreed to be named with, for its data download.
func (s *Service) NameConsents(ctx context.Context, accountID string) ([]string, error) {
	return consentSubjects(ctx, s.DB, accountID)
}

// AccountByEmail finds an account by its email address (any case), for capabilities that name a
// person by email: an officer helping a resident, a reviewer added to a panel.
func (s *Service) AccountByEmail(ctx context.Context, email string) (Account, error) {
	a, err := accountByEmail(ctx, s.DB, NormaliseEmail(email))
	return a, s.DB.Err(err, "error.not_found")
}
