package coproduction

import (
	"strings"
	"unicode/utf8"
)

// Text is content the council may write in English and in Welsh: a project's name, a board's
// purpose, a seat's role. Main is written in Lang ("en" or "cy"); Alt is the same text in the
// other language, or "" when the council wrote one language only. A reader is shown their own
// language where there is one, and otherwise the other, marked as such (with its lang attribute).
type Text struct {
	Lang string `json:"-"`
	Main string `json:"-"`
	Alt  string `json:"-"`
}

// Both makes a Text from what a form gives for each language; English is the main text when
// there is one.
func Both(en, cy string) Text {
	en, cy = strings.TrimSpace(en), strings.TrimSpace(cy)
	if en == "" && cy != "" {
		return Text{Lang: "cy", Main: cy}
	}
	return Text{Lang: "en", Main: en, Alt: cy}
}

// English is a Text written in English only.
func English(s string) Text { return Text{Lang: "en", Main: s} }

func other(lang string) string {
	if lang == "cy" {
		return "en"
	}
	return "cy"
}

// Of is the text in lang, or "" when there is none in that language.
func (t Text) Of(lang string) string {
	if langOf(t.Lang) == langOf(lang) {
		return t.Main
	}
	return t.Alt
}

// En and Cy are the text in each language ("" when not written).
func (t Text) En() string { return t.Of("en") }
func (t Text) Cy() string { return t.Of("cy") }

// Empty reports whether nothing is written in either language.
func (t Text) Empty() bool { return t.Main == "" && t.Alt == "" }

// Shown is a Text as one reader sees it.
type Shown struct {
	Text string
	Lang string // the language Text is in
	// Fallback is set when Text is not in the reader's language (the page marks it).
	Fallback bool
}

// For is what a reader of lang is shown: their language where written, the other otherwise.
func (t Text) For(lang string) Shown {
	lang = langOf(lang)
	if s := t.Of(lang); s != "" {
		return Shown{Text: s, Lang: lang}
	}
	if s := t.Of(other(lang)); s != "" {
		return Shown{Text: s, Lang: other(lang), Fallback: true}
	}
	return Shown{Lang: lang}
}

// String is the text in the reader's language or the other; for logs and sorting.
func (t Text) String() string {
	if t.Main != "" {
		return t.Main
	}
	return t.Alt
}

func langOf(l string) string {
	if l == "cy" {
		return "cy"
	}
	return "en"
}

// bothText checks a pair of fields (name, name_cy): at least one is needed when required, and
// neither may be longer than maxRunes.
func bothText(f map[string]string, field, en, cy string, required bool, maxRunes int, prefix string) Text {
	t := Both(en, cy)
	if t.Main == "" && required {
		f[field] = prefix + "_missing"
	}
	if utf8.RuneCountInString(t.Main) > maxRunes {
		if t.Lang == "cy" {
			f[field+"_cy"] = prefix + "_long"
		} else {
			f[field] = prefix + "_long"
		}
	}
	if utf8.RuneCountInString(t.Alt) > maxRunes {
		f[field+"_cy"] = prefix + "_long"
	}
	return t
}
