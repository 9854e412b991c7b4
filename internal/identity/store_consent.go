package identity

import (
	"context"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/db"
)

// giveNameConsent records an account's agreement to be named with a subject (once).
func giveNameConsent(ctx context.Context, d *db.DB, accountID, subject string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO name_consents (account_id, subject, given_at) VALUES ($1, $2, $3)
			ON CONFLICT (account_id, subject) DO NOTHING`, accountID, subject, at)
	return err
}

// withdrawNameConsent removes an account's agreement to be named with a subject.
func withdrawNameConsent(ctx context.Context, d *db.DB, accountID, subject string) error {
	_, err := d.Exec(ctx, `DELETE FROM name_consents WHERE account_id = $1 AND subject = $2`, accountID, subject)
	return err
}

// consentsFor are the "ACCOUNT|SUBJECT" pairs agreed for any of the subjects.
func consentsFor(ctx context.Context, d *db.DB, subjects []string) (map[string]bool, error) {
	out := map[string]bool{}
	args := make([]any, len(subjects))
	marks := make([]string, len(subjects))
	for i, sub := range subjects {
		args[i] = sub
		marks[i] = "$" + strconv.Itoa(i+1)
	}
	err := db.Each(ctx, d, func(r db.Scanner) error {
		var a, sub string
		err := r.Scan(&a, &sub)
		out[a+"|"+sub] = true
		return err
	}, `SELECT account_id, subject FROM name_consents WHERE subject IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// consentSubjects are the subjects an account agreed to be named with, in order.
func consentSubjects(ctx context.Context, d *db.DB, accountID string) ([]string, error) {
	return orEmpty(db.Strings(ctx, d, `SELECT subject FROM name_consents WHERE account_id = $1 ORDER BY subject`, accountID))
}
