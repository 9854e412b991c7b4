package volunteering

import (
	"context"
	"fmt"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/capability"
	"commons/internal/platform/errs"
)

// FormerMember is the name records keep where a deleted account's person acted for others (a
// coordinator who decided an application, confirmed hours or led a shift).
const FormerMember = actor.FormerName

// accountTables says, for each of volunteering's tables that holds a person, what deleting their
// account does to its rows.
var accountTables = map[string]string{
	"vol_people":        "removed: the person's record, with their name, address and phone",
	"vol_applications":  "removed; where they decided or helped with someone else's, kept naming a former member",
	"vol_signups":       "removed (a confirmed place is freed for whoever waits); where they helped someone sign up, kept naming a former member",
	"vol_checks":        "removed; where they recorded someone else's check, kept naming a former member",
	"vol_hours":         "kept only as anonymous numbers in the organisations' totals; hours they logged or confirmed for others name a former member",
	"vol_opportunities": "kept: an opportunity they posted stays with its organisation, no longer naming who posted it",
	"vol_shifts":        "kept with their opportunity; where they were named as the shift's lead, a former member",
	"vol_pledges":       "kept with the organisation that pledged, naming a former member as who made it",
}

// accountHooks let the data download and account deletion reach volunteering.
func (s *Service) accountHooks() *capability.AccountHooks {
	return &capability.AccountHooks{Export: s.Export, Delete: s.DeleteAccount, Tables: accountTables, Seed: s.seedAccount}
}

