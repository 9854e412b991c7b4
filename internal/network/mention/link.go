package mention

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Link turns the @handles in sanitised HTML into links: each handle that href knows (it returns
// "" for the others, which stay as text) becomes <a class="govuk-link" href="...">@handle</a>.
// Only text is touched: never a tag or an attribute, nor text already inside a link, code or
// preformatted block. Handles are read as Parse reads them, so the same ones notify and link.
func Link(htm string, href func(handle string) string) string {
	var b strings.Builder
	skip := 0 // depth inside <a>, <code> and <pre>
	for i := 0; i < len(htm); {
		if htm[i] == '<' {
			end := strings.IndexByte(htm[i:], '>')
			if end < 0 {
				b.WriteString(htm[i:])
				break
			}
			tag := htm[i : i+end+1]
			switch name, closing := tagName(tag); name {
			case "a", "code", "pre":
				if closing {
					if skip > 0 {
						skip--
					}
				} else if !strings.HasSuffix(tag, "/>") {
					skip++
				}
			}
			b.WriteString(tag)
			i += end + 1
			continue
		}
		next := strings.IndexByte(htm[i:], '<')
		if next < 0 {
			next = len(htm) - i
		}
		text := htm[i : i+next]
		if skip == 0 {
			text = linkText(text, href)
		}
		b.WriteString(text)
		i += next
	}
	return b.String()
}

func tagName(tag string) (string, bool) {
	t := strings.TrimPrefix(tag[1:], "/")
	closing := len(t) < len(tag)-1
	end := strings.IndexAny(t, " \t\n/>")
	if end < 0 {
		end = len(t)
	}
	return strings.ToLower(t[:end]), closing
}

// linkText links handles in a run of (escaped) text, with the rules of Parse.
func linkText(text string, href func(string) string) string {
	if !strings.Contains(text, "@") {
		return text
	}
	var b strings.Builder
	prev := ' '
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '@' && !(unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '.' || prev == '_') {
			j, n := i+size, 0
			for j < len(text) && n < MaxHandle {
				c, cs := utf8.DecodeRuneInString(text[j:])
				if !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '-') {
					break
				}
				j += cs
				n++
			}
			raw := text[i+size : j]
			h := strings.Trim(strings.ToLower(raw), "-")
			if h != "" {
				if u := href(h); u != "" {
					// Trailing dashes are not part of the handle: leave them outside the link.
					k := i + size + len(strings.TrimRight(raw, "-"))
					b.WriteString(`<a class="govuk-link commons-mention" href="` + html.EscapeString(u) + `">` + text[i:k] + `</a>`)
					b.WriteString(text[k:j])
					prev = '@'
					i = j
					continue
				}
			}
			b.WriteString(text[i:j])
			prev = '@'
			i = j
			continue
		}
		b.WriteRune(r)
		prev = r
		i += size
	}
	return b.String()
}
