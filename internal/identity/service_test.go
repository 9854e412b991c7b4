package identity_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/audit"
	"commons/internal/platform/errs"
)

// tokenOf is the last path segment of a link.
func tokenOf(link string) string { return link[strings.LastIndexByte(link, '/')+1:] }

func TestServiceRegisterConfirmSignIn(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		s := a.Identity
		if err := s.Register(ctx, "en", "192.0.2.1", identity.RegisterInput{Name: "Lowri", Email: "Lowri@Example.org", Password: pw}); err != nil {
			t.Fatal(err)
		}
		token := tokenOf(apptest.Link(a.MustMail(t, "Confirm")))
		if _, err := s.SignIn(ctx, "en", "lowri@example.org", pw, "192.0.2.1"); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("unconfirmed sign-in: %v", err)
		}
		a.MustMail(t, "Confirm") // the fresh link
		if live, err := s.LinkLive(ctx, token, "reset"); err != nil || live {
			t.Errorf("a confirm link works as a reset link: %v %v", live, err)
		}
		if err := s.Confirm(ctx, token); err != nil {
			t.Fatal(err)
		}
		if err := s.Confirm(ctx, token); !errs.Is(err, errs.NotFound) {
			t.Errorf("second confirm: %v", err)
		}
		acc, err := s.SignIn(ctx, "en", " LOWRI@example.org ", pw, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if acc.Confirmed == nil || acc.Email != "lowri@example.org" {
			t.Errorf("account %+v", acc)
		}
		full, err := s.Account(ctx, acc.ID)
		if err != nil || len(full.Roles) != 1 || full.Roles[0] != identity.RoleResident {
			t.Errorf("roles %v (%v)", full.Roles, err)
		}
		if _, err := s.SignIn(ctx, "en", "lowri@example.org", "wrong password", "192.0.2.1"); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("wrong password: %v", err)
		}
		if _, err := s.Account(ctx, "00000000-0000-4000-8000-000000000000"); !errs.Is(err, errs.NotFound) {
			t.Errorf("missing account: %v", err)
		}
	})
}

func TestConcurrentRegistrationsMakeOneAccount(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		const n = 6
		var wg sync.WaitGroup
		errc := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errc <- a.Identity.Register(context.Background(), "en", "192.0.2.1", identity.RegisterInput{Name: "Twin", Email: "twin@example.org", Password: pw})
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			// A registration that loses the race answers like any other: the form must not
			// tell who has an account.
			if err != nil {
				t.Errorf("register: %v", err)
			}
		}
		if got := a.Count(t, `SELECT count(*) FROM accounts WHERE email = 'twin@example.org'`); got != 1 {
			t.Errorf("%d accounts, want 1", got)
		}
		if got := a.Count(t, `SELECT count(*) FROM account_roles`); got != 1 {
			t.Errorf("%d role rows, want 1", got)
		}
	})
}

func TestResetLinkIsSingleUseUnderConcurrency(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		a.MustAccount(t, "Race", "race@example.org", pw)
		ctx := context.Background()
		if err := a.Identity.RequestReset(ctx, "en", "192.0.2.1", "race@example.org"); err != nil {
			t.Fatal(err)
		}
		token := tokenOf(apptest.Link(a.MustMail(t, "Reset your password")))
		passwords := []string{"first new password", "second new password", "third new password", "fourth new password"}
		var wg sync.WaitGroup
		results := make([]error, len(passwords))
		for i, p := range passwords {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = a.Identity.ResetPassword(ctx, token, p)
			}()
		}
		wg.Wait()
		won := -1
		for i, err := range results {
			switch {
			case err == nil && won >= 0:
				t.Errorf("resets %d and %d both succeeded", won, i)
			case err == nil:
				won = i
			case !errs.Is(err, errs.NotFound):
				t.Errorf("reset %d: %v", i, err)
			}
		}
		if won < 0 {
			t.Fatal("no reset succeeded")
		}
		if _, err := a.Identity.SignIn(ctx, "en", "race@example.org", passwords[won], "192.0.2.9"); err != nil {
			t.Errorf("the winning password does not work: %v", err)
		}
	})
}

