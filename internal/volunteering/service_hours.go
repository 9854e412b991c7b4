package volunteering

import (
	"context"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// HoursInput is the form to log hours.
type HoursInput struct {
	OpportunityID string
	Day           string // UK date
	Hours         string
	Minutes       string
	Note          string
	// Parsed by Validate.
	total int
}

// Validate checks the form; hours may not be in the future.
func (in *HoursInput) Validate(today time.Time) error {
	f := map[string]string{}
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.Day), London)
	if err != nil {
		f["day"] = "volunteering.err.date"
	} else if d.After(today) {
		f["day"] = "volunteering.err.future"
	} else {
		in.Day = d.Format("2006-01-02")
	}
	h, m := 0, 0
	if s := strings.TrimSpace(in.Hours); s != "" {
		if h, err = strconv.Atoi(s); err != nil || h < 0 || h > 24 {
			f["hours"] = "volunteering.err.hours"
		}
	}
	if s := strings.TrimSpace(in.Minutes); s != "" {
		if m, err = strconv.Atoi(s); err != nil || m < 0 || m > 59 {
			f["hours"] = "volunteering.err.hours"
		}
	}
	in.total = h*60 + m
	if f["hours"] == "" && (in.total < 1 || in.total > 1440) {
		f["hours"] = "volunteering.err.hours"
	}
	if tooLong(in.Note, 1000) {
		f["note"] = "volunteering.err.too_long"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// LogHours records hours the signed-in person gave to an opportunity; they wait for the
// organisation to confirm them.
func (s *Service) LogHours(ctx context.Context, a *actor.Actor, in HoursInput) (Hours, error) {
	o, err := s.Opportunity(ctx, in.OpportunityID)
	if err != nil {
		return Hours{}, err
	}
	if err := in.Validate(Local(s.DB.Clock().Now())); err != nil {
		return Hours{}, err
	}
	var h Hours
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.me(ctx, a)
		if err != nil {
			return err
		}
		h = Hours{ID: ids.New(), PersonID: p.ID, OrganisationID: o.OrganisationID, OpportunityID: o.ID, Day: in.Day, Minutes: in.total,
			People: 1, Note: strings.TrimSpace(in.Note), Source: "volunteer", Status: "pending", LoggedBy: a.Name, CreatedAt: s.DB.Now(ctx)}
		if _, err := insertHours(ctx, s.DB, h); err != nil {
			return err
		}
		return s.mailCoordinators(ctx, o.OrganisationID, "volunteering.mail.hours_logged", "name", p.Name, "title", o.Title,
			"hours", mailMinutes(h.Minutes),
			"link", s.BaseURL+"/volunteering/organisations/"+o.OrganisationID+"/hours")
	})
	return h, s.DB.Err(err, "volunteering.err.save")
}

// LogHoursFor records hours on someone's behalf (assisted digital). The organisation logs them
// itself, so they count at once; the record says who logged them.
func (s *Service) LogHoursFor(ctx context.Context, a *actor.Actor, in HoursInput, who PersonInput) (Hours, error) {
	o, err := s.Opportunity(ctx, in.OpportunityID)
	if err != nil {
		return Hours{}, err
	}
	if !Coordinates(a, o.OrganisationID) {
		return Hours{}, errForbidden
	}
	if err := in.Validate(Local(s.DB.Clock().Now())); err != nil {
		return Hours{}, err
	}
	var h Hours
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.assistedPerson(ctx, a, who)
		if err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		h = Hours{ID: ids.New(), PersonID: p.ID, AccountID: p.AccountID, OrganisationID: o.OrganisationID, OpportunityID: o.ID, Day: in.Day,
			Minutes: in.total, People: 1, Note: strings.TrimSpace(in.Note), Source: "coordinator", Status: "confirmed", LoggedBy: a.Name,
			Assisted: true, ConfirmedBy: a.Name, ConfirmedAt: &now, CreatedAt: now, OppTitle: o.Title}
		if _, err := insertHours(ctx, s.DB, h); err != nil {
			return err
		}
		return s.credit(ctx, h)
	})
	return h, s.DB.Err(err, "volunteering.err.save")
}

