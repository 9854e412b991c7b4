package timebank

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

type listingsPage struct {
	page
	V         *Viewer
	Listings  []Listing
	Form      *web.Form
	Areas     []identity.Area
	CanLocate bool
	Member    bool
	Partners  bool
}

// Listings searches a bank's offers and requests by kind, category, area, words and distance.
func (h *Handlers) Listings(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	f.Values = r.URL.Query()
	q := ListingQuery{Kind: f.Get("kind"), Category: f.Get("category"), AreaID: f.Get("area_id"), Q: f.Get("q"),
		Near: f.Get("near"), Within: f.Get("within"), Partners: f.Get("partners") == "yes"}
	p := &listingsPage{page: h.newPage(r, "timebank.listings.title", "name", v.Bank.Local(web.Lang(r))), V: v, Form: f,
		CanLocate: h.Svc.CanLocate(), Member: v.Member()}
	if p.Areas, err = h.areas(r); err != nil {
		return err
	}
	gs, err := h.Svc.ActiveAgreements(r.Context(), v.Bank.ID)
	if err != nil {
		return err
	}
	p.Partners = len(gs) > 0
	status := http.StatusOK
	ls, err := h.Svc.Search(r.Context(), v.Bank.ID, q)
	if err != nil {
		if !f.Take(err, "near") {
			return err
		}
		p.Errors = f
		status = http.StatusUnprocessableEntity
	}
	if f.Get("within") == "" {
		f.Values.Set("within", "5")
	}
	p.Listings = ls
	h.Kit.Render(w, r, status, "timebank/listings", p)
	return nil
}

// Shown is the name a listing shows: the member's to members (and when they chose), an
// organisation's always, "a member" otherwise.
func (p *listingsPage) Shown(l Listing) string {
	if p.Member || p.V.Broker || l.MemberKind == KindOrganisation || (l.PublicName && l.MemberKind == KindPerson) {
		return l.MemberName
	}
	return p.T("timebank.listing.a_member")
}

// MilesText is a distance in words.
func (p *page) MilesText(m float64) string {
	if m < 0 {
		return ""
	}
	if m < 0.5 {
		return p.T("timebank.listing.under_half_mile")
	}
	return p.T("timebank.listing.miles", "n", strconv.FormatFloat(m, 'f', 1, 64))
}

// Distances are the choices of the distance select.
func (p *page) Distances() []string { return Distances }

// Modes are the choices of the listing form.
func (p *page) Modes() []string { return Modes }

// Kinds are offer and request.
func (p *page) Kinds() []string { return []string{Offer, Request} }

type listingPage struct {
	page
	V    *Viewer
	L    ListingView
	Area string
	Form *web.Form
}

func (h *Handlers) renderListing(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	v, id, err := h.viewerAndID(r, "l", false)
	if err != nil {
		return err
	}
	lv, err := h.Svc.ListingFor(r.Context(), web.CurrentUser(r), v.Bank.ID, id)
	if err != nil {
		return err
	}
	if f == nil {
		f = web.EmptyForm()
	}
	p := &listingPage{page: h.newPage(r, "timebank.listing.title", "title", lv.Title), V: v, L: lv, Form: f}
	if lv.AreaID != "" {
		if a, err := h.ID.Area(r.Context(), lv.AreaID); err == nil {
			p.Area = a.Name
		}
	}
	return h.renderForm(w, r, status, "timebank/listing", p, f)
}

// Listing shows one offer or request.
func (h *Handlers) Listing(w http.ResponseWriter, r *http.Request) error {
	return h.renderListing(w, r, http.StatusOK, nil)
}

type listingFormPage struct {
	page
	V     *Viewer
	Form  *web.Form
	Areas []identity.Area
	ID    string
}

var listingFields = []string{"as", "kind", "title", "description", "category", "mode", "area_id", "postcode", "estimate"}

func (h *Handlers) renderListingForm(w http.ResponseWriter, r *http.Request, status int, v *Viewer, id string, f *web.Form) error {
	areas, err := h.areas(r)
	if err != nil {
		return err
	}
	title := "timebank.listing.new_title"
	if id != "" {
		title = "timebank.listing.edit_title"
	}
	p := &listingFormPage{page: h.newPage(r, title), V: v, Form: f, Areas: areas, ID: id}
	return h.renderForm(w, r, status, "timebank/listing_form", p, f)
}

