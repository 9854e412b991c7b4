// Package anchor keeps a comment on a guide's draft beside the paragraph it was written about as
// the draft moves through versions, and says what changed between two versions, paragraph by
// paragraph. Paragraphs are compared by the content hash platform/markdown gives them and, when a
// paragraph was reworded, by how many words the two share.
//
// Pure: standard library only.
package anchor
