package identity

import (
	"context"
	"time"

	"commons/internal/platform/errs"
)

// Person is what another capability may read of an account: who it is, where its mail goes and
// in which language, and since when it exists. Capabilities read people through People and
// Person rather than naming identity's tables in their SQL.
type Person struct {
	ID        string
	Name      string
	Email     string // "" for the former member
	Language  string // en or cy
	CreatedAt time.Time
}

// Shown is the name pages show for the person: "" for the former member (the one account with
// no address), whom pages call "a former member" in their own words.
func (p Person) Shown() string {
	if p.Email == "" {
		return ""
	}
	return p.Name
}

// People reads the accounts with the given ids, in as few queries as the list needs (never one
// per id), keyed by id; an id with no account is left out. It runs in the context's transaction
// when there is one.
func (s *Service) People(ctx context.Context, ids []string) (map[string]Person, error) {
	return peopleByID(ctx, s.DB, ids)
}

// Person reads one account; an unknown id is not found.
func (s *Service) Person(ctx context.Context, id string) (Person, error) {
	ps, err := peopleByID(ctx, s.DB, []string{id})
	if err != nil {
		return Person{}, err
	}
	p, ok := ps[id]
	if !ok {
		return Person{}, errs.E(errs.NotFound, "error.not_found")
	}
	return p, nil
}

// Affiliation is the organisation an account is shown with: the first of its organisations by
// name.
type Affiliation struct {
	OrganisationID string
	Name           string
	Sector         string
}

// Affiliations reads, for each account given, the first of its organisations by name (accounts in
// no organisation are left out), in as few queries as the list needs.
func (s *Service) Affiliations(ctx context.Context, accountIDs []string) (map[string]Affiliation, error) {
	return affiliationsOf(ctx, s.DB, accountIDs)
}
