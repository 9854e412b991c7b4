package volunteering

import (
	"context"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/errs"
)

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
