// Package sharedtest finds the large shared data (../shared beside the repository root) for the
// conformance tests and benchmarks that may read it. A fresh clone has no ../shared: the tests
// then skip with a message, except under CI (CI=true), where the folder must be present.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns ../shared/<parts...> beside the repository root (the folder holding go.mod), or
// skips the test (fails it under CI) when it is absent. COMMONS_SHARED, when set, names the
// shared folder instead (a git worktree elsewhere than beside it reads the same data).
func Dir(t testing.TB, parts ...string) string {
	t.Helper()
	if dir := os.Getenv("COMMONS_SHARED"); dir != "" {
		if p := filepath.Join(append([]string{dir}, parts...)...); exists(p) {
			return p
		}
	}
	rel := filepath.Join(append([]string{"..", "shared"}, parts...)...)
	if root, ok := repoRoot(); ok {
		dir := filepath.Join(root, rel)
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing beside the repository root; CI must provide it", rel)
	}
	t.Skipf("%s is not beside the repository root; skipping what needs the shared data", rel)
	return ""
}

func repoRoot() (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