func listingInput(f *web.Form) ListingInput {
	return ListingInput{As: f.Get("as"), Kind: f.Get("kind"), Title: f.Get("title"), Description: f.Get("description"),
		Category: f.Get("category"), AreaID: f.Get("area_id"), Mode: f.Get("mode"), Postcode: f.Get("postcode"), Estimate: f.Get("estimate")}
}

// NewListing is the form to offer help or ask for it (?kind=request).
func (h *Handlers) NewListing(w http.ResponseWriter, r *http.Request) error {
	v, err := h.memberView(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	kind := trimmed(r, "kind")
	if kind != Request {
		kind = Offer
	}
	f.Values.Set("kind", kind)
	f.Values.Set("mode", ModeInPerson)
	if v.Self != nil {
		f.Values.Set("area_id", v.Self.AreaID)
	}
	return h.renderListingForm(w, r, http.StatusOK, v, "", f)
}

// CreateListing puts it up.
func (h *Handlers) CreateListing(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	l, err := h.Svc.CreateListing(r.Context(), web.CurrentUser(r), v.Bank.ID, listingInput(f))
	return h.Kit.Saved(w, r, f, err, listingFields, "timebank.flash.listed", "/timebanks/"+v.Bank.ID+"/listings/"+l.ID, func() error {
		return h.renderListingForm(w, r, http.StatusUnprocessableEntity, v, "", f)
	})
}

// EditListing is the form to change one.
func (h *Handlers) EditListing(w http.ResponseWriter, r *http.Request) error {
	v, id, err := h.viewerAndID(r, "l", false)
	if err != nil {
		return err
	}
	lv, err := h.Svc.ListingFor(r.Context(), web.CurrentUser(r), v.Bank.ID, id)
	if err != nil {
		return err
	}
	if !lv.Mine {
		return errForbidden
	}
	f := web.EmptyForm()
	for k, val := range map[string]string{"kind": lv.Kind, "title": lv.Title, "description": lv.Description, "category": lv.Category,
		"area_id": lv.AreaID, "mode": lv.Mode, "postcode": lv.Postcode} {
		f.Values.Set(k, val)
	}
	if lv.Estimate > 0 {
		f.Values.Set("estimate", HoursText(lv.Estimate))
	}
	return h.renderListingForm(w, r, http.StatusOK, v, id, f)
}

// UpdateListing saves the change.
func (h *Handlers) UpdateListing(w http.ResponseWriter, r *http.Request) error {
	v, id, err := h.viewerAndID(r, "l", false)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	err = h.Svc.UpdateListing(r.Context(), web.CurrentUser(r), v.Bank.ID, id, listingInput(f))
	return h.Kit.Saved(w, r, f, err, listingFields, "timebank.flash.saved", "/timebanks/"+v.Bank.ID+"/listings/"+id, func() error {
		return h.renderListingForm(w, r, http.StatusUnprocessableEntity, v, id, f)
	})
}

func (h *Handlers) listingAction(w http.ResponseWriter, r *http.Request, flash string, run func(bank, id string, f *web.Form) error) error {
	return h.act(w, r, thingAction{param: "l", path: "listings", blank: true, fields: []string{"photo", "photo_alt"},
		again: func(w http.ResponseWriter, r *http.Request, f *web.Form, _ error) error {
			return h.renderListing(w, r, http.StatusUnprocessableEntity, f)
		}}, flash, run)
}

// RenewListing keeps it up for another period.
func (h *Handlers) RenewListing(w http.ResponseWriter, r *http.Request) error {
	return h.listingAction(w, r, "timebank.flash.renewed", func(bank, id string, _ *web.Form) error {
		return h.Svc.RenewListing(r.Context(), web.CurrentUser(r), bank, id)
	})
}

// CloseListing takes it down.
func (h *Handlers) CloseListing(w http.ResponseWriter, r *http.Request) error {
	return h.listingAction(w, r, "timebank.flash.closed", func(bank, id string, _ *web.Form) error {
		return h.Svc.CloseListing(r.Context(), web.CurrentUser(r), bank, id)
	})
}

// UploadPhoto puts a photo on a listing. It is a form of its own, so a photo that is too big
// never costs the words of the listing.
func (h *Handlers) UploadPhoto(w http.ResponseWriter, r *http.Request) error {
	return h.listingAction(w, r, "timebank.flash.photo", func(bank, id string, f *web.Form) error {
		if err := r.ParseMultipartForm(web.MaxBody); err != nil {
			return errs.FieldErrors(map[string]string{"photo": "timebank.err.photo_big"})
		}
		alt := strings.TrimSpace(r.FormValue("photo_alt"))
		f.Values.Set("photo_alt", alt)
		file, _, err := r.FormFile("photo")
		if err != nil {
			return errs.FieldErrors(map[string]string{"photo": "timebank.err.photo_missing"})
		}
		defer file.Close()
		data, err := io.ReadAll(io.LimitReader(file, MaxPhotoBytes+1))
		if err != nil {
			return errs.FieldErrors(map[string]string{"photo": "timebank.err.photo_big"})
		}
		return h.Svc.SetPhoto(r.Context(), web.CurrentUser(r), bank, id, data, alt)
	})
}

// RemovePhoto takes it off.
func (h *Handlers) RemovePhoto(w http.ResponseWriter, r *http.Request) error {
	return h.listingAction(w, r, "timebank.flash.photo_removed", func(bank, id string, _ *web.Form) error {
		return h.Svc.SetPhoto(r.Context(), web.CurrentUser(r), bank, id, nil, "")
	})
}

// Photo serves a listing's photo, as an image only.
func (h *Handlers) Photo(w http.ResponseWriter, r *http.Request) error {
	bank, err := bankID(r)
	if err != nil {
		return err
	}
	id, err := web.ID(r, "p")
	if err != nil {
		return err
	}
	p, err := h.Svc.PhotoOf(r.Context(), bank, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", p.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(p.Data)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", "inline")
	w.Header().Set("Cache-Control", "public, max-age=86400, immutable")
	_, err = w.Write(p.Data)
	return err
}

type contactPage struct {
	page
	V       *Viewer
	To      Member
	Listing *Listing
	Form    *web.Form
	Own     []Member
}

func (h *Handlers) renderContact(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	v, mid, err := h.viewerAndID(r, "m", false)
	if err != nil {
		return err
	}
	to, err := h.Svc.Recipient(r.Context(), web.CurrentUser(r), v.Bank.ID, mid)
	if err != nil {
		return err
	}
	p := &contactPage{page: h.newPage(r, "timebank.contact.title", "name", to.Name), V: v, To: to, Form: f, Own: v.Own()}
	if lid := f.Get("listing"); lid != "" {
		if lv, err := h.Svc.ListingFor(r.Context(), web.CurrentUser(r), v.Bank.ID, lid); err == nil && lv.MemberID == to.ID {
			p.Listing = &lv.Listing
		}
	}
	return h.renderForm(w, r, status, "timebank/contact", p, f)
}

// ContactForm is the form to write to a member through Commons (?listing= for one of their
// offers or requests).
func (h *Handlers) ContactForm(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("listing", trimmed(r, "listing"))
	return h.renderContact(w, r, http.StatusOK, f)
}

// Contact sends the message.
func (h *Handlers) Contact(w http.ResponseWriter, r *http.Request) error {
	bank, err := bankID(r)
	if err != nil {
		return err
	}
	mid, err := web.ID(r, "m")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := h.Svc.Contact(r.Context(), web.CurrentUser(r), bank, mid, ContactInput{As: f.Get("as"), Listing: f.Get("listing"), Body: f.Get("body")}); err != nil {
		if !failForm(f, err, "as", "body") {
			return err
		}
		return h.renderContact(w, r, http.StatusUnprocessableEntity, f)
	}
	h.Kit.Flash(w, "timebank.flash.sent")
	if l := f.Get("listing"); l != "" {
		web.Redirect(w, r, "/timebanks/"+bank+"/listings/"+l)
		return nil
	}
	web.Redirect(w, r, "/timebanks/"+bank+"/directory")
	return nil
}

// MilesOption is a distance of the select in words: "1 mile", "5 miles".
func (p *page) MilesOption(d string) string {
	n, _ := strconv.Atoi(d)
	return p.N("timebank.listings.miles_opt", n)
}
