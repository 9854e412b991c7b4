package volunteering

import (
	"context"
	"strconv"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
	"commons/internal/platform/secret"
)

// ShiftInput is the form that adds one shift or a run of them (a rota).
type ShiftInput struct {
	Date, Start, End string // UK date and times
	Min, Max         string
	Lead             string
	Repeat           string // "", weekly, monthly
	Count            string // how many shifts in the run, 1–52
	TeamName         string
	PledgeID         string
	// Parsed by Validate.
	start, end time.Time
	min, max   int
	count      int
}

// Validate checks the shift form.
func (in *ShiftInput) Validate() error {
	f := map[string]string{}
	day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.Date), London)
	if err != nil {
		f["date"] = "volunteering.err.date"
	}
	st, err1 := time.Parse("15:04", strings.TrimSpace(in.Start))
	en, err2 := time.Parse("15:04", strings.TrimSpace(in.End))
	if err1 != nil {
		f["start"] = "volunteering.err.time"
	}
	if err2 != nil {
		f["end"] = "volunteering.err.time"
	}
	if err == nil && err1 == nil && err2 == nil {
		in.start = time.Date(day.Year(), day.Month(), day.Day(), st.Hour(), st.Minute(), 0, 0, London)
		in.end = time.Date(day.Year(), day.Month(), day.Day(), en.Hour(), en.Minute(), 0, 0, London)
		if !in.end.After(in.start) {
			f["end"] = "volunteering.err.end_before_start"
		}
	}
	in.min, err1 = strconv.Atoi(strings.TrimSpace(in.Min))
	in.max, err2 = strconv.Atoi(strings.TrimSpace(in.Max))
	if err1 != nil || in.min < 0 || in.min > 1000 {
		f["min"] = "volunteering.err.min"
	}
	if err2 != nil || in.max < 1 || in.max > 1000 {
		f["max"] = "volunteering.err.max"
	} else if err1 == nil && in.max < in.min {
		f["max"] = "volunteering.err.max_below_min"
	}
	if tooLong(in.Lead, 200) || tooLong(in.TeamName, 200) {
		f["lead"] = "volunteering.err.too_long"
	}
	in.count = 1
	switch in.Repeat {
	case "", "none":
		in.Repeat = ""
	case "weekly", "monthly":
		n, err := strconv.Atoi(strings.TrimSpace(in.Count))
		if err != nil || n < 1 || n > 52 {
			f["count"] = "volunteering.err.count"
		}
		in.count = n
	default:
		f["repeat"] = "volunteering.err.repeat"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// times are the starts and ends of the run, in UK time (a weekly shift at 10:00 stays at 10:00
// across the clock change).
func (in *ShiftInput) times() [][2]time.Time {
	var out [][2]time.Time
	for i := 0; i < in.count; i++ {
		var a, b time.Time
		switch in.Repeat {
		case "monthly":
			a, b = in.start.AddDate(0, i, 0), in.end.AddDate(0, i, 0)
		default:
			a, b = in.start.AddDate(0, 0, 7*i), in.end.AddDate(0, 0, 7*i)
		}
		out = append(out, [2]time.Time{a.UTC(), b.UTC()})
	}
	return out
}

// AddShifts adds a shift, or a weekly or monthly run of them, to a role.
func (s *Service) AddShifts(ctx context.Context, a *actor.Actor, roleID string, in ShiftInput) ([]Shift, error) {
	role, o, err := s.Role(ctx, roleID)
	if err != nil {
		return nil, err
	}
	if !Coordinates(a, o.OrganisationID) {
		return nil, errForbidden
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out []Shift
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		out = nil
		now := s.DB.Now(ctx)
		if !in.start.After(now) {
			return errs.FieldErrors(map[string]string{"date": "volunteering.err.past"})
		}
		for _, t := range in.times() {
			c, err := nextChange(ctx, s.DB)
			if err != nil {
				return err
			}
			sh := Shift{ID: ids.New(), RoleID: role.ID, OpportunityID: o.ID, StartsAt: t[0], EndsAt: t[1], Min: in.min, Max: in.max,
				LeadName: strings.TrimSpace(in.Lead), TeamName: strings.TrimSpace(in.TeamName), PledgeID: in.PledgeID, Status: "scheduled",
				CheckinToken: secret.Token(), Modified: c, CreatedAt: now, UpdatedAt: now}
			if err := insertShift(ctx, s.DB, sh); err != nil {
				return err
			}
			out = append(out, sh)
		}
		return refreshSlots(ctx, s.DB, o.ID)
	})
	return out, s.DB.Err(err, "volunteering.err.save")
}

