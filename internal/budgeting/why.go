package budgeting

import (
	"encoding/json"

	"commons/internal/budgeting/tally"
	"commons/internal/platform/i18n"
)

// Reasons are kept as the count gave them: an English sentence (budget_results.reason) and the
// same reason in parts (budget_results.why, tally.Why as JSON). Pages, the CSV and the
// 360Giving file word the parts from the catalogue, budgeting.why.<code> and the pieces below,
// in the language wanted; a row counted before the parts were kept, or whose code this version
// does not know, shows the English sentence.

// WhyCodes are the codes of a reason in parts (ProjectResult.Why), and BallotKinds the ballot
// kinds it names; package tally documents them.
var (
	WhyCodes    = tally.WhyCodes
	BallotKinds = []string{tally.KindApproval, tally.KindCumulative, tally.KindOrdinal}
)

// rankForms are the forms of budgeting.why.rank, the place of a project in the greedy order:
// English ordinals (1st, 2nd, 3rd, 4th); Welsh says "safle 2" and uses other throughout.
var rankForms = []string{"one", "two", "few", "other"}

// rankCategory is the form of budgeting.why.rank for n in lang: the English ordinal suffixes.
func rankCategory(lang string, n int64) string {
	if lang != "en" {
		return "other"
	}
	switch {
	case n%10 == 1 && n%100 != 11:
		return "one"
	case n%10 == 2 && n%100 != 12:
		return "two"
	case n%10 == 3 && n%100 != 13:
		return "few"
	}
	return "other"
}

// decodeWhy reads the stored parts of a reason; nil when there are none (counted before they
// were kept) or they cannot be read.
func decodeWhy(s string) *tally.Why {
	if s == "" {
		return nil
	}
	var w tally.Why
	if err := json.Unmarshal([]byte(s), &w); err != nil || w.Code == "" {
		return nil
	}
	return &w
}

// translate is a catalogue lookup in one language: the key and {name} value pairs.
type translate func(key string, args ...any) string

// reasonText words pr's reason in lang with t (which translates into lang). titles maps idea
// ids to titles, for the project counting stopped at.
func reasonText(t translate, lang string, pr ProjectResult, titles map[string]string) string {
	w := pr.Why
	if w == nil || !w.Known() {
		return pr.Reason
	}
	count := func(key string, n int64) string {
		return t(key+"."+i18n.PluralCategory(lang, n), "n", i18n.Grouped(n))
	}
	kind := w.Kind
	if kind != tally.KindCumulative && kind != tally.KindOrdinal {
		kind = tally.KindApproval
	}
	stopped := w.Stopped
	if title, ok := titles[stopped]; ok {
		stopped = title
	}
	key := "budgeting.why." + w.Code
	payments := ""
	switch {
	case w.Code == tally.WhyMESFunded && w.Votes == 1:
		key = "budgeting.why.mes_funded_one"
	case w.Code == tally.WhyMESShort && w.Raised != "":
		key = "budgeting.why.mes_short_raised"
	}
	if w.Code == tally.WhyMESFunded {
		if w.Capped == 0 {
			payments = t("budgeting.why.paid_each."+kind, "each", w.Each)
		} else {
			payments = t("budgeting.why.paid_capped."+kind, "each", w.Each, "voters", count("budgeting.why.voters", w.Capped))
		}
	}
	s := t(key,
		"round", i18n.Grouped(int64(w.Round)),
		"rank", t("budgeting.why.rank."+rankCategory(lang, int64(w.Rank)), "n", i18n.Grouped(int64(w.Rank))),
		"score", count("budgeting.why.score."+kind, w.Score),
		"supporters", count("budgeting.why.supporters", w.Votes),
		"voters_support", count("budgeting.why.voters_support", w.Votes),
		"payments", payments,
		"cost", w.Cost, "left", w.Left, "budget", w.Budget, "stopped", stopped, "threshold", w.Threshold,
		"held", w.Held, "raised", w.Raised, "load", w.Load)
	if w.StopsHere {
		s += " " + t("budgeting.why.stops_here")
	}
	if w.Leftover != "" {
		s += " " + t("budgeting.why.leftover", "leftover", w.Leftover)
	}
	if w.Withdrawn {
		s += " " + t("budgeting.why.withdrawn")
	}
	return s
}

// titlesOf maps the idea ids of results to their titles.
func titlesOf(res Results) map[string]string {
	m := make(map[string]string, len(res.Projects))
	for _, pr := range res.Projects {
		m[pr.IdeaID] = pr.EnglishTitle()
	}
	return m
}
