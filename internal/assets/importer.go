package assets

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"commons/internal/assets/record"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

// PreviewRow is one row of an import as it would be saved, with its problems.
type PreviewRow struct {
	Line     int
	Asset    Asset
	Problems []Problem
}

// Problem is one field's problem in a row.
type Problem struct{ Field, Key string }

// Preview is what an import would do.
type Preview struct {
	Rows      []PreviewRow
	FileError *record.FileError
	Bad       int // rows with problems
}

// OK reports whether the whole file can be imported.
func (p Preview) OK() bool { return p.FileError == nil && p.Bad == 0 && len(p.Rows) > 0 }

// PreviewImport reads a CSV and checks every row, saving nothing.
func (s *Service) PreviewImport(ctx context.Context, u *web.User, csvText string) (Preview, []checked, error) {
	var p Preview
	if !isOfficer(u) {
		return p, nil, errs.E(errs.Forbidden, "error.forbidden")
	}
	rows, err := record.ReadCSV(strings.NewReader(csvText))
	var fe *record.FileError
	if errors.As(err, &fe) {
		p.FileError = fe
		return p, nil, nil
	}
	if err != nil {
		return p, nil, err
	}
	var cs []checked
	for _, r := range rows {
		c := s.check(ctx, u, r.In)
		pr := PreviewRow{Line: r.Line, Asset: c.asset("")}
		for _, f := range record.Fields {
			if k, ok := c.problem[f]; ok {
				pr.Problems = append(pr.Problems, Problem{f, k})
			}
		}
		if len(pr.Problems) > 0 {
			p.Bad++
		}
		p.Rows = append(p.Rows, pr)
		cs = append(cs, c)
	}
	return p, cs, nil
}

// Import saves every row of a CSV as a published, verified asset, in one transaction: if any
// row has a problem nothing is saved and the preview says why.
func (s *Service) Import(ctx context.Context, u *web.User, csvText string) (Preview, int, error) {
	var p Preview
	n := 0
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var cs []checked
		var err error
		p, cs, err = s.PreviewImport(ctx, u, csvText)
		if err != nil {
			return err
		}
		if !p.OK() {
			return errPreview
		}
		now := s.DB.Now(ctx)
		n = 0
		for _, c := range cs {
			a := c.asset(ids.New())
			a.Status, a.CreatedAt, a.UpdatedAt, a.LastCheckedAt, a.VerifiedAt, a.createdBy = StatusPublished, now, now, now, &now, u.ID
			if err := insertAsset(ctx, s.DB, row{Asset: a, searchText: c.search, verifiedBy: u.ID}); err != nil {
				return s.DB.Err(err, "assets.err.save")
			}
			if err := insertChange(ctx, s.DB, a.ID, u.ID, "imported", nil); err != nil {
				return err
			}
			n++
		}
		return s.record(ctx, u, "asset.import", "", strconv.Itoa(n))
	})
	if errors.Is(err, errPreview) {
		return p, 0, nil
	}
	return p, n, err
}

var errPreview = errors.New("the import has problems")
