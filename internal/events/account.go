package events

import (
	"context"
	"fmt"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/capability"
)

// accountHooks are events' part of a person's data download and account deletion. Events know
// people who register by the address they registered with, signed in or not, so what is theirs
// is what was registered with their account's address.
func accountHooks(s *Service, id *identity.Service) *capability.AccountHooks {
	return &capability.AccountHooks{
		Export: func(ctx context.Context, accountID string) (any, error) {
			a, err := id.Account(ctx, accountID)
			if err != nil {
				return nil, err
			}
			return exportAccount(ctx, s.DB, accountID, a.Email)
		},
		Delete: func(ctx context.Context, accountID string) error {
			a, err := id.Account(ctx, accountID)
			if err != nil {
				return err
			}
			return s.forgetAccount(ctx, a.Email)
		},
		Tables: map[string]string{
			"events":                      "kept: an event they organised stays, no longer naming who set it up",
			"event_registrations":         "by their address: a place at an event still to come is given up (and offered to whoever waits); every registration keeps only what the event's figures need (sector, area, attendance), without name, address, organisation or needs",
			"event_registration_sessions": "given up with the place, for events still to come",
			"event_invitations":           "by their address: removed",
		},
		Seed: func(ctx context.Context, p capability.SeedPeople) error {
			me, err := id.User(ctx, p.Person)
			if err != nil {
				return err
			}
			step := func(what string, err error) error {
				if err != nil {
					return fmt.Errorf("events seed: %s: %w", what, err)
				}
				return nil
			}
			day := s.DB.Now(ctx).In(London).AddDate(0, 0, 14).Format(time.DateOnly)
			e, err := s.Save(ctx, me, "en", "", EventInput{Title: "Warm spaces pop-up day", Description: "Come along.", OrganisationID: p.Organisation,
				Venue: "Nant Village Hall", Address: "1 High Street", StartDate: day, StartTime: "10:00", EndDate: day, EndTime: "15:00", Capacity: "1"})
			if err := step("organise", err); err != nil {
				return err
			}
			if _, _, err := s.Invite(ctx, me, "en", e.ID, me.Email); err != nil {
				return step("invite", err)
			}
			if _, err := s.Register(ctx, "en", e.ID, RegistrationInput{Name: me.Name, Email: me.Email, OrganisationName: "Nant Hall",
				Sector: "vcf", AreaID: p.Area, AccessNeeds: "Step-free entrance", DietaryNeeds: "Vegetarian"}); err != nil {
				return step("register", err)
			}
			// Someone waits for their place, and gets it when their account goes.
			_, err = s.Register(ctx, "en", e.ID, RegistrationInput{Name: "Waiting Wendy", Email: "wendy@example.org", Sector: "resident"})
			return step("waitlist", err)
		},
	}
}

// forgetAccount is events' part of deleting an account, in the deletion's transaction: places
// at events still to come are given up (a confirmed place goes to whoever waits, who is told),
// then every registration with the address is anonymised and invitations to it removed.
func (s *Service) forgetAccount(ctx context.Context, email string) error {
	regs, evs, statuses, err := upcomingPlaces(ctx, s.DB, email)
	if err != nil {
		return err
	}
	for i, reg := range regs {
		e, err := s.lockEvent(ctx, evs[i])
		if err != nil {
			return err
		}
		if err := cancelRegistration(ctx, s.DB, reg, s.DB.Now(ctx)); err != nil {
			return err
		}
		if statuses[i] != Confirmed {
			// A place in the queue holds nothing; its session choices queue no longer.
			if err := deleteSessionChoices(ctx, s.DB, reg); err != nil {
				return err
			}
			continue
		}
		freed, err := s.release(ctx, e.ID, reg)
		if err != nil {
			return err
		}
		if err := deleteSessionChoices(ctx, s.DB, reg); err != nil {
			return err
		}
		// The session places first, to the people at the event waiting for them; then the place.
		for _, sid := range freed {
			if err := s.promoteSession(ctx, e, sid); err != nil {
				return err
			}
		}
		if err := s.promote(ctx, e); err != nil {
			return err
		}
	}
	return anonymiseRegistrations(ctx, s.DB, email)
}