// CancelShift calls a shift off; everyone signed up or waiting is told.
func (s *Service) CancelShift(ctx context.Context, a *actor.Actor, shiftID string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := lockShift(ctx, s.DB, shiftID); err != nil {
			return err
		}
		sh, err := shiftByID(ctx, s.DB, shiftID)
		if err != nil {
			return err
		}
		if !Coordinates(a, sh.OrganisationID) {
			return errForbidden
		}
		if sh.Cancelled() {
			return nil
		}
		gs, err := querySignups(ctx, s.DB, `WHERE g.shift_id = $1 AND g.status <> 'cancelled'`, shiftID)
		if err != nil {
			return err
		}
		var used int
		if err := shiftUseCount(ctx, s.DB, shiftID, &used); err != nil {
			return err
		}
		if used == 0 {
			// Nobody ever signed up: the shift is removed, and stays in the sessions feed as deleted.
			if _, err := setShiftGone(ctx, s.DB, shiftID, true); err != nil {
				return err
			}
			if err := touchShift(ctx, s.DB, shiftID); err != nil {
				return err
			}
			return refreshSlots(ctx, s.DB, sh.OpportunityID)
		}
		if _, err := setShiftGone(ctx, s.DB, shiftID, false); err != nil {
			return err
		}
		for _, g := range gs {
			if err := s.mailPerson(ctx, g.AccountID, g.PersonEmail, "volunteering.mail.shift_cancelled", nil,
				"name", g.PersonName, "title", sh.OpportunityTtl, "role", sh.RoleTitle); err != nil {
				return err
			}
		}
		if err := touchShift(ctx, s.DB, shiftID); err != nil {
			return err
		}
		return refreshSlots(ctx, s.DB, sh.OpportunityID)
	})
}

// mailPerson writes to a person in their language (an account's, or English), when they have an
// email address; args after the key fill the subject and body, with when and link added.
func (s *Service) mailPerson(ctx context.Context, accountID, email, key string, sh *Shift, args ...any) error {
	if email == "" {
		return nil // someone signed up by a coordinator without an address: the coordinator tells them
	}
	args = append([]any(nil), args...) // each reader's own copy: it is written in their language
	lang := "en"
	if accountID != "" {
		l, err := s.Identity.Language(ctx, accountID)
		switch {
		case err == nil:
			lang = identity.LanguageOf(l)
		case !errs.Is(err, errs.NotFound):
			return err // a failed read aborts the transaction: let it run again
		}
	}
	if sh != nil {
		args = append(args, "when", s.when(lang, *sh), "link", s.BaseURL+"/volunteering/opportunities/"+sh.OpportunityID)
	}
	tr := func(k string, a ...any) string { return s.T(lang, k, a...) }
	for i, a := range args { // dates, times and lengths written in the reader's language
		switch v := a.(type) {
		case mailDay:
			args[i] = dayText(tr, string(v))
		case mailWhen:
			args[i] = s.when(lang, Shift(v))
		case mailMinutes:
			args[i] = hoursText(tr, int(v))
		}
	}
	return s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{email}, Subject: tr(key+".subject", args...), Text: tr(key+".body", args...)})
}

