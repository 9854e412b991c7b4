package search

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

// Index is the search index in the database.
type Index struct {
	DB     *db.DB
	holder string // this server's name while it holds the refresh
}

// NewIndex opens the index over a database whose migrations include Migrations.
func NewIndex(d *db.DB) *Index { return &Index{DB: d, holder: ids.New()} }

func (x *Index) sqlite() bool { return x.DB.Dialect().Name() == "sqlite" }

// Claim takes the refresh for this server until ttl from now, unless another server holds it.
func (x *Index) Claim(ctx context.Context, ttl time.Duration) (bool, error) {
	now := x.DB.Clock().Now()
	if _, err := x.DB.Exec(ctx, `INSERT INTO search_refresh (name, holder, held_until) VALUES ('index', '', $1) ON CONFLICT (name) DO NOTHING`,
		time.Unix(0, 0).UTC()); err != nil {
		return false, err
	}
	res, err := x.DB.Exec(ctx, `UPDATE search_refresh SET holder = $1, held_until = $2 WHERE name = 'index' AND (held_until < $3 OR holder = $1)`,
		x.holder, now.Add(ttl), now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Release gives the refresh up and notes when it was done.
func (x *Index) Release(ctx context.Context) error {
	now := x.DB.Clock().Now()
	_, err := x.DB.Exec(ctx, `UPDATE search_refresh SET held_until = $2, done_at = $2 WHERE name = 'index' AND holder = $1`, x.holder, now)
	return err
}

// LastRefresh is when the index was last refreshed (zero if never).
func (x *Index) LastRefresh(ctx context.Context) (time.Time, error) {
	var t sql.NullTime
	err := x.DB.QueryRow(ctx, `SELECT done_at FROM search_refresh WHERE name = 'index'`).Scan(&t)
	if db.IsNoRows(err) {
		return time.Time{}, nil
	}
	return t.Time, err
}

type held struct {
	seq  int64
	hash string
}

// Reconcile makes the index hold exactly docs for the source: new and changed documents are
// written, those no longer offered removed. It returns how many rows it changed.
func (x *Index) Reconcile(ctx context.Context, source string, docs []Doc) (int, error) {
	changed := 0
	err := x.DB.WithTx(ctx, func(ctx context.Context) error {
		changed = 0
		now := x.DB.Now(ctx)
		have := map[string]held{}
		err := db.Each(ctx, x.DB, func(r db.Scanner) error {
			var kind, id string
			var h held
			err := r.Scan(&kind, &id, &h.seq, &h.hash)
			have[kind+"\x00"+id] = h
			return err
		}, `SELECT kind, id, seq, hash FROM search_docs WHERE source = $1`, source)
		if err != nil {
			return err
		}
		var next int64
		if err := x.DB.QueryRow(ctx, `SELECT COALESCE(max(seq), 0) FROM search_docs`).Scan(&next); err != nil {
			return err
		}
		offered := map[string]bool{}
		for _, d := range docs {
			key := d.Kind + "\x00" + d.ID
			if offered[key] {
				continue
			}
			offered[key] = true
			hash := d.hash()
			h, ok := have[key]
			if ok && h.hash == hash {
				continue
			}
			terms := d.terms()
			changed++
			if ok {
				if err := x.forget(ctx, d.Kind, d.ID, h.seq); err != nil {
					return err
				}
			}
			next++
			at := d.Changed
			if at.IsZero() {
				at = now
			}
			if _, err := x.DB.Exec(ctx, `INSERT INTO search_docs (kind, id, seq, source, title_en, title_cy, summary_en, summary_cy, url, area_id,
				audience, terms, hash, changed_at, indexed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
				d.Kind, d.ID, next, source, d.Title, d.TitleCy, clip(d.Summary), clip(d.SummaryCy), d.URL, d.AreaID, d.audience(), terms, hash,
				at.UTC(), now); err != nil {
				return err
			}
			if x.sqlite() {
				if _, err := x.DB.Exec(ctx, `INSERT INTO search_fts (rowid, terms) VALUES ($1, $2)`, next, terms); err != nil {
					return err
				}
			}
		}
		for key, h := range have {
			if offered[key] {
				continue
			}
			kind, id, _ := strings.Cut(key, "\x00")
			if err := x.forget(ctx, kind, id, h.seq); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	return changed, err
}

func (x *Index) forget(ctx context.Context, kind, id string, seq int64) error {
	if x.sqlite() {
		if _, err := x.DB.Exec(ctx, `DELETE FROM search_fts WHERE rowid = $1`, seq); err != nil {
			return err
		}
	}
	_, err := x.DB.Exec(ctx, `DELETE FROM search_docs WHERE kind = $1 AND id = $2`, kind, id)
	return err
}

// clip keeps a summary to about two sentences' length.
func clip(s string) string {
	const max = 400
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

// Search finds documents matching every word of the query that the reader's audiences may see,
// best first.
func (x *Index) Search(ctx context.Context, q Query) (Result, error) {
	res := Result{ByKind: map[string]int{}}
	words := queryWords(q.Text)
	if len(words) == 0 || len(q.Audiences) == 0 {
		return res, nil
	}
	var match string
	var groups []string
	for _, alts := range words {
		if x.sqlite() {
			quoted := make([]string, len(alts))
			for i, a := range alts {
				quoted[i] = `"` + a + `"`
			}
			groups = append(groups, "("+strings.Join(quoted, " OR ")+")")
		} else {
			groups = append(groups, "("+strings.Join(alts, " | ")+")")
		}
	}
	from := ` FROM search_docs d`
	args := []any{}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	var where string
	if x.sqlite() {
		match = strings.Join(groups, " AND ")
		from = ` FROM search_fts f JOIN search_docs d ON d.seq = f.rowid`
		where = ` WHERE search_fts MATCH ` + arg(match)
	} else {
		match = strings.Join(groups, " & ")
		where = ` WHERE to_tsvector('simple', d.terms) @@ to_tsquery('simple', ` + arg(match) + `)`
	}
	var aud []string
	for _, a := range q.Audiences {
		aud = append(aud, `d.audience LIKE `+arg("% "+a+" %"))
	}
	where += ` AND (` + strings.Join(aud, " OR ") + `)`
	if q.AreaID != "" {
		where += ` AND d.area_id = ` + arg(q.AreaID)
	}
	// Counts by kind ignore the kind filter, so the page can offer every kind with its number.
	err := db.Each(ctx, x.DB, func(r db.Scanner) error {
		var k string
		var n int
		err := r.Scan(&k, &n)
		res.ByKind[k] = n
		return err
	}, `SELECT d.kind, count(*)`+from+where+` GROUP BY d.kind`, args...)
	if err != nil {
		return res, err
	}
	if len(q.Kinds) > 0 {
		var ks []string
		for _, k := range q.Kinds {
			ks = append(ks, arg(k))
			res.Total += res.ByKind[k]
		}
		where += ` AND d.kind IN (` + strings.Join(ks, ", ") + `)`
	} else {
		for _, n := range res.ByKind {
			res.Total += n
		}
	}
	order := ` ORDER BY f.rank, d.seq`
	if !x.sqlite() {
		order = ` ORDER BY ts_rank(to_tsvector('simple', d.terms), to_tsquery('simple', $1)) DESC, d.seq`
	}
	limit := q.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	res.Hits, err = db.List(ctx, x.DB, func(r db.Scanner) (Hit, error) {
		var h Hit
		err := r.Scan(&h.Kind, &h.ID, &h.Title, &h.TitleCy, &h.Summary, &h.SummaryCy, &h.URL, &h.AreaID)
		return h, err
	}, `SELECT d.kind, d.id, d.title_en, d.title_cy, d.summary_en, d.summary_cy, d.url, d.area_id`+from+where+order+
		` LIMIT `+arg(limit)+` OFFSET `+arg(max(q.Offset, 0)), args...)
	return res, err
}
