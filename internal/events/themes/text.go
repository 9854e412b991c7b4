package themes

import (
	"strings"
	"unicode"
)

// stopWords are common English and Welsh words that carry no theme.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(englishStop + " " + welshStop) {
		stopWords[w] = true
	}
}

const englishStop = `a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
down during each etc even ever every few for from further get gets getting got had hadn't has hasn't have haven't
having he her here hers herself him himself his how i if in into is isn't it it's its itself just let like lot lots
make many may me might more most much must mustn't my myself need needs no nor not now of off often on once only
or other others our ours ourselves out over own people per perhaps really same shall she should shouldn't so some
such than that that's the their theirs them themselves then there there's these they they're thing things this
those through to too under until up upon us use used very via want wants was wasn't way we we're were weren't
what when where whether which while who whom whose why will with within without won't would wouldn't yes yet you
your yours yourself yourselves one two three get go going well still think feel felt said says say`

const welshStop = `a ac â ag am ar at bod bydd byddai does dros dy ei eich ein eu fe fel fy gan gyda gyda'r hefyd hi
hon honno hwn hwnnw hwy i iddo iddi mae maen mai mewn mwy nad nag nage nhw ni nid o oedd oes os pan pa pam pe
rhai rhy sut sydd tra trwy un wedi wrth y yn yr ym ymlaen yw ’r 'r dim neu ond bob holl i'r o'r a'r ydy ydyn
ydw roedd byddwn gallu cael gael angen llawer iawn eisiau`

// token is one word of a note: its stem, used for matching, and the word as written.
type token struct{ stem, word string }

// tokenise splits text into lower-case words of letters and digits (keeping inner apostrophes
// and hyphens), marks stop words as breaks (""), and stems the rest.
func tokenise(text string) []token {
	var out []token
	var b strings.Builder
	flush := func() {
		w := strings.Trim(b.String(), "'’-")
		b.Reset()
		if w == "" {
			return
		}
		if stopWords[w] || len([]rune(w)) < 3 || isNumber(w) {
			out = append(out, token{})
			return
		}
		out = append(out, token{stem: stem(w), word: w})
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’' || r == '-') && b.Len() > 0:
			b.WriteRune(r)
		default:
			flush()
			if !unicode.IsSpace(r) {
				out = append(out, token{}) // punctuation breaks a phrase
			}
		}
	}
	flush()
	return out
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// stem takes off the commonest English endings so that "buses", "bus", "services" and
// "service" meet. It is deliberately light: a wrong cut costs more than a missed one.
func stem(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "sses"):
		return w[:n-2]
	case n > 4 && (strings.HasSuffix(w, "ses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:n-2]
	case n > 5 && strings.HasSuffix(w, "ing"):
		return undouble(w[:n-3])
	case n > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
		return undouble(w[:n-2])
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

// undouble turns "shopp" (from "shopping") back into "shop".
func undouble(w string) string {
	n := len(w)
	if n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}
