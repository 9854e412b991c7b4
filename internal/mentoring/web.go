package mentoring

import (
	"context"
	"embed"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"commons/internal/identity"
	"commons/internal/mentoring/match"
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/place"
	"commons/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

//go:embed messages/*.json
var Messages embed.FS

//go:embed migrations
var migrationsFS embed.FS

// Migrations are the capability's tables.
var Migrations = db.Embedded("mentoring", migrationsFS)

// Handlers serve the peer-support pages.
type Handlers struct {
	Kit     *web.Kit
	Svc     *Service
	TileURL string
}

// page is what every mentoring page embeds: the shell's Page and the topic list, for names.
type page struct {
	web.Page
	topics      map[string]Topic
	Coordinator bool
}

func (h *Handlers) page(r *http.Request, titleKey string, args ...any) (page, error) {
	p := page{Page: h.Kit.NewPage(r, titleKey, args...)}
	var err error
	p.topics, err = h.Svc.topicMap(r.Context())
	p.Coordinator = h.Svc.IsCoordinator(r.Context(), p.User)
	return p, err
}

// TopicName is a topic's name in the page's language.
func (p *page) TopicName(id string) string {
	if t, ok := p.topics[id]; ok {
		return t.Name(p.Lang)
	}
	return id
}

// ActiveTopics are the topics that can be chosen, in order.
func (p *page) ActiveTopics() []Topic {
	var out []Topic
	for _, t := range p.topics {
		if !t.Retired {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b Topic) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return strings.Compare(a.NameEN, b.NameEN)
	})
	return out
}

// Reason writes one of a pairing's reasons in the page's language.
func (p *page) Reason(r match.Reason) string { return ReasonText(p.T, p.Lang, r, p.topics) }

// Percent is a score as a whole percentage.
func (p *page) Percent(score float64) string { return strconv.Itoa(int(score*100 + 0.5)) }

// Day is a YYYY-MM-DD day in the page's language.
func (p *page) Day(s string) string { return p.DayOf(s) }

// Lists the templates range over.
func (p *page) Kinds() []string    { return Kinds }
func (p *page) Slots() []string    { return Slots }
func (p *page) Levels() []int      { return Levels }
func (p *page) Outcomes() []string { return Outcomes }
func (p *page) Goings() []string   { return Goings }
func (p *page) Stages() []string   { return Stages }

// Checked reports whether a multi-valued form field holds v.
func (p *page) Checked(f *web.Form, name, v string) bool {
	return f != nil && slices.Contains(f.Values[name], v)
}

// SlotNames are slots' names, joined.
func (p *page) SlotNames(ss []string) string {
	var out []string
	for _, s := range ss {
		out = append(out, p.T("mentoring.slot."+s))
	}
	return strings.Join(out, ", ")
}

// render renders a page with the status.
func (h *Handlers) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	h.Kit.Render(w, r, status, name, data)
	return nil
}

// Home is the public page of peer support: what it is and how much is happening, with links to
// one's own organisations.
type homePage struct {
	page
	Summary Summary
	Mine    []orgLink
}

type orgLink struct {
	ID, Name string
	Joined   bool
}

func (h *Handlers) Home(w http.ResponseWriter, r *http.Request) error {
	p, err := h.page(r, "mentoring.title")
	if err != nil {
		return err
	}
	hp := &homePage{page: p}
	if hp.Summary, err = h.Svc.Summary(r.Context()); err != nil {
		return err
	}
	if u := web.CurrentUser(r); u != nil {
		for _, id := range u.Orgs {
			o, err := h.Svc.Identity.Organisation(r.Context(), id)
			if err != nil {
				continue
			}
			_, perr := profileByOrg(r.Context(), h.Svc.DB, id)
			hp.Mine = append(hp.Mine, orgLink{ID: id, Name: o.Name, Joined: perr == nil})
		}
	}
	return h.render(w, r, http.StatusOK, "mentoring/home", hp)
}

// orgPage is one organisation's peer support: its profile, offers, needs and relationships.
type orgPage struct {
	page
	Org           identity.Organisation
	Profile       *Profile
	Offers        []Offer
	Needs         []Need
	Relationships []Relationship
	Form          *web.Form
}

func (h *Handlers) orgPage(r *http.Request, orgID string, f *web.Form) (*orgPage, error) {
	ctx := r.Context()
	u := web.CurrentUser(r)
	if !h.Svc.CanSee(ctx, u, orgID) {
		_, err := h.Svc.actFor(ctx, u, orgID)
		return nil, err
	}
	org, err := h.Svc.Identity.Organisation(ctx, orgID)
	if err != nil {
		return nil, err
	}
	p, err := h.page(r, "mentoring.org.title", "org", org.Name)
	if err != nil {
		return nil, err
	}
	op := &orgPage{page: p, Org: org, Form: f}
	if op.Form == nil {
		op.Form = web.EmptyForm()
	}
	if pr, err := h.Svc.Profile(ctx, orgID); err == nil {
		op.Profile = &pr
	} else if !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	if op.Offers, err = h.Svc.Offers(ctx, orgID); err != nil {
		return nil, err
	}
	if op.Needs, err = h.Svc.Needs(ctx, orgID); err != nil {
		return nil, err
	}
	if op.Relationships, err = h.Svc.RelationshipsOf(ctx, u, orgID); err != nil {
		return nil, err
	}
	return op, nil
}

