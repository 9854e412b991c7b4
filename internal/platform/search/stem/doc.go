// Package stem turns text into the words a search index holds and a search looks for: words
// folded to lower case without accents, and reduced to a stem by a small English stemmer and a
// small Welsh one of our own, so that "communities" finds "community" and "gymunedau" (a
// mutated plural) finds "cymuned". The same functions run when text is indexed and when it is
// searched, on either database, so both find exactly the same.
//
// Pure: standard library only.
//
// The stemmers are deliberately light. The English one strips the common inflections and
// derivational endings (plurals, -ing, -ed, -ly, -ness, -ment, -ation, ...); the Welsh one undoes
// the initial mutations (soft, nasal and aspirate) by mapping each mutated initial, and the
// radical it may come from, to one form, and strips the common plural and verb-noun endings.
// Both may join two different words (Welsh "mawr" and "bawr"); a search that finds a little too
// much is better than one that misses "ein cymuned" when asked for "cymunedau".
package stem
