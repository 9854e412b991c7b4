package app_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"commons/internal/app"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
)

const module = "commons"

// pureMarker in a package's doc.go declares that it may import only the standard library (and
// other pure packages).
const pureMarker = "// Pure: standard library only."

// purePackages are pure whether or not their doc.go says so yet.
var purePackages = map[string]bool{
	"commons/internal/budgeting/tally":   true,
	"commons/internal/budgeting/pabulib": true,
}

type pkgInfo struct {
	ImportPath string
	Dir        string
	Imports    []string
}

// layer is what kind of package an import path is.
func layer(p string) string {
	rest, ok := strings.CutPrefix(p, module+"/internal/")
	if !ok {
		return "other"
	}
	top, _, _ := strings.Cut(rest, "/")
	switch top {
	case "app", "config", "platform", "identity", "site":
		return top
	}
	return "capability:" + top
}

func isStd(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return p != module && !strings.HasPrefix(p, module+"/") && !strings.Contains(first, ".")
}

// importViolations applies the architecture's import rules to a package graph.
func importViolations(pkgs []pkgInfo, pure func(pkgInfo) bool) []string {
	var bad []string
	pureSet := map[string]bool{} // a pure package may build on another pure package
	for _, p := range pkgs {
		if pure(p) {
			pureSet[p.ImportPath] = true
		}
	}
	for _, p := range pkgs {
		from := layer(p.ImportPath)
		for _, imp := range p.Imports {
			to := layer(imp)
			var why string
			switch {
			case strings.HasPrefix(from, "capability:") && strings.HasPrefix(to, "capability:") && to != from:
				why = "a capability imports another capability"
			case strings.HasPrefix(from, "capability:") && to == "app":
				why = "a capability imports the composition root"
			case from == "platform" && (to == "identity" || to == "app" || strings.HasPrefix(to, "capability:")):
				why = "the platform imports " + to
			case from == "identity" && (to == "app" || strings.HasPrefix(to, "capability:")):
				why = "identity imports " + to
			}
			if why == "" && pure(p) && !isStd(imp) && !pureSet[imp] {
				why = "a pure package imports more than the standard library"
			}
			if why != "" {
				bad = append(bad, fmt.Sprintf("%s imports %s: %s", p.ImportPath, imp, why))
			}
		}
	}
	return bad
}

func isPure(p pkgInfo) bool {
	if purePackages[p.ImportPath] {
		return true
	}
	b, err := os.ReadFile(filepath.Join(p.Dir, "doc.go"))
	return err == nil && bytes.Contains(b, []byte(pureMarker+"\n"))
}

