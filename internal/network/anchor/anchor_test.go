package anchor

import "testing"

func paras(texts ...string) []Para {
	var ps []Para
	for _, t := range texts {
		ps = append(ps, Para{Hash: "h:" + t, Text: t})
	}
	return ps
}

func TestLocate(t *testing.T) {
	v2 := paras("A new opening paragraph.", "Councils are changing how they work with communities.", "Volunteers run the lunch club on Tuesdays and Thursdays in the hall.", "Closing words.")
	for _, tc := range []struct {
		name, hash, text string
		old, want        int
	}{
		{"moved down by an insert", "h:Councils are changing how they work with communities.", "Councils are changing how they work with communities.", 0, 1},
		{"reworded keeps most words", "h:old", "Volunteers run the lunch club on Tuesdays in the hall.", 1, 2},
		{"gone", "h:gone", "Something entirely different about parking permits.", 2, -1},
	} {
		if got := Locate(tc.hash, tc.text, tc.old, v2); got != tc.want {
			t.Errorf("%s: got %d, want %d", tc.name, got, tc.want)
		}
	}
	// Two identical paragraphs: the nearer one wins.
	dup := paras("Same.", "Other.", "Same.")
	if got := Locate("h:Same.", "Same.", 2, dup); got != 2 {
		t.Errorf("duplicate: got %d", got)
	}
}

func TestDiff(t *testing.T) {
	v1 := paras("Intro.", "Roles are changing fast in the borough today.", "Old ending.")
	v2 := paras("Intro.", "New paragraph about assets.", "Roles are changing quickly in the borough today.")
	got := Diff(v1, v2)
	kinds := ""
	for _, c := range got {
		kinds += string(c.Kind) + " "
	}
	// "Roles..." was reworded: paired with its old text as changed; "Old ending." is removed.
	want := "same removed added changed "
	if kinds != want {
		t.Fatalf("kinds %q, want %q (%+v)", kinds, want, got)
	}
	if got[3].Old != v1[1].Text || got[3].New != v2[2].Text {
		t.Errorf("changed pair wrong: %+v", got[3])
	}
	if len(Diff(v1, v1)) != 3 || Diff(v1, v1)[1].Kind != Same {
		t.Error("identical versions should be all same")
	}
}

func FuzzDiff(f *testing.F) {
	f.Add("a b c", "a x c")
	f.Add("", "one two")
	f.Fuzz(func(t *testing.T, a, b string) {
		pa, pb := paras(splitWords(a)...), paras(splitWords(b)...)
		d := Diff(pa, pb)
		news := 0
		for _, c := range d {
			if c.Kind != Removed {
				if c.NewIndex != news {
					t.Fatalf("new index %d at %d", c.NewIndex, news)
				}
				news++
			}
		}
		if news != len(pb) {
			t.Fatalf("diff covers %d of %d new paragraphs", news, len(pb))
		}
	})
}

func splitWords(s string) []string {
	var out []string
	cur := ""
	for _, r := range s {
		if r == ' ' {
			out = append(out, cur)
			cur = ""
			continue
		}
		cur += string(r)
	}
	return append(out, cur)
}
