package assets

import (
	"commons/internal/platform/actor"
	"context"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	_ "time/tzdata" // opening times are read in Europe/London wherever the server runs

	"commons/internal/assets/geo"
	"commons/internal/assets/hours"
	"commons/internal/assets/record"
	"commons/internal/identity"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/ratelimit"
)

// Outbox queues mail in the caller's transaction; it is sent once the transaction commits.
type Outbox interface {
	Enqueue(ctx context.Context, to, subject, text string) error
}

// Deps is what the assets service needs.
type Deps struct {
	DB         *db.DB
	Identity   *identity.Service
	Outbox     Outbox
	T          func(lang, key string, args ...any) string
	BaseURL    string
	ReviewAge  time.Duration // owners are reminded to check entries not checked for this long
	TimeZone   *time.Location
	PlaceName  string
	CountyName string
	// RequestLimit counts the skill requests each person sends; nil for no limit.
	RequestLimit *ratelimit.Limiter
	// Mentions are the other capabilities that say what they hold at a place (set in Connect).
	Mentions []MentionSource
}

// Service holds the asset map's rules.
type Service struct {
	Deps
	centre atomic.Pointer[centreAt] // the map's centre as last worked out
}

// centreAt is the map's centre and when it was worked out.
type centreAt struct {
	at time.Time
	p  geo.Point
}

// centreFor is how long the map's centre is kept: it is the mean of every published asset's
// position, which a new asset moves by a hair, and working it out reads every asset.
const centreFor = time.Minute

// NewService returns the service.
func NewService(d Deps) *Service {
	if d.TimeZone == nil {
		d.TimeZone, _ = time.LoadLocation("Europe/London")
	}
	return &Service{Deps: d}
}

func isOfficer(u *actor.Actor) bool { return u.Has(identity.RoleOfficer, identity.RoleAdmin) }

func memberOf(u *actor.Actor, orgID string) bool {
	if u == nil || orgID == "" {
		return false
	}
	for _, o := range u.Orgs {
		if o == orgID {
			return true
		}
	}
	return false
}

// CanEdit reports whether u may change the asset: officers, members of the organisation that
// owns it, and whoever suggested it while it waits for an officer.
func CanEdit(u *actor.Actor, a Asset) bool {
	if u == nil {
		return false
	}
	return isOfficer(u) || memberOf(u, a.OrganisationID) || a.Status == StatusSuggested && a.createdBy == u.ID
}

func canSee(u *actor.Actor, a Asset) bool { return a.Status == StatusPublished || CanEdit(u, a) }

// Search returns a page of assets matching f (limit+1 fetched to tell whether more follow),
// with distances when f.Near is set. "Open now" is decided in Go from the opening times.
func (s *Service) Search(ctx context.Context, u *actor.Actor, f Filter) ([]Asset, error) {
	if f.Status == StatusSuggested && !isOfficer(u) {
		return nil, errs.E(errs.Forbidden, "error.forbidden")
	}
	f, err := s.planWords(ctx, f)
	if err != nil {
		return nil, err
	}
	var out []Asset
	if f.OpenNow {
		// Read the matches in order a batch at a time and keep those open now, until the page
		// (and one more) is full or the matches run out.
		now := s.DB.Now(ctx).In(s.TimeZone)
		need := f.Offset + f.Limit + 1
		const batch = 2000
		for off := 0; f.Limit <= 0 || len(out) < need; off += batch {
			rows, err := searchAssets(ctx, s.DB, f, batch, off)
			if err != nil {
				return nil, err
			}
			for _, a := range rows {
				if w, err := hours.Parse(a.OpeningHours); err == nil && w.OpenAt(now) {
					out = append(out, a)
				}
			}
			if len(rows) < batch {
				break
			}
		}
		if f.Offset >= len(out) {
			out = nil
		} else {
			out = out[f.Offset:]
		}
		if f.Limit > 0 && len(out) > f.Limit+1 {
			out = out[:f.Limit+1]
		}
	} else if near, ok := s.nearest(ctx, f); ok {
		out = near
	} else {
		lim := f.Limit
		if lim > 0 {
			lim++
		}
		if out, err = searchAssets(ctx, s.DB, f, lim, f.Offset); err != nil {
			return nil, err
		}
	}
	if f.Near != nil {
		for i := range out {
			if p, ok := out[i].Point(); ok {
				d := distanceKm(*f.Near, p)
				out[i].DistanceKm = &d
			}
		}
	}
	return out, nil
}