// LogTeamHours records a team day's hours for the whole group (people × minutes), confirmed by
// the coordinator who logs them; they count for the employer's pledge.
func (s *Service) LogTeamHours(ctx context.Context, a *actor.Actor, shiftID, people string) (Hours, error) {
	sh, err := shiftByID(ctx, s.DB, shiftID)
	if err != nil {
		return Hours{}, err
	}
	if !Coordinates(a, sh.OrganisationID) {
		return Hours{}, errForbidden
	}
	n, err := strconv.Atoi(strings.TrimSpace(people))
	if err != nil || n < 1 || n > 1000 {
		return Hours{}, errs.FieldErrors(map[string]string{"people": "volunteering.err.people"})
	}
	var h Hours
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		h = Hours{ID: ids.New(), OrganisationID: sh.OrganisationID, OpportunityID: sh.OpportunityID, RoleID: sh.RoleID, ShiftID: sh.ID,
			PledgeID: sh.PledgeID, Day: Local(sh.StartsAt).Format("2006-01-02"), Minutes: sh.Minutes(), People: n, Note: sh.TeamName,
			Source: "team", Status: "confirmed", LoggedBy: a.Name, ConfirmedBy: a.Name, ConfirmedAt: &now, CreatedAt: now}
		_, err := insertHours(ctx, s.DB, h)
		return err
	})
	return h, s.DB.Err(err, "volunteering.err.save")
}

// CheckInInfo is the shift a check-in code names, and the person's sign-up on it if any.
func (s *Service) CheckInInfo(ctx context.Context, a *actor.Actor, token string) (Shift, *Signup, error) {
	sh, err := shiftByToken(ctx, s.DB, token)
	if err != nil {
		return sh, nil, err
	}
	p, err := personByAccount(ctx, s.DB, a.ID)
	if err != nil {
		if isNoRows(err) {
			return sh, nil, nil
		}
		return sh, nil, errs.Wrap(err, "person")
	}
	g, ok, err := activeSignup(ctx, s.DB, sh.ID, p.ID)
	if err != nil || !ok {
		return sh, nil, err
	}
	return sh, &g, nil
}

// CheckInEarly and CheckInLate bound when a shift's code works.
const (
	CheckInEarly = time.Hour
	CheckInLate  = 2 * time.Hour
)

// CheckIn checks the signed-in person in to the shift a code names (the code shown on the
// coordinator's screen): it records their attendance and the shift's hours, waiting for the
// organisation to confirm them. Scanning twice checks in once.
func (s *Service) CheckIn(ctx context.Context, a *actor.Actor, token string) (Hours, error) {
	var h Hours
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		sh, err := shiftByToken(ctx, s.DB, token)
		if err != nil {
			return err
		}
		now := s.DB.Now(ctx)
		if sh.Cancelled() || now.Before(sh.StartsAt.Add(-CheckInEarly)) || now.After(sh.EndsAt.Add(CheckInLate)) {
			return errs.E(errs.Invalid, "volunteering.err.checkin_time")
		}
		p, err := s.me(ctx, a)
		if err != nil {
			return err
		}
		g, ok, err := activeSignup(ctx, s.DB, sh.ID, p.ID)
		if err != nil {
			return err
		}
		if !ok || g.Status != "confirmed" {
			return errs.E(errs.Invalid, "volunteering.err.not_on_shift")
		}
		h, err = s.attend(ctx, sh, g, "checkin", "pending", a.Name, now)
		return err
	})
	return h, s.DB.Err(err, "volunteering.err.save")
}

// attend marks a sign-up as there and records the shift's hours for it (once).
func (s *Service) attend(ctx context.Context, sh Shift, g Signup, source, status, by string, now time.Time) (Hours, error) {
	if err := markCheckedIn(ctx, s.DB, g.ID, now); err != nil {
		return Hours{}, err
	}
	h := Hours{ID: ids.New(), PersonID: g.PersonID, AccountID: g.AccountID, OrganisationID: sh.OrganisationID, OpportunityID: sh.OpportunityID,
		RoleID: sh.RoleID, ShiftID: sh.ID, PledgeID: sh.PledgeID, Day: Local(sh.StartsAt).Format("2006-01-02"), Minutes: sh.Minutes(),
		People: 1, Source: source, Status: status, LoggedBy: by, CreatedAt: now, OppTitle: sh.OpportunityTtl}
	if status == "confirmed" {
		h.ConfirmedBy, h.ConfirmedAt = by, &now
	}
	added, err := insertHours(ctx, s.DB, h)
	if err != nil || !added {
		existing, qerr := queryHours(ctx, s.DB, `WHERE h.shift_id = $1 AND h.person_id = $2`, sh.ID, g.PersonID)
		if qerr == nil && len(existing) > 0 {
			return existing[0], err
		}
		return h, err
	}
	if status == "confirmed" {
		return h, s.credit(ctx, h)
	}
	return h, nil
}

