package assets_test

import (
	"context"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/assets"
	"commons/internal/assets/geo"
	"commons/internal/assets/record"
	"commons/internal/platform/errs"
)

// Every filter keeps the same assets, in the same order, on SQLite and on PostgreSQL.
func TestSearchGivesTheSameAnswersOnBothDatabases(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		ctx := context.Background()
		castle := geo.Centroids["AH1"]
		for _, tc := range []struct {
			name string
			f    assets.Filter
			want string
		}{
			{"all by name", assets.Filter{}, "Caffi Cwtsh|Castle Library|Harbour Choir|Nant Village Hall|Upper Valley Walking Group"},
			{"words anywhere, accents folded", assets.Filter{Q: "CAFE welsh"}, "Caffi Cwtsh"},
			{"words match from their start", assets.Filter{Q: "lib"}, "Castle Library"},
			{"not from their middle", assets.Filter{Q: "ibrary"}, ""},
			{"accented query", assets.Filter{Q: "croesó"}, "Caffi Cwtsh"},
			{"every word must match", assets.Filter{Q: "hall lunch"}, "Nant Village Hall"},
			{"organisation and area names are searched", assets.Filter{Q: "committee"}, "Nant Village Hall"},
			{"punctuation is ignored, so LIKE wildcards match nothing extra", assets.Filter{Q: "100%"}, "Castle Library"},
			{"words split at punctuation", assets.Filter{Q: "free_of"}, "Castle Library"},
			{"a percent sign alone matches nothing special", assets.Filter{Q: "%"}, "Caffi Cwtsh|Castle Library|Harbour Choir|Nant Village Hall|Upper Valley Walking Group"},
			{"no match", assets.Filter{Q: "swimming"}, ""},
			{"category", assets.Filter{Category: "spaces"}, "Castle Library|Nant Village Hall"},
			{"tag", assets.Filter{Tag: "Welsh"}, "Harbour Choir"},
			{"tag is whole", assets.Filter{Tag: "hal"}, ""},
			{"area", assets.Filter{AreaID: w.castle}, "Caffi Cwtsh|Castle Library|Harbour Choir"},
			{"step-free", assets.Filter{StepFree: true}, "Castle Library|Nant Village Hall"},
			{"open now", assets.Filter{OpenNow: true}, "Castle Library|Nant Village Hall"},
			{"organisation", assets.Filter{OrgID: w.hall}, "Nant Village Hall"},
			{"map window", assets.Filter{BBox: &geo.BBox{West: -3.95, South: 51.62, East: -3.94, North: 51.63}}, "Caffi Cwtsh|Castle Library"},
			{"nearest first, unplaced last", assets.Filter{Near: &castle}, "Caffi Cwtsh|Castle Library|Nant Village Hall|Upper Valley Walking Group|Harbour Choir"},
			{"combined", assets.Filter{Category: "spaces", Near: &geo.Point{Lat: 51.642, Lon: -3.965}}, "Nant Village Hall|Castle Library"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				// Both plans of a text search (start from the rarest word, or walk the names
				// when every word is common) give the same answer.
				undo := assets.SetCommonPostings(1)
				common, err := w.svc.Search(ctx, nil, tc.f)
				undo()
				if err != nil || names(common) != tc.want {
					t.Errorf("walking the names: %q (%v)", names(common), err)
				}
				got, err := w.svc.Search(ctx, nil, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				if names(got) != tc.want {
					t.Errorf("got %q, want %q", names(got), tc.want)
				}
				if !tc.f.OpenNow {
					n, err := w.svc.Count(ctx, tc.f)
					if err != nil || n != len(got) {
						t.Errorf("count %d (%v), listed %d", n, err, len(got))
					}
					// The capped count agrees below its cap and stops one past it.
					for _, max := range []int{1, 2, 10} {
						c, err := w.svc.CountUpTo(ctx, tc.f, max)
						if want := min(n, max+1); err != nil || c != want {
							t.Errorf("count up to %d: %d (%v), want %d", max, c, err, want)
						}
					}
				}
				// The map's lean read keeps the same assets in the same order.
				if tc.f.BBox != nil || tc.f.Q != "" || tc.f.OpenNow {
					lean, err := w.svc.MapWindow(ctx, nil, tc.f)
					if err != nil || names(lean) != tc.want {
						t.Errorf("map window: %q (%v)", names(lean), err)
					}
					for _, a := range lean {
						if a.ID == "" || a.Category == "" || a.Description != "" {
							t.Errorf("map window row %+v", a)
						}
					}
				}
			})
		}
		got, _ := w.svc.Search(ctx, nil, assets.Filter{OpenNow: true, Limit: 1, Offset: 1})
		if names(got) != "Nant Village Hall" {
			t.Errorf("open now, second page of one: %q", names(got))
		}
		// Distances are real kilometres, and paging fetches one more to show there is a next page.
		got, _ = w.svc.Search(ctx, nil, assets.Filter{Near: &castle, Limit: 2, Offset: 1})
		if names(got) != "Castle Library|Nant Village Hall|Upper Valley Walking Group" || got[0].DistanceKm == nil || *got[0].DistanceKm > 0.2 {
			t.Errorf("page: %q", names(got))
		}
	})
}

