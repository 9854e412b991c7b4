package assets

import (
	"commons/internal/platform/actor"
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"commons/internal/assets/geo"
	"commons/internal/assets/record"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// What an import row does.
const (
	ImportNew       = "new"       // a new asset
	ImportUpdate    = "update"    // changes the asset its id names
	ImportUnchanged = "unchanged" // names an asset it would not change
)

// PreviewRow is one row of an import as it would be saved, with its problems and warnings.
type PreviewRow struct {
	Line       int
	Asset      Asset
	Action     string
	Fields     []string // for an update: the fields it changes
	Problems   []Problem
	Duplicates []Asset // for a new row: assets already on the map it looks like
	DupLine    int     // for a new row: an earlier row of the file it looks like
}

// Problem is one field's problem in a row.
type Problem struct{ Field, Key string }

// Preview is what an import would do.
type Preview struct {
	Rows                    []PreviewRow
	FileError               *record.FileError
	Bad                     int // rows with problems
	New, Updated, Unchanged int
	Duplicates              int // new rows that look like an asset already there (or an earlier row)
	existing                map[int]Asset
	checked                 []checked
}

// OK reports whether the whole file can be imported.
func (p Preview) OK() bool { return p.FileError == nil && p.Bad == 0 && len(p.Rows) > 0 }

// DuplicateRadiusKm is how close two places of the same name must be to look like one.
const DuplicateRadiusKm = 0.2

// likeEachOther reports whether two entries are probably the same place: the same name, and the
// same postcode, or points within DuplicateRadiusKm, or, when neither says where it is, the same
// area.
func likeEachOther(a, b Asset) bool {
	if normalise(a.Name) != normalise(b.Name) {
		return false
	}
	if a.Postcode != "" && b.Postcode != "" {
		return a.Postcode == b.Postcode
	}
	pa, oka := a.Point()
	pb, okb := b.Point()
	if oka && okb {
		return geo.DistanceKm(pa, pb) <= DuplicateRadiusKm
	}
	return a.AreaID == b.AreaID
}

// ThoroughDuplicates is the most new rows an import searches word by word for entries they look
// like (names written differently: "St Teilo's Hall" and "st teilos hall"); a larger file is
// checked for entries of exactly the same name, which costs one query per 500 rows.
const ThoroughDuplicates = 500

// likelyDuplicates are the assets on the map (published or suggested) that a new entry looks
// like. sameName holds, for a large file, the entries whose names some row has exactly.
func (s *Service) likelyDuplicates(ctx context.Context, a Asset, sameName map[string][]Asset) ([]Asset, error) {
	var found []Asset
	if sameName != nil {
		found = sameName[a.Name]
	} else {
		for _, status := range []string{StatusPublished, StatusSuggested} {
			f, err := s.planWords(ctx, Filter{Q: a.Name, Status: status})
			if err != nil {
				return nil, err
			}
			more, err := searchAssets(ctx, s.DB, f, 50, 0)
			if err != nil {
				return nil, err
			}
			found = append(found, more...)
		}
	}
	var out []Asset
	for _, b := range found {
		if likeEachOther(a, b) {
			out = append(out, b)
		}
	}
	return out, nil
}

// PreviewImport reads a CSV and checks every row, saving nothing. A row whose id names an asset
// updates it (a file downloaded from /assets.csv, edited in a spreadsheet and imported back);
// a new row that looks like an asset already on the map, or like an earlier row, is flagged.
func (s *Service) PreviewImport(ctx context.Context, u *actor.Actor, csvText string) (Preview, error) {
	p := Preview{existing: map[int]Asset{}}
	if !isOfficer(u) {
		return p, errs.E(errs.Forbidden, "error.forbidden")
	}
	rows, err := record.ReadCSV(strings.NewReader(csvText))
	var fe *record.FileError
	if errors.As(err, &fe) {
		p.FileError = fe
		return p, nil
	}
	if err != nil {
		return p, err
	}
	var sameName map[string][]Asset
	if len(rows) > ThoroughDuplicates {
		var names []string
		for _, r := range rows {
			names = append(names, strings.TrimSpace(r.In.Name))
		}
		if sameName, err = assetsNamed(ctx, s.DB, names); err != nil {
			return p, err
		}
	}
	seen := map[string]bool{}
	for i, r := range rows {
		c := s.check(ctx, u, r.In)
		pr := PreviewRow{Line: r.Line, Asset: c.asset(""), Action: ImportNew}
		if r.ID != "" {
			var old Asset
			var err error
			if ids.Valid(r.ID) {
				old, err = assetByID(ctx, s.DB, r.ID)
			}
			switch {
			case !ids.Valid(r.ID) || errors.Is(err, sql.ErrNoRows):
				c.problem["id"] = "assets.import.err.id_unknown"
			case err != nil:
				return p, err
			default:
				if c.orgID == old.OrganisationID {
					delete(c.problem, "organisation")
				}
				next := c.asset(old.ID)
				pr.Fields = changedFields(old, next)
				pr.Asset.ID, pr.Action = old.ID, ImportUpdate
				if len(pr.Fields) == 0 {
					pr.Action = ImportUnchanged
				}
				p.existing[i] = old
				if seen[old.ID] {
					c.problem["id"] = "assets.import.err.id_twice"
				}
				seen[old.ID] = true
			}
		}
		for _, f := range append([]string{"id"}, record.Fields...) {
			if k, ok := c.problem[f]; ok {
				pr.Problems = append(pr.Problems, Problem{f, k})
			}
		}
		if pr.Action == ImportNew && len(pr.Problems) == 0 {
			a := pr.Asset
			if pr.Duplicates, err = s.likelyDuplicates(ctx, a, sameName); err != nil {
				return p, err
			}
			for _, earlier := range p.Rows {
				if earlier.Action == ImportNew && likeEachOther(earlier.Asset, a) {
					pr.DupLine = earlier.Line
					break
				}
			}
			if len(pr.Duplicates) > 0 || pr.DupLine > 0 {
				p.Duplicates++
			}
		}
		if len(pr.Problems) > 0 {
			p.Bad++
		}
		switch pr.Action {
		case ImportNew:
			p.New++
		case ImportUpdate:
			p.Updated++
		case ImportUnchanged:
			p.Unchanged++
		}
		p.Rows = append(p.Rows, pr)
		p.checked = append(p.checked, c)
	}
	return p, nil
}

// Import saves a CSV in one transaction: new rows as published, verified assets, rows with an
// id as updates to those assets (checked and verified now). If any row has a problem nothing is
// saved and the preview says why. It returns how many assets were added and updated.
func (s *Service) Import(ctx context.Context, u *actor.Actor, csvText string) (Preview, int, int, error) {
	var p Preview
	added, updated := 0, 0
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		p, err = s.PreviewImport(ctx, u, csvText)
		if err != nil {
			return err
		}
		if !p.OK() {
			return errPreview
		}
		now := s.DB.Now(ctx)
		added, updated = 0, 0
		for i, c := range p.checked {
			switch p.Rows[i].Action {
			case ImportNew:
				a := c.asset(ids.New())
				a.Status, a.CreatedAt, a.UpdatedAt, a.LastCheckedAt, a.VerifiedAt, a.createdBy = StatusPublished, now, now, now, &now, u.ID
				if err := insertAsset(ctx, s.DB, row{Asset: a, searchText: c.search, verifiedBy: u.ID}); err != nil {
					return s.DB.Err(err, "assets.err.save")
				}
				if err := insertChange(ctx, s.DB, a.ID, u.ID, "imported", nil); err != nil {
					return err
				}
				added++
			case ImportUpdate:
				old := p.existing[i]
				a := c.asset(old.ID)
				a.Status, a.CreatedAt, a.UpdatedAt, a.LastCheckedAt, a.createdBy = StatusPublished, old.CreatedAt, now, now, old.createdBy
				a.VerifiedAt = &now
				if err := updateAsset(ctx, s.DB, row{Asset: a, searchText: c.search}); err != nil {
					return s.DB.Err(err, "assets.err.save")
				}
				if err := markVerified(ctx, s.DB, old.ID, u.ID, now, false); err != nil {
					return err
				}
				if err := insertChange(ctx, s.DB, old.ID, u.ID, "imported", p.Rows[i].Fields); err != nil {
					return err
				}
				if err := s.notifyChanged(ctx, old, p.Rows[i].Fields, u.ID); err != nil {
					return err
				}
				updated++
			}
		}
		return s.record(ctx, u, "asset.import", "", strconv.Itoa(added+updated))
	})
	if errors.Is(err, errPreview) {
		return p, 0, 0, nil
	}
	return p, added, updated, err
}

var errPreview = errors.New("the import has problems")
