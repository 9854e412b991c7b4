package assets

import (
	"context"
	"database/sql"
	"math"
	"strconv"
	"strings"
	"time"

	"commons/internal/assets/geo"
	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

// The store functions run in the context's transaction when there is one.

const assetCols = `a.id, a.name, a.description, a.category, a.tags, COALESCE(a.area_id, ''), COALESCE(ar.name, ''),
	a.address, a.postcode, a.lat, a.lon, a.opening_hours, a.contact_name, a.contact_email, a.contact_phone, a.website,
	a.accessibility, a.step_free, a.ownership, a.facilities, a.capacity, a.services, COALESCE(a.organisation_id, ''),
	COALESCE(o.name, ''), a.status, a.created_at, a.updated_at, a.last_checked_at, a.verified_at, COALESCE(a.created_by, '')`

const assetJoins = ` LEFT JOIN identity_areas ar ON ar.id = a.area_id LEFT JOIN identity_organisations o ON o.id = a.organisation_id`

const assetFrom = ` FROM assets a` + assetJoins

func scanAsset(row db.Scanner) (Asset, error) {
	var a Asset
	var tags string
	var lat, lon sql.NullFloat64
	var capacity sql.NullInt64
	var stepFree int
	var verified sql.NullTime
	err := row.Scan(&a.ID, &a.Name, &a.Description, &a.Category, &tags, &a.AreaID, &a.AreaName, &a.Address, &a.Postcode,
		&lat, &lon, &a.OpeningHours, &a.ContactName, &a.ContactEmail, &a.ContactPhone, &a.Website, &a.Accessibility,
		&stepFree, &a.Ownership, &a.Facilities, &capacity, &a.Services, &a.OrganisationID, &a.OrganisationName, &a.Status,
		&a.CreatedAt, &a.UpdatedAt, &a.LastCheckedAt, &verified, &a.createdBy)
	if err != nil {
		return a, err
	}
	a.Tags = tagsFromColumn(tags)
	if lat.Valid && lon.Valid {
		a.Lat, a.Lon = &lat.Float64, &lon.Float64
	}
	if capacity.Valid {
		n := int(capacity.Int64)
		a.Capacity = &n
	}
	a.StepFree = stepFree == 1
	a.CreatedAt, a.UpdatedAt, a.LastCheckedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC(), a.LastCheckedAt.UTC()
	if verified.Valid {
		t := verified.Time.UTC()
		a.VerifiedAt = &t
	}
	return a, nil
}

// leanCols are what the map and its GeoJSON need, from the assets table alone: no joins and no
// long text, so a map window reads a few hundred short rows.
const leanCols = `a.id, a.name, a.category, a.tags, a.address, a.postcode, a.lat, a.lon, a.opening_hours, a.step_free, a.status`

// summaryCols are what a list of assets shows (the search page's rows): reading SQLite's
// values costs about a microsecond each, and the long texts an asset's own page shows are most
// of a row.
const summaryCols = `a.id, a.name, a.description, a.category, COALESCE(a.area_id, ''), COALESCE(ar.name, ''), a.postcode,
	a.lat, a.lon, a.opening_hours, a.step_free, a.status`

const summaryJoins = ` LEFT JOIN identity_areas ar ON ar.id = a.area_id`

func scanSummary(row db.Scanner) (Asset, error) {
	var a Asset
	var lat, lon sql.NullFloat64
	var stepFree int
	err := row.Scan(&a.ID, &a.Name, &a.Description, &a.Category, &a.AreaID, &a.AreaName, &a.Postcode, &lat, &lon,
		&a.OpeningHours, &stepFree, &a.Status)
	if err != nil {
		return a, err
	}
	if lat.Valid && lon.Valid {
		a.Lat, a.Lon = &lat.Float64, &lon.Float64
	}
	a.StepFree = stepFree == 1
	return a, nil
}

func scanLean(row db.Scanner) (Asset, error) {
	var a Asset
	var tags string
	var lat, lon sql.NullFloat64
	var stepFree int
	err := row.Scan(&a.ID, &a.Name, &a.Category, &tags, &a.Address, &a.Postcode, &lat, &lon, &a.OpeningHours, &stepFree, &a.Status)
	if err != nil {
		return a, err
	}
	a.Tags = tagsFromColumn(tags)
	if lat.Valid && lon.Valid {
		a.Lat, a.Lon = &lat.Float64, &lon.Float64
	}
	a.StepFree = stepFree == 1
	return a, nil
}

func assetByID(ctx context.Context, d *db.DB, id string) (Asset, error) {
	return scanAsset(d.QueryRow(ctx, `SELECT `+assetCols+assetFrom+` WHERE a.id = $1`, id))
}

// row is an asset as the table holds it.
type row struct {
	Asset
	searchText string
	verifiedBy string
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func insertAsset(ctx context.Context, d *db.DB, r row) error {
	a := r.Asset
	_, err := d.Exec(ctx, `INSERT INTO assets (id, name, description, category, tags, area_id, address, postcode, lat, lon,
		opening_hours, contact_name, contact_email, contact_phone, website, accessibility, step_free, ownership, facilities,
		capacity, services, organisation_id, status, search_text, created_by, created_at, updated_at, last_checked_at,
		verified_by, verified_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
		$25, $26, $27, $28, $29, $30)`,
		a.ID, a.Name, a.Description, a.Category, tagsColumn(a.Tags), db.NullString(a.AreaID), a.Address, a.Postcode, a.Lat, a.Lon,
		a.OpeningHours, a.ContactName, a.ContactEmail, a.ContactPhone, a.Website, a.Accessibility, b2i(a.StepFree), a.Ownership,
		a.Facilities, a.Capacity, a.Services, db.NullString(a.OrganisationID), a.Status, r.searchText, db.NullString(a.createdBy),
		a.CreatedAt, a.UpdatedAt, a.LastCheckedAt, db.NullString(r.verifiedBy), a.VerifiedAt)
	if err != nil {
		return err
	}
	return saveWords(ctx, d, a.ID, r.searchText)
}

func updateAsset(ctx context.Context, d *db.DB, r row) error {
	a := r.Asset
	_, err := d.Exec(ctx, `UPDATE assets SET name = $2, description = $3, category = $4, tags = $5, area_id = $6, address = $7,
		postcode = $8, lat = $9, lon = $10, opening_hours = $11, contact_name = $12, contact_email = $13, contact_phone = $14,
		website = $15, accessibility = $16, step_free = $17, ownership = $18, facilities = $19, capacity = $20, services = $21,
		organisation_id = $22, search_text = $23, updated_at = $24, last_checked_at = $25 WHERE id = $1`,
		a.ID, a.Name, a.Description, a.Category, tagsColumn(a.Tags), db.NullString(a.AreaID), a.Address, a.Postcode, a.Lat, a.Lon,
		a.OpeningHours, a.ContactName, a.ContactEmail, a.ContactPhone, a.Website, a.Accessibility, b2i(a.StepFree), a.Ownership,
		a.Facilities, a.Capacity, a.Services, db.NullString(a.OrganisationID), r.searchText, a.UpdatedAt, a.LastCheckedAt)
	if err != nil {
		return err
	}
	return saveWords(ctx, d, a.ID, r.searchText)
}

// maxRune sorts after every character, so [w, w+maxRune) holds every word starting with w.
const maxRune = "\U0010FFFF"

// saveWords replaces the asset's words with those of its folded search text.
func saveWords(ctx context.Context, d *db.DB, assetID, text string) error {
	if _, err := d.Exec(ctx, `DELETE FROM asset_words WHERE asset_id = $1`, assetID); err != nil {
		return err
	}
	seen := map[string]bool{}
	var args []any
	var vals []string
	for _, w := range strings.Fields(text) {
		if seen[w] || len(w) > 100 {
			continue
		}
		seen[w] = true
		args = append(args, w, assetID)
		vals = append(vals, "($"+strconv.Itoa(len(args)-1)+", $"+strconv.Itoa(len(args))+")")
	}
	if len(vals) == 0 {
		return nil
	}
	_, err := d.Exec(ctx, `INSERT INTO asset_words (word, asset_id) VALUES `+strings.Join(vals, ", "), args...)
	return err
}

func insertChange(ctx context.Context, d *db.DB, assetID, accountID, action string, fields []string) error {
	_, err := d.Exec(ctx, `INSERT INTO asset_changes (id, asset_id, account_id, action, fields, changed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		ids.New(), assetID, db.NullString(accountID), action, strings.Join(fields, ","), d.Now(ctx))
	return err
}

func changesOf(ctx context.Context, d *db.DB, assetID string) ([]Change, error) {
	return db.List(ctx, d, func(r db.Scanner) (Change, error) {
		var c Change
		var fields string
		if err := r.Scan(&c.Action, &c.By, &fields, &c.ChangedAt); err != nil {
			return c, err
		}
		c.ChangedAt = c.ChangedAt.UTC()
		if fields != "" {
			c.Fields = strings.Split(fields, ",")
		}
		return c, nil
	}, `SELECT c.action, COALESCE(ac.name, ''), c.fields, c.changed_at FROM asset_changes c
		LEFT JOIN identity_people ac ON ac.id = c.account_id WHERE c.asset_id = $1 ORDER BY c.changed_at DESC, c.id`, assetID)
}

// query builds the WHERE, ORDER BY and arguments of a search. Text search matches every word
// of the query as a substring of the folded search column, so both databases agree exactly.
func query(f Filter, d *db.DB) (from, where, order string, args []any, whereArgs int) {
	var conds []string
	from = ` FROM assets a`
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	status := f.Status
	if status == "" {
		status = StatusPublished
	}
	conds = append(conds, "a.status = "+arg(status))
	words := f.words
	if words == nil {
		words, _ = SearchWords(f.Q)
	}
	for i, w := range words {
		if i == 0 && !f.common {
			// The rarest word leads: its index range gives the few candidates, and they
			// drive the lookups of their assets (not a walk of every asset in name order).
			from = ` FROM (SELECT DISTINCT asset_id FROM asset_words WHERE word >= ` + arg(w) + ` AND word < ` + arg(w+maxRune) +
				`) lead ` + d.Dialect().LeadingJoin() + ` assets a ON a.id = lead.asset_id`
		} else {
			// The others are checked per candidate through asset_words (asset_id, word).
			conds = append(conds, "EXISTS (SELECT 1 FROM asset_words w WHERE w.asset_id = a.id AND w.word >= "+arg(w)+
				" AND w.word < "+arg(w+maxRune)+")")
		}
	}
	if f.Category != "" {
		conds = append(conds, "a.category = "+arg(f.Category))
	}
	if t := strings.ToLower(strings.TrimSpace(f.Tag)); t != "" {
		conds = append(conds, "a.tags LIKE "+arg("%,"+db.LikeEscape(t)+",%")+` ESCAPE '\'`)
	}
	if f.AreaID != "" {
		conds = append(conds, "a.area_id = "+arg(f.AreaID))
	}
	if f.OrgID != "" {
		conds = append(conds, "a.organisation_id = "+arg(f.OrgID))
	}
	if f.StepFree {
		conds = append(conds, "a.step_free = 1")
	}
	if !f.Modified.IsZero() {
		conds = append(conds, "a.updated_at >= "+arg(f.Modified))
	}
	if b := f.BBox; b != nil {
		conds = append(conds, "a.lat BETWEEN "+arg(b.South)+" AND "+arg(b.North), "a.lon BETWEEN "+arg(b.West)+" AND "+arg(b.East))
	}
	if p := f.Near; p != nil && f.WithinKm > 0 {
		// The box around the circle narrows the rows through the index; the circle itself is
		// the equirectangular distance, as the ordering below measures it.
		r := f.WithinKm / geo.KmPerDegree
		scale := math.Max(geo.LonScale(p.Lat), 0.01)
		conds = append(conds, "a.lat BETWEEN "+arg(p.Lat-r)+" AND "+arg(p.Lat+r), "a.lon BETWEEN "+arg(p.Lon-r/scale)+" AND "+arg(p.Lon+r/scale))
		lat, lon, sc := arg(p.Lat), arg(p.Lon), arg(scale)
		conds = append(conds, "(a.lat - "+lat+") * (a.lat - "+lat+") + ((a.lon - "+lon+") * "+sc+") * ((a.lon - "+lon+") * "+sc+") <= "+arg(r*r))
	}
	order = "a.name, a.id"
	whereArgs = len(args)
	if p := f.Near; p != nil {
		lat, lon, scale := arg(p.Lat), arg(p.Lon), arg(geo.LonScale(p.Lat))
		order = "CASE WHEN a.lat IS NULL THEN 1 ELSE 0 END, (a.lat - " + lat + ") * (a.lat - " + lat + ") + ((a.lon - " + lon + ") * " + scale +
			") * ((a.lon - " + lon + ") * " + scale + "), a.name, a.id"
	}
	return from, strings.Join(conds, " AND "), order, args, whereArgs
}

// searchAssets returns up to limit assets from offset (limit 0: all).
func searchAssets(ctx context.Context, d *db.DB, f Filter, limit, offset int) ([]Asset, error) {
	from, where, order, args, _ := query(f, d)
	q := `SELECT ` + assetCols + from + assetJoins + ` WHERE ` + where + ` ORDER BY ` + order
	scan := scanAsset
	switch {
	case f.lean:
		q = `SELECT ` + leanCols + from + ` WHERE ` + where + ` ORDER BY ` + order
		scan = scanLean
	case f.Summary:
		q = `SELECT ` + summaryCols + from + summaryJoins + ` WHERE ` + where + ` ORDER BY ` + order
		scan = scanSummary
	}
	if limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(limit) + ` OFFSET ` + strconv.Itoa(offset)
	}
	return db.List(ctx, d, scan, q, args...)
}

func countAssets(ctx context.Context, d *db.DB, f Filter) (int, error) {
	from, where, _, args, n := query(f, d)
	err := d.QueryRow(ctx, `SELECT count(*)`+from+` WHERE `+where, args[:n]...).Scan(&n)
	return n, err
}

// wordPostings is how many (word, asset) rows start with w, counting no further than max.
func wordPostings(ctx context.Context, d *db.DB, w string, max int) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM asset_words WHERE word >= $1 AND word < $2 LIMIT `+
		strconv.Itoa(max)+`) p`, w, w+maxRune).Scan(&n)
	return n, err
}

// countAssetsUpTo counts the matches but stops after max+1 of them, so a common word costs
// no more than a rare one; an answer above max means "more than max".
func countAssetsUpTo(ctx context.Context, d *db.DB, f Filter, max int) (int, error) {
	from, where, _, args, n := query(f, d)
	err := d.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1`+from+` WHERE `+where+` LIMIT `+strconv.Itoa(max+1)+`) m`,
		args[:n]...).Scan(&n)
	return n, err
}