// Mail arguments written in the reader's language when the mail is written.
type (
	mailDay     string // YYYY-MM-DD
	mailWhen    Shift
	mailMinutes int
)

// dayText is YYYY-MM-DD written out ("26 December 2026").
func dayText(tr func(string, ...any) string, day string) string {
	t, err := time.ParseInLocation("2006-01-02", day, London)
	if err != nil {
		return day
	}
	return strconv.Itoa(t.Day()) + " " + tr("volunteering.month."+strconv.Itoa(int(t.Month()))) + " " + strconv.Itoa(t.Year())
}

// when is a shift's day and times in a language, in UK time.
func (s *Service) when(lang string, sh Shift) string {
	tr := func(k string, a ...any) string { return s.T(lang, k, a...) }
	return dayName(tr, sh.StartsAt) + ", " + Local(sh.StartsAt).Format("15:04") + "–" + Local(sh.EndsAt).Format("15:04")
}

// Apply applies to a role. A role that needs no check and accepts automatically accepts at
// once. Applying twice is one application.
func (s *Service) Apply(ctx context.Context, a *actor.Actor, roleID, message string, ageConfirmed bool) (Application, error) {
	p, err := s.Me(ctx, a)
	if err != nil {
		return Application{}, err
	}
	return s.apply(ctx, nil, p, roleID, message, ageConfirmed, true)
}

// ApplyFor applies to a role on someone's behalf (assisted digital): the coordinator decides at
// once, and the record says who helped.
func (s *Service) ApplyFor(ctx context.Context, a *actor.Actor, roleID string, who PersonInput, ageConfirmed bool) (Application, error) {
	role, o, err := s.Role(ctx, roleID)
	if err != nil {
		return Application{}, err
	}
	if !Coordinates(a, o.OrganisationID) {
		return Application{}, errForbidden
	}
	_ = role
	var app Application
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.assistedPerson(ctx, a, who)
		if err != nil {
			return err
		}
		app, err = s.apply(ctx, a, p, roleID, "", ageConfirmed, true)
		return err
	})
	return app, err
}

// apply makes or renews an application; notify false leaves the person's mail to the caller
// (a sign-up that accepts on the spot says it all in one message).
func (s *Service) apply(ctx context.Context, helper *actor.Actor, p Person, roleID, message string, ageConfirmed, notify bool) (Application, error) {
	role, o, err := s.Role(ctx, roleID)
	if err != nil {
		return Application{}, err
	}
	if !o.Open() {
		return Application{}, errs.E(errs.Invalid, "volunteering.err.closed")
	}
	if tooLong(message, 2000) {
		return Application{}, errs.FieldErrors(map[string]string{"message": "volunteering.err.too_long"})
	}
	if role.MinAge > 0 && !ageConfirmed {
		return Application{}, errs.FieldErrors(map[string]string{"age_confirmed": "volunteering.err.age"})
	}
	var app Application
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		existing, err := queryApplications(ctx, s.DB, `WHERE a.role_id = $1 AND a.person_id = $2`, roleID, p.ID)
		if err != nil {
			return err
		}
		status := "applied"
		decidedBy := ""
		if helper != nil {
			status, decidedBy = "accepted", helper.Name
		} else if role.AutoAccept && role.CheckNeeded == CheckNone {
			status = "accepted"
		}
		if len(existing) > 0 {
			app = existing[0]
			if app.Status == "accepted" || app.Status == "applied" {
				return nil // a second click, or applying again: the same application
			}
			// Withdrawn or declined before: apply afresh.
			_, err := renewApplication(ctx, s.DB, app.ID, status, strings.TrimSpace(message), ageConfirmed, now, decidedBy)
			if err != nil {
				return err
			}
		} else {
			assisted := ""
			if helper != nil {
				assisted = helper.Name
			}
			_, err := insertApplication(ctx, s.DB, ids.New(), roleID, p.ID, status, strings.TrimSpace(message), ageConfirmed, assisted, decidedBy, now)
			if err != nil {
				return err
			}
		}
		if status == "accepted" {
			if _, err := markDecided(ctx, s.DB, roleID, p.ID, now); err != nil {
				return err
			}
		}
		got, err := queryApplications(ctx, s.DB, `WHERE a.role_id = $1 AND a.person_id = $2`, roleID, p.ID)
		if err != nil || len(got) == 0 {
			return errs.Wrap(err, "read application")
		}
		app = got[0]
		key := "volunteering.mail.applied"
		if app.Status == "accepted" {
			key = "volunteering.mail.accepted"
		}
		if !notify {
			return nil
		}
		if err := s.mailPerson(ctx, p.AccountID, p.Email, key, nil, "name", p.Name, "title", o.Title, "role", role.Title,
			"link", s.BaseURL+"/volunteering/opportunities/"+o.ID); err != nil {
			return err
		}
		if app.Status == "applied" {
			return s.mailCoordinators(ctx, o.OrganisationID, "volunteering.mail.new_application", "name", p.Name, "title", o.Title,
				"role", role.Title, "link", s.BaseURL+"/volunteering/opportunities/"+o.ID+"/manage")
		}
		return nil
	})
	return app, err
}

