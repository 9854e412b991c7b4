// Package course holds the rules of a training course that need neither a database nor a web
// page: the kinds of module, quiz choices written by an editor and their marking, and a person's
// progress through a course (which module is next, and when the course is complete).
package course

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// The kinds of module a course is made of.
const (
	Text       = "text"       // a short text in Markdown
	Film       = "film"       // a film or recording from the knowledge hub's media
	Quiz       = "quiz"       // a question with choices, one of them right
	Reflection = "reflection" // a question the person answers in their own words, privately
)

// Kinds are the kinds of module, in the order an editor is offered them.
var Kinds = []string{Text, Film, Quiz, Reflection}

// Limits on what an editor and a learner may write.
const (
	MaxChoices    = 6
	MaxChoice     = 200  // characters in one choice
	MaxReflection = 5000 // characters in a reflection
)

// Choice is one answer a quiz offers, in English and Welsh.
type Choice struct {
	En      string `json:"en"`
	Cy      string `json:"cy"`
	Correct bool   `json:"correct"`
}

// Errors ParseChoices returns.
var (
	ErrTooFewChoices  = errors.New("course: a quiz needs at least two choices")
	ErrTooManyChoices = errors.New("course: a quiz has at most six choices")
	ErrOneCorrect     = errors.New("course: exactly one choice must be marked right")
	ErrWelshMismatch  = errors.New("course: the Welsh choices must match the English ones, line for line")
	ErrChoiceTooLong  = errors.New("course: a choice is too long")
)

// ParseChoices reads a quiz's choices as an editor writes them: one a line, the right one
// starting with "*". The Welsh lines, when given, pair with the English ones in order (their
// own "*" is optional and ignored). Blank lines are skipped.
func ParseChoices(en, cy string) ([]Choice, error) {
	lines := func(s string) []string {
		var out []string
		for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	ens, cys := lines(en), lines(cy)
	if len(ens) < 2 {
		return nil, ErrTooFewChoices
	}
	if len(ens) > MaxChoices {
		return nil, ErrTooManyChoices
	}
	if len(cys) > 0 && len(cys) != len(ens) {
		return nil, ErrWelshMismatch
	}
	out := make([]Choice, len(ens))
	right := 0
	for i, l := range ens {
		if strings.HasPrefix(l, "*") {
			out[i].Correct = true
			right++
			l = strings.TrimSpace(strings.TrimPrefix(l, "*"))
		}
		out[i].En = l
		if len(cys) > 0 {
			out[i].Cy = strings.TrimSpace(strings.TrimPrefix(cys[i], "*"))
		}
		if l == "" || utf8.RuneCountInString(out[i].En) > MaxChoice || utf8.RuneCountInString(out[i].Cy) > MaxChoice {
			return nil, ErrChoiceTooLong
		}
	}
	if right != 1 {
		return nil, ErrOneCorrect
	}
	return out, nil
}

// FormatChoices writes choices back as ParseChoices reads them, for the edit form.
func FormatChoices(cs []Choice) (en, cy string) {
	var e, c []string
	welsh := false
	for _, ch := range cs {
		mark := ""
		if ch.Correct {
			mark = "* "
		}
		e = append(e, mark+ch.En)
		c = append(c, mark+ch.Cy)
		welsh = welsh || ch.Cy != ""
	}
	if !welsh {
		c = nil
	}
	return strings.Join(e, "\n"), strings.Join(c, "\n")
}

// Mark reports whether the choice at index answer is the right one. An answer that is not one
// of the choices is an error, not a wrong answer: the form was not the quiz's.
func Mark(cs []Choice, answer int) (bool, error) {
	if answer < 0 || answer >= len(cs) {
		return false, errors.New("course: no such choice")
	}
	return cs[answer].Correct, nil
}

// Progress is where a person stands in a course.
type Progress struct {
	Done     int    // modules done
	Total    int    // modules in the course
	Next     string // the first module not done, or "" when all are
	Complete bool   // every module done (and the course has modules)
}

// Percent is the share of modules done, 0 to 100.
func (p Progress) Percent() int {
	if p.Total == 0 {
		return 0
	}
	return p.Done * 100 / p.Total
}

// Of works out progress through modules (ids in course order) given the ids done. Ids done
// that are no longer in the course (a module removed) do not count.
func Of(modules []string, done map[string]bool) Progress {
	p := Progress{Total: len(modules)}
	for _, m := range modules {
		if done[m] {
			p.Done++
		} else if p.Next == "" {
			p.Next = m
		}
	}
	p.Complete = p.Total > 0 && p.Done == p.Total
	return p
}

// CheckReflection checks a reflection: something written, and not too long.
func CheckReflection(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("course: write a reflection")
	}
	if utf8.RuneCountInString(s) > MaxReflection {
		return "", errors.New("course: the reflection is too long")
	}
	return s, nil
}