// Register records who came to a shift from the coordinator's ticked list (a tablet at the
// door): their attendance and hours, confirmed at once because the organisation records them.
func (s *Service) Register(ctx context.Context, a *actor.Actor, shiftID string, present []string) (int, error) {
	sh, err := shiftByID(ctx, s.DB, shiftID)
	if err != nil {
		return 0, err
	}
	if !Coordinates(a, sh.OrganisationID) {
		return 0, errForbidden
	}
	n := 0
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		n = 0
		now := s.DB.Now(ctx)
		gs, err := querySignups(ctx, s.DB, `WHERE g.shift_id = $1 AND g.status = 'confirmed'`, shiftID)
		if err != nil {
			return err
		}
		for _, g := range gs {
			if !contains(present, g.ID) {
				continue
			}
			h, err := s.attend(ctx, sh, g, "register", "confirmed", a.Name, now)
			if err != nil {
				return err
			}
			if h.Status == "pending" { // checked in by code already: the ticked list confirms it
				if _, err := s.confirm(ctx, a, h); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	})
	return n, s.DB.Err(err, "volunteering.err.save")
}

// Confirm confirms pending hours; confirmed hours count, and credit the volunteer's time bank
// once. Confirming twice does nothing the second time.
func (s *Service) Confirm(ctx context.Context, a *actor.Actor, hoursID string, accept bool) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		hs, err := queryHours(ctx, s.DB, `WHERE h.id = $1`, hoursID)
		if err != nil {
			return err
		}
		if len(hs) == 0 {
			return errNotFound
		}
		h := hs[0]
		if !Coordinates(a, h.OrganisationID) {
			return errForbidden
		}
		if !accept {
			_, err := rejectHours(ctx, s.DB, h.ID, a.Name, s.DB.Now(ctx))
			return err
		}
		_, err = s.confirm(ctx, a, h)
		return err
	})
}

func (s *Service) confirm(ctx context.Context, a *actor.Actor, h Hours) (bool, error) {
	now := s.DB.Now(ctx)
	ok, err := confirmHours(ctx, s.DB, h.ID, a.Name, now)
	if err != nil || !ok {
		return false, err
	}
	h.Status, h.ConfirmedBy, h.ConfirmedAt = "confirmed", a.Name, &now
	if err := s.credit(ctx, h); err != nil {
		return false, err
	}
	if h.PersonID != "" {
		p, err := personByID(ctx, s.DB, h.PersonID)
		if err != nil {
			return false, err
		}
		if err := s.mailPerson(ctx, p.AccountID, p.Email, "volunteering.mail.hours_confirmed", nil, "name", p.Name, "title", h.OppTitle,
			"hours", mailMinutes(h.Minutes), "link", s.BaseURL+"/volunteering/me"); err != nil {
			return false, err
		}
	}
	return true, nil
}

// credit pays confirmed hours into the volunteer's time bank, where the organisation takes part
// in one; the time bank credits each ref once, and the hours remember they were credited.
func (s *Service) credit(ctx context.Context, h Hours) error {
	if s.Credit == nil || h.PersonID == "" {
		return nil
	}
	accountID := h.AccountID
	if accountID == "" {
		p, err := personByID(ctx, s.DB, h.PersonID)
		if err != nil {
			return err
		}
		accountID = p.AccountID
	}
	if accountID == "" {
		return nil
	}
	note := h.OppTitle + ", " + h.Day
	ok, err := s.Credit.CreditVolunteering(ctx, h.OrganisationID, accountID, "volunteering/hours/"+h.ID, h.Minutes*h.People, note)
	if err != nil {
		return err
	}
	if ok {
		return markCredited(ctx, s.DB, h.ID)
	}
	return nil
}

// PendingHours lists an organisation's hours waiting for confirmation, then its latest.
func (s *Service) OrgHours(ctx context.Context, a *actor.Actor, orgID string) ([]Hours, error) {
	if !Coordinates(a, orgID) {
		return nil, errForbidden
	}
	hs, err := queryHours(ctx, s.DB, `WHERE h.organisation_id = $1 ORDER BY CASE h.status WHEN 'pending' THEN 0 ELSE 1 END, h.day DESC, h.created_at DESC LIMIT 500`, orgID)
	return hs, errs.Wrap(err, "hours")
}

