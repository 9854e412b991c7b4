package anchor

import (
	"strings"
	"unicode"
)

// Para is one paragraph of a version: its content hash and its plain text.
type Para struct {
	Hash string
	Text string
}

// MinSimilarity is how alike a reworded paragraph must stay (shared words over all words) for a
// comment to follow it.
const MinSimilarity = 0.5

// Locate returns the index in paras of the paragraph a comment made on a paragraph with this
// hash and text (at oldIndex in its version) now belongs to, or -1 when none is close enough.
// An identical paragraph wins; among several, the one nearest the old position. Otherwise the
// most similar paragraph at or above MinSimilarity, nearest first on ties. To place many
// comments on one version, make a Locator once.
func Locate(hash, text string, oldIndex int, paras []Para) int {
	return NewLocator(paras).Locate(hash, text, oldIndex)
}

// Locator places comments on one version, with each paragraph's words worked out once.
type Locator struct {
	paras []Para
	words []map[string]bool
}

// NewLocator prepares paras for Locate calls; their words are worked out when first needed.
func NewLocator(paras []Para) *Locator {
	return &Locator{paras: paras, words: make([]map[string]bool, len(paras))}
}

// Locate is the package's Locate on the Locator's paragraphs.
func (l *Locator) Locate(hash, text string, oldIndex int) int {
	best, bestDist := -1, 0
	for i, p := range l.paras {
		if p.Hash == hash {
			if d := abs(i - oldIndex); best < 0 || d < bestDist {
				best, bestDist = i, d
			}
		}
	}
	if best >= 0 {
		return best
	}
	words := wordSet(text)
	bestSim := 0.0
	for i := range l.paras {
		if l.words[i] == nil {
			l.words[i] = wordSet(l.paras[i].Text)
		}
		s := jaccard(words, l.words[i])
		if s < MinSimilarity {
			continue
		}
		if d := abs(i - oldIndex); best < 0 || s > bestSim || s == bestSim && d < bestDist {
			best, bestSim, bestDist = i, s, d
		}
	}
	return best
}

// Similarity is the share of distinct words two texts have in common (0 to 1).
func Similarity(a, b string) float64 { return jaccard(wordSet(a), wordSet(b)) }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		m[w] = true
	}
	return m
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	union := len(a) + len(b) - shared
	return float64(shared) / float64(union)
}
