package csvout

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"
)

// Download sets the response headers for a CSV attachment named filename;
// write the body with NewWriter(w, opts). The name is cleaned of path
// separators, control characters and quotes; a non-ASCII name (a Welsh title,
// say) is sent both as an ASCII fallback and as an RFC 6266 / RFC 8187
// filename* parameter.
func Download(w http.ResponseWriter, filename string) {
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Content-Disposition", ContentDisposition(filename))
	h.Set("X-Content-Type-Options", "nosniff")
}

// ContentDisposition returns an attachment Content-Disposition value for
// filename, adding ".csv" when the name lacks it.
func ContentDisposition(filename string) string { return disposition(SafeFilename(filename)) }

// AttachmentDisposition is ContentDisposition for a download of any type
// (.pb, .json, .geojson): the name is cleaned the same way but keeps its own
// extension.
func AttachmentDisposition(filename string) string {
	name := cleanFilename(filename)
	if name == "" {
		name = "download"
	}
	return disposition(name)
}

func disposition(name string) string {
	ascii := asciiFallback(name)
	if ascii == name {
		return fmt.Sprintf(`attachment; filename="%s"`, name)
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, encodeRFC8187(name))
}

// SafeFilename removes what must not reach a Content-Disposition header or a
// user's file system: path separators, control characters, quotes and
// characters Windows forbids. An empty result becomes "download.csv".
func SafeFilename(filename string) string {
	name := cleanFilename(filename)
	if name == "" {
		name = "download"
	}
	if !strings.HasSuffix(strings.ToLower(name), ".csv") {
		name += ".csv"
	}
	return name
}

func cleanFilename(filename string) string {
	var b strings.Builder
	for _, r := range filename {
		switch {
		case r == utf8RuneError:
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		case strings.ContainsRune(`/\"<>:|?*;`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Trim(strings.TrimSpace(b.String()), ". ")
}

const utf8RuneError = '\uFFFD'

// asciiFallback replaces letters with diacritics by their base letter where
// that is simple (Welsh ŵ ŷ â ...) and anything else outside printable ASCII
// by "_".
func asciiFallback(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r >= 0x20 && r < 0x7f && r != '%' {
			b.WriteRune(r)
			continue
		}
		if base, ok := baseLetter(r); ok {
			b.WriteRune(base)
			continue
		}
		b.WriteRune('_')
	}
	return b.String()
}

// baseLetter covers the accented vowels Welsh uses (circumflex, acute, grave,
// diaeresis) and the common Latin-1 letters.
func baseLetter(r rune) (rune, bool) {
	const from = "àáâäèéêëìíîïòóôöùúûüẁẃŵẅỳýŷÿÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜẀẂŴẄỲÝŶŸçÇñÑ"
	const to = "aaaaeeeeiiiioooouuuuwwwwyyyyAAAAEEEEIIIIOOOOUUUUWWWWYYYYcCnN"
	i := 0
	for _, f := range from {
		if f == r {
			return rune(to[i]), true
		}
		i++
	}
	return 0, false
}

// encodeRFC8187 percent-encodes every byte that is not an RFC 8187 attr-char.
func encodeRFC8187(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isAttrChar(c) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}