// Record is a volunteer's record: hours by organisation and cause, the skills of the roles they
// gave time to, and when their checks expire (the kind and date only).
type Record struct {
	Person    Person
	Hours     []Hours
	Confirmed int // minutes
	Pending   int
	ByOrg     []Tally
	ByCause   []Tally
	Skills    Terms
	Checks    []CheckExpiry
	Signups   []Signup
	Apps      []Application
}

// Tally is minutes under a name.
type Tally struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Minutes int    `json:"minutes"`
}

// CheckExpiry is what a volunteer sees of their own check: its kind, organisation and expiry.
type CheckExpiry struct {
	Kind      string `json:"kind"`
	OrgName   string `json:"organisation"`
	ExpiresOn string `json:"expires_on"`
}

// MyRecord is the signed-in person's record.
func (s *Service) MyRecord(ctx context.Context, a *actor.Actor) (Record, error) {
	p, err := s.Me(ctx, a)
	if err != nil {
		return Record{}, err
	}
	return s.record(ctx, p)
}

func (s *Service) record(ctx context.Context, p Person) (Record, error) {
	r := Record{Person: p}
	var err error
	if r.Hours, err = queryHours(ctx, s.DB, `WHERE h.person_id = $1 ORDER BY h.day DESC, h.created_at DESC`, p.ID); err != nil {
		return r, errs.Wrap(err, "hours")
	}
	byOrg, byCause := map[string]int{}, map[string]int{}
	var orgOrder, causeOrder []string
	skills := map[string]bool{}
	for _, h := range r.Hours {
		switch h.Status {
		case "confirmed":
			r.Confirmed += h.Total()
			if _, ok := byOrg[h.OrganisationID]; !ok {
				orgOrder = append(orgOrder, h.OrganisationID)
			}
			byOrg[h.OrganisationID] += h.Total()
			for _, c := range h.Causes {
				if _, ok := byCause[c]; !ok {
					causeOrder = append(causeOrder, c)
				}
				byCause[c] += h.Total()
			}
			if h.RoleID != "" {
				if role, err := roleByID(ctx, s.DB, h.RoleID); err == nil {
					for _, sk := range role.Skills {
						skills[sk] = true
					}
				}
			}
		case "pending":
			r.Pending += h.Total()
		}
	}
	for _, id := range orgOrder {
		org, err := s.Identity.Organisation(ctx, id)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return r, err
		}
		r.ByOrg = append(r.ByOrg, Tally{Key: id, Label: org.Name, Minutes: byOrg[id]})
	}
	for _, c := range causeOrder {
		r.ByCause = append(r.ByCause, Tally{Key: c, Minutes: byCause[c]})
	}
	for _, sk := range Skills {
		if skills[sk] {
			r.Skills = append(r.Skills, sk)
		}
	}
	cs, err := queryChecks(ctx, s.DB, `WHERE c.person_id = $1 ORDER BY c.expires_on`, p.ID)
	if err != nil {
		return r, errs.Wrap(err, "checks")
	}
	for _, c := range cs {
		org, _ := s.Identity.Organisation(ctx, c.OrganisationID)
		r.Checks = append(r.Checks, CheckExpiry{Kind: c.Kind, OrgName: org.Name, ExpiresOn: c.ExpiresOn})
	}
	if r.Signups, err = querySignups(ctx, s.DB, `WHERE g.person_id = $1 AND g.status <> 'cancelled' AND g.shift_id IN
		(SELECT id FROM vol_shifts WHERE ends_at > $2) ORDER BY g.created_at`, p.ID, s.DB.Now(ctx)); err != nil {
		return r, errs.Wrap(err, "signups")
	}
	for i := range r.Signups {
		if sh, err := shiftByID(ctx, s.DB, r.Signups[i].ShiftID); err == nil {
			r.Signups[i].Shift = &sh
		}
	}
	if r.Apps, err = queryApplications(ctx, s.DB, `WHERE a.person_id = $1 ORDER BY a.created_at DESC`, p.ID); err != nil {
		return r, errs.Wrap(err, "applications")
	}
	return r, nil
}
