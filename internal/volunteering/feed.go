package volunteering

import (
	"net/http"
	"strconv"
	"strings"

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