// mailCoordinators writes to every member of an organisation, each in their language.
func (s *Service) mailCoordinators(ctx context.Context, orgID, key string, args ...any) error {
	ms, err := s.Identity.Members(ctx, orgID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := s.mailPerson(ctx, m.AccountID, m.Email, key, nil, args...); err != nil {
			return err
		}
	}
	return nil
}

// Decide accepts or declines an application; the person is told.
func (s *Service) Decide(ctx context.Context, a *actor.Actor, appID string, accept bool) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		apps, err := queryApplications(ctx, s.DB, `WHERE a.id = $1`, appID)
		if err != nil {
			return err
		}
		if len(apps) == 0 {
			return errNotFound
		}
		app := apps[0]
		if !Coordinates(a, app.OrgID) {
			return errForbidden
		}
		status := "declined"
		if accept {
			status = "accepted"
		}
		res, err := decideApplication(ctx, s.DB, appID, status, a.Name, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // decided already: nobody is told twice
		}
		p, err := personByID(ctx, s.DB, app.PersonID)
		if err != nil {
			return err
		}
		return s.mailPerson(ctx, p.AccountID, p.Email, "volunteering.mail."+status, nil, "name", p.Name, "title", app.OppTitle,
			"role", app.RoleTitle, "link", s.BaseURL+"/volunteering/opportunities/"+app.OppID)
	})
}

// SignUp takes a place on a shift for the signed-in person, or a place on its waiting list when
// it is full. The person needs an accepted application to the role (made on the spot for a role
// that accepts automatically) and, when the role needs a check, a valid one with the
// organisation that has not expired by the shift's day. A second click returns the same sign-up.
func (s *Service) SignUp(ctx context.Context, a *actor.Actor, shiftID string) (Signup, error) {
	p, err := s.Me(ctx, a)
	if err != nil {
		return Signup{}, err
	}
	return s.signUp(ctx, nil, p, shiftID)
}

// SignUpFor signs someone up on their behalf (assisted digital), recording who helped.
func (s *Service) SignUpFor(ctx context.Context, a *actor.Actor, shiftID string, who PersonInput) (Signup, error) {
	sh, err := shiftByID(ctx, s.DB, shiftID)
	if err != nil {
		return Signup{}, err
	}
	if !Coordinates(a, sh.OrganisationID) {
		return Signup{}, errForbidden
	}
	var p Person
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err = s.assistedPerson(ctx, a, who)
		return err
	})
	if err != nil {
		return Signup{}, err
	}
	return s.signUp(ctx, a, p, shiftID)
}

var errAlready = errs.E(errs.Conflict, "volunteering.err.already_signed_up")

