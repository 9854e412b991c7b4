package knowledge

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/hub"
)

// starterOf finds the capability offering a template, with the template in lang.
func (s *Service) starterOf(key, lang string) (Starter, hub.Template, bool) {
	for _, st := range s.Starters {
		for _, t := range st.Templates(lang) {
			if t.Key == key {
				return st, t, true
			}
		}
	}
	return nil, hub.Template{}, false
}

// StartTemplate is a template a method carries, for the start form: the method as the actor
// may see it and the template in lang. Not found when the method does not carry it.
func (s *Service) StartTemplate(ctx context.Context, a *actor.Actor, methodID, key, lang string) (Method, hub.Template, error) {
	m, err := s.Method(ctx, a, methodID, "")
	if err != nil {
		return m, hub.Template{}, err
	}
	if !slices.Contains(m.V.Templates, key) {
		return m, hub.Template{}, notFound()
	}
	_, t, ok := s.starterOf(key, lang)
	if !ok {
		return m, t, notFound()
	}
	return m, t, nil
}

// StartFromMethod checks the answers to a template's questions and asks the capability that
// offers it to create a draft, returning the address of the draft's edit page. The capability
// decides who may start its work (an officer, an organiser of the organisation chosen) and
// answers with its own errors.
func (s *Service) StartFromMethod(ctx context.Context, a *actor.Actor, methodID, key, lang string, in map[string]string) (string, error) {
	if a == nil {
		return "", forbidden()
	}
	_, t, err := s.StartTemplate(ctx, a, methodID, key, lang)
	if err != nil {
		return "", err
	}
	params, err := startParams(t, in, time.Now())
	if err != nil {
		return "", err
	}
	params[hub.ParamLang] = lang
	st, _, _ := s.starterOf(key, lang)
	return st.StartFromTemplate(ctx, a, key, params)
}

// startFields are the start form's fields in page order, for the error summary.
var startFields = []string{hub.ParamTitle, hub.ParamOrganisation, hub.ParamDate, hub.ParamAmount}

// startParams checks the answers a template needs: a title always, and what its Needs name.
func startParams(t hub.Template, in map[string]string, now time.Time) (map[string]string, error) {
	bad := map[string]string{}
	out := map[string]string{}
	title := strings.TrimSpace(in[hub.ParamTitle])
	switch {
	case title == "":
		bad[hub.ParamTitle] = "knowledge.err.title_missing"
	case utf8.RuneCountInString(title) > 200:
		bad[hub.ParamTitle] = "knowledge.err.start_title_long"
	}
	out[hub.ParamTitle] = title
	for _, need := range t.Needs {
		v := strings.TrimSpace(in[need])
		switch need {
		case hub.ParamOrganisation:
			if v == "" {
				bad[need] = "knowledge.err.start_organisation"
			}
		case hub.ParamDate:
			d, err := time.Parse("2006-01-02", v)
			if err != nil {
				bad[need] = "knowledge.err.start_date"
			} else if d.Before(now.AddDate(0, 0, -1)) {
				bad[need] = "knowledge.err.start_date_past"
			}
		case hub.ParamAmount:
			v = strings.TrimPrefix(strings.ReplaceAll(v, ",", ""), "£")
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 || n > 1_000_000_000 {
				bad[need] = "knowledge.err.start_amount"
			}
			v = strconv.FormatInt(n, 10)
		}
		out[need] = v
	}
	if len(bad) > 0 {
		return nil, errs.FieldErrors(bad)
	}
	return out, nil
}

// OrganisationChoices are the organisations a person may start work for: their own, or for a
// council officer or admin every organisation.
func (s *Service) OrganisationChoices(ctx context.Context, a *actor.Actor) ([]Option, error) {
	if a == nil {
		return nil, nil
	}
	var out []Option
	if a.Has("officer", "admin") {
		orgs, err := s.Identity.Organisations(ctx, "", 1000, 0)
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			out = append(out, Option{o.ID, o.Name})
		}
		return out, nil
	}
	for _, id := range a.Orgs {
		o, err := s.Identity.Organisation(ctx, id)
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				continue
			}
			return nil, err
		}
		out = append(out, Option{o.ID, o.Name})
	}
	return out, nil
}
