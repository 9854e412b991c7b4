package tally_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"commons/internal/budgeting/tallycmd"
	"commons/internal/platform/sharedtest"
)

// TestGoldenJSON is the byte-identical check of issue 26: `commons tally
// --json` prints, for every shared election, rule and utility, exactly what
// it printed before the count was reshaped. testdata/golden-sha256.txt
// holds the SHA-256 of each output and says how it was made.
func TestGoldenJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("the golden outputs take about a minute: skipped under -short")
	}
	dir := sharedtest.Dir(t, "data", "pabulib")
	f, err := os.Open(filepath.Join("testdata", "golden-sha256.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The output names the file as given; the record was made in the
	// pabulib folder with bare names, so that where ../shared sits does
	// not change a byte.
	t.Chdir(dir)
	checked := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 4 {
			t.Fatalf("malformed golden line %q", line)
		}
		file, rule, utility, want := fields[0], fields[1], fields[2], fields[3]
		h := sha256.New()
		// Exit codes are not part of the record: the golden outputs are
		// stdout only, as the shell pipe that made them saw it.
		tallycmd.Run([]string{"--json", "--rule", rule, "--utility", utility, "--file", file}, h, io.Discard)
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			t.Errorf("%s %s %s: output changed (sha256 %s, want %s)", file, rule, utility, got, want)
		}
		checked++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if checked < 450 {
		t.Errorf("only %d golden outputs checked, want all 450", checked)
	}
	t.Logf("%d outputs byte-identical to the golden record", checked)
}
