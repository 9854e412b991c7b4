package tally

import "testing"

// Every META rule the budgeting capability writes is one RuleFromMeta reads back to the same
// rule, so commons tally re-counts a downloaded file as the app counted it.
func TestRuleFromMetaReadsWhatCommonsWrites(t *testing.T) {
	for meta, want := range map[string]Rule{
		"greedy": Greedy, "equalshares": MES, "equalshares/add1": MESAdd1, "equalshares/add1-greedy": MESAdd1Greedy,
		" EqualShares/Add1-Greedy ": MESAdd1Greedy, "greedy-no-skip": GreedyNoSkip, "greedy-threshold": GreedyThreshold,
	} {
		if got, ok := RuleFromMeta(meta); !ok || got != want {
			t.Errorf("RuleFromMeta(%q) = %q, %v; want %q", meta, got, ok, want)
		}
	}
	for _, meta := range []string{"equalshares/add1-comparison", "unknown", ""} {
		if _, ok := RuleFromMeta(meta); ok {
			t.Errorf("RuleFromMeta(%q) claims a rule", meta)
		}
	}
}
