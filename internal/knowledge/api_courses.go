package knowledge

import (
	"net/http"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/openapi"
	"commons/internal/platform/web"
)

// APICourse is a published training course as open data. Texts are Markdown. A quiz's choices
// are given without which one is right: the answer is for the learner to find.
type APICourse struct {
	ID          string      `json:"id"`
	URL         string      `json:"url"`
	Licence     string      `json:"licence"`
	Title       APIText     `json:"title"`
	Summary     APIText     `json:"summary"`
	Minutes     int         `json:"minutes"`
	EventID     string      `json:"event_id,omitempty"`
	PublishedAt time.Time   `json:"published_at"`
	Modules     []APIModule `json:"modules,omitempty"`
	ModuleCount int         `json:"module_count"`
}

// APIModule is one module of a course.
type APIModule struct {
	ID       string    `json:"id"`
	Position int       `json:"position"`
	Kind     string    `json:"kind"`
	Title    APIText   `json:"title"`
	Body     APIText   `json:"body"`
	MediaID  string    `json:"media_id,omitempty"`
	Choices  []APIText `json:"choices,omitempty"`
}

func (h *Handlers) apiCourse(c Course, withModules bool) APICourse {
	out := APICourse{ID: c.ID, URL: h.Svc.BaseURL + "/training/" + c.ID, Licence: h.Svc.licence(), Title: apiText(c.Title),
		Summary: apiText(c.Summary), Minutes: c.Minutes, EventID: c.EventID, ModuleCount: c.ModuleCount}
	if c.PublishedAt != nil {
		out.PublishedAt = c.PublishedAt.UTC()
	}
	if withModules {
		out.Modules = []APIModule{}
		out.ModuleCount = len(c.Modules)
		for i, m := range c.Modules {
			am := APIModule{ID: m.ID, Position: i + 1, Kind: m.Kind, Title: apiText(m.Title), Body: apiText(m.Body), MediaID: m.MediaID}
			for _, ch := range m.Choices {
				am.Choices = append(am.Choices, APIText{En: ch.En, Cy: ch.Cy})
			}
			out.Modules = append(out.Modules, am)
		}
	}
	return out
}

// APICourses lists the published courses, newest first.
func (h *Handlers) APICourses(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	cs, err := h.Svc.Courses(r.Context())
	if err != nil {
		return err
	}
	out := []APICourse{}
	for i := offset; i < len(cs) && i <= offset+limit; i++ {
		out = append(out, h.apiCourse(cs[i], false))
	}
	web.JSON(w, http.StatusOK, identity.List(r, out, limit, offset))
	return nil
}

// APICourse is one published course with its modules.
func (h *Handlers) APICourse(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	c, err := h.Svc.Course(r.Context(), nil, id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, h.apiCourse(c, true))
	return nil
}

func coursesOpenAPI(paths, schemas openapi.Obj) {
	str := openapi.String
	paths["/courses"] = openapi.Obj{"get": openapi.Obj{"operationId": "listCourses",
		"summary":    "Training courses: every published course, newest first, with how many modules each has",
		"parameters": openapi.Paging, "responses": openapi.Obj{"200": openapi.JSONResponse("A page of courses", openapi.ListOf("Course")), "422": openapi.Problem}}}
	paths["/courses/{id}"] = openapi.Obj{"get": openapi.Obj{"operationId": "getCourse",
		"summary":    "One published course with its modules in order: texts, films, quizzes (choices without the answer) and reflection questions",
		"parameters": []openapi.Obj{openapi.IDParam},
		"responses":  openapi.Obj{"200": openapi.JSONResponse("The course", openapi.Ref("Course")), "404": openapi.Problem}}}
	text := openapi.Obj{"type": "object", "required": []string{"en", "cy"}, "properties": openapi.Obj{"en": str, "cy": str}}
	schemas["CourseModule"] = openapi.Obj{"type": "object", "required": []string{"id", "position", "kind", "title", "body"},
		"properties": openapi.Obj{"id": openapi.UUID, "position": openapi.Obj{"type": "integer", "minimum": 1},
			"kind": openapi.Obj{"type": "string", "enum": []string{"text", "film", "quiz", "reflection"}}, "title": text, "body": text,
			"media_id": openapi.Obj{"type": "string", "format": "uuid", "description": "the film or recording (/media/{id}) a film module shows"},
			"choices":  openapi.Obj{"type": "array", "items": text, "description": "a quiz's choices, without which is right"}}}
	schemas["Course"] = openapi.Obj{"type": "object",
		"required": []string{"id", "url", "licence", "title", "summary", "minutes", "published_at", "module_count"},
		"properties": openapi.Obj{"id": openapi.UUID, "url": str, "licence": str, "title": text, "summary": text,
			"minutes":      openapi.Obj{"type": "integer", "minimum": 1, "description": "about how long the course takes"},
			"event_id":     openapi.Obj{"type": "string", "description": "an event that runs the course live"},
			"published_at": openapi.Timestamp, "module_count": openapi.Integer,
			"modules": openapi.Obj{"type": "array", "items": openapi.Ref("CourseModule"), "description": "in one course only"}}}
}
