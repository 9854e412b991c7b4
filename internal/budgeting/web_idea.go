package budgeting

import (
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/secret"
	"commons/internal/platform/web"
)

type ideaForm struct {
	web.Page
	money
	Style, MapScript string
	TileURL          string
	MapCentre        [2]float64
	P                Process
	Form             *web.Form
	Areas            []identity.Area
	Officer          bool
	Hows             []string
}

func (h *Handlers) areasOf(r *http.Request, p Process) ([]identity.Area, error) {
	all, err := h.Areas(r.Context())
	if err != nil || !p.Districts() {
		return all, err
	}
	var out []identity.Area
	for _, a := range all {
		for _, b := range p.AreaBudgets {
			if a.ID == b.AreaID {
				out = append(out, a)
			}
		}
	}
	return out, nil
}

func (h *Handlers) renderIdeaForm(w http.ResponseWriter, r *http.Request, status int, p Process, f *web.Form) error {
	areas, err := h.areasOf(r, p)
	if err != nil {
		return err
	}
	pg := &ideaForm{Page: h.Kit.NewPage(r, "budgeting.idea.new.title"), P: p, Form: f, Areas: areas, Style: styleSheet.URL, MapScript: mapScript.URL,
		TileURL: h.TileURL, MapCentre: h.MapCentre, Officer: isOfficer(web.CurrentUser(r)), Hows: AssistHows}
	pg.Errors = f
	h.Kit.Render(w, r, status, "budgeting/idea_form", pg)
	return nil
}

// NewIdea shows the idea form.
func (h *Handlers) NewIdea(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	return h.renderIdeaForm(w, r, http.StatusOK, p, web.EmptyForm())
}

var ideaFields = []string{"for_email", "assisted_how", "title", "description", "area_id", "address", "lat", "estimate", "photo", "photo_alt"}

// CreateIdea saves a new idea.
func (h *Handlers) CreateIdea(w http.ResponseWriter, r *http.Request) error {
	p, err := h.process(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	in := IdeaInput{Title: f.Get("title"), Description: f.Get("description"), AreaID: f.Get("area_id"), Address: f.Get("address"),
		Lat: f.Get("lat"), Lng: f.Get("lng"), Estimate: f.Get("estimate"), Lang: web.Lang(r), ShowName: f.Get("show_name") == "yes",
		ForEmail: f.Get("for_email"), AssistedHow: f.Get("assisted_how")}
	photo, err := readPhoto(r, f)
	in.Photo = photo
	var i Idea
	if err == nil {
		i, err = h.Svc.SubmitIdea(r.Context(), web.CurrentUser(r), p.ID, in)
	}
	return h.Kit.Saved(w, r, f, err, ideaFields, "budgeting.idea.saved", "/budgets/"+p.ID+"/ideas/"+i.ID, func() error {
		return h.renderIdeaForm(w, r, http.StatusUnprocessableEntity, p, f)
	})
}

type ideaPage struct {
	web.Page
	money
	P          Process
	I          Idea
	Comments   []Comment
	Milestones []Milestone
	Updates    []Update
	Photos     []Photo
	Style      string
	Result     *ProjectResult
	Reason     string // Result's reason in the page's language
	Draft      bool   // the result waits to be checked and published (officers only see it)
	Form       *web.Form
	Officer    bool
	Reviewer   bool
	Moderator  bool
	Author     bool
	Statuses   []string
	Decisions  []string
}

// idea is the {idea} path value's idea in the {id} path value's process, or the error that
// says why there is none.
func (h *Handlers) idea(r *http.Request) (Process, Idea, error) {
	p, err := h.process(r)
	if err != nil {
		return p, Idea{}, err
	}
	id, err := web.ID(r, "idea")
	if err != nil {
		return p, Idea{}, err
	}
	i, err := h.Svc.Idea(r.Context(), web.CurrentUser(r), id)
	if err == nil && i.ProcessID != p.ID {
		err = notFound
	}
	return p, i, err
}

func (h *Handlers) renderIdea(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p, i, err := h.idea(r)
	if err != nil {
		return err
	}
	if f.Values.Get("idem") == "" {
		f.Values.Set("idem", secret.Token()[:32]) // the comment form's key (see Service.AddComment)
	}
	u := web.CurrentUser(r)
	pg := &ideaPage{Page: h.Kit.NewPage(r, "budgeting.idea.title", "title", i.TitleText(web.Lang(r)).Text), P: p, I: i, Form: f,
		Officer: isOfficer(u), Moderator: isModerator(u), Author: u != nil && u.ID == i.AuthorID, Statuses: MilestoneStatuses, Decisions: []string{"accepted", "rejected"}, Style: styleSheet.URL}
	pg.Errors = f
	if pg.Reviewer, err = h.Svc.CanReview(r.Context(), u, p.ID); err != nil {
		return err
	}
	if pg.Comments, err = h.Svc.Comments(r.Context(), i.ID); err == nil {
		if pg.Milestones, err = h.Svc.Milestones(r.Context(), i.ID); err == nil {
			if pg.Updates, err = h.Svc.Updates(r.Context(), i.ID); err == nil {
				pg.Photos, err = h.Svc.Photos(r.Context(), i.ID)
			}
		}
	}
	if err == nil && p.CountState != "" {
		var res Results
		if res, err = h.Svc.Results(r.Context(), u, p.ID); errs.Is(err, errs.NotFound) {
			err = nil // counted, not yet published
		} else if err == nil {
			for k := range res.Projects {
				if res.Projects[k].IdeaID == i.ID {
					pg.Result, pg.Draft = &res.Projects[k], res.Draft()
					pg.Reason = reasonText(pg.T, pg.Lang, res.Projects[k], titlesOf(res))
				}
			}
		}
	}
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, status, "budgeting/idea", pg)
	return nil
}

