package capability

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

type greeter interface{ Greet() string }
type crediter interface {
	Credit(ctx context.Context, minutes int) error
}

type hello struct{}

func (hello) Greet() string { return "hello" }

type bank struct{ credited int }

func (b *bank) Greet() string { return "bank" }
func (b *bank) Credit(_ context.Context, minutes int) error {
	b.credited += minutes
	return nil
}

func TestFindNeedAll(t *testing.T) {
	env := &Env{}
	if _, ok := Find[greeter](env); ok {
		t.Fatal("found a greeter in an empty env")
	}
	if _, err := Need[crediter](env); err == nil || !strings.Contains(err.Error(), "crediter") {
		t.Fatalf("Need on an empty env: %v, want an error naming the interface", err)
	}
	b := &bank{}
	env.Provide(hello{}, b)
	if g, ok := Find[greeter](env); !ok || g.Greet() != "hello" {
		t.Fatalf("Find[greeter] = %v, %v; want the first provided", g, ok)
	}
	c, err := Need[crediter](env)
	if err != nil {
		t.Fatal(err)
	}
	_ = c.Credit(context.Background(), 60)
	if b.credited != 60 {
		t.Fatalf("credited %d, want 60 through the interface", b.credited)
	}
	if got := All[greeter](env); len(got) != 2 || got[1].Greet() != "bank" {
		t.Fatalf("All[greeter] = %v, want both in order", got)
	}
	if p, ok := Find[*bank](env); !ok || p != b {
		t.Fatal("Find by concrete pointer type did not return the provided value")
	}
}

func TestTableKeepsAccessAndOrder(t *testing.T) {
	var tb Table
	h := func(http.ResponseWriter, *http.Request) error { return nil }
	tb.Public("GET /a", h)
	tb.SignedIn("POST /a", h)
	tb.Officer("GET /b", h)
	tb.Moderator("POST /c", h)
	tb.Admin("GET /d", h)
	want := []struct {
		p string
		a Access
	}{{"GET /a", Public}, {"POST /a", SignedIn}, {"GET /b", Officer}, {"POST /c", Moderator}, {"GET /d", Admin}}
	if len(tb.Routes) != len(want) {
		t.Fatalf("%d routes, want %d", len(tb.Routes), len(want))
	}
	for i, w := range want {
		if r := tb.Routes[i]; r.Pattern != w.p || r.Access != w.a || r.Handler == nil {
			t.Errorf("route %d = %q %q, want %q %q", i, r.Pattern, r.Access, w.p, w.a)
		}
	}
}

func TestConnectFillsWhatIsProvidedAndLeavesTheRest(t *testing.T) {
	var svc struct {
		G greeter
		C crediter
		B *bank
		H hello
		// Nothing provides a Stringer-like interface: it stays nil.
		None interface{ Missing() }
	}
	b := &bank{}
	env := &Env{}
	env.Provide(nil, hello{}, b)
	connect := Connect(&svc.G, &svc.C, &svc.B, &svc.H, &svc.None)
	if svc.G != nil || svc.C != nil || svc.B != nil {
		t.Fatal("Connect filled fields before it ran")
	}
	if err := connect(env); err != nil {
		t.Fatal(err)
	}
	if svc.G == nil || svc.G.Greet() != "hello" {
		t.Errorf("greeter = %v, want the first provided (hello)", svc.G)
	}
	if svc.C != b || svc.B != b {
		t.Errorf("crediter = %v, *bank = %v; want the provided bank", svc.C, svc.B)
	}
	if svc.H != (hello{}) {
		t.Errorf("hello = %v, want the provided value", svc.H)
	}
	if svc.None != nil {
		t.Errorf("an interface nobody provides was filled with %v", svc.None)
	}
	// A concrete type is matched exactly, as Find does: a *bank does not fill a bank.
	var plain struct{ B bank }
	if err := Connect(&plain.B)(env); err != nil || plain.B.credited != 0 {
		t.Fatalf("plain bank: %v %v", plain.B, err)
	}
}

func TestConnectRefusesWhatIsNotAPointer(t *testing.T) {
	for _, arg := range []any{greeter(nil), hello{}, (*bank)(nil)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Connect(%T) did not panic", arg)
				}
			}()
			Connect(arg)
		}()
	}
}