func TestRoleChangesAreAudited(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		adminID := a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin)
		admin := &actor.Actor{ID: adminID, Name: "Ada", Roles: []string{identity.RoleResident, identity.RoleAdmin}}
		id := a.MustAccount(t, "Mo", "mo@example.org", pw)

		resident := &actor.Actor{ID: id, Name: "Mo", Roles: []string{identity.RoleResident}}
		if err := a.Identity.SetRole(ctx, resident, id, identity.RoleAdmin, true); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a resident made themselves admin: %v", err)
		}
		if err := a.Identity.SetRole(ctx, admin, id, identity.RoleModerator, true); err != nil {
			t.Fatal(err)
		}
		if err := a.Identity.SetRole(ctx, admin, id, identity.RoleModerator, true); err != nil { // no change: no entry
			t.Fatal(err)
		}
		if err := a.Identity.SetRole(ctx, admin, id, identity.RoleModerator, false); err != nil {
			t.Fatal(err)
		}
		if err := a.Identity.SetRole(ctx, admin, adminID, identity.RoleAdmin, false); !errs.Is(err, errs.Conflict) {
			t.Errorf("admin removed their own admin role: %v", err)
		}
		if err := a.Identity.SetRole(ctx, admin, id, "king", true); !errs.Is(err, errs.Invalid) {
			t.Errorf("unknown role: %v", err)
		}
		entries, more, err := audit.List(ctx, a.DB, audit.Filter{Action: "role.", Target: id})
		if err != nil || more {
			t.Fatal(err, more)
		}
		if len(entries) != 2 || entries[0].Action != "role.revoke" || entries[1].Action != "role.grant" ||
			entries[1].ActorID != adminID || entries[1].Detail != "moderator: Mo" {
			t.Errorf("audit entries %+v", entries)
		}
		if got := a.Count(t, `SELECT count(*) FROM account_roles WHERE account_id = $1`, id); got != 1 {
			t.Errorf("%d roles left, want resident only", got)
		}
	})
}

func TestDeleteAccountCascades(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		adminID := a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin)
		admin := &actor.Actor{ID: adminID, Name: "Ada", Roles: []string{identity.RoleAdmin}}
		id := a.MustAccount(t, "Leaving", "leaving@example.org", pw, identity.RoleOfficer)
		org, err := a.Identity.SaveOrganisation(ctx, admin, "", identity.OrganisationInput{Name: "Club", Sector: "resident"})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Identity.AddMember(ctx, admin, org.ID, "leaving@example.org"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Identity.CreateAPIToken(ctx, id, "script", []string{"read"}); err != nil {
			t.Fatal(err)
		}
		a.Client(t).SignIn("leaving@example.org", pw) // a session
		if err := a.Identity.RequestReset(ctx, "en", "192.0.2.1", "leaving@example.org"); err != nil {
			t.Fatal(err)
		}
		tables := []string{"account_roles", "organisation_members", "api_tokens", "sessions", "account_tokens"}
		for _, table := range tables {
			if a.Count(t, `SELECT count(*) FROM `+table+` WHERE account_id = $1`, id) == 0 {
				t.Fatalf("setup: no %s row", table)
			}
		}
		if err := a.Identity.Delete(ctx, id, "wrong password"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("delete with a wrong password: %v", err)
		}
		if err := a.Identity.Delete(ctx, id, pw); err != nil {
			t.Fatal(err)
		}
		for _, table := range append(tables, "accounts") {
			col := "account_id"
			if table == "accounts" {
				col = "id"
			}
			if n := a.Count(t, `SELECT count(*) FROM `+table+` WHERE `+col+` = $1`, id); n != 0 {
				t.Errorf("%d %s rows left", n, table)
			}
		}
		if o, err := a.Identity.Organisation(ctx, org.ID); err != nil || o.Members != 0 {
			t.Errorf("organisation after delete: %+v %v", o, err)
		}
	})
}