// ShowIdea shows an idea with its supports, comments, review and delivery. The review form holds
// the saved review, so an officer correcting a cost changes only the cost.
func (h *Handlers) ShowIdea(w http.ResponseWriter, r *http.Request) error {
	f := web.EmptyForm()
	f.Values.Set("m_status", "planned")
	f.Values.Set("m_percent", "0")
	f.Values.Set("decision", "accepted")
	if id := r.PathValue("idea"); validID(id) {
		if i, err := h.Svc.Idea(r.Context(), web.CurrentUser(r), id); err == nil && i.ReviewedAt != nil {
			set := f.Values.Set
			set("decision", i.Status)
			set("feasibility", i.Feasibility)
			if i.Status == "accepted" {
				set("cost", penceDecimal(i.CostPence))
			}
			set("reason", i.ReviewReason)
			set("title_en", i.OfficialTitle)
			set("title_cy", i.OfficialTitleCy)
			set("summary", i.Summary)
			set("summary_cy", i.SummaryCy)
		}
	}
	return h.renderIdea(w, r, http.StatusOK, f)
}

// BackToIdea answers a GET of a form's address (a reload after an error) with the idea's page.
func (h *Handlers) BackToIdea(w http.ResponseWriter, r *http.Request) error {
	p, i, err := h.idea(r)
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/budgets/"+p.ID+"/ideas/"+i.ID)
	return nil
}

// ShowName records whether the author agrees to be named with their idea.
func (h *Handlers) ShowName(w http.ResponseWriter, r *http.Request) error {
	return h.ideaAction(w, r, "budgeting.idea.name_saved", nil, func(f *web.Form, p Process, i Idea) error {
		return h.Svc.ShowAuthor(r.Context(), web.CurrentUser(r), i.ID, f.Get("show_name") == "yes")
	})
}

// Delivered marks a funded project delivered (officers); its author is told.
func (h *Handlers) Delivered(w http.ResponseWriter, r *http.Request) error {
	return h.ideaAction(w, r, "budgeting.delivery.delivered", []string{"delivered_confirm"}, func(f *web.Form, p Process, i Idea) error {
		return h.Svc.MarkDelivered(r.Context(), web.CurrentUser(r), i.ID, f.Get("delivered_confirm") == "yes")
	})
}