// nearest answers a nearest-first page from growing boxes around the point, so the database
// sorts a few hundred rows instead of every match: the answer from a box is exact once its
// last row lies within the circle the box holds. ok is false when no box settled it (few
// located matches, or an error), and the caller asks without a box.
func (s *Service) nearest(ctx context.Context, f Filter) ([]Asset, bool) {
	if f.Near == nil || f.BBox != nil || f.Limit <= 0 {
		return nil, false
	}
	need := f.Offset + f.Limit + 1
	p := *f.Near
	scale := math.Max(geo.LonScale(p.Lat), 0.01)
	for r := 0.01; r < 2; r *= 4 {
		g := f
		g.BBox = &geo.BBox{West: p.Lon - r/scale, South: p.Lat - r, East: p.Lon + r/scale, North: p.Lat + r}
		rows, err := searchAssets(ctx, s.DB, g, need, 0)
		if err != nil {
			return nil, false
		}
		if len(rows) < need {
			continue
		}
		last := rows[need-1]
		dLat, dLon := *last.Lat-p.Lat, (*last.Lon-p.Lon)*scale
		if math.Sqrt(dLat*dLat+dLon*dLon) <= r*0.999 {
			return rows[f.Offset:], true
		}
	}
	return nil, false
}

// commonPostings is where a word counts as common: past it, a page in name order is found
// sooner by walking the names and checking each asset's words than by sorting every match.
var commonPostings = 2000

// planWords orders the query's words rarest first, from a capped count of each word's index
// range, and marks the search common when even the rarest has commonPostings or more. The
// answer is the same whatever the plan; only the work differs.
func (s *Service) planWords(ctx context.Context, f Filter) (Filter, error) {
	words, _ := SearchWords(f.Q)
	n := map[string]int{}
	for _, w := range words {
		c, err := wordPostings(ctx, s.DB, w, commonPostings)
		if err != nil {
			return f, err
		}
		n[w] = c
	}
	if len(words) == 0 {
		return f, nil
	}
	slices.SortStableFunc(words, func(a, b string) int { return n[a] - n[b] })
	f.words, f.common = words, n[words[0]] >= commonPostings
	return f, nil
}

// Count is how many assets match f (ignoring "open now").
func (s *Service) Count(ctx context.Context, f Filter) (int, error) {
	f, err := s.planWords(ctx, f)
	if err != nil {
		return 0, err
	}
	f.common = false // counting starts from the rarest word's rows
	return countAssets(ctx, s.DB, f)
}

// CountUpTo is how many assets match f (ignoring "open now"), counting no further than max+1:
// an answer above max means "more than max".
func (s *Service) CountUpTo(ctx context.Context, f Filter, max int) (int, error) {
	f, err := s.planWords(ctx, f)
	if err != nil {
		return 0, err
	}
	f.common = false
	return countAssetsUpTo(ctx, s.DB, f, max)
}

// MapWindowLimit is the most assets one map window shows.
const MapWindowLimit = 500

// MapWindow is what the map asks for as it moves: the assets matching f inside f.BBox, at most
// MapWindowLimit (and one more, to tell that there are more), with only the fields the map
// shows (id, name, category, tags, address, postcode, location, opening times, step-free).
func (s *Service) MapWindow(ctx context.Context, u *actor.Actor, f Filter) ([]Asset, error) {
	f.lean, f.Limit, f.Offset = true, MapWindowLimit, 0
	return s.Search(ctx, u, f)
}

