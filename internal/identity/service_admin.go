package identity

import (
	"context"
	"slices"
	"strings"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/secret"
)

func mustAdmin(actor *actor.Actor) error {
	if !actor.Has(RoleAdmin) {
		return errs.E(errs.Forbidden, "error.forbidden")
	}
	return nil
}

// Areas lists areas by name.
func (s *Service) Areas(ctx context.Context, limit, offset int) ([]Area, error) {
	a, err := listAreas(ctx, s.DB, limit, offset)
	return a, s.DB.Err(err, "error.internal")
}

// Area returns one area.
func (s *Service) Area(ctx context.Context, id string) (Area, error) {
	a, err := areaByID(ctx, s.DB, id)
	return a, s.DB.Err(err, "error.not_found")
}

// SaveArea creates (id "") or updates an area.
func (s *Service) SaveArea(ctx context.Context, actor *actor.Actor, id string, in AreaInput) (Area, error) {
	if err := mustAdmin(actor); err != nil {
		return Area{}, err
	}
	districts, err := in.Validate()
	if err != nil {
		return Area{}, err
	}
	a := Area{ID: id, Name: in.Name, Kind: in.Kind, PostcodeDistricts: districts}
	if in.Boundary != "" {
		a.Boundary = []byte(in.Boundary)
	}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		action := "area.update"
		if a.ID == "" {
			a.ID, a.CreatedAt, action = ids.New(), s.DB.Now(ctx), "area.create"
		}
		if err := saveArea(ctx, s.DB, a, action == "area.create"); err != nil {
			if e := s.DB.Err(err, "area.err.name_taken"); errs.Is(e, errs.Conflict) {
				return errs.FieldErrors(map[string]string{"name": "area.err.name_taken"})
			}
			return s.DB.Err(err, "error.not_found")
		}
		return s.record(ctx, actor, action, "area", a.ID, a.Name)
	})
	return a, err
}

// DeleteArea removes an area (organisations in it keep existing, without an area).
func (s *Service) DeleteArea(ctx context.Context, actor *actor.Actor, id string) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		a, err := areaByID(ctx, s.DB, id)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		if err := deleteArea(ctx, s.DB, id); err != nil {
			return err
		}
		return s.record(ctx, actor, "area.delete", "area", id, a.Name)
	})
}

// Organisations lists organisations by name, optionally of one sector.
func (s *Service) Organisations(ctx context.Context, sector string, limit, offset int) ([]Organisation, error) {
	o, err := listOrganisations(ctx, s.DB, sector, limit, offset)
	return o, s.DB.Err(err, "error.internal")
}

// Organisation returns one organisation.
func (s *Service) Organisation(ctx context.Context, id string) (Organisation, error) {
	o, err := orgByID(ctx, s.DB, id)
	return o, s.DB.Err(err, "error.not_found")
}

// Members lists an organisation's members.
func (s *Service) Members(ctx context.Context, orgID string) ([]Member, error) {
	m, err := membersOf(ctx, s.DB, orgID)
	return m, s.DB.Err(err, "error.internal")
}

// SaveOrganisation creates (id "") or updates an organisation.
func (s *Service) SaveOrganisation(ctx context.Context, actor *actor.Actor, id string, in OrganisationInput) (Organisation, error) {
	if err := mustAdmin(actor); err != nil {
		return Organisation{}, err
	}
	if err := in.Validate(); err != nil {
		return Organisation{}, err
	}
	o := Organisation{ID: id, Name: in.Name, Sector: in.Sector, Description: in.Description, Website: in.Website, AreaID: in.AreaID}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if o.AreaID != "" {
			if _, err := areaByID(ctx, s.DB, o.AreaID); err != nil {
				return errs.FieldErrors(map[string]string{"area_id": "org.err.area"})
			}
		}
		action := "organisation.update"
		if o.ID == "" {
			o.ID, o.CreatedAt, action = ids.New(), s.DB.Now(ctx), "organisation.create"
		}
		if err := saveOrg(ctx, s.DB, o, action == "organisation.create"); err != nil {
			if e := s.DB.Err(err, "org.err.name_taken"); errs.Is(e, errs.Conflict) {
				return errs.FieldErrors(map[string]string{"name": "org.err.name_taken"})
			}
			return s.DB.Err(err, "error.not_found")
		}
		return s.record(ctx, actor, action, "organisation", o.ID, o.Name+" ("+o.Sector+")")
	})
	return o, err
}

