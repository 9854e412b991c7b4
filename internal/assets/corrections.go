package assets

import (
	"commons/internal/platform/actor"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/assets/record"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Statuses of a correction.
const (
	CorrectionPending  = "pending"
	CorrectionAccepted = "accepted"
	CorrectionDeclined = "declined"
)

// Channels by which someone may have given an officer a correction to record for them.
var Channels = []string{"phone", "in_person", "email", "letter"}

// Correction is a change someone suggested to an asset they cannot edit, for its owners or an
// officer to accept or decline.
type Correction struct {
	ID, AssetID, AssetName string
	AccountID, By          string // who suggested it ("" when their account has gone)
	Proposed               map[string]string
	Note                   string
	OnBehalfOf, Channel    string // an officer recording someone else's correction
	Status, Reply          string
	ReviewedBy             string
	CreatedAt              time.Time
	ReviewedAt             *time.Time
	Changes                []FieldChange // the proposed values beside the asset's, for the page
}

// FieldChange is one field a correction would change.
type FieldChange struct{ Field, Now, Proposed string }

// CorrectionInput is what the correction form sends: the asset's fields as the person would
// have them, and what they say is wrong.
type CorrectionInput struct {
	Values              record.Input
	Note                string
	OnBehalfOf, Channel string
}

// MaxNote is the longest note a correction or reply may have, in characters.
const MaxNote = 2000

// CanSuggest reports whether u may suggest a correction to a: anyone signed in who cannot
// simply change it.
func CanSuggest(u *actor.Actor, a Asset) bool {
	return u != nil && !CanEdit(u, a) && a.Status == StatusPublished
}

// inputOf is an asset's fields as the form and CSV write them.
func inputOf(a Asset) record.Input {
	f := formValues(a)
	var in record.Input
	for _, name := range record.Fields {
		*in.Get(name) = f.Get(name)
	}
	return in
}

// differences are the fields whose checked values differ between two inputs, in form order.
func (s *Service) differences(ctx context.Context, u *actor.Actor, now, proposed record.Input) (record.Problems, map[string]string) {
	cur := s.check(ctx, u, now)
	next := s.check(ctx, u, proposed)
	a, b := cur.asset(""), next.asset("")
	b.Status, a.Status = "", ""
	changed := map[string]string{}
	for _, field := range changedFields(a, b) {
		for _, name := range formFieldsOf(field) {
			if v := *proposed.Get(name); strings.TrimSpace(v) != strings.TrimSpace(*now.Get(name)) {
				changed[name] = strings.TrimSpace(v)
			}
		}
	}
	problems := record.Problems{}
	for k, v := range next.problem {
		if _, ours := changed[k]; ours && v != "assets.err.organisation_not_yours" {
			problems[k] = v
		}
	}
	return problems, changed
}

// formFieldsOf are the form fields behind one field of the history ("contact" is four).
func formFieldsOf(field string) []string {
	switch field {
	case "location":
		return []string{"latitude", "longitude"}
	case "contact":
		return []string{"contact_name", "contact_email", "contact_phone", "website"}
	case "accessibility":
		return []string{"accessibility", "step_free"}
	case "facilities":
		return []string{"facilities", "capacity"}
	}
	return []string{field}
}

// SuggestCorrection records a correction to a published asset by someone signed in who cannot
// edit it, and tells the asset's owners. Only the fields that differ are kept; a correction
// must change something or say what is wrong. An officer may record one someone gave them by
// phone, in person, by email or letter, saying whose it is.
func (s *Service) SuggestCorrection(ctx context.Context, u *actor.Actor, assetID string, in CorrectionInput) (Correction, error) {
	if u == nil {
		return Correction{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	in.Note, in.OnBehalfOf = strings.TrimSpace(in.Note), strings.TrimSpace(in.OnBehalfOf)
	var c Correction
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		a, err := s.Asset(ctx, u, assetID)
		if err != nil {
			return err
		}
		if !CanSuggest(u, a) && !isOfficer(u) {
			return errs.E(errs.Forbidden, "assets.correction.err.yours")
		}
		problems, changed := s.differences(ctx, u, inputOf(a), in.Values)
		switch {
		case utf8.RuneCountInString(in.Note) > MaxNote:
			problems["note"] = "assets.correction.err.note_long"
		case len(changed) == 0 && in.Note == "":
			problems["note"] = "assets.correction.err.nothing"
		}
		if in.OnBehalfOf != "" || in.Channel != "" {
			switch {
			case !isOfficer(u):
				problems["on_behalf_of"] = "assets.correction.err.on_behalf"
			case in.OnBehalfOf == "" || utf8.RuneCountInString(in.OnBehalfOf) > 200:
				problems["on_behalf_of"] = "assets.correction.err.on_behalf_name"
			case !slices.Contains(Channels, in.Channel):
				problems["channel"] = "assets.correction.err.channel"
			}
		}
		if len(problems) > 0 {
			return errs.FieldErrors(problems)
		}
		proposed, err := json.Marshal(changed)
		if err != nil {
			return err
		}
		c = Correction{ID: ids.New(), AssetID: a.ID, AssetName: a.Name, AccountID: u.ID, By: u.Name, Proposed: changed, Note: in.Note,
			OnBehalfOf: in.OnBehalfOf, Channel: in.Channel, Status: CorrectionPending, CreatedAt: s.DB.Now(ctx)}
		if err := insertCorrection(ctx, s.DB, c, string(proposed)); err != nil {
			return err
		}
		owners, err := s.ownerIDs(ctx, a)
		if err != nil {
			return err
		}
		to, err := s.people(ctx, owners, u.ID)
		if err != nil {
			return err
		}
		return s.tell(ctx, to, func(p person) string { return s.T(p.lang, "assets.mail.correction.subject", "name", a.Name) },
			func(p person) string {
				return s.T(p.lang, "assets.mail.correction.body", "person", p.name, "name", a.Name, "note", c.Note,
					"fields", s.fieldNames(p.lang, correctionFields(changed)), "link", s.BaseURL+"/assets/"+a.ID+"/corrections#correction-"+c.ID)
			})
	})
	return c, err
}

// correctionFields names a correction's fields in form order.
func correctionFields(changed map[string]string) []string {
	var out []string
	for _, f := range record.Fields {
		if _, ok := changed[f]; ok {
			out = append(out, f)
		}
	}
	return out
}

// canReview reports whether u may accept or decline corrections to a: whoever may edit it.
func canReview(u *actor.Actor, a Asset) bool { return CanEdit(u, a) }

// Correction is one correction, for its reviewers and whoever suggested it, with the proposed
// values beside the asset's.
func (s *Service) Correction(ctx context.Context, u *actor.Actor, id string) (Correction, Asset, error) {
	c, err := correctionByID(ctx, s.DB, id)
	if err != nil {
		return c, Asset{}, s.DB.Err(err, "assets.correction.not_found")
	}
	a, err := assetByID(ctx, s.DB, c.AssetID)
	if err != nil {
		return c, a, s.DB.Err(err, "assets.not_found")
	}
	if u == nil || (u.ID != c.AccountID && !canReview(u, a)) {
		return c, a, errs.E(errs.NotFound, "assets.correction.not_found")
	}
	withChanges(&c, a)
	return c, a, nil
}

// withChanges sets the proposed values beside the asset's.
func withChanges(c *Correction, a Asset) {
	now := formValues(a)
	c.Changes = nil
	for _, f := range correctionFields(c.Proposed) {
		c.Changes = append(c.Changes, FieldChange{Field: f, Now: now.Get(f), Proposed: c.Proposed[f]})
	}
}

// AssetCorrections are an asset's corrections as u may see them: for its reviewers every
// pending one and the latest decided, for anyone else their own.
func (s *Service) AssetCorrections(ctx context.Context, u *actor.Actor, assetID string) (Asset, []Correction, error) {
	a, err := s.Asset(ctx, u, assetID)
	if err != nil {
		return a, nil, err
	}
	all, err := correctionsOf(ctx, s.DB, assetID)
	if err != nil {
		return a, nil, err
	}
	var out []Correction
	for _, c := range all {
		if canReview(u, a) || c.AccountID == u.ID {
			withChanges(&c, a)
			out = append(out, c)
		}
	}
	return a, out, nil
}

// ReviewCorrection accepts or declines a pending correction, with a reply for the person who
// suggested it, who is told by email and sees the outcome on their page. Accepting applies the
// proposed values to the asset as an edit would, and the owners are told what changed.
func (s *Service) ReviewCorrection(ctx context.Context, u *actor.Actor, id string, accept bool, reply string) error {
	reply = strings.TrimSpace(reply)
	if utf8.RuneCountInString(reply) > MaxNote {
		return errs.FieldErrors(map[string]string{"reply": "assets.correction.err.reply_long"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		c, a, err := s.Correction(ctx, u, id)
		if err != nil {
			return err
		}
		if !canReview(u, a) {
			return errs.E(errs.Forbidden, "assets.err.not_yours")
		}
		if c.Status != CorrectionPending {
			return errs.E(errs.Conflict, "assets.correction.err.reviewed")
		}
		status := CorrectionDeclined
		var fields []string
		if accept {
			status = CorrectionAccepted
			in := inputOf(a)
			for f, v := range c.Proposed {
				*in.Get(f) = v
			}
			if fields, err = s.applyCorrection(ctx, u, a, in); err != nil {
				return err
			}
		}
		if err := reviewCorrection(ctx, s.DB, id, status, reply, u.ID, s.DB.Now(ctx)); err != nil {
			return s.DB.Err(err, "assets.correction.err.reviewed")
		}
		if accept {
			if err := s.notifyChanged(ctx, a, fields, u.ID); err != nil {
				return err
			}
		}
		to, err := s.people(ctx, []string{c.AccountID}, u.ID)
		if err != nil {
			return err
		}
		return s.tell(ctx, to, func(p person) string { return s.T(p.lang, "assets.mail.correction_"+status+".subject", "name", a.Name) },
			func(p person) string {
				why := ""
				if reply != "" {
					why = s.T(p.lang, "assets.mail.correction.reply", "reply", reply)
				}
				return s.T(p.lang, "assets.mail.correction_"+status+".body", "person", p.name, "name", a.Name, "reply", why,
					"link", s.BaseURL+"/assets/"+a.ID, "mine", s.BaseURL+"/assets/mine")
			})
	})
}

// applyCorrection saves an accepted correction's values; the reviewer's checks apply as to an
// edit, and the history says it was corrected.
func (s *Service) applyCorrection(ctx context.Context, u *actor.Actor, old Asset, in record.Input) ([]string, error) {
	c := s.check(ctx, u, in)
	if c.orgID == old.OrganisationID {
		delete(c.problem, "organisation")
	}
	if len(c.problem) > 0 {
		return nil, errs.FieldErrors(c.problem)
	}
	now := s.DB.Now(ctx)
	a := c.asset(old.ID)
	a.Status, a.CreatedAt, a.UpdatedAt, a.LastCheckedAt, a.VerifiedAt, a.createdBy = old.Status, old.CreatedAt, now, now, old.VerifiedAt, old.createdBy
	fields := changedFields(old, a)
	if err := updateAsset(ctx, s.DB, row{Asset: a, searchText: c.search}); err != nil {
		return nil, s.DB.Err(err, "assets.err.save")
	}
	return fields, insertChange(ctx, s.DB, old.ID, u.ID, "corrected", fields)
}

// PendingCorrections are the corrections waiting for u: every pending one for officers, those
// to the assets of u's organisations (or that u added) for others. assetID narrows them to one
// asset.
func (s *Service) PendingCorrections(ctx context.Context, u *actor.Actor, assetID string) ([]Correction, error) {
	if u == nil {
		return nil, nil
	}
	cs, err := pendingCorrections(ctx, s.DB, assetID)
	if err != nil {
		return nil, err
	}
	var out []Correction
	for _, c := range cs {
		a, err := assetByID(ctx, s.DB, c.AssetID)
		if err != nil {
			return nil, err
		}
		if canReview(u, a) {
			out = append(out, c)
		}
	}
	return out, nil
}

// MyCorrections are the corrections u suggested, newest first, with what became of them.
func (s *Service) MyCorrections(ctx context.Context, u *actor.Actor) ([]Correction, error) {
	return correctionsBy(ctx, s.DB, u.ID)
}

// MyAssets are the assets u added, newest first, whatever their status.
func (s *Service) MyAssets(ctx context.Context, u *actor.Actor) ([]Asset, error) {
	return assetsAddedBy(ctx, s.DB, u.ID)
}
