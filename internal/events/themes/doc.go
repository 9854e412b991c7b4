// Package themes proposes emerging themes from the notes of an event's discussion groups: key
// phrases across all notes, and clusters of related notes, each theme with the notes that
// support it.
//
// Pure: standard library only.
//
// The method is plain and explainable: notes are split into words (English and Welsh letters),
// common English and Welsh words are dropped, the rest lightly stemmed (plural and -ing/-ed
// endings), and each note becomes a TF-IDF vector of its words and its two-word phrases. Notes
// are grouped greedily: each joins the most similar existing group (cosine similarity to the
// group's centroid) when that similarity reaches a threshold, and starts a new group otherwise;
// a second pass moves every note to its nearest centroid, and groups whose centroids are alike
// are merged. Each group is named after the heaviest terms of its centroid, two-word phrases
// first. Everything is deterministic: the same notes in the same order give the same themes.
// No network, no model files. It owns no tables; the events capability calls it.
package themes
