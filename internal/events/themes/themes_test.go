package themes

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// knownNotes are notes on four topics a reader can tell apart at a glance.
var knownNotes = map[string][]string{
	"bus": {
		"The bus service to the hospital stopped running after six.",
		"Bus services in the valley are too infrequent for shift workers.",
		"Older people cannot get to appointments without a reliable bus service.",
		"Cut bus routes leave villages isolated; bring back the evening bus service.",
		"Cheaper bus fares for young people would help them reach college.",
		"A community bus service could fill the gaps the commercial routes left.",
	},
	"loneliness": {
		"Loneliness among older people living alone is getting worse.",
		"Lunch clubs tackle loneliness and give older people a reason to go out.",
		"Befriending phone calls help with loneliness over the winter.",
		"Carers feel loneliness too and need time for themselves.",
		"Loneliness after bereavement is hidden; people do not ask for help.",
		"Men's sheds reduce loneliness for older men.",
	},
	"housing": {
		"Damp and mould in council housing is not fixed quickly enough.",
		"Housing repairs take months to be done after reporting.",
		"Private rented housing is unaffordable for families on low incomes.",
		"Waiting lists for social housing are years long.",
		"Housing repairs should be checked by tenants before being signed off.",
		"Young people leave the area because housing costs too much.",
	},
	"food": {
		"Food bank demand doubled this year with the cost of living.",
		"The food bank needs more volunteers on Saturdays.",
		"Community fridges reduce food waste and help families.",
		"Food bank parcels should include fresh food, not only tins.",
		"Schools could host a food pantry for families in the holidays.",
		"Surplus food from supermarkets could reach the food bank faster.",
	},
}

func knownInput() ([]Note, map[string]string) {
	var notes []Note
	topic := map[string]string{}
	// Interleave the topics, as notes arrive from many tables at once.
	for i := 0; i < 6; i++ {
		for _, t := range []string{"bus", "loneliness", "housing", "food"} {
			id := fmt.Sprintf("%s-%d", t, i)
			notes = append(notes, Note{ID: id, Text: knownNotes[t][i]})
			topic[id] = t
		}
	}
	return notes, topic
}

func TestFindSeparatesKnownThemes(t *testing.T) {
	notes, topic := knownInput()
	res := Find(notes, Options{})
	if len(res.Themes) < 4 {
		t.Fatalf("want at least 4 themes, got %d: %+v", len(res.Themes), res.Themes)
	}
	// The four largest themes must each be one topic, and name it.
	seen := map[string]bool{}
	for _, th := range res.Themes[:4] {
		counts := map[string]int{}
		for _, id := range th.NoteIDs {
			counts[topic[id]]++
		}
		if len(counts) != 1 {
			t.Errorf("theme %q mixes topics: %v", th.Label, counts)
		}
		for tp := range counts {
			if seen[tp] {
				t.Errorf("topic %s split across top themes", tp)
			}
			seen[tp] = true
			if counts[tp] < 4 {
				t.Errorf("theme %q holds only %d of 6 %s notes", th.Label, counts[tp], tp)
			}
			if !strings.Contains(strings.ToLower(strings.Join(th.Phrases, " ")), tp) {
				t.Errorf("theme for %s is named %q %v", tp, th.Label, th.Phrases)
			}
		}
	}
	if len(res.KeyPhrases) == 0 || res.KeyPhrases[0].Notes < 2 {
		t.Errorf("key phrases: %+v", res.KeyPhrases)
	}
	// Every note is either in one theme or unthemed.
	where := map[string]int{}
	for _, th := range res.Themes {
		for _, id := range th.NoteIDs {
			where[id]++
		}
	}
	for _, id := range res.Unthemed {
		where[id]++
	}
	for _, n := range notes {
		if where[n.ID] != 1 {
			t.Errorf("note %s placed %d times", n.ID, where[n.ID])
		}
	}
}

func TestFindIsDeterministic(t *testing.T) {
	notes, _ := knownInput()
	a := Find(notes, Options{})
	for i := 0; i < 5; i++ {
		if b := Find(notes, Options{}); !reflect.DeepEqual(a, b) {
			t.Fatalf("run %d differs:\n%+v\n%+v", i, a, b)
		}
	}
}

func TestFindOnNothing(t *testing.T) {
	res := Find(nil, Options{})
	if len(res.Themes) != 0 || len(res.Unthemed) != 0 {
		t.Fatalf("%+v", res)
	}
	res = Find([]Note{{ID: "1", Text: "the and of"}, {ID: "2", Text: "!!"}}, Options{})
	if len(res.Themes) != 0 || !reflect.DeepEqual(res.Unthemed, []string{"1", "2"}) {
		t.Fatalf("%+v", res)
	}
}

func TestWelshStopWordsAndStems(t *testing.T) {
	toks := tokenise("Mae angen gwasanaeth bws yn y cwm, buses and services!")
	var stems []string
	for _, tk := range toks {
		if tk.stem != "" {
			stems = append(stems, tk.stem)
		}
	}
	want := []string{"gwasanaeth", "bws", "cwm", "bus", "service"}
	if !reflect.DeepEqual(stems, want) {
		t.Fatalf("stems %v, want %v", stems, want)
	}
	for in, want := range map[string]string{"stories": "story", "shopping": "shop", "repairs": "repair", "classes": "class", "bus": "bus", "needed": "need"} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzFind(f *testing.F) {
	f.Add("bus service\nbus services late\nhousing repairs\nhousing repair slow")
	f.Add("’’'-- ---\n\x00\xff")
	f.Fuzz(func(t *testing.T, text string) {
		var notes []Note
		for i, line := range strings.Split(text, "\n") {
			notes = append(notes, Note{ID: fmt.Sprint(i), Text: line})
		}
		res := Find(notes, Options{})
		n := len(res.Unthemed)
		for _, th := range res.Themes {
			n += len(th.NoteIDs)
			if th.Label == "" {
				t.Fatal("empty label")
			}
		}
		if n != len(notes) {
			t.Fatalf("%d notes placed, want %d", n, len(notes))
		}
	})
}
