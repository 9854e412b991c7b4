package volunteering

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// The sessions feed: OpenActive's Realtime Paged Data Exchange 1.0 of every shift as a
// ScheduledSession, ordered by (modified, id), where modified is a change number taken in
// commit order (see nextChange). A changed shift, or a change to its opportunity or role, moves
// it to the end of the feed; a deleted shift stays as a "deleted" item.

// FeedPageSize is how many items a page holds.
const FeedPageSize = 500

// FeedItem is one RPDE item.
type FeedItem struct {
	State    string         `json:"state"`
	Kind     string         `json:"kind"`
	ID       string         `json:"id"`
	Modified int64          `json:"modified"`
	Data     map[string]any `json:"data,omitempty"`
}

// FeedPage reads one page after (modified, id).
func (s *Service) FeedPage(ctx context.Context, afterModified int64, afterID string, limit int) ([]FeedItem, error) {
	ss, err := queryShifts(ctx, s.DB, `WHERE (s.modified = $1 AND s.id > $2) OR s.modified > $1 ORDER BY s.modified, s.id LIMIT $3`,
		afterModified, afterID, limit)
	if err != nil {
		return nil, errs.Wrap(err, "feed")
	}
	opps := map[string]Opportunity{}
	items := make([]FeedItem, 0, len(ss))
	for _, sh := range ss {
		it := FeedItem{Kind: "ScheduledSession", ID: sh.ID, Modified: sh.Modified}
		if sh.Deleted {
			it.State = "deleted"
			items = append(items, it)
			continue
		}
		o, ok := opps[sh.OpportunityID]
		if !ok {
			if o, err = s.Opportunity(ctx, sh.OpportunityID); err != nil {
				return nil, err
			}
			opps[o.ID] = o
		}
		it.State = "updated"
		it.Data = s.sessionData(o, sh)
		items = append(items, it)
	}
	return items, nil
}

// sessionData is a shift as an OpenActive ScheduledSession with its SessionSeries embedded.
func (s *Service) sessionData(o Opportunity, sh Shift) map[string]any {
	var role Role
	for _, r := range o.Roles {
		if r.ID == sh.RoleID {
			role = r
		}
	}
	url := s.BaseURL + "/volunteering/opportunities/" + o.ID
	series := map[string]any{
		"@type": "SessionSeries", "@id": url + "#role-" + role.ID, "name": role.Title + " – " + o.Title, "url": url,
		"description": o.Description,
		"organizer":   map[string]any{"@type": "Organization", "@id": s.BaseURL + "/volunteering/organisations/" + o.OrganisationID + "#org", "name": o.OrganisationName},
		// The OpenActive activity list has no volunteering concept, so the activity is from
		// Commons's own scheme (as GoodGym's volunteering feed does).
		"activity": []any{map[string]any{"@type": "Concept", "@id": s.BaseURL + "/volunteering#activity", "prefLabel": "Volunteering",
			"inScheme": s.BaseURL + "/volunteering"}},
		"offers": []any{map[string]any{"@type": "Offer", "@id": url + "#offer-free", "price": 0, "priceCurrency": "GBP", "name": "Volunteering"}},
	}
	if role.MinAge > 0 {
		series["ageRange"] = map[string]any{"@type": "QuantitativeValue", "minValue": role.MinAge}
	}
	if o.FromHome {
		series["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
	} else {
		loc := map[string]any{"@type": "Place", "name": firstNonEmpty(o.Venue, o.OrganisationName)}
		if o.Address != "" || o.Postcode != "" {
			addr := map[string]any{"@type": "PostalAddress", "addressCountry": "GB"}
			if o.Address != "" {
				addr["streetAddress"] = strings.ReplaceAll(o.Address, "\n", ", ")
			}
			if o.Postcode != "" {
				addr["postalCode"] = o.Postcode
			}
			loc["address"] = addr
		}
		if o.HasPoint() {
			loc["geo"] = map[string]any{"@type": "GeoCoordinates", "latitude": *o.Latitude, "longitude": *o.Longitude}
		}
		series["location"] = loc
	}
	status := "https://schema.org/EventScheduled"
	if sh.Cancelled() || !o.Open() {
		status = "https://schema.org/EventCancelled"
	}
	return map[string]any{
		"@context": []string{"https://openactive.io/"}, "@type": "ScheduledSession", "@id": url + "#shift-" + sh.ID,
		"identifier": sh.ID, "startDate": sh.StartsAt.UTC().Format(time.RFC3339), "endDate": sh.EndsAt.UTC().Format(time.RFC3339),
		"duration": "PT" + strconv.Itoa(sh.Minutes()) + "M", "eventStatus": status,
		"maximumAttendeeCapacity": sh.Max, "remainingAttendeeCapacity": sh.Left(), "superEvent": series,
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// Feed serves /feeds/volunteering-sessions.
func (h *Handlers) Feed(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var after int64
	afterID := q.Get("afterId")
	if v := q.Get("afterTimestamp"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return errs.E(errs.Invalid, "volunteering.err.feed_param")
		}
		after = n
	}
	if afterID != "" && q.Get("afterTimestamp") == "" {
		return errs.E(errs.Invalid, "volunteering.err.feed_param")
	}
	limit := FeedPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > FeedPageSize {
			return errs.E(errs.Invalid, "volunteering.err.feed_param")
		}
		limit = n
	}
	items, err := h.Svc.FeedPage(r.Context(), after, afterID, limit)
	if err != nil {
		return err
	}
	base := h.Svc.BaseURL + "/feeds/volunteering-sessions"
	next := base + "?afterTimestamp=" + strconv.FormatInt(after, 10) + "&afterId=" + afterID
	if q.Get("afterTimestamp") == "" {
		next = base
	}
	if len(items) > 0 {
		last := items[len(items)-1]
		next = base + "?afterTimestamp=" + strconv.FormatInt(last.Modified, 10) + "&afterId=" + last.ID
	}
	if q.Get("limit") != "" {
		next += map[bool]string{true: "&", false: "?"}[strings.Contains(next, "?")] + "limit=" + strconv.Itoa(limit)
	}
	if len(items) == 0 {
		w.Header().Set("Cache-Control", "public, max-age=8")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	web.JSON(w, http.StatusOK, map[string]any{"next": next, "items": items, "license": "https://creativecommons.org/licenses/by/4.0/"})
	return nil
}
