package web

import (
	"net"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestClientAddrTrustsOnlyConfiguredProxies(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")}
	for _, tc := range []struct {
		name, remote string
		xff          []string
		trusted      []netip.Prefix
		want         string
	}{
		{"no proxies configured: the header is ignored", "203.0.113.9:5000", []string{"198.51.100.1"}, nil, "203.0.113.9"},
		{"untrusted peer cannot claim another address", "203.0.113.9:5000", []string{"198.51.100.1"}, proxies, "203.0.113.9"},
		{"trusted proxy names the client", "10.1.2.3:443", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"chain of trusted proxies: the last untrusted hop", "10.1.2.3:443", []string{"6.6.6.6, 198.51.100.1, 192.0.2.7"}, proxies, "198.51.100.1"},
		{"split headers are one list", "10.1.2.3:443", []string{"6.6.6.6", "198.51.100.1"}, proxies, "198.51.100.1"},
		{"garbage in the header falls back to the proxy", "10.1.2.3:443", []string{"not-an-ip"}, proxies, "10.1.2.3"},
		{"every hop trusted: the first one", "10.1.2.3:443", []string{"10.9.9.9"}, proxies, "10.9.9.9"},
		{"IPv6 peer", "[2001:db8::1]:443", nil, proxies, "2001:db8::1"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		for _, h := range tc.xff {
			r.Header.Add("X-Forwarded-For", h)
		}
		if got := clientAddr(r, tc.trusted); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

// Whatever the headers say, the answer is the peer's own host or an address that a trusted
// peer's header really names.
func FuzzClientAddr(f *testing.F) {
	f.Add("10.1.2.3:443", "198.51.100.1, 10.0.0.1")
	f.Add("[::1]:1", ",,,")
	f.Add("203.0.113.9:5000", "10.0.0.1")
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		got := clientAddr(r, trusted)
		host, _, err := net.SplitHostPort(remote)
		if err != nil {
			host = remote
		}
		if got == host {
			return
		}
		peer, err := netip.ParseAddr(host)
		if err != nil || !trusted[0].Contains(peer.Unmap()) {
			t.Fatalf("untrusted peer %q got %q from header %q", remote, got, xff)
		}
		if _, err := netip.ParseAddr(got); err != nil || !strings.Contains(xff, got) {
			t.Fatalf("%q is not an address from header %q", got, xff)
		}
	})
}
