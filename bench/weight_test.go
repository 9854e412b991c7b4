// The weight of a first visit: what a browser with an empty cache downloads for a page of the
// demo borough — the page, its stylesheets and scripts (and what those import or point at), the
// data the asset map fetches, and the favicon request every browser makes — in bytes on the
// wire (status line, headers and body), with and without compression (see README.md, "First
// visit").
//
//	go test ./bench -run XXX -bench FirstVisit -benchtime 1x

package bench

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

var (
	linkHref   = regexp.MustCompile(`<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"`)
	scriptSrc  = regexp.MustCompile(`<script[^>]+src="([^"]+)"`)
	imgSrc     = regexp.MustCompile(`<img[^>]+src="([^"]+)"`)
	moduleFrom = regexp.MustCompile(`(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]`)
	cssURLRef  = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)
	geojsonRef = regexp.MustCompile(`data-geojson="([^"]+)"`)
)

// visit is one first visit.
type visit struct {
	requests, wire, body int
	largest              string
}

// firstVisit fetches page and everything it needs as a browser with an empty cache would.
func firstVisit(b *testing.B, base, page, acceptEncoding string) visit {
	b.Helper()
	client := &http.Transport{DisableCompression: true} // count the bytes as sent
	defer client.CloseIdleConnections()
	seen := map[string]bool{}
	var v visit
	largest := 0
	var fetch func(ref, from string, times int)
	fetch = func(ref, from string, times int) {
		u, err := url.Parse(from)
		if err != nil {
			b.Fatal(err)
		}
		target, err := u.Parse(html.UnescapeString(ref))
		if err != nil || !strings.HasPrefix(target.String(), base) || seen[target.String()] {
			return
		}
		seen[target.String()] = true
		req, _ := http.NewRequest("GET", target.String(), nil)
		req.Header.Set("Accept-Encoding", acceptEncoding)
		res, err := client.RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		raw, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		var hdr strings.Builder
		_ = res.Header.Write(&hdr)
		wire := len(fmt.Sprintf("HTTP/1.1 %s\r\n", res.Status)) + hdr.Len() + 2 + len(raw)
		v.requests += times
		v.wire += wire * times
		v.body += len(raw) * times
		if wire > largest {
			largest, v.largest = wire, fmt.Sprintf("%s %d B", target.Path, wire)
		}
		text := decodeBody(b, res.Header.Get("Content-Encoding"), raw)
		switch ct := res.Header.Get("Content-Type"); {
		case strings.HasPrefix(ct, "text/html"):
			for _, re := range []*regexp.Regexp{linkHref, scriptSrc, imgSrc} {
				for _, m := range re.FindAllStringSubmatch(text, -1) {
					fetch(m[1], target.String(), 1)
				}
			}
			// The asset map's script fetches the search's GeoJSON twice on a first load (once
			// to fit the map, once for its window): counted twice.
			for _, m := range geojsonRef.FindAllStringSubmatch(text, -1) {
				fetch(m[1], target.String(), 2)
			}
		case strings.Contains(ct, "javascript"):
			for _, m := range moduleFrom.FindAllStringSubmatch(text, -1) {
				fetch(m[1], target.String(), 1)
			}
		case strings.HasPrefix(ct, "text/css"):
			for _, m := range cssURLRef.FindAllStringSubmatch(text, -1) {
				if !strings.HasPrefix(m[1], "data:") {
					fetch(m[1], target.String(), 1)
				}
			}
		}
	}
	fetch(page, base+"/", 1)
	fetch("/favicon.ico", base+"/", 1)
	return v
}

// BenchmarkFirstVisit reports each page's first visit in bytes on the wire, compressed as a
// browser that takes Brotli and gzip gets it, and uncompressed for comparison.
func BenchmarkFirstVisit(b *testing.B) {
	s, base := demoServer(b)
	pages := []benchPage{{"home", "/"}, {"budgets", "/budgets"}, {"assets", "/assets"}, {"events", "/events"},
		{"groups", "/groups"}, {"projects", "/projects"}}
	for _, p := range demoPages(b, s) {
		if p.name != "events" {
			pages = append(pages, p)
		}
	}
	for range b.N {
		for _, p := range pages {
			br := firstVisit(b, base, p.path, "gzip, deflate, br, zstd")
			gz := firstVisit(b, base, p.path, "gzip")
			plain := firstVisit(b, base, p.path, "identity")
			b.Logf("%-13s %-52s %2d requests: %7d B with br, %7d B with gzip, %7d B uncompressed (largest: %s)",
				p.name, p.path, br.requests, br.wire, gz.wire, plain.wire, br.largest)
			b.ReportMetric(float64(br.wire)/1000, p.name+"-kB")
			if br.wire >= 150_000 || gz.wire >= 150_000 {
				b.Errorf("%s: a first visit is %d B (br), %d B (gzip); the target is under 150 kB", p.path, br.wire, gz.wire)
			}
		}
	}
}

func decodeBody(b *testing.B, enc string, raw []byte) string {
	b.Helper()
	switch enc {
	case "":
		return string(raw)
	case "br":
		out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(raw)))
		if err != nil {
			b.Fatal(err)
		}
		return string(out)
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		return string(out)
	}
	b.Fatalf("encoding %q", enc)
	return ""
}
