package tally

import (
	"bytes"
	"testing"
	"time"

	"commons/internal/budgeting/pabulib"
)

// FuzzCount counts whatever the reader accepts by every rule: no panic, no
// overspending, and the same result from the streaming reader.
func FuzzCount(f *testing.F) {
	f.Add([]byte(redBlue()))
	f.Add([]byte("META\nkey;value\nbudget;10.5\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;1.25\nb;0\nVOTES\nvoter_id;vote;points\n1;a,b,a;2,1,3\n2;;\n"))
	f.Add([]byte("META\nkey;value\nbudget;9\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n10;4\n9;4\n8;2\nVOTES\nvoter_id;vote\n1;9,10\n2;10,9,8\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pe, err := pabulib.Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		e, err := FromPabulib(pe)
		if err != nil {
			return
		}
		e2, _, err := Read(bytes.NewReader(data))
		if err != nil || e2.Voters != e.Voters || e2.NumBallots() != e.NumBallots() || e2.Budget != e.Budget {
			t.Fatalf("streaming read differs: %v", err)
		}
		small := len(e.Projects) <= 8 && e.Voters <= 40
		for _, r := range Rules {
			start := time.Now()
			if (r == MESAdd1 || r == MESAdd1Greedy) && !small {
				continue
			}
			res, err := Count(e, r, Options{})
			if err != nil {
				if r == Phragmen && e.Kind != Approval {
					continue
				}
				t.Fatalf("%s: %v", r, err)
			}
			if res.Spent > res.Budget {
				t.Fatalf("%s overspends: %d of %d", r, res.Spent, res.Budget)
			}
			// A tiny election that takes seconds points at a loop gone wrong.
			if d := time.Since(start); small && d > 5*time.Second {
				t.Fatalf("%s took %v", r, d)
			}
		}
	})
}
