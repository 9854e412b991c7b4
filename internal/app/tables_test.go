package app_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"commons/internal/app"
)

var (
	createTableRE = regexp.MustCompile(`(?i)\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)`)
	createViewRE  = regexp.MustCompile(`(?i)\bCREATE\s+VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)`)
	// SQL in this project is written with upper-case keywords; a table named after one is read
	// as the table the statement touches.
	tableUse = regexp.MustCompile(`\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_][a-z0-9_]*)\b`)
)

// tableOwners reads every migration under internal/ and says which top-level folder (a
// capability, identity or platform) creates each table.
func tableOwners(t *testing.T) map[string]string {
	t.Helper()
	owners := map[string]string{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") || !isSQLiteMigration(path) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		top := strings.Split(filepath.ToSlash(path), "/")[1]
		for _, m := range createTableRE.FindAllStringSubmatch(string(b), -1) {
			owners[m[1]] = top
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return owners
}

// identityViews are the views identity offers other capabilities to read people,
// organisations and areas through (identity's TestReadViewsKeepTheirColumns holds their columns).
func identityViews(t *testing.T) map[string]bool {
	t.Helper()
	views := map[string]bool{}
	files, err := filepath.Glob(filepath.Join("..", "identity", "migrations", "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range createViewRE.FindAllStringSubmatch(string(b), -1) {
			views[m[1]] = true
		}
	}
	return views
}

// isSQLiteMigration reports whether the file is a migration SQLite runs: one written once
// (migrations/NNN_name.sql) or SQLite's part of one (migrations/NNN_name.sqlite.sql).
func isSQLiteMigration(path string) bool {
	p := filepath.ToSlash(path)
	return strings.HasSuffix(p[:strings.LastIndex(p, "/")+1], "/migrations/") && !strings.HasSuffix(p, ".postgres.sql")
}

// foreignTables counts, in a capability's Go files (tests aside), the statements that name a
// table another folder owns, by table.
func foreignTables(t *testing.T, capability string, owners map[string]string, views map[string]bool) map[string]int {
	t.Helper()
	out := map[string]int{}
	err := filepath.WalkDir(filepath.Join("..", capability), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range tableUse.FindAllStringSubmatch(string(b), -1) {
			if strings.HasPrefix(m[1], "identity_") && !views[m[1]] {
				out["missing."+m[1]]++
			}
			if owner, ok := owners[m[1]]; ok && owner != capability {
				out[owner+"."+m[1]]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// namedForeignTables is how many statements a capability may still have that name identity's
// or the platform's tables (the house issue: read people, organisations and areas through
// identity's exported functions or its read views instead). Since 2026-12-07 none does: the map
// is empty, and a capability that names one fails. No capability may name another capability's
// tables at all.
var namedForeignTables = map[string]int{}

// TestCapabilitiesKeepToTheirOwnTables: a capability's SQL names only its own tables (the
// house issue, point 5), so renaming another's column cannot compile and then fail at run time.
func TestCapabilitiesKeepToTheirOwnTables(t *testing.T) {
	owners := tableOwners(t)
	if owners["accounts"] != "identity" || owners["outbox"] != "platform" {
		t.Fatalf("migrations not read: accounts by %q, outbox by %q", owners["accounts"], owners["outbox"])
	}
	views := identityViews(t)
	for _, v := range []string{"identity_people", "identity_areas", "identity_organisations", "identity_members"} {
		if !views[v] {
			t.Fatalf("identity's view %s not read from its migrations (%v)", v, views)
		}
	}
	for _, c := range app.Capabilities() {
		uses := foreignTables(t, c.Name, owners, views)
		n := 0
		var names []string
		for table, k := range uses {
			owner, _, _ := strings.Cut(table, ".")
			if owner == "missing" {
				t.Errorf("%s reads %s, which identity does not offer as a view", c.Name, table)
				continue
			}
			if owner != "identity" && owner != "platform" {
				t.Errorf("%s names %s's table %s in its SQL (%d times): ask %s through an interface instead", c.Name, owner, table, k, owner)
			}
			n += k
			names = append(names, fmt.Sprintf("%s×%d", table, k))
		}
		sort.Strings(names)
		switch want := namedForeignTables[c.Name]; {
		case n > want:
			t.Errorf("%s names identity's or the platform's tables %d times (at most %d): %s; read them through identity's exported functions",
				c.Name, n, want, strings.Join(names, ", "))
		case n < want:
			t.Errorf("%s now names identity's or the platform's tables %d times: lower its figure in namedForeignTables from %d", c.Name, n, want)
		}
	}
}

// sqlText is the start of a statement in a Go raw string.
var sqlText = regexp.MustCompile("`\\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\\b")

// TestSQLStaysInStores finds, in each capability's and identity's own folder (tests aside), any
// statement written in a file other than store*.go (the house issue, point 3: SQL in stores,
// rules in services). Every folder now has none, and none may come back.
func TestSQLStaysInStores(t *testing.T) {
	folders := []string{"identity"}
	for _, c := range app.Capabilities() {
		folders = append(folders, c.Name)
	}
	for _, folder := range folders {
		files, err := filepath.Glob(filepath.Join("..", folder, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		var where []string
		for _, f := range files {
			base := filepath.Base(f)
			if strings.HasSuffix(base, "_test.go") || strings.HasPrefix(base, "store") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if k := len(sqlText.FindAllIndex(b, -1)); k > 0 {
				n += k
				where = append(where, fmt.Sprintf("%s×%d", base, k))
			}
		}
		if n > 0 {
			t.Errorf("%s writes %d statements outside its store files: %s; put them in store*.go",
				folder, n, strings.Join(where, ", "))
		}
	}
}

// forNext is a hand-written loop over a query's rows.
var forNext = regexp.MustCompile(`for [A-Za-z_][A-Za-z0-9_.]*\.Next\(\) \{`)

// TestRowsAreReadByTheStoreHelpers finds a hand-written `for rows.Next()` loop in any package
// under internal/ (tests aside) but the database's own: stores read rows with db.List, db.Each
// or db.Strings, which close the rows and check their error in one place (the house issue: the
// same dozen lines stood in 230 places).
func TestRowsAreReadByTheStoreHelpers(t *testing.T) {
	var where []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if filepath.ToSlash(path) == "../platform/db" || d.Name() == "testdata" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if k := len(forNext.FindAllIndex(b, -1)); k > 0 {
			where = append(where, fmt.Sprintf("%s×%d", filepath.ToSlash(path), k))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(where) > 0 {
		t.Errorf("rows read by hand outside internal/platform/db: %s; use db.List, db.Each or db.Strings", strings.Join(where, ", "))
	}
	if !forNext.MatchString("\tfor rows.Next() {\n") || !forNext.MatchString("for q.rows.Next() {") {
		t.Error("the rule does not see a rows loop")
	}
}
