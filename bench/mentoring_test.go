package bench

import (
	"testing"

	"commons/internal/mentoring/match"
)

// A county's worth of peer support: 2,000 organisations (match.Synthetic: spread over 60 by 40
// km, each offering up to four of twelve topics and needing up to three), as the mentoring
// capability hands them to the matcher when proposals are refreshed.

func BenchmarkMentoringPropose2000(b *testing.B) {
	orgs, needs := match.Synthetic(1, 2000)
	assigned := 0
	for b.Loop() {
		ps := match.Propose(needs, orgs, match.Options{})
		assigned = 0
		for _, p := range ps {
			if p.Best != nil {
				assigned++
			}
		}
	}
	b.ReportMetric(float64(len(needs)), "needs")
	b.ReportMetric(float64(assigned), "assigned")
}

func BenchmarkMentoringRankOneNeed2000(b *testing.B) {
	orgs, needs := match.Synthetic(1, 2000)
	pool := match.NewPool(orgs)
	i := 0
	for b.Loop() {
		_ = pool.Rank(needs[i%len(needs)], match.Options{})
		i++
	}
}
