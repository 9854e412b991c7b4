package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"commons/internal/app"
	"commons/internal/app/apptest"
	"commons/internal/budgeting"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
)

// The account that did everything: one person who holds every role does everything each
// capability lets a person do (each capability's AccountHooks.Seed), with an officer as the other
// people in the room. Then, on both databases:
//
//   - every capability with a table that points at accounts has account hooks, and says what
//     deletion does to each table that holds the person;
//   - the data download holds every row that holds the person (by its key);
//   - the summary page names every kind of record in both languages;
//   - deleting the account through the account page works, and afterwards no text column of
//     any table holds the person's id, email address or name (the audit log keeps the name an
//     account acted under, and the outbox the mail saying the account has gone).
//
// A capability added later is held to the same: its tables are read from the schema, not listed
// here.
func TestDeletingTheAccountThatDidEverything(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		const name, email = "Everything Everywhere", "everything@example.org"
		person := a.MustAccount(t, name, email, pw, identity.RoleMember, identity.RoleOfficer, identity.RoleModerator, identity.RoleAdmin)
		officer := a.MustAccount(t, "Olwen Officer", "olwen@example.org", pw, identity.RoleMember, identity.RoleOfficer, identity.RoleModerator, identity.RoleAdmin)
		people := seedIdentity(t, a, person, officer)

		refs := accountReferences(t, a.DB)
		checkEveryCapabilityHasHooks(t, a, refs)
		for _, h := range a.Identity.Holders {
			if h.Hooks.Seed == nil {
				t.Errorf("capability %s has account hooks but no Seed", h.Name)
				continue
			}
			if err := h.Hooks.Seed(ctx, people); err != nil {
				t.Fatalf("seed %s: %v", h.Name, err)
			}
		}
		// The person signs in, so a session of theirs is held too.
		c := a.Client(t)
		c.SignIn(email, pw)
		// Then too many wrong passwords elsewhere: a single-use sign-in link goes to their mailbox.
		for i := 0; ; i++ {
			_, err := a.Identity.SignIn(ctx, "en", email, "not the password", "192.0.2.2")
			if errs.Is(err, errs.RateLimited) {
				break
			}
			if i == 50 {
				t.Fatal("fifty wrong passwords and still no sign-in link")
			}
		}

		holding := rowsHolding(t, a.DB, person)
		declared := a.Identity.HolderTables()
		for table := range refs {
			if len(holding[table]) == 0 {
				t.Errorf("table %s points at accounts but no capability's Seed made a row of it for the person", table)
			}
		}
		for table := range holding {
			if declared[table] == "" {
				t.Errorf("table %s holds the person but no capability says what deletion does to it (AccountHooks.Tables)", table)
			}
		}

		// The download holds every row that holds the person.
		data, err := a.Identity.Export(ctx, person)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(data)
		if err != nil {
			t.Fatal(err)
		}
		export := string(b)
		for table, rows := range holding {
			if secretKeyed[table] {
				continue
			}
			for _, r := range rows {
				if !r.witnessed(export, person) {
					t.Errorf("the data download lacks a row of %s that holds the person: %v", table, r.values)
				}
			}
		}
		// Rows that hold the person's address, not their account (an event registration, an
		// invitation), are theirs too.
		for table, rows := range rowsHolding(t, a.DB, email) {
			if table == "accounts" || table == "outbox" || secretKeyed[table] {
				continue
			}
			for _, r := range rows {
				if !r.witnessed(export, person) {
					t.Errorf("the data download lacks a row of %s that holds the person's address: %v", table, r.values)
				}
			}
		}
		checkSummaryNamesEveryKind(t, a, c, data)

		// Delete through the account page, once the wrong passwords' window has passed.
		a.Clock.Advance(16 * time.Minute)
		c.Get("/account/delete")
		r := c.PostForm("/account/delete", url.Values{"password": {pw}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		apptest.MustContain(t, c.Follow(r), "Your account has been deleted.")
		a.MustMailTo(t, email, "Your Commons account has been deleted")

		for table, rows := range rowsHolding(t, a.DB, person) {
			t.Errorf("after deletion %s still holds the person's id: %v", table, rows[0].values)
		}
		for table, rows := range rowsHolding(t, a.DB, email) {
			if table != "outbox" {
				t.Errorf("after deletion %s still holds the person's email address: %v", table, rows[0].values)
			}
		}
		for table, rows := range rowsHolding(t, a.DB, name) {
			if table != "outbox" && table != "audit_log" {
				t.Errorf("after deletion %s still holds the person's name: %v", table, rows[0].values)
			}
		}
		if n := a.Count(t, `SELECT count(*) FROM audit_log WHERE actor_name = ''`); n != 0 {
			t.Errorf("%d audit entries do not name who acted", n)
		}
		// What they wrote for others is still there, by a former member.
		if n := a.Count(t, `SELECT count(*) FROM accounts WHERE id = $1`, identity.FormerMember); n != 1 {
			t.Error("the former member is missing")
		}
	})
}