// DeleteOrganisation removes an organisation and its memberships.
func (s *Service) DeleteOrganisation(ctx context.Context, actor *actor.Actor, id string) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		o, err := orgByID(ctx, s.DB, id)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		if err := deleteOrg(ctx, s.DB, id); err != nil {
			return err
		}
		return s.record(ctx, actor, "organisation.delete", "organisation", id, o.Name)
	})
}

// AddMember adds the account with this email to an organisation and gives it the member role.
func (s *Service) AddMember(ctx context.Context, actor *actor.Actor, orgID, email string) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	email = NormaliseEmail(email)
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		o, err := orgByID(ctx, s.DB, orgID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		a, err := accountByEmail(ctx, s.DB, email)
		if isNoRows(err) {
			return errs.FieldErrors(map[string]string{"email": "org.err.no_account"})
		}
		if err != nil {
			return err
		}
		added, err := addMember(ctx, s.DB, orgID, a.ID, s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if !added {
			return errs.FieldErrors(map[string]string{"email": "org.err.already_member"})
		}
		if _, err := grantRole(ctx, s.DB, a.ID, RoleMember); err != nil {
			return err
		}
		return s.record(ctx, actor, "organisation.member_add", "organisation", orgID, a.Name+" → "+o.Name)
	})
}

// RemoveMember takes a person out of an organisation; the member role goes when they belong to
// none.
func (s *Service) RemoveMember(ctx context.Context, actor *actor.Actor, orgID, accountID string) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := removeMember(ctx, s.DB, orgID, accountID); err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		left, err := membershipCount(ctx, s.DB, accountID)
		if err != nil {
			return err
		}
		if left == 0 {
			if _, err := revokeRole(ctx, s.DB, accountID, RoleMember); err != nil {
				return err
			}
		}
		return s.record(ctx, actor, "organisation.member_remove", "organisation", orgID, accountID)
	})
}

// AccountSummary is a row of the admin's list of people.
type AccountSummary struct {
	ID, Name, Email string
	Roles           []string
	Confirmed       bool
}

// FindAccounts searches accounts by name or email.
func (s *Service) FindAccounts(ctx context.Context, actor *actor.Actor, q string, limit, offset int) ([]AccountSummary, error) {
	if err := mustAdmin(actor); err != nil {
		return nil, err
	}
	q = strings.TrimSpace(q)
	out, err := findAccounts(ctx, s.DB, q, limit, offset)
	if err != nil {
		return nil, errs.Wrap(err, "find accounts")
	}
	for i := range out {
		if out[i].Roles, err = rolesOf(ctx, s.DB, out[i].ID); err != nil {
			return nil, errs.Wrap(err, "roles")
		}
	}
	return out, nil
}

// SetRole grants or revokes a role. An admin cannot take the admin role from themselves, so a
// site always keeps an admin who can put things right.
func (s *Service) SetRole(ctx context.Context, actor *actor.Actor, accountID, role string, grant bool) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	valid := false
	for _, r := range Roles {
		valid = valid || r == role
	}
	if !valid {
		return errs.E(errs.Invalid, "role.err.unknown")
	}
	if !grant && role == RoleAdmin && accountID == actor.ID {
		return errs.E(errs.Conflict, "role.err.self_admin")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		a, err := accountByID(ctx, s.DB, accountID)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		var changed bool
		action := "role.grant"
		if grant {
			changed, err = grantRole(ctx, s.DB, accountID, role)
		} else {
			action = "role.revoke"
			changed, err = revokeRole(ctx, s.DB, accountID, role)
		}
		if err != nil || !changed {
			return err
		}
		return s.record(ctx, actor, action, "account", accountID, role+": "+a.Name)
	})
}

