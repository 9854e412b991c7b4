package ownership

import (
	"strconv"
	"strings"

	"commons/internal/platform/formats/geojson"
)

// ACVFields are the fields of planning.data.gov.uk's asset-of-community-value dataset that a
// council supplies (digital-land/specification, content/dataset/asset-of-community-value.md;
// entity and prefix are given by the platform, not by the council), in that order.
var ACVFields = []string{"reference", "name", "description", "address-text", "geometry", "point", "nominating-group",
	"nomination-date", "decision", "decision-date", "notification-to-sell-date", "interested-group",
	"protected-period-start-date", "expiry-date", "start-date", "end-date", "entry-date", "organisation", "notes"}

// Organisation is the planning.data organisation CURIE of the council from its org-id:
// GB-LAE-ABC (a local authority in England) becomes local-authority:ABC; anything else is "".
func Organisation(orgID string) string {
	if code, ok := strings.CutPrefix(orgID, "GB-LAE-"); ok && code != "" {
		return "local-authority:" + code
	}
	return ""
}

// wktNumber writes a coordinate with at most 6 decimal places, as the datatype asks.
func wktNumber(f float64) string {
	s := strconv.FormatFloat(f, 'f', 6, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// WKTPoint is a point in OGC well-known text, longitude first: POINT (-3.94 51.62).
func WKTPoint(lng, lat float64) string {
	return "POINT (" + wktNumber(lng) + " " + wktNumber(lat) + ")"
}

// WKTMultiPolygon writes a Polygon or MultiPolygon as a WKT MULTIPOLYGON, the datatype of the
// dataset's geometry field; other geometries give "".
func WKTMultiPolygon(g geojson.Geometry) string {
	var polys [][]geojson.Ring
	switch g.Type {
	case geojson.TypePolygon:
		polys = [][]geojson.Ring{g.Polygon}
	case geojson.TypeMultiPolygon:
		polys = g.MultiPolygon
	default:
		return ""
	}
	var b strings.Builder
	b.WriteString("MULTIPOLYGON (")
	for i, p := range polys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j, r := range p {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for k, pos := range r {
				if k > 0 {
					b.WriteString(", ")
				}
				b.WriteString(wktNumber(pos.Lon()) + " " + wktNumber(pos.Lat()))
			}
			b.WriteString(")")
		}
		b.WriteString(")")
	}
	b.WriteString(")")
	return b.String()
}

// centroid is the mean of a boundary's exterior ring positions: a point inside most plots, for
// a case with a boundary and no point.
func centroid(g geojson.Geometry) (lng, lat float64, ok bool) {
	var ring geojson.Ring
	switch g.Type {
	case geojson.TypePolygon:
		ring = g.Polygon[0]
	case geojson.TypeMultiPolygon:
		ring = g.MultiPolygon[0][0]
	}
	if len(ring) < 2 {
		return 0, 0, false
	}
	pts := ring[:len(ring)-1]
	for _, p := range pts {
		lng += p.Lon()
		lat += p.Lat()
	}
	return lng / float64(len(pts)), lat / float64(len(pts)), true
}

// ACVRecord is an entry as one row of the dataset, keyed by field.
func (s *Service) ACVRecord(e Entry) map[string]string {
	c := e.Case
	expiry := ""
	if l, ok := e.Clock("acv.listing"); ok {
		expiry = l.Due.String()
	}
	r := map[string]string{
		"reference": c.Reference, "name": c.Name, "description": c.Description, "nominating-group": c.Group.Name,
		"nomination-date": c.ReceivedOn.String(), "decision": c.Decision, "decision-date": c.DecidedOn.String(),
		"notification-to-sell-date": c.NoticeOn.String(), "interested-group": strings.Join(c.InterestedGroups(), ";"),
		"protected-period-start-date": c.NoticeOn.String(), "expiry-date": expiry, "end-date": c.RemovedOn.String(),
		"entry-date": c.UpdatedAt.UTC().Format("2006-01-02"), "organisation": Organisation(s.OrgID),
	}
	addr := c.Address
	if c.Postcode != "" {
		addr = strings.TrimSpace(strings.TrimSuffix(addr, ",") + ", " + c.Postcode)
		addr = strings.TrimPrefix(addr, ", ")
	}
	r["address-text"] = addr
	if c.Decision == "listed" {
		r["start-date"] = c.ListedOn.String()
	} else {
		r["start-date"] = c.DecidedOn.String()
	}
	switch {
	case c.Status == "unsuccessful":
		r["notes"] = c.DecisionReasons
	case c.RemovedReason != "":
		r["notes"] = c.RemovedReason
	default:
		r["notes"] = c.PublicSummary
	}
	if c.Boundary != "" {
		if g, err := ParseBoundary(c.Boundary); err == nil {
			r["geometry"] = WKTMultiPolygon(g)
			if c.Lat == nil {
				if lng, lat, ok := centroid(g); ok {
					r["point"] = WKTPoint(lng, lat)
				}
			}
		}
	}
	if c.Lat != nil && c.Lng != nil {
		r["point"] = WKTPoint(*c.Lng, *c.Lat)
	}
	return r
}

// caseGeometry is the case's boundary, or its point, for GeoJSON.
func caseGeometry(boundary string, lat, lng *float64) *geojson.Geometry {
	if boundary != "" {
		if g, err := ParseBoundary(boundary); err == nil {
			return &g
		}
	}
	if lat != nil && lng != nil {
		g := geojson.NewPoint(*lng, *lat)
		return &g
	}
	return nil
}