// staleAssets are published assets last checked before cutoff and not reminded since.
func staleAssets(ctx context.Context, d *db.DB, cutoff time.Time, limit int) ([]Asset, error) {
	return db.List(ctx, d, scanAsset, `SELECT `+assetCols+assetFrom+` WHERE a.status = 'published' AND a.last_checked_at < $1
		AND (a.reminded_at IS NULL OR a.reminded_at < $1) ORDER BY a.last_checked_at, a.id LIMIT `+strconv.Itoa(limit), cutoff)
}

const skillCols = `s.id, s.account_id, ac.name, s.kind, s.title, s.description, COALESCE(s.area_id, ''), COALESCE(ar.name, ''),
	s.visibility, s.created_at, s.updated_at`
const skillFrom = ` FROM person_skills s JOIN identity_people ac ON ac.id = s.account_id LEFT JOIN identity_areas ar ON ar.id = s.area_id`

func scanSkill(r db.Scanner) (Skill, error) {
	var s Skill
	err := r.Scan(&s.ID, &s.AccountID, &s.PersonName, &s.Kind, &s.Title, &s.Description, &s.AreaID, &s.AreaName,
		&s.Visibility, &s.CreatedAt, &s.UpdatedAt)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, err
}

// searchSkills are the skills with one of the visibilities whose search text holds every word,
// newest first.
func searchSkills(ctx context.Context, d *db.DB, visibilities, words []string, limit, offset int) ([]Skill, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	ph := make([]string, len(visibilities))
	for i, v := range visibilities {
		ph[i] = arg(v)
	}
	conds := []string{"s.visibility IN (" + strings.Join(ph, ", ") + ")"}
	for _, w := range words {
		conds = append(conds, "s.search_text LIKE "+arg("%"+db.LikeEscape(w)+"%")+` ESCAPE '\'`)
	}
	return db.List(ctx, d, scanSkill, `SELECT `+skillCols+skillFrom+` WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY s.updated_at DESC, s.id LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
}

// skillsOf are the account's own skills, oldest first.
func skillsOf(ctx context.Context, d *db.DB, accountID string) ([]Skill, error) {
	return db.List(ctx, d, scanSkill, `SELECT `+skillCols+skillFrom+` WHERE s.account_id = $1 ORDER BY s.created_at, s.id`, accountID)
}

func insertSkill(ctx context.Context, d *db.DB, sk Skill, searchText string) error {
	_, err := d.Exec(ctx, `INSERT INTO person_skills (id, account_id, kind, title, description, area_id, visibility, search_text, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, sk.ID, sk.AccountID, sk.Kind, sk.Title, sk.Description, db.NullString(sk.AreaID), sk.Visibility,
		searchText, sk.CreatedAt)
	return err
}

// setSkillVisibility changes the visibility of the account's skill; false when it has none by that id.
func setSkillVisibility(ctx context.Context, d *db.DB, id, accountID, visibility string, at time.Time) (bool, error) {
	return changedOne(d.Exec(ctx, `UPDATE person_skills SET visibility = $3, updated_at = $4 WHERE id = $1 AND account_id = $2`,
		id, accountID, visibility, at))
}

// deleteSkill removes the account's skill; false when it has none by that id.
func deleteSkill(ctx context.Context, d *db.DB, id, accountID string) (bool, error) {
	return changedOne(d.Exec(ctx, `DELETE FROM person_skills WHERE id = $1 AND account_id = $2`, id, accountID))
}

func changedOne(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
