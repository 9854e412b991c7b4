package assets

import (
	"net/http"

	"commons/internal/assets/record"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// correctionFormFields are the correction form's fields in page order, for the error summary.
var correctionFormFields = append(append([]string{"note"}, record.Fields...), "on_behalf_of", "channel")

type correctionFormPage struct {
	formPage
	Channels []string
}

func (h *Handlers) renderCorrection(w http.ResponseWriter, r *http.Request, status int, a Asset, f *web.Form) error {
	u := web.CurrentUser(r)
	p := &correctionFormPage{formPage: formPage{Page: h.Kit.NewPage(r, "assets.correction.title", "name", a.Name), Form: f, Item: a,
		Categories: record.Categories, Ownerships: record.Ownerships, Officer: isOfficer(u), Days: dayForms(f), Correction: true}, Channels: Channels}
	p.Errors = f
	var err error
	if p.Areas, err = h.Svc.Areas(r.Context()); err != nil {
		return err
	}
	// Anyone may say another organisation owns it; the reviewers decide.
	if p.Orgs, err = h.Svc.AllOrganisations(r.Context()); err != nil {
		return err
	}
	h.Kit.Render(w, r, status, "assets/correction_form", p)
	return nil
}

// CorrectionForm is the form to suggest a correction: the asset's fields as they are, to change,
// and a box to say what is wrong.
func (h *Handlers) CorrectionForm(w http.ResponseWriter, r *http.Request) error {
	a, err := h.asset(r)
	if err != nil {
		return err
	}
	f := formValues(a)
	hoursToForm(f, a.OpeningHours)
	return h.renderCorrection(w, r, http.StatusOK, a, f)
}

// SuggestCorrection saves a correction for the owners to review.
func (h *Handlers) SuggestCorrection(w http.ResponseWriter, r *http.Request) error {
	a, err := h.asset(r)
	if err != nil {
		return err
	}
	id, u := a.ID, web.CurrentUser(r)
	f := web.NewForm(r)
	in, hp := formInput(f)
	failHours(f, hp)
	if len(hp) == 0 {
		_, err = h.Svc.SuggestCorrection(r.Context(), u, id, CorrectionInput{Values: in, Note: f.Get("note"), OnBehalfOf: f.Get("on_behalf_of"), Channel: f.Get("channel")})
		if err != nil && !f.Take(err, correctionFormFields...) {
			return err
		}
	}
	if !f.Valid() {
		return h.renderCorrection(w, r, http.StatusUnprocessableEntity, a, f)
	}
	h.Kit.Flash(w, "assets.flash.correction_sent")
	web.Redirect(w, r, "/assets/"+id)
	return nil
}

type correctionsPage struct {
	web.Page
	Item        Asset
	Corrections []Correction
	Reviewer    bool
	Form        *web.Form
	Open        string // the correction whose review form was sent
}

// EmptyForm is a form with no values, for the review forms of the corrections not sent.
func (p *correctionsPage) EmptyForm() *web.Form { return web.EmptyForm() }

// Corrections is an asset's corrections: its reviewers accept or decline each here, and the
// people who suggested them see what became of theirs.
func (h *Handlers) Corrections(w http.ResponseWriter, r *http.Request) error {
	return h.renderCorrections(w, r, http.StatusOK, web.EmptyForm(), "")
}

func (h *Handlers) renderCorrections(w http.ResponseWriter, r *http.Request, status int, f *web.Form, open string) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	a, cs, err := h.Svc.AssetCorrections(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := &correctionsPage{Page: h.Kit.NewPage(r, "assets.correction.review_title", "name", a.Name), Item: a, Corrections: cs,
		Reviewer: canReview(u, a), Form: f, Open: open}
	p.Errors = f
	h.Kit.Render(w, r, status, "assets/corrections", p)
	return nil
}

// ReviewCorrection accepts or declines one of the asset's corrections.
func (h *Handlers) ReviewCorrection(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	cid := f.Get("correction")
	u := web.CurrentUser(r)
	c, a, err := h.Svc.Correction(r.Context(), u, cid)
	if err != nil || a.ID != id {
		return errs.E(errs.NotFound, "assets.correction.not_found")
	}
	decision := f.Get("decision")
	if decision != "accept" && decision != "decline" {
		f.Fail("decision", "assets.correction.err.decision")
		return h.renderCorrections(w, r, http.StatusUnprocessableEntity, f, c.ID)
	}
	if err := h.Svc.ReviewCorrection(r.Context(), u, c.ID, decision == "accept", f.Get("reply")); err != nil {
		if f.Take(err, append([]string{"decision", "reply"}, record.Fields...)...) {
			return h.renderCorrections(w, r, http.StatusUnprocessableEntity, f, c.ID)
		}
		return err
	}
	if decision == "accept" {
		h.Kit.Flash(w, "assets.flash.correction_accepted")
	} else {
		h.Kit.Flash(w, "assets.flash.correction_declined")
	}
	web.Redirect(w, r, "/assets/"+a.ID)
	return nil
}

type minePage struct {
	web.Page
	Assets      []Asset
	Corrections []Correction
	ToReview    []Correction
}

// Mine is a person's own page on the asset map: what they added and suggested, what became of
// it, and the corrections waiting for them to review.
func (h *Handlers) Mine(w http.ResponseWriter, r *http.Request) error {
	u := web.CurrentUser(r)
	p := &minePage{Page: h.Kit.NewPage(r, "assets.mine.title")}
	var err error
	if p.Assets, err = h.Svc.MyAssets(r.Context(), u); err != nil {
		return err
	}
	if p.Corrections, err = h.Svc.MyCorrections(r.Context(), u); err != nil {
		return err
	}
	if p.ToReview, err = h.Svc.PendingCorrections(r.Context(), u, ""); err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "assets/mine", p)
	return nil
}
