package knowledge

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"commons/internal/knowledge/course"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

func courseInput(f *web.Form) CourseInput {
	return CourseInput{Title: Text{f.Get("title_en"), f.Get("title_cy")}, Summary: Text{f.Get("summary_en"), f.Get("summary_cy")},
		Minutes: f.Get("minutes"), EventID: f.Get("event_id")}
}

func courseForm(c Course) *web.Form {
	vals := url.Values{"minutes": {strconv.Itoa(c.Minutes)}, "event_id": {c.EventID},
		"title_en": {c.Title.En}, "title_cy": {c.Title.Cy}, "summary_en": {c.Summary.En}, "summary_cy": {c.Summary.Cy}}
	return &web.Form{Values: vals, Errors: map[string]string{}}
}

func moduleInput(f *web.Form) ModuleInput {
	return ModuleInput{Kind: f.Get("kind"), Title: Text{f.Get("module_title_en"), f.Get("module_title_cy")},
		Body: Text{f.Get("body_en"), f.Get("body_cy")}, MediaID: f.Get("media_id"), ChoicesEn: f.Get("choices_en"), ChoicesCy: f.Get("choices_cy")}
}

// ModuleKinds are the kinds of module as choices.
func (p *page) ModuleKinds() []Option { return p.options("knowledge.module.kind.", course.Kinds) }

// HelpWays are the ways an officer helped someone complete a course, as choices.
func (p *page) HelpWays() []Option { return p.options("knowledge.course.how.", HelpWays) }

type coursesPage struct {
	page
	Courses []Course
	Drafts  []Course
	Editor  bool
}

// Training lists the published courses; an editor sees the drafts too.
func (h *Handlers) Training(w http.ResponseWriter, r *http.Request) error {
	u := web.CurrentUser(r)
	p := coursesPage{page: h.page(r, "knowledge.training.title"), Editor: Editor(u)}
	var err error
	if p.Courses, err = h.Svc.Courses(r.Context()); err != nil {
		return err
	}
	if p.Editor {
		if p.Drafts, err = h.Svc.DraftCourses(r.Context(), u); err != nil {
			return err
		}
	}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/courses", &p)
	return nil
}

// LiveEvent is the event that runs a course live, for its page.
type LiveEvent struct {
	Title, URL string
	StartsAt   time.Time
}

type coursePage struct {
	page
	C         Course
	Enrolment *Enrolment
	Steps     map[string]Step
	Progress  course.Progress
	Live      *LiveEvent
	Editor    bool
	SignedIn  bool
}

// StepOf is the person's step on a module (zero when none).
func (p *coursePage) StepOf(id string) Step { return p.Steps[id] }

// Course is a course with its modules and, for a person on it, their progress.
func (h *Handlers) Course(w http.ResponseWriter, r *http.Request) error {
	c, id, u, err := byPath(r, h.Svc.Course)
	if err != nil {
		return err
	}
	p := coursePage{page: h.page(r, "knowledge.training.title"), C: c, Editor: Editor(u), SignedIn: u != nil && u.ID != ""}
	p.TitleKey, p.TitleArgs = "knowledge.raw", []any{"text", p.Pick(c.Title).Text}
	if p.Enrolment, p.Steps, err = h.Svc.MyProgress(r.Context(), u, id); err != nil {
		return err
	}
	p.Progress = progressOf(c, p.Steps)
	if title, u, at, ok := h.Svc.LiveEvent(r.Context(), c); ok {
		p.Live = &LiveEvent{Title: title, URL: u, StartsAt: at}
	}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/course", &p)
	return nil
}

// Enrol puts the signed-in person on the course and takes them to its first module.
func (h *Handlers) Enrol(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(r)
	if _, err := h.Svc.Enrol(r.Context(), u, id); err != nil {
		return err
	}
	c, err := h.Svc.Course(r.Context(), u, id)
	if err != nil {
		return err
	}
	_, steps, err := h.Svc.MyProgress(r.Context(), u, id)
	if err != nil {
		return err
	}
	h.Kit.Flash(w, "knowledge.flash.enrolled")
	if next := progressOf(c, steps).Next; next != "" {
		web.Redirect(w, r, "/training/"+id+"/modules/"+next)
		return nil
	}
	web.Redirect(w, r, "/training/"+id)
	return nil
}

