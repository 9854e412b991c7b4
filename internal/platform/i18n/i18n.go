// Package i18n holds the English and Welsh message catalogues. Every user-facing string lives in
// a catalogue: each capability embeds messages/en.json and messages/cy.json (flat objects of
// key → text) and the bundle merges them. Texts may hold {name} placeholders.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Languages are the supported languages, the first the default.
var Languages = []string{"en", "cy"}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Bundle is the merged catalogue of every capability.
type Bundle struct {
	msgs map[string]map[string]string // lang → key → text
}

// New merges the catalogues found at messages/{lang}.json (or messages/PART.{lang}.json) in each fs. A key defined twice is an
// error, so capabilities cannot silently override each other.
func New(sources ...fs.FS) (*Bundle, error) {
	b := &Bundle{msgs: map[string]map[string]string{}}
	for _, lang := range Languages {
		b.msgs[lang] = map[string]string{}
	}
	for _, src := range sources {
		files, err := fs.Glob(src, "messages/*.json")
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, file := range files {
			// messages/en.json or messages/PART.en.json: the language is the last part.
			parts := strings.Split(strings.TrimSuffix(path.Base(file), ".json"), ".")
			lang := parts[len(parts)-1]
			if !Supported(lang) {
				return nil, fmt.Errorf("i18n: %s: unknown language %q", file, lang)
			}
			seen[lang] = true
			data, err := fs.ReadFile(src, file)
			if err != nil {
				return nil, fmt.Errorf("i18n: %w", err)
			}
			var m map[string]string
			if err := json.Unmarshal(data, &m); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", file, err)
			}
			for k, v := range m {
				if _, dup := b.msgs[lang][k]; dup {
					return nil, fmt.Errorf("i18n: key %q defined twice in %s", k, lang)
				}
				b.msgs[lang][k] = v
			}
		}
		for _, lang := range Languages {
			if !seen[lang] {
				return nil, fmt.Errorf("i18n: a catalogue has no messages/*%s.json", lang)
			}
		}
	}
	return b, nil
}

// T translates key into lang, filling {name} placeholders from args given as name, value pairs.
// A missing key shows as the key in brackets (and the catalogue tests fail).
func (b *Bundle) T(lang, key string, args ...any) string {
	s, ok := b.msgs[lang][key]
	if !ok {
		s, ok = b.msgs[Languages[0]][key]
		if !ok {
			return "[" + key + "]"
		}
	}
	if len(args) == 0 {
		return s
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// Has reports whether key exists in lang.
func (b *Bundle) Has(lang, key string) bool { _, ok := b.msgs[lang][key]; return ok }

// Missing lists, per language, the keys another language has and it lacks, or that are empty.
func (b *Bundle) Missing() []string {
	all := map[string]bool{}
	for _, m := range b.msgs {
		for k := range m {
			all[k] = true
		}
	}
	var out []string
	for _, lang := range Languages {
		for k := range all {
			if strings.TrimSpace(b.msgs[lang][k]) == "" {
				out = append(out, lang+": "+k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Keys returns every key of the default language, sorted.
func (b *Bundle) Keys() []string {
	var out []string
	for k := range b.msgs[Languages[0]] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