// Export is everything volunteering holds about an account, for the data download: the person
// record, applications, sign-ups and hours, and the checks organisations recorded (the person
// is entitled to their own data, so the download has them, though no page or feed shows them),
// and the opportunities they posted for their organisations.
func (s *Service) Export(ctx context.Context, accountID string) (any, error) {
	posted, err := postedBy(ctx, s.DB, accountID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	p, err := personByAccount(ctx, s.DB, accountID)
	if isNoRows(err) {
		if len(posted) == 0 {
			return nil, nil
		}
		return map[string]any{"opportunities_posted": posted}, nil
	}
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	apps, err := queryApplications(ctx, s.DB, `WHERE a.person_id = $1 ORDER BY a.created_at`, p.ID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	gs, err := querySignups(ctx, s.DB, `WHERE g.person_id = $1 ORDER BY g.created_at`, p.ID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	hs, err := queryHours(ctx, s.DB, `WHERE h.person_id = $1 ORDER BY h.day`, p.ID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	cs, err := queryChecks(ctx, s.DB, `WHERE c.person_id = $1 ORDER BY c.expires_on`, p.ID)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	return map[string]any{"person": p, "applications": apps, "signups": gs, "hours": hs, "checks": cs,
		"opportunities_posted": posted}, nil
}

// DeleteAccount runs inside the account deletion's transaction: the person's checks,
// applications and sign-ups are deleted (a confirmed place is freed for the waiting list), and
// their hours stay only as anonymous numbers in the organisations' totals. Where they acted for
// others (as a coordinator or a helper), the records stay and name a former member.
func (s *Service) DeleteAccount(ctx context.Context, accountID string) error {
	acc, err := s.Identity.Account(ctx, accountID)
	if err != nil {
		return err
	}
	if err := forgetActor(ctx, s.DB, acc.Name, FormerMember); err != nil {
		return err
	}
	p, err := personByAccount(ctx, s.DB, accountID)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	gs, err := querySignups(ctx, s.DB, `WHERE g.person_id = $1 AND g.status <> 'cancelled'`, p.ID)
	if err != nil {
		return err
	}
	for _, g := range gs {
		if err := s.cancel(ctx, g.ShiftID, `id = $1`, g.ID); err != nil {
			return err
		}
	}
	if p.Name != acc.Name {
		if err := forgetActor(ctx, s.DB, p.Name, FormerMember); err != nil {
			return err
		}
	}
	return forgetPerson(ctx, s.DB, p.ID)
}

// seedAccount makes, for the account deletion test, one of everything volunteering can hold
// about a person, through the service as they would: as their organisation's coordinator an
// opportunity with a shift they lead, a check they recorded, a pledge, an application they
// decided, hours they confirmed and someone they helped apply; as a volunteer an application,
// a sign-up and hours of their own.
func (s *Service) seedAccount(ctx context.Context, p capability.SeedPeople) error {
	me, err := s.Identity.User(ctx, p.Person)
	if err != nil {
		return err
	}
	off, err := s.Identity.User(ctx, p.Officer)
	if err != nil {
		return err
	}
	step := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("volunteering seed: %s: %w", what, err)
		}
		return nil
	}
	o, err := s.CreateOpportunity(ctx, me, OpportunityInput{OrganisationID: p.Organisation, Title: "Community fridge rota",
		Description: "Sort and shelve donations.", Kind: Regular, Causes: []string{"AntiPoverty"}, Where: "address", Venue: "Nant Hall",
		Postcode: "AH3 1AA", Role: RoleInput{Title: "Fridge helper", CheckNeeded: CheckNone}})
	if err := step("post an opportunity", err); err != nil {
		return err
	}
	if len(o.Roles) == 0 {
		return step("post an opportunity", fmt.Errorf("no role"))
	}
	roleID := o.Roles[0].ID
	now := Local(s.DB.Now(ctx))
	day := now.AddDate(0, 0, 10).Format(time.DateOnly)
	shifts, err := s.AddShifts(ctx, me, roleID, ShiftInput{Date: day, Start: "10:00", End: "13:00", Min: "1", Max: "5", Lead: me.Name})
	if err := step("add a shift", err); err != nil {
		return err
	}
	mine, err := s.Apply(ctx, me, roleID, "I have a food hygiene certificate.", true)
	if err := step("apply", err); err != nil {
		return err
	}
	theirs, err := s.Apply(ctx, off, roleID, "Weekends suit me.", true)
	if err := step("officer applies", err); err != nil {
		return err
	}
	if err := step("decide", s.Decide(ctx, me, theirs.ID, true)); err != nil {
		return err
	}
	if mine.Status != "accepted" {
		if err := step("officer decides", s.Decide(ctx, off, mine.ID, true)); err != nil {
			return err
		}
	}
	if _, err := s.SignUp(ctx, me, shifts[0].ID); err != nil {
		return step("sign up", err)
	}
	if _, err := s.ApplyFor(ctx, me, roleID, PersonInput{Name: "Wendy Walker", Phone: "01234 000002"}, true); err != nil {
		return step("apply for someone", err)
	}
	yesterday := now.AddDate(0, 0, -1).Format(time.DateOnly)
	if _, err := s.LogHours(ctx, me, HoursInput{OpportunityID: o.ID, Day: yesterday, Hours: "2", Note: "Sorted the Tuesday delivery"}); err != nil {
		return step("log hours", err)
	}
	h, err := s.LogHours(ctx, off, HoursInput{OpportunityID: o.ID, Day: yesterday, Hours: "1"})
	if err := step("officer logs hours", err); err != nil {
		return err
	}
	if err := step("confirm hours", s.Confirm(ctx, me, h.ID, true)); err != nil {
		return err
	}
	self, err := s.Me(ctx, me)
	if err := step("person", err); err != nil {
		return err
	}
	if _, err := s.RecordCheck(ctx, me, p.Organisation, CheckInput{Person: PersonInput{PersonID: self.ID}, Kind: RecordedCheckKinds[0],
		Reference: "001234567890", IssuedOn: now.AddDate(-1, 0, 0).Format(time.DateOnly), ExpiresOn: now.AddDate(2, 0, 0).Format(time.DateOnly)}); err != nil {
		return step("record a check", err)
	}
	_, err = s.CreatePledge(ctx, me, PledgeInput{OrganisationID: p.Organisation, People: "4", Days: "1", Causes: []string{"AntiPoverty"}})
	return step("pledge", err)
}