type modulePage struct {
	page
	C        Course
	M        Module
	Number   int
	Film     *Media
	Step     Step
	Enrolled bool
	SignedIn bool
	Form     *web.Form
	Next     string
}

// Chosen reports whether choice i is the person's last answer to the quiz.
func (p *modulePage) Chosen(i int) bool { return p.Form.Get("choice") == strconv.Itoa(i) }

func (h *Handlers) module(r *http.Request) (*modulePage, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return nil, err
	}
	mid, err := web.ID(r, "module")
	if err != nil {
		return nil, err
	}
	u := web.CurrentUser(r)
	c, err := h.Svc.Course(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(c.Modules, func(m Module) bool { return m.ID == mid })
	if i < 0 {
		return nil, notFound()
	}
	p := &modulePage{page: h.page(r, "knowledge.training.title"), C: c, M: c.Modules[i], Number: i + 1, SignedIn: u != nil && u.ID != "",
		Form: web.EmptyForm()}
	p.TitleKey, p.TitleArgs = "knowledge.module.title", []any{"module", p.Pick(p.M.Title).Text, "course", p.Pick(c.Title).Text}
	if i+1 < len(c.Modules) {
		p.Next = c.Modules[i+1].ID
	}
	if p.M.MediaID != "" {
		if m, err := h.Svc.OneMedia(r.Context(), u, p.M.MediaID); err == nil {
			p.Film = &m
		}
	}
	e, steps, err := h.Svc.MyProgress(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	p.Enrolled = e != nil
	p.Step = steps[p.M.ID]
	switch p.M.Kind {
	case course.Reflection:
		p.Form.Values.Set("reflection", p.Step.Answer)
	case course.Quiz:
		p.Form.Values.Set("choice", p.Step.Answer)
	}
	return p, nil
}

// Module is one module of a course: its text, film, quiz or reflection question, and, for a
// signed-in person, the form that does it.
func (h *Handlers) Module(w http.ResponseWriter, r *http.Request) error {
	p, err := h.module(r)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/course_module", p)
	return nil
}

// DoModule records the person's answer to a module and takes them on: to the next module, to
// the quiz again when the answer was wrong, or to the course when it is complete.
func (h *Handlers) DoModule(w http.ResponseWriter, r *http.Request) error {
	p, err := h.module(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	out, err := h.Svc.DoModule(r.Context(), web.CurrentUser(r), p.C.ID, p.M.ID, Answer{Choice: f.Get("choice"), Reflection: f.Get("reflection")})
	if err != nil {
		if f.Take(err, "choice", "reflection") {
			p.Form = f
			p.Errors = f
			h.Kit.Render(w, r, http.StatusUnprocessableEntity, "knowledge/course_module", p)
			return nil
		}
		return err
	}
	base := "/training/" + p.C.ID
	switch {
	case out.Finished:
		h.Kit.Flash(w, "knowledge.flash.course_done")
		web.Redirect(w, r, base)
	case !out.Done:
		h.Kit.Flash(w, "knowledge.flash.quiz_wrong")
		web.Redirect(w, r, base+"/modules/"+p.M.ID)
	case p.Next != "":
		h.Kit.Flash(w, "knowledge.flash.module_done")
		web.Redirect(w, r, base+"/modules/"+p.Next)
	default:
		h.Kit.Flash(w, "knowledge.flash.module_done")
		web.Redirect(w, r, base)
	}
	return nil
}

type courseFormPage struct {
	page
	Form       *web.Form
	ModuleForm *web.Form
	Action     string
	C          *Course
	Films      []Media
}

func (h *Handlers) renderCourseForm(w http.ResponseWriter, r *http.Request, status int, f, mf *web.Form, c *Course) error {
	title, action := "knowledge.course.new", "/training"
	if c != nil {
		title, action = "knowledge.course.edit", "/training/"+c.ID+"/edit"
	}
	p := courseFormPage{page: h.page(r, title), Form: f, ModuleForm: mf, Action: action, C: c}
	if mf == nil {
		p.ModuleForm = web.EmptyForm()
		p.ModuleForm.Values.Set("kind", course.Text)
	}
	p.Errors = f
	if mf != nil {
		p.Errors = mf
	}
	if c != nil {
		var err error
		if p.Films, err = h.Svc.MediaList(r.Context(), MediaFilter{}); err != nil {
			return err
		}
		drafts, err := h.Svc.DraftMedia(r.Context(), web.CurrentUser(r))
		if err != nil {
			return err
		}
		p.Films = append(p.Films, drafts...)
	}
	h.Kit.Render(w, r, status, "knowledge/course_form", &p)
	return nil
}

// FilmOptions are the films and recordings a film module may show.
func (p *courseFormPage) FilmOptions() []Option {
	out := make([]Option, 0, len(p.Films))
	for _, m := range p.Films {
		label := p.Pick(m.Title).Text
		if m.Status != CasePublished {
			label += " (" + p.T("knowledge.course.film_draft") + ")"
		}
		out = append(out, Option{m.ID, label})
	}
	return out
}

// NewCourse is the form for a new course.
func (h *Handlers) NewCourse(w http.ResponseWriter, r *http.Request) error {
	return h.renderCourseForm(w, r, http.StatusOK, web.EmptyForm(), nil, nil)
}

// CreateCourse saves a new course as a draft and takes the editor to add its modules.
func (h *Handlers) CreateCourse(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r)
	c, err := h.Svc.SaveCourse(r.Context(), web.CurrentUser(r), "", courseInput(f))
	return h.Kit.Saved(w, r, f, err, courseFields, "knowledge.flash.course_saved", "/training/"+c.ID+"/edit", func() error {
		return h.renderCourseForm(w, r, http.StatusUnprocessableEntity, f, nil, nil)
	})
}

func (h *Handlers) editable(r *http.Request) (Course, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Course{}, err
	}
	return h.Svc.Course(r.Context(), web.CurrentUser(r), id)
}

