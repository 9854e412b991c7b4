package timebank_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestLedgerIsAppendOnly reads every Go file of the capability: no statement updates or
// deletes a ledger transaction or posting. A mistake is put right by a reversal, never by
// editing the books.
func TestLedgerIsAppendOnly(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no source files: %v", err)
	}
	forbidden := regexp.MustCompile(`(?i)(UPDATE\s+timebank_(postings|transactions)\b|DELETE\s+FROM\s+timebank_(postings|transactions)\b)`)
	for _, f := range files {
		if filepath.Base(f) == "appendonly_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := forbidden.Find(b); m != nil {
			t.Errorf("%s edits the ledger: %q", f, m)
		}
	}
	for _, dir := range []string{"migrations"} {
		sqls, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
		for _, f := range sqls {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if regexp.MustCompile(`(?i)timebank_(postings|transactions)[^;]*ON DELETE CASCADE`).Match(b) {
				t.Errorf("%s lets a deletion cascade into the ledger", f)
			}
		}
	}
}