func (s *Service) signUp(ctx context.Context, helper *actor.Actor, p Person, shiftID string) (Signup, error) {
	var g Signup
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := lockShift(ctx, s.DB, shiftID); err != nil {
			return err
		}
		sh, err := shiftByID(ctx, s.DB, shiftID)
		if err != nil {
			return err
		}
		if existing, ok, err := activeSignup(ctx, s.DB, shiftID, p.ID); err != nil {
			return err
		} else if ok {
			g = existing
			return nil
		}
		now := s.DB.Now(ctx)
		if sh.Cancelled() || !sh.StartsAt.After(now) {
			return errs.E(errs.Invalid, "volunteering.err.shift_closed")
		}
		role, o, err := s.Role(ctx, sh.RoleID)
		if err != nil {
			return err
		}
		if !o.Open() {
			return errs.E(errs.Invalid, "volunteering.err.closed")
		}
		apps, err := queryApplications(ctx, s.DB, `WHERE a.role_id = $1 AND a.person_id = $2`, role.ID, p.ID)
		if err != nil {
			return err
		}
		accepted := len(apps) > 0 && apps[0].Status == "accepted"
		if !accepted {
			if helper == nil && role.AutoAccept && role.CheckNeeded == CheckNone && role.MinAge == 0 {
				if _, err := s.apply(ctx, nil, p, role.ID, "", false, false); err != nil {
					return err
				}
			} else if helper != nil && role.MinAge == 0 {
				if _, err := s.apply(ctx, helper, p, role.ID, "", false, false); err != nil {
					return err
				}
			} else {
				return errs.E(errs.Invalid, "volunteering.err.not_accepted")
			}
		}
		ok, err := validCheckFor(ctx, s.DB, o.OrganisationID, p.ID, role.CheckNeeded, Local(sh.StartsAt).Format("2006-01-02"))
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Invalid, "volunteering.err.check_missing")
		}
		took, err := takePlace(ctx, s.DB, shiftID)
		if err != nil {
			return err
		}
		g = Signup{ID: ids.New(), ShiftID: shiftID, PersonID: p.ID, PersonName: p.Name, PersonEmail: p.Email, AccountID: p.AccountID,
			Status: "waiting", CreatedAt: now}
		if took {
			g.Status = "confirmed"
		}
		if helper != nil {
			g.AssistedBy = helper.Name
		}
		if err := insertSignup(ctx, s.DB, g, secret.HashToken(secret.Token())); err != nil {
			if s.DB.Dialect().Classify(err) == db.ClassUnique {
				return errAlready
			}
			return err
		}
		if err := touchShift(ctx, s.DB, shiftID); err != nil {
			return err
		}
		sh.Taken += b2i(took)
		key := "volunteering.mail.signed_up"
		if !took {
			key = "volunteering.mail.waiting"
		}
		if err := s.mailPerson(ctx, p.AccountID, p.Email, key, &sh, "name", p.Name, "title", o.Title, "role", role.Title); err != nil {
			return err
		}
		db.AfterCommit(ctx, s.wake)
		return nil
	})
	if errs.Is(err, errs.Conflict) && err == errAlready {
		// Two submits raced on PostgreSQL: the other one's sign-up is the one.
		existing, ok, rerr := activeSignup(ctx, s.DB, shiftID, p.ID)
		if rerr == nil && ok {
			return existing, nil
		}
	}
	return g, err
}

func (s *Service) wake() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// CancelSignup gives up a sign-up: the signed-in person's own, or any on the organisation's
// shifts for a coordinator.
func (s *Service) CancelSignup(ctx context.Context, a *actor.Actor, signupID string) error {
	gs, err := querySignups(ctx, s.DB, `WHERE g.id = $1`, signupID)
	if err != nil {
		return err
	}
	if len(gs) == 0 {
		return errNotFound
	}
	sh, err := shiftByID(ctx, s.DB, gs[0].ShiftID)
	if err != nil {
		return err
	}
	if gs[0].AccountID != a.ID && !Coordinates(a, sh.OrganisationID) {
		return errForbidden
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		return s.cancel(ctx, sh.ID, `id = $1`, signupID)
	})
}