// EditCourse is the course's form and its modules, with the form that adds one.
func (h *Handlers) EditCourse(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	return h.renderCourseForm(w, r, http.StatusOK, courseForm(c), nil, &c)
}

// UpdateCourse saves the course's title, summary, time and event.
func (h *Handlers) UpdateCourse(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	_, err = h.Svc.SaveCourse(r.Context(), web.CurrentUser(r), c.ID, courseInput(f))
	return h.Kit.Saved(w, r, f, err, courseFields, "knowledge.flash.course_saved", "/training/"+c.ID+"/edit", func() error {
		return h.renderCourseForm(w, r, http.StatusUnprocessableEntity, f, nil, &c)
	})
}

// AddModule adds a module at the end of the course.
func (h *Handlers) AddModule(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	_, err = h.Svc.AddModule(r.Context(), web.CurrentUser(r), c.ID, moduleInput(f))
	return h.Kit.Saved(w, r, f, err, moduleFields, "knowledge.flash.module_added", "/training/"+c.ID+"/edit#modules", func() error {
		return h.renderCourseForm(w, r, http.StatusUnprocessableEntity, courseForm(c), f, &c)
	})
}

// RemoveModule takes a module out of the course.
func (h *Handlers) RemoveModule(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	mid, err := web.ID(r, "module")
	if err != nil {
		return err
	}
	if err := h.Svc.RemoveModule(r.Context(), web.CurrentUser(r), c.ID, mid); err != nil {
		return err
	}
	h.Kit.Flash(w, "knowledge.flash.module_removed")
	web.Redirect(w, r, "/training/"+c.ID+"/edit#modules")
	return nil
}

