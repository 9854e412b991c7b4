// The server's resident memory: `commons serve --demo` started on an empty SQLite file (so it
// loads the demo borough), then idle, read from /proc (see README.md, "Memory after the demo").
//
//	go test ./bench -run XXX -bench ServeMemory -benchtime 3x

package bench

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// buildCommons builds cmd/commons into a temporary folder with the go on PATH (go test puts
// its own there).
func buildCommons(b *testing.B) string {
	b.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go tool on PATH")
	}
	bin := filepath.Join(b.TempDir(), "commons")
	if out, err := exec.Command(goTool, "build", "-o", bin, "../cmd/commons").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// residentKB reads VmRSS (or another field) of a process from /proc.
func residentKB(b *testing.B, pid int, field string) int {
	b.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	b.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

func freePort(b *testing.B) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// BenchmarkServeMemory reports the resident set of a server that has just loaded the demo
// borough, two seconds after it first answered, and its peak while loading.
func BenchmarkServeMemory(b *testing.B) {
	bin := buildCommons(b)
	for i := range b.N {
		addr := freePort(b)
		cmd := exec.Command(bin, "serve", "--demo", "--addr", addr, "--db", filepath.Join(b.TempDir(), fmt.Sprint("demo", i, ".db")))
		cmd.Env = append(os.Environ(), "COMMONS_LOG_FORMAT=json")
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		deadline := time.Now().Add(2 * time.Minute)
		for {
			res, err := http.Get("http://" + addr + "/healthz")
			if err == nil {
				res.Body.Close()
				if res.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				b.Fatal("the server did not answer within two minutes")
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(2 * time.Second)
		rss, peak := residentKB(b, cmd.Process.Pid, "VmRSS"), residentKB(b, cmd.Process.Pid, "VmHWM")
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		b.Logf("run %d: %.1f MB resident after loading the demo (peak %.1f MB)", i+1, float64(rss)/1024, float64(peak)/1024)
		b.ReportMetric(float64(rss)/1024, "idle-MB")
		b.ReportMetric(float64(peak)/1024, "peak-MB")
		if rss >= 60*1024 {
			b.Errorf("%.1f MB resident after the demo; the target is under 60 MB", float64(rss)/1024)
		}
	}
}