// CantMakeIt is the sign-up a reminder's "I can't make it" link belongs to.
func (s *Service) CantMakeIt(ctx context.Context, token string) (Signup, error) {
	gs, err := querySignups(ctx, s.DB, `WHERE g.cant_hash = $1 AND g.status <> 'cancelled'`, secret.HashToken(token))
	if err != nil {
		return Signup{}, err
	}
	if len(gs) == 0 {
		return Signup{}, errs.E(errs.NotFound, "volunteering.cant.unknown")
	}
	sh, err := shiftByID(ctx, s.DB, gs[0].ShiftID)
	if err != nil {
		return Signup{}, err
	}
	gs[0].Shift = &sh
	return gs[0], nil
}

// CancelByLink gives up the place a reminder's link names. It needs no sign-in: the link is the
// proof. The place goes to the first person waiting, who is told.
func (s *Service) CancelByLink(ctx context.Context, token string) error {
	g, err := s.CantMakeIt(ctx, token)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		return s.cancel(ctx, g.ShiftID, `cant_hash = $1`, secret.HashToken(token))
	})
}

// cancel cancels the one active sign-up of a shift matching cond (on $1), freeing its place
// for the first person waiting. Conditional on its status, so two clicks cancel once.
func (s *Service) cancel(ctx context.Context, shiftID, cond string, arg any) error {
	if err := lockShift(ctx, s.DB, shiftID); err != nil {
		return err
	}
	var id, was string
	err := activeSignupWhere(ctx, s.DB, cond, arg, &id, &was)
	if err != nil {
		return s.DB.Err(err, "volunteering.cant.unknown")
	}
	res, err := cancelSignupRow(ctx, s.DB, id, was, s.DB.Now(ctx))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.NotFound, "volunteering.cant.unknown")
	}
	if was == "confirmed" {
		if err := freePlace(ctx, s.DB, shiftID); err != nil {
			return err
		}
		if err := s.promote(ctx, shiftID); err != nil {
			return err
		}
	}
	return touchShift(ctx, s.DB, shiftID)
}

// promote gives free places to the people waiting longest, and tells them.
func (s *Service) promote(ctx context.Context, shiftID string) error {
	sh, err := shiftByID(ctx, s.DB, shiftID)
	if err != nil {
		return err
	}
	if sh.Cancelled() || !sh.StartsAt.After(s.DB.Now(ctx)) {
		return nil
	}
	waiting, err := querySignups(ctx, s.DB, `WHERE g.shift_id = $1 AND g.status = 'waiting' ORDER BY g.created_at, g.id`, shiftID)
	if err != nil {
		return err
	}
	for _, w := range waiting {
		took, err := takePlace(ctx, s.DB, shiftID)
		if err != nil || !took {
			return err
		}
		if _, err := confirmWaiting(ctx, s.DB, w.ID); err != nil {
			return err
		}
		sh.Taken++
		if err := s.mailPerson(ctx, w.AccountID, w.PersonEmail, "volunteering.mail.promoted", &sh, "name", w.PersonName,
			"title", sh.OpportunityTtl, "role", sh.RoleTitle); err != nil {
			return err
		}
	}
	db.AfterCommit(ctx, s.wake)
	return nil
}

// Rota is a role's or an opportunity's coming shifts with who is on each, for coordinators.
type RotaShift struct {
	Shift
	Signups []Signup
}

