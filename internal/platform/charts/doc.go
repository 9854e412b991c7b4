// Package charts draws accessible charts as server-rendered SVG, for pages
// that must work without JavaScript, and gives the same numbers back as a
// Table for the page to show beside the chart.
//
// Four shapes cover what capabilities need so far:
//
//   - HorizontalBars: one bar per item, label above, value at the bar's end.
//     Participatory budgeting results set Bar.Emphasis on funded projects and
//     BarOptions.EmphasisText/OtherText to "Funded"/"Not funded": funded bars
//     are solid, the others hatched, and each bar is named in words, in a key
//     and in a Status column of the table. Bar.Note carries a second fact
//     such as the amount asked for.
//   - Shares: turns counts (event attendance by sector) into percentage bars
//     for HorizontalBars, displayed as "59% (118)".
//   - Line: series over time (co-production outcome indicators), with
//     optional baseline and target lines. Series differ by colour, dash
//     pattern and marker shape.
//   - Radar: scores on axes around a centre (an engagement activity against
//     the seven National Standards for Community Engagement), one closed
//     shape per series, rings labelled with their values, axes named in words.
//
// Every chart is an <svg role="img"> whose aria-labelledby points at its own
// <title> and <desc>. When desc is empty a summary is written from the data.
// Text is real <text> in the system font stack at 16 units, which is 16px at
// the default width of 640px; the SVG has a viewBox and width="100%" and no
// fixed pixel size, so it shrinks to fit a 320px screen. Colours are from the
// GOV.UK palette and are tested against white (4.5:1 for text, 3:1 for
// shapes). No inline style or script is written, so a strict CSP is fine.
//
// Labels and names come from users: everything written into the SVG is
// escaped, characters XML cannot carry are dropped, and ids are passed
// through SanitiseID. Callers keep ids unique within a page, because the
// title, description and hatch pattern ids are derived from them. Long labels
// wrap to two lines and are then cut with an ellipsis; the table always has
// them in full. Empty input gives a "no data" chart and an empty table.
//
// The returned template.HTML is safe to put straight into a template, and
// so is Table.HTML, which renders GOV.UK Frontend table markup. Templates
// may instead range over Table's fields.
//
// Pure drawing code: no database, no net/http, no clock. Any capability may
// call it. Owns no tables.
package charts