func TestWhoMayAddChangeAndVerify(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		ctx := context.Background()

		// A resident's suggestion waits for an officer and is hidden from everyone else.
		sug, err := w.svc.Create(ctx, w.resident, record.Input{Name: "Castle Community Fridge", Category: "economic", Area: "Castle"})
		if err != nil || sug.Status != assets.StatusSuggested {
			t.Fatalf("suggest: %v %+v", err, sug)
		}
		if _, err := w.svc.Asset(ctx, nil, sug.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("a stranger sees a suggestion: %v", err)
		}
		if _, err := w.svc.Asset(ctx, w.member, sug.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("another member sees a suggestion: %v", err)
		}
		if _, err := w.svc.Asset(ctx, w.resident, sug.ID); err != nil {
			t.Errorf("the suggester cannot see their suggestion: %v", err)
		}
		if got, _ := w.svc.Search(ctx, nil, assets.Filter{Q: "fridge"}); len(got) != 0 {
			t.Error("a suggestion is in the public search")
		}
		if _, err := w.svc.Search(ctx, w.resident, assets.Filter{Status: assets.StatusSuggested}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a resident lists suggestions: %v", err)
		}
		if err := w.svc.Verify(ctx, w.member, sug.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a member verified: %v", err)
		}
		if err := w.svc.Verify(ctx, w.officer, sug.ID); err != nil {
			t.Fatal(err)
		}
		v, err := w.svc.Asset(ctx, nil, sug.ID)
		if err != nil || v.Status != assets.StatusPublished || v.VerifiedAt == nil {
			t.Fatalf("after verifying: %v %+v", err, v)
		}
		// Once published, only officers and the owning organisation may change it.
		if _, err := w.svc.Update(ctx, w.resident, sug.ID, record.Input{Name: "Fridge", Category: "economic"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("the suggester changed a published asset: %v", err)
		}

		// An organisation member adds for their organisation (published, not verified) but not for another.
		own, err := w.svc.Create(ctx, w.member, record.Input{Name: "Nant Lunch Club", Category: "associations", Organisation: w.hall})
		if err != nil || own.Status != assets.StatusPublished || own.VerifiedAt != nil {
			t.Fatalf("own organisation: %v %+v", err, own)
		}
		_, err = w.svc.Create(ctx, w.member, record.Input{Name: "Food parcels", Category: "associations", Organisation: w.foodbank})
		if e := errs.As(err); e.Fields["organisation"] != "assets.err.organisation_not_yours" {
			t.Errorf("another organisation: %v", err)
		}
		// The member maintains the hall's entry; the food bank's member may not.
		hall := w.ids["Nant Village Hall"]
		if _, err := w.svc.Update(ctx, w.other, hall, record.Input{Name: "X", Category: "spaces"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("another organisation changed the hall: %v", err)
		}
		before, _ := w.svc.Asset(ctx, nil, hall)
		a.Clock.Advance(48 * 3600e9)
		in := record.Input{Name: "Nant Village Hall", Category: "spaces", Tags: "hall, hire, wedding", Area: "Nant", Postcode: "AH3 4XY",
			Latitude: "51.642", Longitude: "-3.965", OpeningHours: "24/7", StepFree: "yes", Ownership: "community", Capacity: "150",
			Organisation: w.hall, Description: "Main hall with a kitchen", Services: "Lunch club", ContactEmail: "hall@nant.example",
			Website: "https://nant.example/hall", Address: "1 Heol y Nant", Accessibility: "Ramp at the side door"}
		after, err := w.svc.Update(ctx, w.member, hall, in)
		if err != nil {
			t.Fatal(err)
		}
		if !after.LastCheckedAt.After(before.LastCheckedAt) {
			t.Error("saving did not count as a check")
		}
		if got, _ := w.svc.Search(ctx, nil, assets.Filter{Tag: "wedding"}); names(got) != "Nant Village Hall" {
			t.Errorf("the search does not see the change: %q", names(got))
		}
		if err := w.svc.MarkChecked(ctx, w.member, hall); err != nil {
			t.Fatal(err)
		}
		hist, err := w.svc.History(ctx, hall)
		if err != nil || len(hist) != 3 {
			t.Fatalf("history: %v %+v", err, hist)
		}
		if hist[0].Action != "checked" || hist[1].Action != "edited" || hist[1].By != "Gwen Member" ||
			len(hist[1].Fields) != 2 || hist[1].Fields[0] != "tags" || hist[1].Fields[1] != "facilities" || hist[2].Action != "created" {
			t.Errorf("history: %+v", hist)
		}
	})
}

