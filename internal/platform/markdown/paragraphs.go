package markdown

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"

	"golang.org/x/text/unicode/norm"
)

// Paragraph is one top-level block of a text: a paragraph, heading, list, quote, table, code
// block or rule. Comments on a draft attach to one by Hash, so they follow it across versions
// even when blocks are added or removed above it.
type Paragraph struct {
	Index int           // position among the text's top-level blocks, from 0
	Hash  string        // 16 hex digits of SHA-256 over the block's normalised text
	Text  string        // Plain text of the block
	HTML  template.HTML // the block rendered and sanitised like Render
}

// Paragraphs splits src into its top-level blocks. The Hash depends only on the words a reader
// sees (Unicode NFC, white space collapsed, markup ignored), so re-wrapping a paragraph or
// making a word bold keeps it, and changing a word changes it. Two identical blocks share a
// Hash; pair it with Index when that matters. Sources over MaxSource are cut to MaxSource.
func Paragraphs(src string) []Paragraph {
	source, doc := parse(bounded(src))
	var out []Paragraph
	var buf bytes.Buffer
	for block := doc.FirstChild(); block != nil; block = block.NextSibling() {
		buf.Reset()
		if err := engine.Renderer().Render(&buf, source, block); err != nil {
			// goldmark's HTML renderer only fails when the writer does; a buffer does not.
			continue
		}
		text := plainText(block, source)
		out = append(out, Paragraph{
			Index: len(out),
			Hash:  hashText(text),
			Text:  text,
			HTML:  sanitise(buf.Bytes()),
		})
	}
	return out
}

func hashText(text string) string {
	sum := sha256.Sum256([]byte(norm.NFC.String(text)))
	return hex.EncodeToString(sum[:8])
}
