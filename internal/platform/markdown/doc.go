// Package markdown renders the Markdown that residents, officers and moderators write (budget
// process descriptions, ideas, discussion posts, guide chapters) into HTML for pages built on
// GOV.UK Frontend, and gives the same text back as plain text, excerpts and paragraphs.
//
// It owns no tables and imports no capability; any capability or template helper may call it.
//
// # What authors can write
//
// CommonMark with three GitHub additions: tables, ~~strikethrough~~ and bare web and email
// addresses turned into links. Authors write "#" for their top heading; it becomes h2 (and
// "##" h3, anything deeper h4), because the page around the text already has its one h1.
//
// # Why two lines of defence
//
// Text from the public is the easiest way to put script on a council's pages, so the output is
// made safe twice, by two different means:
//
//  1. goldmark parses with raw HTML off, and an AST transformer then removes raw HTML blocks
//     and inline tags altogether (the words between inline tags stay, as plain words), removes
//     images (keeping their description as text), and
//     unwraps any link whose destination is not http, https, mailto or relative, keeping its
//     words. Because it works on the tree, not on HTML text, what it emits is well formed.
//  2. bluemonday then sanitises that HTML against a strict allow-list: p, h2–h4, ul, ol, li,
//     strong, em, del, blockquote, code, pre, a, table, thead, tbody, tr, th, td, hr and br;
//     href on links with the same four kinds of URL; rel, class, ol start and th scope only
//     with the exact values this package writes. A mistake in one layer is caught by the other.
//
// Links carry rel="nofollow ugc noopener" (the text is user content, and search engines should
// not credit it) and never target="_blank": opening new windows is left to the reader, as the
// GOV.UK guidance asks. Link titles are dropped.
//
// Images are not allowed for now. A picture from anywhere on the web would let an author track
// who reads a page and show unchecked content on a council's site; pictures will come with
// uploads, which get their own checks (type, size, alt text).
//
// # GOV.UK classes
//
// The transformer sets classes on the tree and a small renderer writes GOV.UK tables, so no
// regular expression ever edits HTML: govuk-body on paragraphs, govuk-heading-m on h2,
// govuk-heading-s on h3 and h4, govuk-list govuk-list--bullet or --number on lists,
// govuk-link on links, govuk-inset-text on quotes, a visible govuk-section-break on rules,
// and govuk-table with its __head, __body, __row, __header and __cell parts on tables
// (right-aligned columns become --numeric).
//
// # Limits
//
// Render refuses a source over MaxSource bytes with an errs.Invalid error whose cause is
// ErrTooLong. Plain, Excerpt and Paragraphs have no error to return, so they cut such a source
// to MaxSource; a form should have refused it through Render already.
//
// GFM pads every table row to the header's width, so a few kilobytes can ask for millions of
// cells. A table wider than MaxTableColumns, or one that would take a text past MaxTableCells
// cells in all, stays a paragraph of text.
//
// goldmark's inline parser is slow on some hostile inputs within MaxSource (100 kB of
// unclosed "[a](" takes about two seconds). Render when text is saved and keep the HTML,
// rather than on every view, and rate-limit who can save.
//
// # Paragraphs
//
// Paragraphs splits a text into its top-level blocks with a Hash of each block's normalised
// words, so that comments on one version of a guide chapter stay on the same paragraph in the
// next, whatever was added, moved or re-wrapped around it.
package markdown
