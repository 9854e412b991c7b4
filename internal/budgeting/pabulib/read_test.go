package pabulib

import (
	"bytes"
	"errors"
	"io"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const small = "META\nkey;value\nbudget;100\nvote_type;approval\nrule;greedy\n" +
	"PROJECTS\nproject_id;cost;name;extra\n1;60;\"Park; with \"\"swings\"\"\";x\n10;40.5;Road;y\n2;0,5;Bench;z\n" +
	"VOTES\nvoter_id;vote;age\nv1;1,10;30\nv2;10,10;41\nv3;;22\n"

func mustRead(t *testing.T, s string) *Election {
	t.Helper()
	e, err := Read(strings.NewReader(s))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return e
}

func TestReadSmall(t *testing.T) {
	e := mustRead(t, small)
	if e.VoteType() != Approval || e.Rule() != "greedy" || e.CRLF {
		t.Errorf("vote type %q rule %q crlf %v", e.VoteType(), e.Rule(), e.CRLF)
	}
	b, err := e.Budget()
	if err != nil || b.Cmp(big.NewRat(100, 1)) != 0 {
		t.Errorf("budget %v %v", b, err)
	}
	if len(e.Projects) != 3 {
		t.Fatalf("%d projects", len(e.Projects))
	}
	if name, _ := e.ProjectField(e.Projects[0], "name"); name != `Park; with "swings"` {
		t.Errorf("quoted name read as %q", name)
	}
	if e.Projects[1].Cost.Cmp(big.NewRat(81, 2)) != 0 || e.Projects[2].Cost.Cmp(big.NewRat(1, 2)) != 0 {
		t.Errorf("decimal costs read as %v and %v", e.Projects[1].Cost, e.Projects[2].Cost)
	}
	if got := e.Votes[1].Projects; len(got) != 2 || got[0] != "10" || got[1] != "10" {
		t.Errorf("a repeated id must be kept as written, got %v", got)
	}
	if len(e.Votes[2].Projects) != 0 {
		t.Errorf("an empty ballot read as %v", e.Votes[2].Projects)
	}
	if age := e.Votes[0].Fields[Column(e.VoteColumns, "age")]; age != "30" {
		t.Errorf("unknown column age read as %q", age)
	}
}

func TestReadCRLFAndBOM(t *testing.T) {
	s := "\xEF\xBB\xBF" + strings.ReplaceAll(small, "\n", "\r\n")
	e := mustRead(t, s)
	if !e.CRLF || e.Votes[0].VoterID != "v1" || e.Meta[0].Key != "budget" {
		t.Errorf("crlf %v voter %q first key %q", e.CRLF, e.Votes[0].VoterID, e.Meta[0].Key)
	}
	var out bytes.Buffer
	if err := Write(&out, e); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\r\nPROJECTS\r\n") {
		t.Errorf("CRLF not kept on writing:\n%q", out.String())
	}
}

func TestReadColumnsByName(t *testing.T) {
	s := "META\nkey;value\nvote_type;cumulative\nbudget;10\n" +
		"PROJECTS\nname;cost;project_id\nA;5;p1\nB;6;p2\n" +
		"VOTES\npoints;vote;voter_id\n2,1;p2,p1;a\n"
	e := mustRead(t, s)
	if e.Projects[0].ID != "p1" || e.Projects[1].Cost.Cmp(big.NewRat(6, 1)) != 0 {
		t.Errorf("projects %+v", e.Projects)
	}
	v := e.Votes[0]
	if v.VoterID != "a" || v.Projects[0] != "p2" || v.Points[0] != 2 || v.Points[1] != 1 {
		t.Errorf("vote %+v", v)
	}
}

// TestVoterIDsAsText: ids are compared as text, even those kept as
// numbers to save memory.
func TestVoterIDsAsText(t *testing.T) {
	in := "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote\n7;1\n07;1\n+7;1\n-7;1\n-0;1\n0;1\n9223372036854775808;1\n"
	e, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Votes) != 7 {
		t.Errorf("%d votes, want 7", len(e.Votes))
	}
}

