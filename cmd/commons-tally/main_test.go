package main

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"commons/internal/budgeting/tallycmd"
)

// goTool is the go command that runs this test: the one on PATH (go test
// puts its own GOROOT's bin first).
func goTool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command on PATH: %v", err)
	}
	return p
}

// The program is light because it links nothing of the web application:
// its only packages of our own are the count's, and it links no web
// server, template, database driver or Markdown library.
func TestLinksOnlyTheCount(t *testing.T) {
	out, err := exec.Command(goTool(t), "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	var ours []string
	for _, d := range deps {
		if strings.HasPrefix(d, "commons/") {
			ours = append(ours, d)
		}
		if strings.Contains(d, ".") && !strings.HasPrefix(d, "vendor/") {
			t.Errorf("links the third-party package %s", d)
		}
	}
	want := []string{"commons/cmd/commons-tally", "commons/internal/budgeting/pabulib", "commons/internal/budgeting/tally", "commons/internal/budgeting/tally/add1", "commons/internal/budgeting/tallycmd"}
	slices.Sort(ours)
	if !slices.Equal(ours, want) {
		t.Errorf("packages of ours linked: %v, want %v", ours, want)
	}
	for _, heavy := range []string{"net/http", "html/template", "database/sql"} {
		if slices.Contains(deps, heavy) {
			t.Errorf("links %s", heavy)
		}
	}
}

// The built program prints what "commons tally" prints and exits as it
// does, for a count, a report, a story and a usage error, its errors and
// usage naming the program.
func TestSameAsTheSubCommand(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "commons-tally")
	if out, err := exec.Command(goTool(t), "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file := filepath.Join("..", "..", "internal", "budgeting", "pabulib", "testdata", "Netherlands_Assen_2024.pb")
	for _, args := range [][]string{
		{"--file", file},
		{"--rule", "greedy", "--json", "--file", file},
		{"--explain", "8", "--file", file},
		{"--rule", "nonsense", "--file", file},
	} {
		var wantOut, wantErr bytes.Buffer
		wantCode := tallycmd.RunAs("commons-tally", args, &wantOut, &wantErr)
		var subOut, subErr bytes.Buffer
		if subCode := tallycmd.Run(args, &subOut, &subErr); subCode != wantCode || subOut.String() != wantOut.String() ||
			strings.Replace(subErr.String(), "tally: ", "commons-tally: ", 1) != wantErr.String() {
			t.Errorf("%v: commons tally answers %d %q %q, commons-tally %d %q %q", args, subCode, subOut.String(), subErr.String(), wantCode, wantOut.String(), wantErr.String())
		}
		cmd := exec.Command(bin, args...)
		var gotOut, gotErr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &gotOut, &gotErr
		code := 0
		if err := cmd.Run(); err != nil {
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("%v: %v", args, err)
			}
			code = exit.ExitCode()
		}
		if code != wantCode || gotOut.String() != wantOut.String() || gotErr.String() != wantErr.String() {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; commons tally: exit %d, stdout %q, stderr %q",
				args, code, gotOut.String(), gotErr.String(), wantCode, wantOut.String(), wantErr.String())
		}
		if wantOut.Len() == 0 && wantCode == 0 {
			t.Errorf("%v: commons tally printed nothing", args)
		}
		if wantCode != 0 && !strings.HasPrefix(gotErr.String(), "commons-tally: ") {
			t.Errorf("%v: the error %q does not name commons-tally", args, gotErr.String())
		}
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--help")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("--help: %v", err)
	}
	if !strings.HasPrefix(stderr.String(), "usage: commons-tally [--rule") {
		t.Errorf("--help says %q, want the usage of commons-tally", stderr.String())
	}
}
