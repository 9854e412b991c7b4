package bench

import (
	"strconv"
	"strings"
	"testing"

	"commons/internal/network/anchor"
)

// A long chapter: 300 paragraphs of about 60 words, and 200 comments on an earlier version.
func chapter(reworded bool) ([]anchor.Para, []anchor.Para) {
	var old, cur []anchor.Para
	for i := 0; i < 300; i++ {
		var w []string
		for j := 0; j < 60; j++ {
			w = append(w, "word"+strconv.Itoa((i*7+j*13)%997))
		}
		text := strings.Join(w, " ")
		old = append(old, anchor.Para{Hash: "h" + strconv.Itoa(i), Text: text})
		if reworded {
			// Every paragraph reworded slightly: no hash matches, so every comment needs similarity.
			cur = append(cur, anchor.Para{Hash: "n" + strconv.Itoa(i), Text: text + " also"})
		} else {
			cur = append(cur, anchor.Para{Hash: "h" + strconv.Itoa(i), Text: text})
		}
	}
	// A new first paragraph moves everything down by one.
	cur = append([]anchor.Para{{Hash: "new", Text: "a new opening"}}, cur...)
	return old, cur
}

func benchPlace(b *testing.B, reworded bool) {
	old, cur := chapter(reworded)
	b.ResetTimer()
	for b.Loop() {
		loc := anchor.NewLocator(cur)
		for c := 0; c < 200; c++ {
			p := old[(c*3)%len(old)]
			if loc.Locate(p.Hash, p.Text, (c*3)%len(old)) < 0 {
				b.Fatal("comment lost")
			}
		}
	}
}

// BenchmarkAnchorExact places 200 comments whose paragraphs are unchanged (hash match).
func BenchmarkAnchorExact(b *testing.B) { benchPlace(b, false) }

// BenchmarkAnchorReworded places 200 comments whose paragraphs were all reworded (similarity).
func BenchmarkAnchorReworded(b *testing.B) { benchPlace(b, true) }

// BenchmarkChapterDiff is "what changed since you last read" on the long chapter.
func BenchmarkChapterDiff(b *testing.B) {
	old, cur := chapter(true)
	for b.Loop() {
		anchor.Diff(old, cur)
	}
}