// Organisation shows an organisation's peer support to its members and coordinators.
func (h *Handlers) Organisation(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "org")
	if err != nil {
		return err
	}
	op, err := h.orgPage(r, id, nil)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "mentoring/org", op)
}

// SaveOffer adds or changes an offer.
func (h *Handlers) SaveOffer(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "org")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	level, _ := strconv.Atoi(f.Get("offer_level"))
	err = h.Svc.SaveOffer(r.Context(), web.CurrentUser(r), id, f.Get("offer_topic"), level, f.Get("offer_detail"))
	return h.Kit.Saved(w, r, f, err, []string{"offer_topic", "offer_level", "offer_detail"}, "mentoring.flash.offer_saved",
		"/mentoring/organisations/"+id+"#offers", h.orgAgain(w, r, id, f))
}

// orgAgain shows the organisation's page again with the refused offer's or need's errors.
func (h *Handlers) orgAgain(w http.ResponseWriter, r *http.Request, id string, f *web.Form) func() error {
	return func() error {
		op, err := h.orgPage(r, id, f)
		if err != nil {
			return err
		}
		op.Errors = f
		return h.render(w, r, http.StatusUnprocessableEntity, "mentoring/org", op)
	}
}

// DeleteOffer withdraws an offer.
func (h *Handlers) DeleteOffer(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "offer")
	if err != nil {
		return err
	}
	o, err := offerByID(r.Context(), h.Svc.DB, id)
	if err != nil {
		return h.Svc.DB.Err(err, "error.not_found")
	}
	if err := h.Svc.DeleteOffer(r.Context(), web.CurrentUser(r), id); err != nil {
		return err
	}
	h.Kit.Flash(w, "mentoring.flash.offer_removed")
	web.Redirect(w, r, "/mentoring/organisations/"+o.OrganisationID+"#offers")
	return nil
}

// AddNeed records a need and goes to its suggested pairings.
func (h *Handlers) AddNeed(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "org")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	n, err := h.Svc.AddNeed(r.Context(), web.CurrentUser(r), id, f.Get("need_topic"), f.Get("need_detail"))
	return h.Kit.Saved(w, r, f, err, []string{"need_topic", "need_detail"}, "mentoring.flash.need_added", "/mentoring/needs/"+n.ID,
		h.orgAgain(w, r, id, f))
}

// CloseNeed says the organisation no longer needs the help.
func (h *Handlers) CloseNeed(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "need")
	if err != nil {
		return err
	}
	n, err := h.Svc.Need(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	if err := h.Svc.CloseNeed(r.Context(), web.CurrentUser(r), id); err != nil {
		return err
	}
	h.Kit.Flash(w, "mentoring.flash.need_closed")
	web.Redirect(w, r, "/mentoring/organisations/"+n.OrganisationID+"#needs")
	return nil
}

// profilePage is the profile form.
type profilePage struct {
	page
	Org          identity.Organisation
	Form         *web.Form
	Maps         bool
	PlaceChoices []place.Place
	New          bool
}

// ProfileForm shows the profile form, filled from the profile when there is one.
func (h *Handlers) ProfileForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "org")
	if err != nil {
		return err
	}
	if _, err := h.Svc.actFor(r.Context(), web.CurrentUser(r), id); err != nil {
		return err
	}
	f := web.EmptyForm()
	pr, err := h.Svc.Profile(r.Context(), id)
	switch {
	case err == nil:
		f.Values = url.Values{"kind": {pr.Kind}, "place_id": {pr.PlaceID}, "place_q": {pr.PlaceName}, "postcode": {pr.Postcode},
			"travel_km": {itoa(pr.TravelKm)}, "capacity": {itoa(pr.Capacity)}, "availability": {pr.Availability}, "about": {pr.About},
			"slots": pr.Slots}
		if pr.Online {
			f.Values.Set("online", "yes")
		}
	case errs.Is(err, errs.NotFound):
		f.Values = url.Values{"travel_km": {"10"}, "capacity": {"1"}}
	default:
		return err
	}
	return h.renderProfile(w, r, http.StatusOK, id, f, nil, errs.Is(err, errs.NotFound))
}

