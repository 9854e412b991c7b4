package bench

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"

	"commons/internal/budgeting/tally"
)

// heapWatch records the largest live heap any garbage collection finds
// while it runs: a finalizer on a throwaway object runs after every cycle
// and reads the live heap that cycle marked. The collector is set to start
// a cycle once the heap has grown 1% over the last live figure, and
// peakHeap starts cycles back to back besides.
//
// BenchmarkPeakHeap runs only with GODEBUG=gcstoptheworld=1, which makes
// every cycle mark with the program stopped: the live heap it finds is
// what was reachable at that instant. A cycle that marks while the
// program runs counts all it allocates meanwhile as live, and on the
// smallest files, where one cycle spans much of the count, that put the
// figure at two to three times the truth. Each sample is exact but the
// peak may fall between two: the benchmark repeats each count for a
// second (some 300 times on the files of 1 to 2 kB), so that the samples
// land all over it.
type heapWatch struct {
	mu   sync.Mutex
	peak uint64
	done bool
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func (w *heapWatch) arm() {
	x := new([16]byte)
	runtime.SetFinalizer(x, func(*[16]byte) {
		live := liveHeap()
		w.mu.Lock()
		w.peak = max(w.peak, live)
		done := w.done
		w.mu.Unlock()
		if !done {
			w.arm()
		}
	})
}

// peakHeap is the largest live heap seen while f runs, less the live
// heap before it, and what f allocated in all (an upper bound of the peak
// that holds however rarely the collector ran).
func peakHeap(f func()) (peak, alloc uint64) {
	old := debug.SetGCPercent(1)
	defer debug.SetGCPercent(old)
	runtime.GC()
	base := liveHeap()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	alloc0 := ms.TotalAlloc
	w := &heapWatch{}
	w.arm()
	// Small files are read and counted between two cycles of the
	// collector: a goroutine starts one cycle after another meanwhile.
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-stop:
				return
			default:
				runtime.GC()
			}
		}
	}()
	f()
	close(stop)
	<-stopped
	runtime.ReadMemStats(&ms)
	alloc = ms.TotalAlloc - alloc0
	runtime.GC() // the last cycle, and the finalizer of the one before
	runtime.GC()
	w.mu.Lock()
	w.done = true
	peak = w.peak
	w.mu.Unlock()
	runtime.GC()
	if peak < base {
		return 0, alloc
	}
	return min(peak-base, alloc), alloc
}

// BenchmarkPeakHeap is the peak live heap of reading a file (tally.Read,
// as the command does) and counting it by each rule, reported in MB and
// as a multiple of the file's size (heap×file). What the result holds
// when the count is done is included; the file's bytes are not (the
// command reads the file as a stream).
func BenchmarkPeakHeap(b *testing.B) {
	if !strings.Contains(os.Getenv("GODEBUG"), "gcstoptheworld=1") {
		b.Skip("BenchmarkPeakHeap needs GODEBUG=gcstoptheworld=1 so that each sample of the live heap is exact (bench/README.md)")
	}
	for _, f := range sharedFiles(b) {
		data, e := load(b, f)
		for _, rule := range []tally.Rule{tally.Greedy, tally.MES, tally.Phragmen, tally.MESAdd1} {
			if rule == tally.Phragmen && e.Kind != tally.Approval {
				continue
			}
			b.Run(name(f)+"/"+string(rule), func(b *testing.B) {
				var peak, alloc uint64
				for b.Loop() {
					p, a := peakHeap(func() {
						e, _, err := tally.Read(bytes.NewReader(data))
						if err != nil {
							b.Fatal(err)
						}
						res, err := tally.Count(e, rule, tally.Options{})
						if err != nil {
							b.Fatal(err)
						}
						runtime.KeepAlive(res)
					})
					peak, alloc = max(peak, p), max(alloc, a)
				}
				b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
				b.ReportMetric(float64(peak)/float64(len(data)), "heap×file")
				b.ReportMetric(float64(alloc)/float64(len(data)), "alloc×file")
			})
		}
	}
}