// OpenNow reports whether the asset is open at this moment by its opening times.
func (s *Service) OpenNow(ctx context.Context, a Asset) (open, known bool) {
	w, err := hours.Parse(a.OpeningHours)
	if err != nil || !w.Known() {
		return false, false
	}
	return w.OpenAt(s.DB.Now(ctx).In(s.TimeZone)), true
}

// Asset returns one asset the person may see.
func (s *Service) Asset(ctx context.Context, u *actor.Actor, id string) (Asset, error) {
	a, err := assetByID(ctx, s.DB, id)
	if err != nil {
		return a, s.DB.Err(err, "assets.not_found")
	}
	if !canSee(u, a) {
		return Asset{}, errs.E(errs.NotFound, "assets.not_found")
	}
	return a, nil
}

// History is every change to the asset, newest first.
func (s *Service) History(ctx context.Context, id string) ([]Change, error) {
	return changesOf(ctx, s.DB, id)
}

// resolve finds an area or organisation (named by identity's view of them) by id or by name
// (case-insensitive), "" when blank.
func (s *Service) resolve(ctx context.Context, view, v string) (id, name string, ok bool) {
	if v == "" {
		return "", "", true
	}
	id, name, err := namedByIDOrName(ctx, s.DB, view, v, ids.Valid(v))
	return id, name, err == nil
}

// checked is an input checked against the rules and the database.
type checked struct {
	rec     record.Record
	areaID  string
	orgID   string
	search  string
	problem record.Problems
	placed  bool // the point was found from the postcode, not given
}

func (s *Service) check(ctx context.Context, u *actor.Actor, in record.Input) checked {
	rec, p := record.Check(in)
	if p == nil {
		p = record.Problems{}
	}
	c := checked{rec: rec, problem: p}
	var areaName, orgName string
	var ok bool
	if c.areaID, areaName, ok = s.resolve(ctx, areasView, rec.Area); !ok {
		p["area"] = "assets.err.area"
	}
	if c.orgID, orgName, ok = s.resolve(ctx, organisationsView, rec.Organisation); !ok {
		p["organisation"] = "assets.err.organisation"
	} else if c.orgID != "" && !isOfficer(u) && !memberOf(u, c.orgID) {
		p["organisation"] = "assets.err.organisation_not_yours"
	}
	c.search = searchText(rec, areaName, orgName)
	// A full postcode the council's postcode file holds puts the asset on the map when no
	// point was given: a volunteer need not know their hall's latitude.
	if c.rec.Lat == nil && c.rec.Postcode != "" && p["postcode"] == "" && p["latitude"] == "" && p["longitude"] == "" {
		if pt, ok, err := postcodePoint(ctx, s.DB, c.rec.Postcode); err == nil && ok {
			lat, lon := pt.Lat, pt.Lon
			c.rec.Lat, c.rec.Lon, c.placed = &lat, &lon, true
		}
	}
	return c
}

func (c checked) asset(id string) Asset {
	r := c.rec
	return Asset{ID: id, Name: r.Name, Description: r.Description, Category: r.Category, Tags: r.Tags, AreaID: c.areaID,
		Address: r.Address, Postcode: r.Postcode, Lat: r.Lat, Lon: r.Lon, OpeningHours: r.OpeningHours,
		ContactName: r.ContactName, ContactEmail: r.ContactEmail, ContactPhone: r.ContactPhone, Website: r.Website,
		Accessibility: r.Accessibility, StepFree: r.StepFree, Ownership: r.Ownership, Facilities: r.Facilities,
		Capacity: r.Capacity, Services: r.Services, OrganisationID: c.orgID}
}

