package spam

import (
	"strings"
	"time"
)

// Reasons a post is refused.
const (
	Honeypot     = "honeypot"
	TooManyLinks = "links"
)

// Rules are the limits a post is checked against.
type Rules struct {
	NewAccountAge time.Duration // accounts younger than this are new
	NewLinks      int           // links a new account may put in one post
}

// Post is what is checked.
type Post struct {
	Body       string
	Honeypot   string // the hidden field's value; people leave it empty
	AccountAge time.Duration
}

// Check returns the reasons the post looks like spam, none when it does not.
func (r Rules) Check(p Post) []string {
	var out []string
	if strings.TrimSpace(p.Honeypot) != "" {
		out = append(out, Honeypot)
	}
	if p.AccountAge < r.NewAccountAge && Links(p.Body) > r.NewLinks {
		out = append(out, TooManyLinks)
	}
	return out
}

// Links counts the web addresses in a text: http:// and https:// links and bare www. names.
func Links(s string) int {
	s = strings.ToLower(s)
	n := 0
	for i := 0; i < len(s); i++ {
		rest := s[i:]
		if strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://") ||
			strings.HasPrefix(rest, "www.") && (i == 0 || !isWordByte(s[i-1])) {
			n++
			// Skip to the end of this address so www. inside https://www. counts once.
			for i < len(s) && s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != ')' {
				i++
			}
		}
	}
	return n
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '/' || b == '.' || b == '-'
}