func TestReadErrors(t *testing.T) {
	meta := "META\nkey;value\nbudget;100\nvote_type;approval\n"
	projects := "PROJECTS\nproject_id;cost\n1;10\n2;20\n"
	votes := "VOTES\nvoter_id;vote\na;1\n"
	cases := []struct {
		name, in string
		line     int
		want     string
	}{
		{"no META", projects + votes, 0, "no META section"},
		{"no VOTES", meta + projects, 0, "no VOTES section"},
		{"no PROJECTS", meta + votes, 0, "no PROJECTS section"},
		{"text before a section", "hello;world\n" + meta, 1, "expected a section name"},
		{"unknown project", meta + projects + "VOTES\nvoter_id;vote\na;1,3\n", 11, `project "3", which is not in PROJECTS`},
		{"cost not a number", meta + "PROJECTS\nproject_id;cost\n1;ten\n" + votes, 7, `cost "ten"`},
		{"negative cost", meta + "PROJECTS\nproject_id;cost\n1;-5\n" + votes, 7, "not a non-negative number"},
		{"duplicate voter", meta + projects + votes + "a;2\n", 12, `voter "a" appears twice (first on line 11)`},
		{"duplicate numeric voter", meta + projects + "VOTES\nvoter_id;vote\n7;1\n07;1\n-7;2\n7;2\n", 14, `voter "7" appears twice (first on line 11)`},
		{"duplicate project", meta + "PROJECTS\nproject_id;cost\n1;10\n1;20\n" + votes, 8, `project "1" is listed twice`},
		{"missing cost column", meta + "PROJECTS\nproject_id;name\n1;x\n" + votes, 6, "needs project_id and cost"},
		{"missing vote column", meta + projects + "VOTES\nvoter_id;votes\na;1\n", 10, "needs voter_id and vote"},
		{"short row", meta + "PROJECTS\nproject_id;cost;name\n1;10\n" + votes, 7, "has 2 fields, the header has 3"},
		{"budget not a number", "META\nkey;value\nbudget;lots\nvote_type;approval\n" + projects + votes, 3, `budget "lots"`},
		{"no budget", "META\nkey;value\nvote_type;approval\n" + projects + votes, 0, "no budget"},
		{"unknown vote type", "META\nkey;value\nbudget;1\nvote_type;quadratic\n" + projects + votes, 4, `unknown vote_type "quadratic"`},
		{"points mismatch", "META\nkey;value\nbudget;1\nvote_type;cumulative\n" + projects + "VOTES\nvoter_id;vote;points\na;1,2;3\n", 11, "1 points for 2 projects"},
		{"points not whole", "META\nkey;value\nbudget;1\nvote_type;cumulative\n" + projects + "VOTES\nvoter_id;vote;points\na;1;1.5\n", 11, `points "1.5"`},
		{"cumulative without points", "META\nkey;value\nbudget;1\nvote_type;cumulative\n" + projects + votes, 0, "needs a points column"},
		{"section twice", meta + projects + "PROJECTS\n" + votes, 9, "section PROJECTS appears twice"},
		{"choose-1 with two", "META\nkey;value\nbudget;1\nvote_type;choose-1\n" + projects + "VOTES\nvoter_id;vote\na;1,2\n", 11, "chose 2 projects"},
		{"unterminated quote", meta + "PROJECTS\nproject_id;cost;name\n1;10;\"open\n" + votes, 7, "quote opened here is never closed"},
		{"empty voter id", meta + projects + "VOTES\nvoter_id;vote\n;1\n", 11, "empty voter_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.in))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("want *Error, got %v", err)
			}
			if !strings.Contains(pe.Msg, c.want) {
				t.Errorf("error %q does not say %q", pe.Msg, c.want)
			}
			if pe.Line != c.line {
				t.Errorf("error %q on line %d, want line %d", pe.Msg, pe.Line, c.line)
			}
		})
	}
}