// Create adds an asset. Officers' entries, and entries of an organisation the person belongs
// to, are published at once; anyone else's is a suggestion for an officer to verify.
func (s *Service) Create(ctx context.Context, u *actor.Actor, in record.Input) (Asset, error) {
	if u == nil {
		return Asset{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	var out Asset
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		c := s.check(ctx, u, in)
		if len(c.problem) > 0 {
			return errs.FieldErrors(c.problem)
		}
		now := s.DB.Now(ctx)
		a := c.asset(ids.New())
		a.CreatedAt, a.UpdatedAt, a.LastCheckedAt, a.createdBy = now, now, now, u.ID
		a.Status = StatusSuggested
		action := "suggested"
		r := row{Asset: a, searchText: c.search}
		if isOfficer(u) {
			r.Status, action, r.VerifiedAt, r.verifiedBy = StatusPublished, "created", &now, u.ID
		} else if memberOf(u, a.OrganisationID) {
			r.Status, action = StatusPublished, "created"
		}
		if err := insertAsset(ctx, s.DB, r); err != nil {
			return s.DB.Err(err, "assets.err.save")
		}
		if err := insertChange(ctx, s.DB, a.ID, u.ID, action, nil); err != nil {
			return err
		}
		out = r.Asset
		return nil
	})
	return out, err
}

// Validate checks an asset's fields as Create (id "") or Update would, saving nothing, so a form
// can show every problem at once.
func (s *Service) Validate(ctx context.Context, u *actor.Actor, in record.Input, id string) error {
	c := s.check(ctx, u, in)
	if id != "" {
		if old, err := s.editable(ctx, u, id); err == nil && c.orgID == old.OrganisationID {
			delete(c.problem, "organisation")
		}
	}
	if len(c.problem) > 0 {
		return errs.FieldErrors(c.problem)
	}
	return nil
}

// changedFields names the fields that differ between two versions of an asset.
func changedFields(old, new Asset) []string {
	var out []string
	pairs := []struct {
		name string
		a, b any
	}{
		{"name", old.Name, new.Name}, {"description", old.Description, new.Description}, {"category", old.Category, new.Category},
		{"tags", old.Tags, new.Tags}, {"area", old.AreaID, new.AreaID}, {"address", old.Address, new.Address},
		{"postcode", old.Postcode, new.Postcode}, {"location", [2]any{deref(old.Lat), deref(old.Lon)}, [2]any{deref(new.Lat), deref(new.Lon)}},
		{"opening_hours", old.OpeningHours, new.OpeningHours}, {"contact", [4]string{old.ContactName, old.ContactEmail, old.ContactPhone, old.Website},
			[4]string{new.ContactName, new.ContactEmail, new.ContactPhone, new.Website}},
		{"accessibility", [2]any{old.Accessibility, old.StepFree}, [2]any{new.Accessibility, new.StepFree}},
		{"ownership", old.Ownership, new.Ownership}, {"facilities", [2]any{old.Facilities, deref(old.Capacity)}, [2]any{new.Facilities, deref(new.Capacity)}},
		{"services", old.Services, new.Services}, {"organisation", old.OrganisationID, new.OrganisationID},
	}
	for _, p := range pairs {
		if !reflect.DeepEqual(p.a, p.b) {
			out = append(out, p.name)
		}
	}
	return out
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// Update saves changes to an asset the person may edit; saving counts as checking it.
func (s *Service) Update(ctx context.Context, u *actor.Actor, id string, in record.Input) (Asset, error) {
	var out Asset
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		old, err := s.editable(ctx, u, id)
		if err != nil {
			return err
		}
		// A new postcode with the old point left as it was moves the asset to the new postcode.
		if old.Postcode != "" && old.Lat != nil && strings.TrimSpace(in.Latitude) == fstr(old.Lat) && strings.TrimSpace(in.Longitude) == fstr(old.Lon) {
			if pc, ok := geo.NormalisePostcode(in.Postcode); ok && pc != old.Postcode {
				if _, known, err := postcodePoint(ctx, s.DB, pc); err == nil && known {
					in.Latitude, in.Longitude = "", ""
				}
			}
		}
		c := s.check(ctx, u, in)
		if c.orgID == old.OrganisationID {
			delete(c.problem, "organisation") // keeping the owner it has is always allowed
		}
		if len(c.problem) > 0 {
			return errs.FieldErrors(c.problem)
		}
		now := s.DB.Now(ctx)
		a := c.asset(id)
		a.Status, a.CreatedAt, a.UpdatedAt, a.LastCheckedAt, a.VerifiedAt, a.createdBy = old.Status, old.CreatedAt, now, now, old.VerifiedAt, old.createdBy
		fields := changedFields(old, a)
		if len(fields) == 0 {
			a.UpdatedAt = old.UpdatedAt
		}
		if err := updateAsset(ctx, s.DB, row{Asset: a, searchText: c.search}); err != nil {
			return s.DB.Err(err, "assets.err.save")
		}
		action := "edited"
		if len(fields) == 0 {
			action = "checked"
		}
		out = a
		if err := insertChange(ctx, s.DB, id, u.ID, action, fields); err != nil {
			return err
		}
		return s.notifyChanged(ctx, a, fields, u.ID)
	})
	return out, err
}

