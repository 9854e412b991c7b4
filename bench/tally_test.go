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
	"commons/internal/platform/sharedtest"
)

// sharedFiles lists the elections in ../shared/data/pabulib beside the repository root (the
// benchmarks skip when it is absent); BENCH_FILES=NAME keeps the files whose names contain NAME.
func sharedFiles(b *testing.B) []string {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedtest.Dir(b, "data", "pabulib"), "*.pb"))
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
