package volunteering

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/audit"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// CheckInput is the form a coordinator records a check with.
type CheckInput struct {
	Person        PersonInput
	Kind          string
	Workforce     string
	Reference     string
	IssuedOn      string
	ExpiresOn     string
	UpdateService bool
}

// Validate checks the form.
func (in *CheckInput) Validate() error {
	f := map[string]string{}
	if !slices.Contains(RecordedCheckKinds, in.Kind) {
		f["kind"] = "volunteering.err.check_kind"
	}
	if !slices.Contains(Workforces, in.Workforce) {
		f["workforce"] = "volunteering.err.workforce"
	}
	in.Reference = strings.TrimSpace(in.Reference)
	if in.Reference == "" || tooLong(in.Reference, 40) {
		f["reference"] = "volunteering.err.reference"
	}
	iss, err1 := time.Parse("2006-01-02", strings.TrimSpace(in.IssuedOn))
	exp, err2 := time.Parse("2006-01-02", strings.TrimSpace(in.ExpiresOn))
	if err1 != nil {
		f["issued_on"] = "volunteering.err.date"
	}
	if err2 != nil {
		f["expires_on"] = "volunteering.err.date"
	} else if err1 == nil && !exp.After(iss) {
		f["expires_on"] = "volunteering.err.expiry_before_issue"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	in.IssuedOn, in.ExpiresOn = iss.Format("2006-01-02"), exp.Format("2006-01-02")
	return nil
}

// RecordCheck records a volunteer's check for an organisation. Only the organisation's own
// coordinators may; the audit log keeps who recorded it (not its details).
func (s *Service) RecordCheck(ctx context.Context, a *actor.Actor, orgID string, in CheckInput) (Check, error) {
	if !SeesChecks(a, orgID) {
		return Check{}, errForbidden
	}
	if err := in.Validate(); err != nil {
		return Check{}, err
	}
	var c Check
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.assistedPerson(ctx, a, in.Person)
		if err != nil {
			return err
		}
		c = Check{ID: ids.New(), OrganisationID: orgID, PersonID: p.ID, PersonName: p.Name, Kind: in.Kind, Workforce: in.Workforce,
			Reference: in.Reference, IssuedOn: in.IssuedOn, ExpiresOn: in.ExpiresOn, UpdateService: in.UpdateService,
			RecordedBy: a.Name, RecordedAt: s.DB.Now(ctx)}
		if _, err := insertCheck(ctx, s.DB, c); err != nil {
			return err
		}
		return audit.Record(ctx, s.DB, audit.Entry{ActorID: a.ID, ActorName: a.Name, Action: "volunteering.check.recorded",
			TargetType: "volunteering_person", TargetID: p.ID, Detail: orgID})
	})
	return c, s.DB.Err(err, "volunteering.err.save")
}

// DeleteCheck removes a check record.
func (s *Service) DeleteCheck(ctx context.Context, a *actor.Actor, orgID, checkID string) error {
	if !SeesChecks(a, orgID) {
		return errForbidden
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		res, err := deleteCheck(ctx, s.DB, checkID, orgID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound
		}
		return audit.Record(ctx, s.DB, audit.Entry{ActorID: a.ID, ActorName: a.Name, Action: "volunteering.check.deleted",
			TargetType: "volunteering_check", TargetID: checkID, Detail: orgID})
	})
}

// Checks lists an organisation's check records, soonest expiry first; only its coordinators.
func (s *Service) Checks(ctx context.Context, a *actor.Actor, orgID string) ([]Check, error) {
	if !SeesChecks(a, orgID) {
		return nil, errForbidden
	}
	cs, err := queryChecks(ctx, s.DB, `WHERE c.organisation_id = $1 ORDER BY c.expires_on, p.name`, orgID)
	return cs, errs.Wrap(err, "checks")
}

// Settings are an organisation's volunteering settings.
type Settings struct {
	RetentionDays int
}

// Settings returns an organisation's settings (the defaults when none were saved).
func (s *Service) Settings(ctx context.Context, orgID string) (Settings, error) {
	st := Settings{RetentionDays: 180}
	err := retentionOf(ctx, s.DB, orgID, &st.RetentionDays)
	if err != nil && !isNoRows(err) {
		return st, errs.Wrap(err, "settings")
	}
	return st, nil
}

// SaveSettings saves how long check records are kept after they expire.
func (s *Service) SaveSettings(ctx context.Context, a *actor.Actor, orgID, retention string) error {
	if !SeesChecks(a, orgID) {
		return errForbidden
	}
	n, err := strconv.Atoi(strings.TrimSpace(retention))
	if err != nil || n < 0 || n > 3650 {
		return errs.FieldErrors(map[string]string{"retention": "volunteering.err.retention"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		_, err := saveRetention(ctx, s.DB, orgID, n, s.DB.Now(ctx))
		return err
	})
}