func TestImportIsAllOrNothing(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a)
		ctx := context.Background()
		bad := "name,category,area,postcode,contact_email\nGood one,spaces,Castle,AH1 1AA,\n,spaces,,,\nThird,shops,Nowhere,AH1,x\n"
		p, n, _, err := w.svc.Import(ctx, w.officer, bad)
		if err != nil || n != 0 || p.OK() || p.Bad != 2 || len(p.Rows) != 3 {
			t.Fatalf("bad file: %v %d %+v", err, n, p)
		}
		if p.Rows[1].Line != 3 || p.Rows[1].Problems[0].Field != "name" {
			t.Errorf("row 3: %+v", p.Rows[1])
		}
		var fields []string
		for _, pr := range p.Rows[2].Problems {
			fields = append(fields, pr.Field)
		}
		if got := names(nil) + joinFields(fields); got != "category,area,postcode,contact_email" {
			t.Errorf("row 4 problems: %q", got)
		}
		if got, _ := w.svc.Search(ctx, nil, assets.Filter{Q: "good one"}); len(got) != 0 {
			t.Fatal("a row was saved from a file with problems")
		}
		if _, _, _, err := w.svc.Import(ctx, w.member, "name,category\nA,spaces\n"); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a member imported: %v", err)
		}
		p, n, _, err = w.svc.Import(ctx, w.officer, "name,category,area,organisation\nGood one,spaces,castle,Harbourside Food Bank\nGood two,cultural,,\n")
		if err != nil || n != 2 || !p.OK() {
			t.Fatalf("clean file: %v %d %+v", err, n, p)
		}
		got, _ := w.svc.Search(ctx, nil, assets.Filter{Q: "good"})
		if names(got) != "Good one|Good two" || got[0].AreaName != "Castle" || got[0].OrganisationName != "Harbourside Food Bank" || got[0].VerifiedAt == nil {
			t.Errorf("imported: %+v", got)
		}
	})
}

func joinFields(f []string) string {
	s := ""
	for i, x := range f {
		if i > 0 {
			s += ","
		}
		s += x
	}
	return s
}
