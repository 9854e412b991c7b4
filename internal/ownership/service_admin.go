package ownership

import (
	"context"
	"strconv"
	"strings"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// Settings are the council's choices for its casework.
type Settings struct {
	TeamEmail string // the community rights mailbox
	// Authority: "local" (a local authority: Scottish requests are reviewed by councillors,
	// s.86) or "other" (another relevant authority: appeals go to the Scottish Ministers, s.85).
	Authority                             string
	EOIMonths, AssessmentMonths, Complete int // community asset transfer targets
}

// SettingsOf reads the settings.
func (s *Service) SettingsOf(ctx context.Context) (Settings, error) {
	var st Settings
	var err error
	if st.TeamEmail, err = getSetting(ctx, s.DB, "team_email"); err != nil {
		return st, errs.Wrap(err, "settings")
	}
	if st.Authority, err = getSetting(ctx, s.DB, "atr_authority"); err != nil {
		return st, errs.Wrap(err, "settings")
	}
	if st.Authority == "" {
		st.Authority = "local"
	}
	rules := s.policyRules(ctx)
	st.EOIMonths, st.AssessmentMonths, st.Complete = rules[0].Length, rules[1].Length, rules[2].Length
	return st, nil
}

// SettingsInput is the settings form.
type SettingsInput struct {
	TeamEmail, Authority, EOIMonths, AssessmentMonths, Complete string
}

// SaveSettings stores the settings: officers only.
func (s *Service) SaveSettings(ctx context.Context, a *actor.Actor, in SettingsInput) error {
	if !IsOfficer(a) {
		return errForbidden
	}
	f := map[string]string{}
	team := strings.TrimSpace(in.TeamEmail)
	if team != "" && !validEmail(team) {
		f["team_email"] = "ownership.err.email"
	}
	if in.Authority != "local" && in.Authority != "other" {
		f["authority"] = "ownership.err.authority"
	}
	months := map[string]string{"cat_eoi_months": in.EOIMonths, "cat_assessment_months": in.AssessmentMonths, "cat_completion_months": in.Complete}
	for key, v := range months {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 1 || n > 60 {
			f[strings.TrimPrefix(key, "cat_")] = "ownership.err.months"
		}
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := putSetting(ctx, s.DB, "team_email", team); err != nil {
			return err
		}
		if err := putSetting(ctx, s.DB, "atr_authority", in.Authority); err != nil {
			return err
		}
		for key, v := range months {
			if err := putSetting(ctx, s.DB, key, strings.TrimSpace(v)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Criteria lists the council's community asset transfer criteria.
func (s *Service) Criteria(ctx context.Context) ([]Criterion, error) {
	c, err := queryCriteria(ctx, s.DB, false)
	return c, errs.Wrap(err, "criteria")
}

// CriterionInput is the criterion form.
type CriterionInput struct {
	ID, Name, NameCy, Weight, Position string
	Active                             bool
}

// SaveCriterion adds or changes a criterion: officers only.
func (s *Service) SaveCriterion(ctx context.Context, a *actor.Actor, in CriterionInput) error {
	if !IsOfficer(a) {
		return errForbidden
	}
	f := map[string]string{}
	c := Criterion{ID: in.ID, Name: strings.TrimSpace(in.Name), NameCy: strings.TrimSpace(in.NameCy), Active: in.Active}
	if c.Name == "" || tooLong(c.Name, 200) || tooLong(c.NameCy, 200) {
		f["criterion_name"] = "ownership.err.criterion_name"
	}
	var err error
	if c.Weight, err = strconv.Atoi(strings.TrimSpace(in.Weight)); err != nil || c.Weight < 1 || c.Weight > 10 {
		f["weight"] = "ownership.err.weight"
	}
	c.Position, _ = strconv.Atoi(strings.TrimSpace(in.Position))
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return errs.Wrap(saveCriterion(ctx, s.DB, c), "save criterion")
}

// LandRegister lists Scotland's register of land the authority owns or leases.
func (s *Service) LandRegister(ctx context.Context) ([]Land, error) {
	l, err := queryLand(ctx, s.DB, `ORDER BY name, id`)
	return l, errs.Wrap(err, "land")
}

// LandInput is the land register form.
type LandInput struct {
	ID, AssetID, Name, Description, Address, Postcode, UPRN, Boundary, Lat, Lng, Tenure string
}

// SaveLand adds or changes an entry of the register of land: officers only. An entry may come
// from the asset map, taking its name, address and point.
func (s *Service) SaveLand(ctx context.Context, a *actor.Actor, in LandInput) (Land, error) {
	if !IsOfficer(a) {
		return Land{}, errForbidden
	}
	l := Land{ID: in.ID, AssetID: strings.TrimSpace(in.AssetID), Name: strings.TrimSpace(in.Name), Description: strings.TrimSpace(in.Description),
		Address: strings.TrimSpace(in.Address), Postcode: strings.ToUpper(strings.TrimSpace(in.Postcode)), UPRN: strings.TrimSpace(in.UPRN),
		Tenure: in.Tenure}
	if l.AssetID != "" && s.Places != nil {
		p, err := s.Places.Place(ctx, l.AssetID)
		if err != nil {
			return l, errs.FieldErrors(map[string]string{"asset_id": "ownership.err.asset"})
		}
		c := Case{Name: l.Name, Address: l.Address, Postcode: l.Postcode, UPRN: l.UPRN}
		fillFromPlace(&c, p)
		l.Name, l.Address, l.Postcode, l.UPRN, l.Lat, l.Lng, l.Boundary = c.Name, c.Address, c.Postcode, c.UPRN, c.Lat, c.Lng, c.Boundary
	}
	// The same checks as a case's land: reuse the case form's rules.
	probe := CaseInput{Kind: KindACV, AssetID: l.AssetID, Name: l.Name, Address: l.Address, Postcode: l.Postcode, UPRN: l.UPRN,
		Boundary: in.Boundary, Lat: in.Lat, Lng: in.Lng, Reasons: "-", Group: Group{Name: "-", Type: GroupCharity, Connection: "-"},
		ContactName: "-", ContactEmail: "a@b.example", Confirm: true}
	f := map[string]string{}
	if err := probe.Validate(false); err != nil {
		for k, v := range errs.As(err).Fields {
			f[k] = v
		}
	}
	if l.Tenure != "owned" && l.Tenure != "leased" {
		f["tenure"] = "ownership.err.tenure"
	}
	if len(f) > 0 {
		return l, errs.FieldErrors(f)
	}
	if b := strings.TrimSpace(in.Boundary); b != "" {
		g, _ := ParseBoundary(b)
		raw, _ := g.MarshalJSON()
		l.Boundary = string(raw)
	}
	if in.Lat != "" {
		la, _ := strconv.ParseFloat(in.Lat, 64)
		lo, _ := strconv.ParseFloat(in.Lng, 64)
		l.Lat, l.Lng = &la, &lo
	}
	return l, errs.Wrap(saveLand(ctx, s.DB, &l), "save land")
}

// DeleteLand removes an entry: officers only.
func (s *Service) DeleteLand(ctx context.Context, a *actor.Actor, id string) error {
	if !IsOfficer(a) {
		return errForbidden
	}
	found, err := deleteLand(ctx, s.DB, id)
	if err != nil {
		return errs.Wrap(err, "delete land")
	}
	if !found { // never "deleted" for an entry that is not there
		return errNotFound
	}
	return nil
}