// PublishCourse publishes a course.
func (h *Handlers) PublishCourse(w http.ResponseWriter, r *http.Request) error {
	return h.setCourse(w, r, true)
}

// UnpublishCourse takes a course back to a draft.
func (h *Handlers) UnpublishCourse(w http.ResponseWriter, r *http.Request) error {
	return h.setCourse(w, r, false)
}

func (h *Handlers) setCourse(w http.ResponseWriter, r *http.Request, publish bool) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Svc.SetCoursePublished(r.Context(), web.CurrentUser(r), id, publish); err != nil {
		return err
	}
	if publish {
		h.Kit.Flash(w, "knowledge.flash.course_published")
	} else {
		h.Kit.Flash(w, "knowledge.flash.course_unpublished")
	}
	web.Redirect(w, r, "/training/"+id)
	return nil
}

type rosterPage struct {
	page
	C      Course
	People []RosterRow
	Form   *web.Form
}

// Completed counts the people who completed the course.
func (p *rosterPage) Completed() int {
	n := 0
	for _, r := range p.People {
		if r.CompletedAt != nil {
			n++
		}
	}
	return n
}

func (h *Handlers) renderRoster(w http.ResponseWriter, r *http.Request, status int, c Course, f *web.Form) error {
	people, err := h.Svc.Roster(r.Context(), web.CurrentUser(r), c.ID)
	if err != nil {
		return err
	}
	p := rosterPage{page: h.page(r, "knowledge.roster.title", "course", "")}
	p.TitleArgs = []any{"course", p.Pick(c.Title).Text}
	p.C, p.People, p.Form, p.Errors = c, people, f, f
	h.Kit.Render(w, r, status, "knowledge/course_people", &p)
	return nil
}

// Roster is who enrolled on a course and completed what, with the form that records a
// completion on someone's behalf.
func (h *Handlers) Roster(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	f.Values.Set("how", "in_person")
	return h.renderRoster(w, r, http.StatusOK, c, f)
}

// RecordCompletion records that someone completed the course with an officer's help.
func (h *Handlers) RecordCompletion(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if _, err := h.Svc.RecordCompletion(r.Context(), web.CurrentUser(r), c.ID, f.Get("email"), f.Get("how"), f.Get("note")); err != nil {
		if f.Take(err, "email", "how", "note") {
			status := http.StatusUnprocessableEntity
			if errs.Is(err, errs.Conflict) {
				status = http.StatusConflict
			}
			return h.renderRoster(w, r, status, c, f)
		}
		return err
	}
	h.Kit.Flash(w, "knowledge.flash.completion_recorded")
	web.Redirect(w, r, "/training/"+c.ID+"/people")
	return nil
}

type myTrainingPage struct {
	page
	Courses []MyCourse
}

// Done are the person's completed courses.
func (p *myTrainingPage) Done() []MyCourse {
	var out []MyCourse
	for _, c := range p.Courses {
		if c.Enrolment.CompletedAt != nil {
			out = append(out, c)
		}
	}
	return out
}

// Going are the person's courses not yet completed.
func (p *myTrainingPage) Going() []MyCourse {
	var out []MyCourse
	for _, c := range p.Courses {
		if c.Enrolment.CompletedAt == nil {
			out = append(out, c)
		}
	}
	return out
}

// MyTraining is the person's own page of training: the courses they are on and those they
// completed, with the date of each.
func (h *Handlers) MyTraining(w http.ResponseWriter, r *http.Request) error {
	u := web.CurrentUser(r)
	mine, err := h.Svc.MyCourses(r.Context(), u.ID)
	if err != nil {
		return err
	}
	p := myTrainingPage{page: h.page(r, "knowledge.mine.title"), Courses: mine}
	h.Kit.Render(w, r, http.StatusOK, "knowledge/course_mine", &p)
	return nil
}

// ChoiceText is a quiz choice in the page's language.
func (p *modulePage) ChoiceText(c course.Choice) Shown { return p.Pick(Text{c.En, c.Cy}) }
