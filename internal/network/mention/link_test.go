package mention

import (
	"strings"
	"testing"
)

func TestLink(t *testing.T) {
	known := map[string]string{"gwen-member": "/groups/g/members/1", "siân-o-neill": "/groups/g/members/2"}
	href := func(h string) string { return known[h] }
	for _, tc := range []struct{ in, want string }{
		{`<p>Thanks @gwen-member!</p>`, `<p>Thanks <a class="govuk-link commons-mention" href="/groups/g/members/1">@gwen-member</a>!</p>`},
		{`<p>@Siân-O-Neill and @nobody</p>`, `<p><a class="govuk-link commons-mention" href="/groups/g/members/2">@Siân-O-Neill</a> and @nobody</p>`},
		{`<p>mail ada@gwen-member.org</p>`, `<p>mail ada@gwen-member.org</p>`},
		{`<p><a href="/x">@gwen-member</a> <code>@gwen-member</code></p>`, `<p><a href="/x">@gwen-member</a> <code>@gwen-member</code></p>`},
		{`<p><img alt="@gwen-member" src="/a.png"> @gwen-member--</p>`, `<p><img alt="@gwen-member" src="/a.png"> <a class="govuk-link commons-mention" href="/groups/g/members/1">@gwen-member</a>--</p>`},
		{`<pre><code>@gwen-member</code></pre><p>@gwen-member</p>`, `<pre><code>@gwen-member</code></pre><p><a class="govuk-link commons-mention" href="/groups/g/members/1">@gwen-member</a></p>`},
	} {
		if got := Link(tc.in, href); got != tc.want {
			t.Errorf("Link(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func FuzzLink(f *testing.F) {
	f.Add(`<p>Thanks @gwen-member!</p>`)
	f.Add(`<a href="@x">@x</a><code>@x`)
	f.Add("<p>@\xff@-- @x<")
	f.Fuzz(func(t *testing.T, in string) {
		out := Link(in, func(h string) string { return "/p/" + h })
		// Only handles change: text without one comes back as it was.
		if !strings.Contains(in, "@") && out != in {
			t.Fatalf("changed input without a handle: %q -> %q", in, out)
		}
		if len(out) < len(in) || strings.Count(out, "@") != strings.Count(in, "@") {
			t.Fatalf("output shorter than input: %q -> %q", in, out)
		}
	})
}
