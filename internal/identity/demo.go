package identity

import (
	"context"

	"commons/internal/platform/ids"
)

// DemoPassword is the password of every demo account (the README lists them).
const DemoPassword = "commons-demo"

// DemoAccount is one of the demo borough's people.
type DemoAccount struct{ Name, Email, Role, Org string }

// DemoAccounts are the demo sign-ins, one per role.
var DemoAccounts = []DemoAccount{
	{"Ada Admin", "admin@aberhaven.example", RoleAdmin, ""},
	{"Owen Officer", "officer@aberhaven.example", RoleOfficer, "Aberhaven Borough Council"},
	{"Mair Moderator", "moderator@aberhaven.example", RoleModerator, ""},
	{"Gwen Member", "member@aberhaven.example", RoleMember, "Nant Village Hall Committee"},
	{"Rhys Resident", "resident@aberhaven.example", RoleResident, ""},
}

var demoWards = []struct{ name, districts string }{
	{"Castle", "AH1"}, {"Harbourside", "AH1 AH2"}, {"Nant", "AH3"}, {"Pen-y-bryn", "AH4"},
	{"Riverside", "AH2"}, {"St Teilo's", "AH5"}, {"Trefelin", "AH6"}, {"Upper Valley", "AH7 AH8"},
	{"Waunfawr", "AH9"}, {"Y Rhos", "AH10"}, {"Station", "AH11"}, {"Greenfields", "AH12"},
}

var demoOrgs = []struct{ name, sector, ward, desc string }{
	{"Aberhaven Borough Council", "public", "", "The local authority for the borough."},
	{"Aberhaven Health Board Community Team", "public", "", "Community health and wellbeing services."},
	{"Nant Village Hall Committee", "vcf", "Nant", "Runs the village hall: lunch club, youth club and hire for local groups."},
	{"Harbourside Food Bank", "vcf", "Harbourside", "Emergency food parcels and advice, run by volunteers."},
	{"St Teilo's Church", "vcf", "St Teilo's", "Parish church with a community café on Tuesdays."},
	{"Aberhaven Credit Union", "vcf", "", "Savings and fair loans for people who live or work in the borough."},
	{"Valley Builders Ltd", "private", "Upper Valley", "Local building firm that supports apprenticeships."},
	{"Harbour Café", "private", "Harbourside", "Independent café that hosts pop-up advice sessions."},
	{"Friends of Greenfields Park", "resident", "Greenfields", "Residents looking after the park: litter picks, planting and events."},
	{"Y Rhos Tenants' Association", "resident", "Y Rhos", "Tenants speaking up together about homes and the estate."},
}

// LoadDemo fills an empty database with the fictional borough of Aberhaven. It does nothing when
// the demo admin already exists, so it can run at every start.
func (s *Service) LoadDemo(ctx context.Context) (loaded bool, err error) {
	if _, err := accountByEmail(ctx, s.DB, DemoAccounts[0].Email); err == nil {
		return false, nil
	} else if !isNoRows(err) {
		return false, err
	}
	hash, err := s.HashPassword(DemoPassword)
	if err != nil {
		return false, err
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		wardIDs := map[string]string{}
		for _, w := range demoWards {
			districts, _ := ParseDistricts(w.districts)
			a := Area{ID: ids.New(), Name: w.name, Kind: "ward", PostcodeDistricts: districts, CreatedAt: now}
			if err := saveArea(ctx, s.DB, a, true); err != nil {
				return err
			}
			wardIDs[w.name] = a.ID
		}
		orgIDs := map[string]string{}
		for _, o := range demoOrgs {
			org := Organisation{ID: ids.New(), Name: o.name, Sector: o.sector, Description: o.desc, AreaID: wardIDs[o.ward], CreatedAt: now}
			if err := saveOrg(ctx, s.DB, org, true); err != nil {
				return err
			}
			orgIDs[o.name] = org.ID
		}
		for _, d := range DemoAccounts {
			a := Account{ID: ids.New(), Name: d.Name, Email: d.Email, password: hash, Confirmed: &now, CreatedAt: now}
			if err := insertAccount(ctx, s.DB, a); err != nil {
				return err
			}
			for _, role := range []string{RoleResident, d.Role} {
				if _, err := grantRole(ctx, s.DB, a.ID, role); err != nil {
					return err
				}
			}
			if d.Org != "" {
				if err := insertMember(ctx, s.DB, orgIDs[d.Org], a.ID, now); err != nil {
					return err
				}
				if _, err := grantRole(ctx, s.DB, a.ID, RoleMember); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return err == nil, err
}
