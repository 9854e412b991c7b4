package ids

import "testing"

func TestNewIsValidAndUnique(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := New()
		if !Valid(id) || id[14] != '4' || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
	}
}

func TestValidRejects(t *testing.T) {
	for _, s := range []string{"", "x", "6F9619FF-8B86-D011-B42D-00C04FC964FF", "6f9619ff8b86d011b42d00c04fc964ff", "6f9619ff-8b86-d011-b42d-00c04fc964fg", "6f9619ff-8b86-d011-b42d_00c04fc964ff"} {
		if Valid(s) {
			t.Errorf("Valid(%q) = true", s)
		}
	}
	if !Valid("6f9619ff-8b86-d011-b42d-00c04fc964ff") {
		t.Error("canonical uuid refused")
	}
}

func FuzzValid(f *testing.F) {
	f.Add(New())
	f.Add("not-an-id")
	f.Fuzz(func(t *testing.T, s string) {
		if Valid(s) && len(s) != 36 {
			t.Fatalf("accepted %q", s)
		}
	})
}