// ideaAction runs one action on an idea from a form on its page: success redirects back with a
// flash, field errors re-render the page with the error summary.
func (h *Handlers) ideaAction(w http.ResponseWriter, r *http.Request, flash string, fields []string, run func(f *web.Form, p Process, i Idea) error) error {
	p, i, err := h.idea(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if err := run(f, p, i); err != nil {
		if f.Take(err, fields...) {
			return h.renderIdea(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	h.Kit.Flash(w, flash)
	web.Redirect(w, r, "/budgets/"+p.ID+"/ideas/"+i.ID)
	return nil
}

// Support records the signed-in person's support.
func (h *Handlers) Support(w http.ResponseWriter, r *http.Request) error {
	return h.ideaAction(w, r, "budgeting.idea.supported", nil, func(f *web.Form, p Process, i Idea) error {
		return h.Svc.Support(r.Context(), web.CurrentUser(r), i.ID)
	})
}

// Comment adds a comment.
func (h *Handlers) Comment(w http.ResponseWriter, r *http.Request) error {
	return h.ideaAction(w, r, "budgeting.idea.commented", []string{"body"}, func(f *web.Form, p Process, i Idea) error {
		return h.Svc.AddCommentOnce(r.Context(), web.CurrentUser(r), i.ID, f.Get("body"), f.Get("idem"), f.Get("comment_show_name") == "yes")
	})
}

// Hide hides an idea (moderators).
func (h *Handlers) Hide(w http.ResponseWriter, r *http.Request) error {
	return h.ideaAction(w, r, "budgeting.idea.hidden", []string{"hide_reason"}, func(f *web.Form, p Process, i Idea) error {
		return h.Svc.Hide(r.Context(), web.CurrentUser(r), i.ID, f.Get("hide_reason"))
	})
}

// Review records a feasibility review (officers).
func (h *Handlers) Review(w http.ResponseWriter, r *http.Request) error {
	return h.ideaAction(w, r, "budgeting.idea.reviewed", []string{"decision", "feasibility", "cost", "reason", "title_en", "title_cy", "summary", "summary_cy"}, func(f *web.Form, p Process, i Idea) error {
		return h.Svc.Review(r.Context(), web.CurrentUser(r), i.ID, ReviewInput{Decision: f.Get("decision"), Feasibility: f.Get("feasibility"),
			Cost: f.Get("cost"), Reason: f.Get("reason"), TitleEn: f.Get("title_en"), TitleCy: f.Get("title_cy"), Summary: f.Get("summary"), SummaryCy: f.Get("summary_cy")})
	})
}

// Milestone adds a delivery milestone, or updates one when the form names it (officers).
func (h *Handlers) Milestone(w http.ResponseWriter, r *http.Request) error {
	return h.ideaAction(w, r, "budgeting.delivery.saved", []string{"m_title", "m_status", "m_percent"}, func(f *web.Form, p Process, i Idea) error {
		mid := f.Get("milestone")
		if mid != "" && !validID(mid) {
			return notFound
		}
		return h.Svc.SaveMilestone(r.Context(), web.CurrentUser(r), i.ID, mid, MilestoneInput{Title: f.Get("m_title"), Status: f.Get("m_status"), Percent: f.Get("m_percent")})
	})
}

// PostUpdate adds a dated delivery update (officers).
func (h *Handlers) PostUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.ideaAction(w, r, "budgeting.delivery.saved", []string{"update", "photo", "photo_alt"}, func(f *web.Form, p Process, i Idea) error {
		photo, err := readPhoto(r, f)
		if err != nil {
			return err
		}
		return h.Svc.AddUpdate(r.Context(), web.CurrentUser(r), i.ID, f.Get("update"), photo)
	})
}
