package search_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/db/dbtest"
	"commons/internal/platform/search"
)

func kinds(r search.Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Kind+"/"+h.ID)
	}
	return out
}

func TestIndexFindsOnlyWhatTheReaderMaySee(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{search.Migrations}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		x := search.NewIndex(d)
		docs := []search.Doc{
			{Kind: "method", ID: "m1", Title: "World Café", Summary: "Small groups talk about their communities.", URL: "/methods/m1", Audience: []string{search.Public}},
			{Kind: "thread", ID: "t1", Title: "Community garden rota", Body: "Who waters the garden?", URL: "/groups/g/threads/t1", Audience: []string{search.Group("g-private")}},
			{Kind: "event", ID: "e1", Title: "Gardening club", TitleCy: "Clwb garddio", Summary: "In the community hall", AreaID: "ward-1", URL: "/events/e1", Audience: []string{search.Public}},
			{Kind: "event", ID: "e2", Title: "Staff training on community work", URL: "/events/e2", Audience: []string{search.Officers}},
			{Kind: "asset", ID: "a1", Title: "Neuadd y Gymuned", Summary: "Lle i gyfarfod yn ein cymunedau", URL: "/assets/a1", Audience: []string{search.Public}},
		}
		n, err := x.Reconcile(ctx, "test", docs)
		if err != nil || n != 5 {
			t.Fatalf("first reconcile: %d, %v", n, err)
		}
		stranger := search.ReaderAudiences(nil)
		member := append(search.ReaderAudiences(&actor.Actor{ID: "p1"}), search.Group("g-private"))
		find := func(text string, aud []string, q search.Query) []string {
			q.Text, q.Audiences = text, aud
			r, err := x.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			return kinds(r)
		}
		got := find("communities", stranger, search.Query{})
		if len(got) != 2 || contains(got, "thread/t1") || contains(got, "event/e2") {
			t.Errorf("a stranger searching 'communities' found %v", got)
		}
		if got := find("garden", member, search.Query{}); !contains(got, "thread/t1") || !contains(got, "event/e1") {
			t.Errorf("a member of the private group found %v", got)
		}
		if got := find("garden", stranger, search.Query{}); contains(got, "thread/t1") {
			t.Errorf("private group content reached a stranger: %v", got)
		}
		// Welsh: a mutated plural finds the radical, and the other way round.
		if got := find("cymuned", stranger, search.Query{}); !contains(got, "asset/a1") {
			t.Errorf("cymuned found %v", got)
		}
		if got := find("garddio", stranger, search.Query{}); !contains(got, "event/e1") {
			t.Errorf("garddio found %v", got)
		}
		// Filters by kind and area; counts by kind ignore the kind filter.
		r, err := x.Search(ctx, search.Query{Text: "community", Audiences: stranger, Kinds: []string{"event"}})
		if err != nil || len(r.Hits) != 1 || r.Total != 1 || r.ByKind["method"] != 1 {
			t.Errorf("kind filter: %+v, %v", r, err)
		}
		if got := find("community", stranger, search.Query{AreaID: "ward-2"}); len(got) != 0 {
			t.Errorf("area filter: %v", got)
		}
		// Every word must match.
		if got := find("garden rota", member, search.Query{}); len(got) != 1 || got[0] != "thread/t1" {
			t.Errorf("two words: %v", got)
		}

		// A document made private, one deleted and one changed: the index follows.
		docs[0].Audience = []string{search.Officers}
		docs[2].Title = "Allotment club"
		n, err = x.Reconcile(ctx, "test", append(docs[:3:3], docs[4]))
		if err != nil || n != 3 {
			t.Fatalf("second reconcile: %d, %v", n, err)
		}
		if got := find("communities", stranger, search.Query{}); contains(got, "method/m1") {
			t.Errorf("a document made private is still found: %v", got)
		}
		if got := find("training", search.ReaderAudiences(&actor.Actor{ID: "o", Roles: []string{"officer"}}), search.Query{}); len(got) != 0 {
			t.Errorf("a removed document is still found: %v", got)
		}
		if got := find("allotment", stranger, search.Query{}); !contains(got, "event/e1") {
			t.Errorf("a changed title is not found: %v", got)
		}
		// Nothing changed, nothing written.
		if n, err := x.Reconcile(ctx, "test", append(docs[:3:3], docs[4])); err != nil || n != 0 {
			t.Errorf("unchanged reconcile wrote %d, %v", n, err)
		}
		// Punctuation and operators in a search are only words.
		if got := find(`"garden" OR * NEAR(x) -- ' ; DROP`, stranger, search.Query{}); len(got) != 0 {
			t.Errorf("operators: %v", got)
		}
	})
}

func TestTheRefreshIsClaimedByOneServer(t *testing.T) {
	dbtest.Each(t, nil, []db.Migrations{search.Migrations}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, b := search.NewIndex(d), search.NewIndex(d)
		if ok, err := a.Claim(ctx, 60e9); !ok || err != nil {
			t.Fatalf("first claim: %v %v", ok, err)
		}
		if ok, _ := b.Claim(ctx, 60e9); ok {
			t.Fatal("a second server claimed a held refresh")
		}
		if err := a.Release(ctx); err != nil {
			t.Fatal(err)
		}
		if ok, _ := b.Claim(ctx, 60e9); !ok {
			t.Fatal("the refresh was not free after release")
		}
	})
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func FuzzSearchText(f *testing.F) {
	f.Add("garden \"rota\" OR NEAR(*)")
	d := dbtest.Open(f, "sqlite", nil, search.Migrations)
	x := search.NewIndex(d)
	if _, err := x.Reconcile(context.Background(), "t", []search.Doc{{Kind: "k", ID: "1", Title: "garden", URL: "/", Audience: []string{search.Public}}}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if used, _ := search.Cut(s); len([]rune(used)) > search.MaxQueryLen || !strings.HasPrefix(s, used) && utf8.ValidString(s) {
			t.Fatalf("Cut(%q) = %q", s, used)
		}
		if n := search.QueryWords(s); n > search.MaxQueryWords {
			t.Fatalf("%q gave %d words", s, n)
		}
		if _, err := x.Search(context.Background(), search.Query{Text: s, Audiences: []string{search.Public}}); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	})
}