// TestRoundTripTestdata writes each test election and checks that the
// bytes come back unchanged where the file was written the way Write writes
// (every file here is), and that reading them again gives the same election.
func TestRoundTripTestdata(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.pb")
	if len(files) == 0 {
		t.Fatal("no test elections in testdata")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		e, err := Read(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var out bytes.Buffer
		if err := Write(&out, e); err != nil {
			t.Fatal(err)
		}
		e2, err := Read(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("%s: rereading: %v", f, err)
		}
		assertSameElection(t, f, e, e2)
	}
}

func TestParseDecimal(t *testing.T) {
	for in, want := range map[string]*big.Rat{"0": big.NewRat(0, 1), " 12 ": big.NewRat(12, 1), "2458488.22": big.NewRat(245848822, 100), "1,5": big.NewRat(3, 2), "100000.0": big.NewRat(100000, 1)} {
		got, err := ParseDecimal(in)
		if err != nil || got.Cmp(want) != 0 {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1e5", "1.2.3", ".", "1 000", "0x10", "Inf"} {
		if _, err := ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) accepted", in)
		}
	}
}

func TestBufferSizeFollowsTheInput(t *testing.T) {
	small := filepath.Join("testdata", "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb")
	f, err := os.Open(small)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct {
		what string
		r    io.Reader
		want int
	}{
		{"a 1.6 kB file", f, 4 << 10},
		{"10 kB in memory", bytes.NewReader(make([]byte, 10<<10)), 10 << 10},
		{"1 MB in memory", bytes.NewReader(make([]byte, 1<<20)), 64 << 10},
		{"a stream of unknown length", io.MultiReader(strings.NewReader("META")), 64 << 10},
	} {
		if got := bufferSize(c.r); got != c.want {
			t.Errorf("%s: buffer of %d bytes, want %d", c.what, got, c.want)
		}
	}
	// A first line longer than the least buffer still shows its CRLF.
	long := "META" + strings.Repeat(" ", 6000) + "\r\nkey;value\r\nbudget;100\r\nvote_type;approval\r\nPROJECTS\r\nproject_id;cost\r\n1;10\r\nVOTES\r\nvoter_id;vote\r\nv1;1\r\n"
	e, err := Read(strings.NewReader(long))
	if err != nil {
		t.Fatal(err)
	}
	if !e.CRLF {
		t.Error("CRLF not seen past a 6,000-byte first line")
	}
}

// TestVoterLinesAgreeWithAMap checks the memory of voter ids, dense
// numbers, far-apart numbers and text alike, against a plain map of the
// ids' texts.
func TestVoterLinesAgreeWithAMap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 200; round++ {
		v := &voterLines{byNumber: map[int64]int{}, byText: map[string]int{}}
		want := map[string]int{}
		base := r.Int64N(1 << 20)
		for line := 1; line < 3000; line++ {
			var id string
			switch k := r.IntN(100); {
			case k < 80: // dense numbers, some of them repeated
				id = strconv.FormatInt(base+r.Int64N(2000), 10)
			case k < 85: // below the first number
				id = strconv.FormatInt(base-r.Int64N(5000), 10)
			case k < 88: // far away (as Warszawa's 999999 prefixes)
				id = strconv.FormatInt(99999900000+r.Int64N(50), 10)
			case k < 92: // a leading zero: text, not the number
				id = "0" + strconv.FormatInt(r.Int64N(50), 10)
			case k < 95:
				id = "-" + strconv.FormatInt(r.Int64N(50), 10)
			default:
				id = "v" + strconv.Itoa(r.IntN(300))
			}
			prev, dup := v.seen(id, line)
			first, had := want[id]
			if dup != had || (had && prev != first) {
				t.Fatalf("round %d, line %d, id %q: seen gives (%d, %v), want (%d, %v)", round, line, id, prev, dup, first, had)
			}
			if !had {
				want[id] = line
			}
		}
	}
}

func TestPlainNumber(t *testing.T) {
	for id, want := range map[string]bool{"0": true, "7": true, "-7": true, "123456789012345678": true,
		"07": false, "-0": false, "+7": false, "": false, "-": false, "1234567890123456789": false, "1e3": false, " 7": false} {
		if _, ok := plainNumber(id); ok != want {
			t.Errorf("plainNumber(%q) = %v, want %v", id, ok, want)
		}
	}
	if n, _ := plainNumber("-120"); n != -120 {
		t.Errorf("plainNumber(-120) = %d", n)
	}
}