func (h *Handlers) renderProfile(w http.ResponseWriter, r *http.Request, status int, orgID string, f *web.Form, choices []place.Place, isNew bool) error {
	org, err := h.Svc.Identity.Organisation(r.Context(), orgID)
	if err != nil {
		return err
	}
	p, err := h.page(r, "mentoring.profile.title", "org", org.Name)
	if err != nil {
		return err
	}
	pp := &profilePage{page: p, Org: org, Form: f, Maps: h.Svc.Finder != nil, PlaceChoices: choices, New: isNew}
	if status != http.StatusOK && len(f.Order) > 0 {
		pp.Errors = f
	}
	return h.render(w, r, status, "mentoring/profile", pp)
}

var profileFields = []string{"kind", "place_q", "place_id", "postcode", "travel_km", "online", "slots", "availability", "capacity", "about"}

// SaveProfile saves the profile. A place typed by name is looked up on the asset map: one match
// is taken, several are offered to choose from (on the form again, without JavaScript).
func (h *Handlers) SaveProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "org")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	ctx := r.Context()
	choices, ok, err := h.resolvePlace(ctx, f)
	if err != nil {
		return err
	}
	if !ok {
		return h.renderProfile(w, r, http.StatusUnprocessableEntity, id, f, choices, false)
	}
	in := ProfileInput{Kind: f.Get("kind"), PlaceID: f.Get("place_id"), Postcode: f.Get("postcode"), TravelKm: f.Get("travel_km"),
		Capacity: f.Get("capacity"), Availability: f.Get("availability"), About: f.Get("about"), Online: f.Get("online") == "yes",
		Slots: f.Values["slots"]}
	_, err = h.Svc.SaveProfile(ctx, web.CurrentUser(r), id, in)
	return h.Kit.Saved(w, r, f, err, profileFields, "mentoring.flash.profile_saved", "/mentoring/organisations/"+id, func() error {
		return h.renderProfile(w, r, http.StatusUnprocessableEntity, id, f, nil, false)
	})
}

// resolvePlace turns the place typed on the form into an asset: it reports false (with the
// choices, or a field error) when the form must come back.
func (h *Handlers) resolvePlace(ctx context.Context, f *web.Form) ([]place.Place, bool, error) {
	q := f.Get("place_q")
	if h.Svc.Finder == nil || q == "" {
		f.Values.Set("place_id", "")
		return nil, true, nil
	}
	if id := f.Get("place_id"); ids.Valid(id) {
		return nil, true, nil
	}
	ps, err := h.Svc.Finder.FindPlaces(ctx, q, 8)
	if err != nil {
		return nil, false, err
	}
	var exact []place.Place
	for _, p := range ps {
		if strings.EqualFold(strings.TrimSpace(p.Name), q) {
			exact = append(exact, p)
		}
	}
	if len(exact) == 1 {
		ps = exact
	}
	switch len(ps) {
	case 0:
		f.Fail("place_q", "mentoring.err.place_none")
		return nil, false, nil
	case 1:
		f.Values.Set("place_id", ps[0].ID)
		return nil, true, nil
	}
	f.Fail("place_id", "mentoring.err.place_choose")
	return ps, false, nil
}

// needPage is a need with its suggested pairings.
type needPage struct {
	page
	Need        Need
	Suggestions []Suggestion
	Asked       []Relationship
}

// Need shows who could help with a need, best first, and why.
func (h *Handlers) Need(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "need")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	n, sugg, err := h.Svc.Suggestions(r.Context(), u, id)
	if err != nil {
		return err
	}
	p, err := h.page(r, "mentoring.need.title")
	if err != nil {
		return err
	}
	np := &needPage{page: p, Need: n, Suggestions: sugg}
	p.TitleArgs = []any{"topic", np.TopicName(n.TopicID), "org", n.Organisation}
	np.TitleArgs = p.TitleArgs
	rs, err := relationshipsOfNeed(r.Context(), h.Svc.DB, n.ID)
	if err != nil {
		return err
	}
	if np.Asked, err = h.Svc.complete(r.Context(), rs); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "mentoring/need", np)
}

// Propose puts a suggested pairing to both organisations.
func (h *Handlers) Propose(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "need")
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	mentor := f.Get("mentor")
	if !ids.Valid(mentor) {
		return errs.E(errs.Invalid, "mentoring.err.not_available")
	}
	rel, err := h.Svc.Propose(r.Context(), web.CurrentUser(r), id, mentor)
	if err != nil {
		return err
	}
	h.Kit.Flash(w, "mentoring.flash.proposed")
	web.Redirect(w, r, "/mentoring/relationships/"+rel.ID)
	return nil
}

// actingAs is who the signed-in person may act for in a relationship.
func actingAs(u *actor.Actor, rel Relationship) []string {
	var out []string
	for _, o := range []string{rel.MentorOrgID, rel.MenteeOrgID} {
		if u.InOrg(o) {
			out = append(out, o)
		}
	}
	return out
}

// When is a time that may be missing, as a short date in the page's language.
func (p *page) When(t *time.Time) string {
	if t == nil {
		return ""
	}
	return p.DayShort(*t)
}