// CreateAPIToken makes a personal API token with the scopes chosen (actor.ScopeRead, ScopeWrite,
// ScopeAdmin); the secret is returned once and stored hashed. Only a person holding an officer,
// moderator or admin role can give a token the admin scope.
func (s *Service) CreateAPIToken(ctx context.Context, accountID, name string, scopes []string) (string, error) {
	name = strings.TrimSpace(name)
	f := map[string]string{}
	if name == "" || len(name) > 100 {
		f["name"] = "token.err.name"
	}
	chosen := map[string]bool{}
	for _, sc := range scopes {
		if !slices.Contains(actor.Scopes, sc) {
			f["scopes"] = "token.err.scopes"
		}
		chosen[sc] = true
	}
	if len(chosen) == 0 {
		f["scopes"] = "token.err.scopes"
	}
	if chosen[actor.ScopeAdmin] {
		a, err := accountByID(ctx, s.DB, accountID)
		if err != nil {
			return "", s.DB.Err(err, "error.not_found")
		}
		if !hasPrivilegedRole(a.Roles) {
			f["scopes"] = "token.err.admin_scope"
		}
	}
	if len(f) > 0 {
		return "", errs.FieldErrors(f)
	}
	var list []string
	for _, sc := range actor.Scopes { // stored in the fixed order
		if chosen[sc] {
			list = append(list, sc)
		}
	}
	plain := "cmn_" + secret.Token()
	err := insertAPIToken(ctx, s.DB, ids.New(), accountID, name, secret.HashToken(plain), s.DB.Now(ctx), list)
	return plain, s.DB.Err(err, "error.internal")
}

// hasPrivilegedRole reports whether roles include one a token needs the admin scope to use.
func hasPrivilegedRole(roles []string) bool {
	for _, r := range roles {
		if r == RoleOfficer || r == RoleModerator || r == RoleAdmin {
			return true
		}
	}
	return false
}

// CanGrantAdminScope reports whether the account holds a role the admin scope would carry.
func (s *Service) CanGrantAdminScope(u *actor.Actor) bool {
	return u != nil && hasPrivilegedRole(u.Roles)
}

// APITokens lists a person's tokens.
func (s *Service) APITokens(ctx context.Context, accountID string) ([]APIToken, error) {
	out, err := apiTokensOf(ctx, s.DB, accountID)
	if err != nil {
		return nil, errs.Wrap(err, "tokens")
	}
	return out, nil
}

// RevokeAPIToken stops a token working.
func (s *Service) RevokeAPIToken(ctx context.Context, accountID, tokenID string) error {
	return s.DB.Err(revokeAPIToken(ctx, s.DB, accountID, tokenID, s.DB.Now(ctx)), "error.not_found")
}

// TokenUser is the person an API token belongs to, acting with the token's scopes: without the
// admin scope only their resident and member roles come along.
func (s *Service) TokenUser(ctx context.Context, plain string) (*actor.Actor, error) {
	hash := secret.HashToken(plain)
	accountID, scopes, err := liveAPIToken(ctx, s.DB, hash)
	if isNoRows(err) {
		return nil, errs.E(errs.Unauthenticated, "error.api_token")
	}
	if err != nil {
		return nil, errs.Wrap(err, "token")
	}
	_ = touchAPIToken(ctx, s.DB, hash, s.DB.Now(ctx))
	u, err := s.User(ctx, accountID)
	if err != nil {
		return nil, err
	}
	u.Tokens = true
	u.Scopes = strings.Fields(scopes)
	if !slices.Contains(u.Scopes, actor.ScopeAdmin) {
		u.Roles = slices.DeleteFunc(u.Roles, func(r string) bool { return r != RoleResident && r != RoleMember })
	}
	return u, nil
}
