// Package bench holds the benchmarks of Commons. Figures and how they were
// taken are in README.md beside this file.
package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
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

// BenchmarkParse reads a file already in memory and prepares it for
// counting (identical ballots merged). It reports the peak heap the parse
// reached as a multiple of the file's size.
func BenchmarkParse(b *testing.B) {
	for _, f := range sharedFiles(b) {
		data, _ := load(b, f)
		b.Run(name(f), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				pe, err := pabulib.Read(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := tally.FromPabulib(pe); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(heapRatio(data), "heap/file")
		})
	}
}

// heapRatio parses once more and reports the live heap afterwards (the
// parsed election and the prepared one) divided by the file's size.
func heapRatio(data []byte) float64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	pe, _ := pabulib.Read(bytes.NewReader(data))
	e, _ := tally.FromPabulib(pe)
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(pe)
	runtime.KeepAlive(e)
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data))
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
