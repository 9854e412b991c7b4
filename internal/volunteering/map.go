package volunteering

import (
	_ "embed"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"commons/internal/platform/web"
)

//go:embed static/volunteering-map.js
var mapJS []byte

// mapScript is the list's map script, at a URL with a content hash so it can be cached for long.
var mapScript = web.NewHashedFile("/volunteering/map.js", "text/javascript; charset=utf-8", mapJS)

// GeoJSON is the list's search as a GeoJSON FeatureCollection of the opportunities that have a
// point (RFC 7946: longitude first).
func (h *Handlers) GeoJSON(w http.ResponseWriter, r *http.Request) error {
	res, err := h.Svc.Search(r.Context(), searchFrom(r.URL.Query()))
	if err != nil {
		return err
	}
	type feature struct {
		Type       string         `json:"type"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: []feature{}}
	for _, o := range res.Opportunities {
		if !o.HasPoint() {
			continue
		}
		fc.Features = append(fc.Features, feature{Type: "Feature",
			Geometry:   map[string]any{"type": "Point", "coordinates": []float64{*o.Longitude, *o.Latitude}},
			Properties: map[string]any{"id": o.ID, "title": o.Title, "organisation": o.OrganisationName, "kind": o.Kind, "url": "/volunteering/opportunities/" + o.ID}})
	}
	w.Header().Set("Content-Type", "application/geo+json")
	return json.NewEncoder(w).Encode(fc)
}

// QRSVG draws text as a QR code in SVG, with a title for screen readers. The modules are
// drawn as one path on a white square with the standard quiet zone.
func QRSVG(text, label string) (template.HTML, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", err
	}
	bits := q.Bitmap() // with the four-module quiet zone
	n := len(bits)
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="qr-title" viewBox="0 0 `)
	b.WriteString(strconv.Itoa(n) + " " + strconv.Itoa(n))
	b.WriteString(`" width="100%" class="volunteering-qr" shape-rendering="crispEdges"><title id="qr-title">`)
	b.WriteString(template.HTMLEscapeString(label))
	b.WriteString(`</title><rect width="` + strconv.Itoa(n) + `" height="` + strconv.Itoa(n) + `" fill="#ffffff"/><path fill="#0b0c0c" d="`)
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				b.WriteString("M" + strconv.Itoa(x) + " " + strconv.Itoa(y) + "h1v1h-1z")
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()), nil
}