func TestImportRulesCatchViolations(t *testing.T) {
	graph := []pkgInfo{
		{ImportPath: "commons/internal/events", Imports: []string{"commons/internal/identity", "commons/internal/platform/web", "commons/internal/timebank"}},
		{ImportPath: "commons/internal/platform/web", Imports: []string{"commons/internal/identity"}},
		{ImportPath: "commons/internal/platform/db", Imports: []string{"commons/internal/events/store"}},
		{ImportPath: "commons/internal/identity", Imports: []string{"commons/internal/platform/web", "commons/internal/forums"}},
		{ImportPath: "commons/internal/budgeting/tally", Imports: []string{"sort", "golang.org/x/text/collate"}},
		{ImportPath: "commons/internal/budgeting/tally/x", Imports: []string{"commons/internal/platform/errs"}},
		{ImportPath: "commons/internal/events/ics", Imports: []string{"commons/internal/events", "commons/internal/platform/ids"}},
		{ImportPath: "commons/internal/app", Imports: []string{"commons/internal/events", "commons/internal/timebank"}},
	}
	pure := func(p pkgInfo) bool { return strings.HasPrefix(p.ImportPath, "commons/internal/budgeting/tally") }
	got := importViolations(graph, pure)
	want := []string{
		"commons/internal/events imports commons/internal/timebank: a capability imports another capability",
		"commons/internal/platform/web imports commons/internal/identity: the platform imports identity",
		"commons/internal/platform/db imports commons/internal/events/store: the platform imports capability:events",
		"commons/internal/identity imports commons/internal/forums: identity imports capability:forums",
		"commons/internal/budgeting/tally imports golang.org/x/text/collate: a pure package imports more than the standard library",
		"commons/internal/budgeting/tally/x imports commons/internal/platform/errs: a pure package imports more than the standard library",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestImportGraphFollowsTheArchitecture(t *testing.T) {
	cmd := exec.Command("go", "list", "-json=ImportPath,Dir,Imports", module+"/...")
	cmd.Dir = ".."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkgInfo
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkgInfo
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	for _, v := range importViolations(pkgs, isPure) {
		t.Error(v)
	}
}

func TestBothDatabasesEndWithTheSameSchema(t *testing.T) {
	cols := map[string][]db.Column{}
	for _, dialect := range []string{"sqlite", "postgres"} {
		d := dbtest.Open(t, dialect, nil, app.Migrations()...)
		c, err := d.Columns(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if len(c) == 0 {
			t.Fatalf("%s: no columns", dialect)
		}
		cols[dialect] = c
	}
	index := func(cs []db.Column) map[db.Column]bool {
		m := map[db.Column]bool{}
		for _, c := range cs {
			m[c] = true
		}
		return m
	}
	lite, pg := index(cols["sqlite"]), index(cols["postgres"])
	for c := range lite {
		if !pg[c] {
			t.Errorf("only SQLite has %s.%s", c.Table, c.Name)
		}
	}
	for c := range pg {
		if !lite[c] {
			t.Errorf("only PostgreSQL has %s.%s", c.Table, c.Name)
		}
	}
}

// wiringViolations lists files of internal/app, other than the one slice in capabilities.go,
// that import a capability: a capability is wired in that slice and nowhere else.
func wiringViolations(files map[string][]string) []string {
	var bad []string
	for name, imports := range files {
		if name == "capabilities.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		for _, imp := range imports {
			if strings.HasPrefix(layer(imp), "capability:") {
				bad = append(bad, fmt.Sprintf("internal/app/%s imports %s: capabilities are listed only in capabilities.go", name, imp))
			}
		}
	}
	sort.Strings(bad)
	return bad
}

func TestWiringRuleCatchesViolations(t *testing.T) {
	got := wiringViolations(map[string][]string{
		"capabilities.go": {"commons/internal/events", "commons/internal/platform/capability"},
		"serve.go":        {"commons/internal/identity", "commons/internal/platform/web", "commons/internal/timebank"},
		"demo.go":         {"commons/internal/events/themes"},
		"x_test.go":       {"commons/internal/events"},
	})
	want := []string{
		"internal/app/demo.go imports commons/internal/events/themes: capabilities are listed only in capabilities.go",
		"internal/app/serve.go imports commons/internal/timebank: capabilities are listed only in capabilities.go",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCapabilitiesAreWiredInOneSlice(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]string{}
	fset := token.NewFileSet()
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			files[e.Name()] = append(files[e.Name()], strings.Trim(imp.Path.Value, `"`))
		}
	}
	if len(files["capabilities.go"]) < 2 {
		t.Fatalf("capabilities.go imports %v: the slice of capabilities has moved?", files["capabilities.go"])
	}
	for _, v := range wiringViolations(files) {
		t.Error(v)
	}
	// Every capability folder is in the slice.
	listed := map[string]bool{}
	for _, c := range app.Capabilities() {
		listed[c.Name] = true
	}
	dirs, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() || !strings.HasPrefix(layer(module+"/internal/"+d.Name()), "capability:") || d.Name() == "site" {
			continue
		}
		if !listed[d.Name()] {
			t.Errorf("internal/%s is a capability folder missing from app.Capabilities() (or its Name differs from its folder)", d.Name())
		}
	}
}

// serviceFilesImportingWeb lists, in the given folders, the files (tests aside) that declare a
// method of a type named Service and import the web kit.
func serviceFilesImportingWeb(t *testing.T, folders []string) []string {
	t.Helper()
	var bad []string
	for _, folder := range folders {
		files, err := filepath.Glob(filepath.Join(folder, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			web := false
			for _, imp := range file.Imports {
				if imp.Path.Value == `"`+module+`/internal/platform/web"` {
					web = true
				}
			}
			if !web {
				continue
			}
			for _, d := range file.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Recv == nil || len(fn.Recv.List) == 0 {
					continue
				}
				typ := fn.Recv.List[0].Type
				if star, ok := typ.(*ast.StarExpr); ok {
					typ = star.X
				}
				if id, ok := typ.(*ast.Ident); ok && id.Name == "Service" {
					bad = append(bad, filepath.ToSlash(f)+" ("+fn.Name.Name+")")
					break
				}
			}
		}
	}
	return bad
}

// TestServicesDependOnNoWebType: a capability's service (its rules) takes the actor value, not
// the web kit's types, so the domain does not depend on the HTTP layer (the house issue, point 4).
func TestServicesDependOnNoWebType(t *testing.T) {
	folders := []string{filepath.Join("..", "identity")}
	for _, c := range app.Capabilities() {
		folders = append(folders, filepath.Join("..", c.Name))
	}
	if bad := serviceFilesImportingWeb(t, folders); len(bad) > 0 {
		t.Errorf("service files import the web kit: %s; take *actor.Actor", strings.Join(bad, ", "))
	}
	// The rule sees a violation: a service method in a file that imports the web kit.
	dir := t.TempDir()
	src := "package x\n\nimport \"" + module + "/internal/platform/web\"\n\ntype Service struct{}\n\nfunc (s *Service) Do(k *web.Kit) {}\n"
	if err := os.WriteFile(filepath.Join(dir, "service.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if bad := serviceFilesImportingWeb(t, []string{dir}); len(bad) != 1 {
		t.Errorf("the rule missed a service taking *web.Kit: %v", bad)
	}
}