// secretKeyed tables are keyed by a secret (a session's, a link's) or a counter's name: their
// rows are not in the download, but deletion must still remove them.
var secretKeyed = map[string]bool{"sessions": true, "account_tokens": true, "account_sign_in_links": true, "account_devices": true, "network_unsubscribe": true, "rate_limits": true}

// seedIdentity makes what identity itself holds about the person: an organisation they belong
// to (and an area it is in), an API token, a change of address waiting for its link, a role an
// admin gave them and one they gave.
func seedIdentity(t *testing.T, a *apptest.App, person, officer string) capability.SeedPeople {
	t.Helper()
	ctx := context.Background()
	admin := &actor.Actor{ID: officer, Name: "Olwen Officer", Roles: identity.Roles}
	me := &actor.Actor{ID: person, Name: "Everything Everywhere", Roles: identity.Roles}
	area, err := a.Identity.SaveArea(ctx, admin, "", identity.AreaInput{Name: "Nant", Kind: "ward", PostcodeDistricts: "AH3"})
	if err != nil {
		t.Fatal(err)
	}
	org, err := a.Identity.SaveOrganisation(ctx, admin, "", identity.OrganisationInput{Name: "Nant Hall", Sector: "vcf", AreaID: area.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []string{"everything@example.org", "olwen@example.org"} {
		if err := a.Identity.AddMember(ctx, admin, org.ID, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Identity.SetRole(ctx, admin, person, identity.RoleModerator, true); err != nil {
		t.Fatal(err)
	}
	for _, grant := range []bool{false, true} {
		if err := a.Identity.SetRole(ctx, me, officer, identity.RoleModerator, grant); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Identity.CreateAPIToken(ctx, person, "ward map", []string{actor.ScopeRead}); err != nil {
		t.Fatal(err)
	}
	if err := a.Identity.RequestEmailChange(ctx, "en", person, "everything-new@example.org", pw, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Identity.RequestReset(ctx, "en", "192.0.2.1", "everything@example.org"); err != nil {
		t.Fatal(err)
	}
	return capability.SeedPeople{Person: person, Officer: officer, Organisation: org.ID, Area: area.ID}
}

// accountReferences are the columns, by table, with a foreign key to accounts.
func accountReferences(t *testing.T, d *db.DB) map[string][]string {
	t.Helper()
	q := `SELECT m.name, f."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' AND f."table" = 'accounts'`
	if d.Dialect().Name() == "postgres" {
		q = `SELECT kcu.table_name, kcu.column_name FROM information_schema.referential_constraints rc
			JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
			JOIN information_schema.table_constraints pk ON pk.constraint_name = rc.unique_constraint_name AND pk.constraint_schema = rc.unique_constraint_schema
			WHERE pk.table_name = 'accounts' AND kcu.constraint_schema = current_schema()`
	}
	rows, err := d.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		out[table] = append(out[table], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no table points at accounts: the schema query is wrong")
	}
	return out
}

var missingText = regexp.MustCompile(`\[[a-z0-9]+(\.[a-z0-9_]+)+\]`)

var createTable = regexp.MustCompile(`(?i)CREATE TABLE\s+(?:IF NOT EXISTS\s+)?([a-z0-9_]+)`)

// checkEveryCapabilityHasHooks fails for a capability whose migrations create a table that
// points at accounts when it has no account hooks, or does not say what deletion does to it.
func checkEveryCapabilityHasHooks(t *testing.T, a *apptest.App, refs map[string][]string) {
	t.Helper()
	hooks := map[string]*capability.AccountHooks{}
	for _, h := range a.Identity.Holders {
		hooks[h.Name] = h.Hooks
	}
	for _, c := range app.Capabilities() {
		for _, m := range c.Migrations {
			files, err := m.For("sqlite")
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				for _, match := range createTable.FindAllStringSubmatch(f.SQL, -1) {
					table := match[1]
					if len(refs[table]) == 0 {
						continue
					}
					h := hooks[c.Name]
					switch {
					case h == nil:
						t.Errorf("capability %s: table %s points at accounts (%s) but the capability has no account hooks", c.Name, table, strings.Join(refs[table], ", "))
					case h.Tables[table] == "":
						t.Errorf("capability %s: table %s points at accounts but its AccountHooks.Tables does not say what deletion does to it", c.Name, table)
					}
				}
			}
		}
	}
}

// heldRow is a row that holds a value (the person's id, address or name) in a text column.
type heldRow struct {
	secret bool     // its key is a hash of a secret (a link's), never shown again
	keys   []string // its primary key's values, but for those that hold the value
	others []string // its other text values, but for those that hold the value
	values map[string]string
}

// witnessed reports whether the download shows the row: by its key, or for a row keyed by
// the person alone (a block, a preference), by one of its other values.
func (r heldRow) witnessed(export, person string) bool {
	if len(r.keys) > 0 && !r.secret {
		for _, k := range r.keys {
			if strings.Contains(export, jsonText(k)) {
				return true
			}
		}
		return false
	}
	for _, v := range r.others {
		if v != "" && strings.Contains(export, jsonText(v)) {
			return true
		}
	}
	return false
}

func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// rowsHolding finds, in every table, the rows with a text column that contains v.
func rowsHolding(t *testing.T, d *db.DB, v string) map[string][]heldRow {
	t.Helper()
	ctx := context.Background()
	type col struct {
		name string
		pk   bool
	}
	q := `SELECT m.name, p.name, p.pk > 0, upper(p.type) FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`
	if d.Dialect().Name() == "postgres" {
		q = `SELECT c.table_name, c.column_name,
			EXISTS (SELECT 1 FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k
			        ON k.constraint_name = tc.constraint_name AND k.constraint_schema = tc.constraint_schema
			        WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_name = c.table_name AND k.column_name = c.column_name
			          AND tc.constraint_schema = current_schema()),
			upper(c.data_type)
			FROM information_schema.columns c WHERE c.table_schema = current_schema()
			AND c.table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
			ORDER BY c.table_name, c.ordinal_position`
	}
	rows, err := d.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string][]col{}
	for rows.Next() {
		var table, name, typ string
		var pk bool
		if err := rows.Scan(&table, &name, &pk, &typ); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(typ, "TEXT") || strings.Contains(typ, "CHAR") {
			tables[table] = append(tables[table], col{name, pk})
		}
	}
	rows.Close()
	names := make([]string, 0, len(tables))
	for n := range tables {
		names = append(names, n)
	}
	sort.Strings(names)
	out := map[string][]heldRow{}
	for _, table := range names {
		cols := tables[table]
		var sel, where []string
		for _, c := range cols {
			sel = append(sel, `CAST("`+c.name+`" AS TEXT)`)
			where = append(where, `"`+c.name+`" LIKE '%' || $1 || '%'`)
		}
		rs, err := d.Query(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM "`+table+`" WHERE `+strings.Join(where, " OR "), v)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		for rs.Next() {
			vals := make([]*string, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			r := heldRow{values: map[string]string{}}
			for i, c := range cols {
				if vals[i] == nil {
					continue
				}
				s := *vals[i]
				r.values[c.name] = s
				if strings.Contains(s, v) {
					continue
				}
				if c.pk {
					r.keys = append(r.keys, s)
					r.secret = r.secret || strings.Contains(c.name, "hash")
				} else {
					r.others = append(r.others, s)
				}
			}
			out[table] = append(out[table], r)
		}
		rs.Close()
	}
	return out
}

// checkSummaryNamesEveryKind fails when a kind of record in the download has no title in either
// language, and checks the summary page shows in both.
func checkSummaryNamesEveryKind(t *testing.T, a *apptest.App, c *apptest.Client, data *identity.Data) {
	t.Helper()
	for _, name := range data.Names() {
		b, err := json.Marshal(data.Capabilities[name])
		if err != nil {
			t.Fatal(err)
		}
		var kinds map[string]json.RawMessage
		if err := json.Unmarshal(b, &kinds); err != nil {
			t.Fatalf("the download of %s is not a map of kinds of record: %v", name, err)
		}
		keys := []string{name + ".data.title"}
		for k := range kinds {
			keys = append(keys, name+".data."+k)
		}
		for _, k := range keys {
			for _, lang := range []string{"en", "cy"} {
				if !a.Kit.Bundle.Has(lang, k) {
					t.Errorf("no %s text for %s (the summary's title for it)", lang, k)
				}
			}
		}
	}
	for _, lang := range []string{"cy", "en"} {
		r := c.Get("/account/data?lang=" + lang)
		if r.Status == http.StatusSeeOther {
			r = c.Follow(r)
		}
		apptest.MustStatus(t, r, http.StatusOK)
		if missing := missingText.FindString(r.Body); missing != "" {
			t.Errorf("the %s summary shows a missing text: %s", lang, missing)
		}
	}
}

// docs/accounts.md lists what deletion does to every table that points at a person, as the
// capabilities' hooks say; this keeps it true.
func TestAccountsDocSaysWhatDeletionDoes(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	tables := a.Identity.HolderTables()
	names := make([]string, 0, len(tables))
	for n := range tables {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("| table | when an account is deleted |\n|---|---|\n")
	for _, n := range names {
		b.WriteString("| `" + n + "` | " + tables[n] + " |\n")
	}
	doc, err := os.ReadFile("../../docs/accounts.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), b.String()) {
		t.Fatalf("docs/accounts.md's table of what deletion does is out of date; paste this:\n%s", b.String())
	}
}

// The former member has no address, so no form that finds people by address finds it, even
// when the address is left empty.
func TestTheFormerMemberCannotBeFound(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	admin := &actor.Actor{ID: a.MustAccount(t, "Ada", "ada@example.org", pw, identity.RoleAdmin, identity.RoleOfficer), Name: "Ada", Roles: identity.Roles}
	org, err := a.Identity.SaveOrganisation(ctx, admin, "", identity.OrganisationInput{Name: "Hall", Sector: "vcf"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Identity.AddMember(ctx, admin, org.ID, ""); err == nil {
		t.Error("an empty address found an account to add to an organisation")
	}
	bs := app.Service[*budgeting.Service](a.Server)
	p, err := bs.SaveProcess(ctx, admin, "", budgeting.ProcessInput{Title: "Fund", Description: "x", Total: "100", Phase: "ideas",
		IdeasFrom: "2026-01-01", ReviewFrom: "2026-02-01", VotingFrom: "2026-03-01", VotingUntil: "2026-04-01", ResultsFrom: "2026-05-01",
		Format: budgeting.FormatBudget, Rule: "greedy", MinAge: "0", VoterAccess: "either"})
	if err != nil {
		t.Fatal(err)
	}
	if err := bs.AddReviewer(ctx, admin, p.ID, " "); err == nil {
		t.Error("an empty address made the former member a reviewer")
	}
	c := a.Client(t)
	c.Get("/sign-in")
	if r := c.PostForm("/sign-in", url.Values{"email": {""}, "password": {"!"}}); r.Status == http.StatusSeeOther {
		t.Error("signed in as the former member")
	}
	if n := a.Count(t, `SELECT count(*) FROM account_roles WHERE account_id = $1`, identity.FormerMember); n != 0 {
		t.Errorf("the former member has %d roles", n)
	}
}
