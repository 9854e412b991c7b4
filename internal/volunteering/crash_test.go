package volunteering_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/app/apptest/crashtest"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/ids"
	"commons/internal/volunteering"
)

// Every sign-up the server acknowledged is there exactly once after it is killed with SIGKILL
// in the middle of a burst of sign-ups: a real commons serve, on SQLite and on PostgreSQL.
func TestKilledServerLosesNoAcknowledgedSignUp(t *testing.T) {
	bin := crashtest.Program(t)
	crashtest.Dialects(t, func(t *testing.T, dbURL string) {
		people, shifts, oppID := seedCrash(t, dbURL)
		srv := crashtest.ServeEnv(t, bin, dbURL, []string{"COMMONS_LOG_FORMAT=json"})
		base := srv.URL

		type ack struct{ account, shift string }
		var mu sync.Mutex
		var acks []ack
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for _, p := range people {
			wg.Add(1)
			go func(email, accountID string) {
				defer wg.Done()
				c, token := crashClient(t, base, email, oppID)
				if c == nil {
					return
				}
				for _, sh := range shifts {
					select {
					case <-stop:
						return
					default:
					}
					res, err := c.PostForm(base+"/volunteering/shifts/"+sh+"/sign-up", url.Values{"csrf_token": {token}})
					if err != nil {
						return // the server is gone: not acknowledged
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode == http.StatusSeeOther {
						mu.Lock()
						acks = append(acks, ack{accountID, sh})
						mu.Unlock()
					}
				}
			}(p[0], p[1])
		}
		// Let the burst run, then kill the server mid-write.
		crashtest.WaitUntil(20*time.Second, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(acks) >= 60
		})
		srv.Kill()
		close(stop)
		wg.Wait()
		if len(acks) < 20 {
			t.Fatalf("only %d sign-ups were acknowledged before the kill", len(acks))
		}
		d, err := db.Open(context.Background(), dbURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		for _, a := range acks {
			var n int
			if err := d.QueryRow(context.Background(), `SELECT count(*) FROM vol_signups g JOIN vol_people p ON p.id = g.person_id
					WHERE g.shift_id = $1 AND p.account_id = $2 AND g.status = 'confirmed'`, a.shift, a.account).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("acknowledged sign-up of %s to %s is there %d times", a.account, a.shift, n)
			}
		}
		// Nothing is doubled either, and each shift's count matches its sign-ups.
		var bad int
		if err := d.QueryRow(context.Background(), `SELECT count(*) FROM vol_shifts s WHERE s.taken <>
				(SELECT count(*) FROM vol_signups g WHERE g.shift_id = s.id AND g.status = 'confirmed')`).Scan(&bad); err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Errorf("%d shifts' counts disagree with their sign-ups", bad)
		}
		t.Logf("%d acknowledged sign-ups all present after SIGKILL", len(acks))
	})
}

// seedCrash makes an organisation, an opportunity whose role accepts everyone, 40 shifts and
// 24 people, straight through the services over the database.
func seedCrash(t *testing.T, dbURL string) (people [][2]string, shifts []string, oppID string) {
	t.Helper()
	ctx := context.Background()
	d, s := crashtest.Prepare(t, dbURL)
	defer d.Close()
	hash, _ := apptest.HashPassword(pw)
	account := func(name, email string, roles ...string) string {
		id := ids.New()
		now := d.Clock().Now()
		if _, err := d.Exec(ctx, `INSERT INTO accounts (id, name, email, password_hash, email_confirmed_at, created_at) VALUES ($1, $2, $3, $4, $5, $5)`,
			id, name, email, hash, now); err != nil {
			t.Fatal(err)
		}
		for _, r := range append([]string{identity.RoleResident}, roles...) {
			if _, err := d.Exec(ctx, `INSERT INTO account_roles (account_id, role, granted_at) VALUES ($1, $2, $3)`, id, r, now); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	adminID := account("Ada", "ada@example.org", identity.RoleAdmin)
	org, err := s.Identity.SaveOrganisation(ctx, &actor.Actor{ID: adminID, Roles: []string{identity.RoleAdmin}}, "", identity.OrganisationInput{Name: "Food Bank", Sector: "vcf"})
	if err != nil {
		t.Fatal(err)
	}
	coord := &actor.Actor{ID: adminID, Name: "Ada", Roles: []string{identity.RoleMember}, Orgs: []string{org.ID}}
	svc := app.Service[*volunteering.Service](s)
	o, err := svc.CreateOpportunity(ctx, coord, volunteering.OpportunityInput{OrganisationID: org.ID, Title: "Rota", Description: "x",
		Kind: volunteering.Regular, Causes: []string{"AntiPoverty"}, Where: "home", Role: volunteering.RoleInput{Title: "Packer",
			CheckNeeded: volunteering.CheckNone, AutoAccept: true}})
	if err != nil {
		t.Fatal(err)
	}
	first := volunteering.Local(d.Clock().Now().AddDate(0, 0, 3))
	ss, err := svc.AddShifts(ctx, coord, o.Roles[0].ID, volunteering.ShiftInput{Date: first.Format("2006-01-02"), Start: "10:00", End: "12:00",
		Min: "1", Max: "1000", Repeat: "weekly", Count: "40"})
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range ss {
		shifts = append(shifts, sh.ID)
	}
	for i := 0; i < 24; i++ {
		email := fmt.Sprintf("v%d@example.org", i)
		people = append(people, [2]string{email, account(fmt.Sprintf("Volunteer %d", i), email)})
	}
	return people, shifts, o.ID
}

// crashClient signs in and returns a client and its form token.
func crashClient(t *testing.T, base, email, oppID string) (*http.Client, string) {
	c := crashtest.Browser()
	token, _, ok := crashtest.FormToken(c, base+"/sign-in")
	if !ok {
		return nil, ""
	}
	res, err := c.PostForm(base+"/sign-in", url.Values{"csrf_token": {token}, "email": {email}, "password": {pw}})
	if err != nil {
		return nil, ""
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in %s: %d", email, res.StatusCode)
		return nil, ""
	}
	token, _, ok = crashtest.FormToken(c, base+"/volunteering/opportunities/"+oppID)
	if !ok {
		return nil, ""
	}
	return c, token
}
