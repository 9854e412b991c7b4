package tallycmd

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"commons/internal/budgeting/pabulib"
	"commons/internal/budgeting/tally"
)

const usage = `usage: %s [--rule RULE] [--utility cost|count] [--json] [--explain ID] --file X.pb

Counts a participatory-budgeting election in the Pabulib .pb format and prints
the funded project ids, one per line.

Rules: greedy, greedy-no-skip, greedy-threshold, mes, mes-add1, mes-add1-greedy,
phragmen. Without --rule the file's META rule is used (greedy, greedy-threshold,
greedy-no-skip, equalshares, equalshares/add1, equalshares/add1-greedy).

Flags:
`

// Run runs the command with args (without the sub-command's name). It
// returns 0 on success, 2 for a usage error and 1 when the file cannot be
// read or counted.
func Run(args []string, stdout, stderr io.Writer) int {
	return RunAs("commons tally", args, stdout, stderr)
}

// RunAs is Run for a program called name in its usage message: the
// commons-tally binary runs the same command on its own.
func RunAs(name string, args []string, stdout, stderr io.Writer) int {
	// Errors start with the program's name: "tally: " within commons, as
	// the docs show, and "commons-tally: " on its own.
	prog := strings.TrimPrefix(name, "commons ")
	fs := flag.NewFlagSet("tally", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, usage, name)
		fs.PrintDefaults()
	}
	file := fs.String("file", "", "the election, a Pabulib .pb `file`")
	ruleName := fs.String("rule", "", "counting `rule`; the file's META rule when empty")
	utility := fs.String("utility", "cost", "what an approved project is worth to a voter under mes rules: cost or count")
	asJSON := fs.Bool("json", false, "print every project with its cost, votes, score and the reason it was or was not funded")
	explain := fs.String("explain", "", "tell the story of the project with this `id`, round by round")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", prog, fs.Arg(0))
		fs.Usage()
		return 2
	}
	if *file == "" {
		fmt.Fprintf(stderr, "%s: --file is required\n", prog)
		fs.Usage()
		return 2
	}
	var rule tally.Rule
	if *ruleName != "" {
		r, err := tally.ParseRule(*ruleName)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", prog, err)
			return 2
		}
		rule = r
	}
	util := tally.Utility(*utility)
	if util != tally.CostUtility && util != tally.CountUtility {
		fmt.Fprintf(stderr, "%s: unknown utility %q (want cost or count)\n", prog, *utility)
		return 2
	}

	// Memory: the command's peak is what the aim of ten times the file's
	// size is measured on. Reading and counting collect when the heap has
	// grown by a quarter (not the default doubling), and once between
	// them, so that the count reuses the memory the reading left behind.
	// Counting allocates little since its keys come from arenas; a
	// quarter costs no time measurable on Budapest 2024 and saves
	// 1-2 MB (bench/README.md).
	gc := debug.SetGCPercent(25)
	defer debug.SetGCPercent(gc)
	pe, e, code := load(prog, *file, stderr)
	if code != 0 {
		return code
	}
	runtime.GC()
	if rule == "" {
		r, ok := tally.RuleFromMeta(pe.Rule())
		if !ok {
			fmt.Fprintf(stderr, "%s: %s: META rule %q is not one this command can reproduce; choose one with --rule\n", prog, *file, pe.Rule())
			return 2
		}
		rule = r
	}
	if rule == tally.Phragmen && e.Kind != tally.Approval {
		fmt.Fprintf(stderr, "%s: %s: phragmen counts approval ballots only, and this is a %s election\n", prog, *file, pe.VoteType())
		return 2
	}
	res, err := tally.Count(e, rule, tally.Options{Utility: util, Explain: *explain})
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s: %v\n", prog, *file, err)
		return 2
	}
	switch {
	case *asJSON:
		return writeJSON(prog, stdout, stderr, *file, res)
	case *explain != "":
		writeStory(stdout, res, *explain)
	default:
		for _, id := range res.Selected {
			fmt.Fprintln(stdout, id)
		}
	}
	return 0
}

func load(prog, path string, stderr io.Writer) (*pabulib.Election, *tally.Election, int) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return nil, nil, 1
	}
	defer f.Close()
	e, pe, err := tally.Read(f)
	if err != nil {
		var perr *pabulib.Error
		if errors.As(err, &perr) && perr.Line > 0 {
			fmt.Fprintf(stderr, "%s: %s:%d: %s\n", prog, path, perr.Line, perr.Msg)
		} else {
			fmt.Fprintf(stderr, "%s: %s: %v\n", prog, path, err)
		}
		return nil, nil, 1
	}
	return pe, e, 0
}

type report struct {
	File       string          `json:"file"`
	Rule       string          `json:"rule"`
	Currency   string          `json:"currency,omitempty"`
	Budget     json.Number     `json:"budget"`
	Spent      json.Number     `json:"spent"`
	Increments int64           `json:"add1_increments,omitempty"`
	Selected   []string        `json:"selected"`
	Projects   []projectReport `json:"projects"`
}

type projectReport struct {
	ID       string      `json:"id"`
	Name     string      `json:"name,omitempty"`
	Selected bool        `json:"selected"`
	Order    int         `json:"order,omitempty"`
	Cost     json.Number `json:"cost"`
	Votes    int64       `json:"votes"`
	Score    int64       `json:"score"`
	Reason   string      `json:"reason"`
	Why      tally.Why   `json:"why"` // the reason in parts (codes in package tally's documentation)
	Story    []string    `json:"story,omitempty"`
}

// amount writes minor units as an exact decimal number of currency units.
func amount(minor, scale int64) json.Number {
	r := new(big.Rat).SetFrac64(minor, scale)
	if r.IsInt() {
		return json.Number(r.Num().String())
	}
	digits := 0
	for s := scale; s > 1; s /= 10 {
		digits++
	}
	return json.Number(r.FloatString(digits))
}

func writeJSON(prog string, stdout, stderr io.Writer, file string, res *tally.Result) int {
	rep := report{File: file, Rule: string(res.Rule), Currency: res.Currency, Budget: amount(res.Budget, res.Scale),
		Spent: amount(res.Spent, res.Scale), Increments: res.Increments, Selected: res.Selected}
	if rep.Selected == nil {
		rep.Selected = []string{}
	}
	for _, p := range res.Projects {
		rep.Projects = append(rep.Projects, projectReport{ID: p.ID, Name: p.Name, Selected: p.Selected, Order: p.Order,
			Cost: amount(p.Cost, res.Scale), Votes: p.Votes, Score: p.Score, Reason: p.Reason, Why: p.Why, Story: p.Story})
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 1
	}
	return 0
}

func writeStory(w io.Writer, res *tally.Result, id string) {
	for _, p := range res.Projects {
		if p.ID != id {
			continue
		}
		title := p.ID
		if p.Name != "" {
			title += " " + p.Name
		}
		fmt.Fprintf(w, "%s (counted by %s)\n", title, res.Rule)
		for _, line := range p.Story {
			fmt.Fprintln(w, "  "+line)
		}
		fmt.Fprintln(w, strings.TrimSpace(p.Reason))
	}
}