// Rota lists an opportunity's coming shifts (and the last week's) with their sign-ups.
func (s *Service) Rota(ctx context.Context, a *actor.Actor, o Opportunity) ([]RotaShift, error) {
	if !Coordinates(a, o.OrganisationID) {
		return nil, errForbidden
	}
	ss, err := queryShifts(ctx, s.DB, `WHERE s.opportunity_id = $1 AND s.deleted = 0 AND s.ends_at > $2 ORDER BY s.starts_at, s.id`,
		o.ID, s.DB.Now(ctx).AddDate(0, 0, -7))
	if err != nil {
		return nil, errs.Wrap(err, "rota")
	}
	out := make([]RotaShift, len(ss))
	for i, sh := range ss {
		out[i].Shift = sh
		if out[i].Signups, err = querySignups(ctx, s.DB, `WHERE g.shift_id = $1 AND g.status <> 'cancelled' ORDER BY g.status, g.created_at`, sh.ID); err != nil {
			return nil, errs.Wrap(err, "rota")
		}
	}
	return out, nil
}

// Gaps lists the coming shifts of an organisation (all of a coordinator's, with orgID "") that
// have fewer volunteers than their minimum, soonest first.
func (s *Service) Gaps(ctx context.Context, a *actor.Actor, orgID string) ([]Shift, error) {
	if !Coordinates(a, orgID) {
		return nil, errForbidden
	}
	ss, err := queryShifts(ctx, s.DB, `WHERE o.organisation_id = $1 AND s.deleted = 0 AND s.status = 'scheduled' AND s.starts_at > $2
		AND s.taken < s.min_volunteers ORDER BY s.starts_at, s.id LIMIT 200`, orgID, s.DB.Now(ctx))
	return ss, errs.Wrap(err, "gaps")
}

// Applications lists an opportunity's applications waiting for a decision, then the rest.
func (s *Service) Applications(ctx context.Context, a *actor.Actor, o Opportunity) ([]Application, error) {
	if !Coordinates(a, o.OrganisationID) {
		return nil, errForbidden
	}
	apps, err := queryApplications(ctx, s.DB, `WHERE o.id = $1 ORDER BY CASE a.status WHEN 'applied' THEN 0 ELSE 1 END, a.created_at`, o.ID)
	return apps, errs.Wrap(err, "applications")
}

// fillShowing fills what the opportunity page shows a person: each role's coming shifts, their
// application to each role and their sign-ups.
func (s *Service) fillShowing(ctx context.Context, a *actor.Actor, o *Opportunity, shifts map[string][]Shift, mine map[string]string, signups map[string]Signup) error {
	ss, err := queryShifts(ctx, s.DB, `WHERE s.opportunity_id = $1 AND s.deleted = 0 AND s.starts_at > $2 ORDER BY s.starts_at, s.id LIMIT 500`,
		o.ID, s.DB.Now(ctx))
	if err != nil {
		return errs.Wrap(err, "shifts")
	}
	for _, sh := range ss {
		if len(shifts[sh.RoleID]) < 30 {
			shifts[sh.RoleID] = append(shifts[sh.RoleID], sh)
		}
	}
	if !a.SignedIn() {
		return nil
	}
	p, err := personByAccount(ctx, s.DB, a.ID)
	if db.IsNoRows(err) {
		return nil
	} else if err != nil {
		return errs.Wrap(err, "person")
	}
	apps, err := queryApplications(ctx, s.DB, `WHERE o.id = $1 AND a.person_id = $2`, o.ID, p.ID)
	if err != nil {
		return errs.Wrap(err, "applications")
	}
	for _, ap := range apps {
		mine[ap.RoleID] = ap.Status
	}
	gs, err := querySignups(ctx, s.DB, `WHERE g.person_id = $1 AND g.status <> 'cancelled' AND g.shift_id IN (SELECT id FROM vol_shifts WHERE opportunity_id = $2)`, p.ID, o.ID)
	if err != nil {
		return errs.Wrap(err, "signups")
	}
	for _, g := range gs {
		signups[g.ShiftID] = g
	}
	return nil
}
