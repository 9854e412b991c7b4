package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"commons/internal/events/themes"
)

// themeNotes makes n discussion-group notes deterministically: each draws a topic, three or four
// of that topic's words and a few filler words, as tables' notes do.
func themeNotes(n int) []themes.Note {
	topics := [][]string{
		{"bus", "service", "routes", "evening", "timetable", "fares", "villages"},
		{"loneliness", "older", "befriending", "lunch", "club", "isolated", "visits"},
		{"housing", "repairs", "damp", "mould", "rent", "tenants", "waiting"},
		{"food", "bank", "parcels", "fridge", "pantry", "surplus", "volunteers"},
		{"youth", "club", "young", "activities", "holidays", "sport", "safe"},
		{"parks", "litter", "planting", "green", "space", "benches", "dog"},
		{"mental", "health", "counselling", "waiting", "support", "anxiety", "gp"},
		{"jobs", "skills", "apprenticeships", "training", "employers", "college", "wages"},
	}
	filler := []string{"council", "area", "local", "week", "morning", "residents", "group", "town", "street", "centre"}
	r := rand.New(rand.NewPCG(7, 11))
	notes := make([]themes.Note, n)
	for i := range notes {
		t := topics[r.IntN(len(topics))]
		var words []string
		for j := 0; j < 3+r.IntN(2); j++ {
			words = append(words, t[r.IntN(len(t))])
		}
		for j := 0; j < 2+r.IntN(3); j++ {
			words = append(words, filler[r.IntN(len(filler))])
		}
		r.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
		notes[i] = themes.Note{ID: fmt.Sprint(i), Text: "The " + strings.Join(words, " ") + "."}
	}
	return notes
}

func BenchmarkThemes(b *testing.B) {
	for _, n := range []int{100, 1000, 5000} {
		notes := themeNotes(n)
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			var res themes.Result
			for b.Loop() {
				res = themes.Find(notes, themes.Options{})
			}
			b.ReportMetric(float64(len(res.Themes)), "themes")
		})
	}
}