func (s *Service) editable(ctx context.Context, u *actor.Actor, id string) (Asset, error) {
	a, err := assetByID(ctx, s.DB, id)
	if err != nil {
		return a, s.DB.Err(err, "assets.not_found")
	}
	if !canSee(u, a) {
		return Asset{}, errs.E(errs.NotFound, "assets.not_found")
	}
	if !CanEdit(u, a) {
		return Asset{}, errs.E(errs.Forbidden, "assets.err.not_yours")
	}
	return a, nil
}

// Verify is an officer confirming an asset: a suggestion is published, and it counts as checked.
func (s *Service) Verify(ctx context.Context, u *actor.Actor, id string) error {
	if !isOfficer(u) {
		return errs.E(errs.Forbidden, "error.forbidden")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		a, err := assetByID(ctx, s.DB, id)
		if err != nil {
			return s.DB.Err(err, "assets.not_found")
		}
		now := s.DB.Now(ctx)
		if err := markVerified(ctx, s.DB, id, u.ID, now, true); err != nil {
			return err
		}
		if err := insertChange(ctx, s.DB, id, u.ID, "verified", nil); err != nil {
			return err
		}
		if err := s.record(ctx, u, "asset.verify", id, a.Name); err != nil {
			return err
		}
		return s.notifyVerified(ctx, a, u.ID)
	})
}

// MarkChecked records that someone who may edit the asset has checked it is still right.
func (s *Service) MarkChecked(ctx context.Context, u *actor.Actor, id string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.editable(ctx, u, id); err != nil {
			return err
		}
		if err := markChecked(ctx, s.DB, id, s.DB.Now(ctx)); err != nil {
			return err
		}
		return insertChange(ctx, s.DB, id, u.ID, "checked", nil)
	})
}

// Stale reports whether an asset is due for a check.
func (s *Service) Stale(ctx context.Context, a Asset) bool {
	return s.ReviewAge > 0 && s.DB.Now(ctx).Sub(a.LastCheckedAt) > s.ReviewAge
}

// Choice is an option of a select.
type Choice struct{ ID, Name string }

// Areas lists the areas for filters and forms.
func (s *Service) Areas(ctx context.Context) ([]Choice, error) {
	return areaChoices(ctx, s.DB)
}

// MapCentre is the middle of the published assets with a point, where the map starts.
func (s *Service) MapCentre(ctx context.Context) (geo.Point, bool, error) {
	if c := s.centre.Load(); c != nil && time.Since(c.at) < centreFor {
		return c.p, true, nil
	}
	p, ok, err := assetsCentre(ctx, s.DB)
	if err != nil || !ok {
		return p, ok, err // a map with no assets yet gets its centre from the first one at once
	}
	s.centre.Store(&centreAt{at: time.Now(), p: p})
	return p, true, nil
}

// AllOrganisations lists every organisation, for a correction that says who owns an asset.
func (s *Service) AllOrganisations(ctx context.Context) ([]Choice, error) {
	return organisationChoices(ctx, s.DB, "")
}

// Organisations lists the organisations u may file assets under (all of them for officers).
func (s *Service) Organisations(ctx context.Context, u *actor.Actor) ([]Choice, error) {
	if isOfficer(u) {
		return organisationChoices(ctx, s.DB, "")
	}
	if u == nil {
		return nil, nil
	}
	return organisationChoices(ctx, s.DB, u.ID)
}
