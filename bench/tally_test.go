// Package bench holds the benchmarks of Commons. Figures and how they were
// taken are in README.md beside this file.
package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"commons/internal/budgeting/pabulib"
	"commons/internal/budgeting/tally"
)

// sharedFiles lists the elections in ../shared/data/pabulib beside the
// repository root (the folder holding go.mod); the benchmarks skip when it
// is absent.
func sharedFiles(b *testing.B) []string {
	b.Helper()
	wd, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			files, _ := filepath.Glob(filepath.Join(d, "..", "shared", "data", "pabulib", "*.pb"))
			if len(files) == 0 {
				break
			}
			if only := os.Getenv("BENCH_FILES"); only != "" {
				var keep []string
				for _, f := range files {
					if strings.Contains(filepath.Base(f), only) {
						keep = append(keep, f)
					}
				}
				files = keep
			}
			return files
		}
	}
	b.Skip("../shared/data/pabulib is not beside the repository root; nothing to benchmark")
	return nil
}

func name(path string) string { return strings.TrimSuffix(filepath.Base(path), ".pb") }

func load(b *testing.B, path string) ([]byte, *tally.Election) {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	pe, err := pabulib.Read(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	e, err := tally.FromPabulib(pe)
	if err != nil {
		b.Fatal(err)
	}
	return data, e
}

// BenchmarkParse reads a file already in memory into an election ready to
// be counted (tally.Read: ballots checked and merged as they are read).
func BenchmarkParse(b *testing.B) {
	for _, f := range sharedFiles(b) {
		data, _ := load(b, f)
		b.Run(name(f), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := tally.Read(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadFull reads a file into a pabulib.Election holding every
// ballot and column, as a round trip needs.
func BenchmarkReadFull(b *testing.B) {
	for _, f := range sharedFiles(b) {
		data, _ := load(b, f)
		b.Run(name(f), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := pabulib.Read(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchRule(b *testing.B, rule tally.Rule) {
	for _, f := range sharedFiles(b) {
		_, e := load(b, f)
		if rule == tally.Phragmen && e.Kind != tally.Approval {
			continue
		}
		b.Run(name(f), func(b *testing.B) {
			for b.Loop() {
				if _, err := tally.Count(e, rule, tally.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGreedy(b *testing.B)   { benchRule(b, tally.Greedy) }
func BenchmarkMES(b *testing.B)      { benchRule(b, tally.MES) }
func BenchmarkPhragmen(b *testing.B) { benchRule(b, tally.Phragmen) }
func BenchmarkMESAdd1(b *testing.B)  { benchRule(b, tally.MESAdd1) }
