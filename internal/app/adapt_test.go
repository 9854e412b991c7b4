package app_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"commons/internal/app/apptest"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// The adapter answers a handler's error once: its status, the translated page or problem+json,
// and nothing more when the handler had already started its response.
func TestAdaptAnswersAReturnedErrorOnce(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	mux := http.NewServeMux()
	mux.Handle("/missing", a.Kit.Adapt(func(w http.ResponseWriter, r *http.Request) error {
		return errs.E(errs.NotFound, "error.not_found")
	}))
	mux.Handle("/api/v1/missing", a.Kit.Adapt(func(w http.ResponseWriter, r *http.Request) error {
		return errs.E(errs.Forbidden, "error.forbidden")
	}))
	mux.Handle("/late", a.Kit.Adapt(func(w http.ResponseWriter, r *http.Request) error {
		_, _ = io.WriteString(w, "partial")
		return errors.New("the stream broke")
	}))
	mux.Handle("/id/{id}", a.Kit.Adapt(func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.ID(r, "id")
		if err != nil {
			return err
		}
		_, _ = io.WriteString(w, id)
		return nil
	}))
	srv := httptest.NewServer(a.Kit.Handler(mux))
	defer srv.Close()
	get := func(path, lang string) (int, string, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	if st, ct, body := get("/missing", "cy"); st != 404 || !strings.HasPrefix(ct, "text/html") || !strings.Contains(body, `lang="cy"`) {
		t.Errorf("/missing: %d %s, want a Welsh 404 page; body %.200s", st, ct, body)
	}
	if st, ct, body := get("/api/v1/missing", "en"); st != 403 || ct != "application/problem+json" || !strings.Contains(body, `"code": "forbidden"`) && !strings.Contains(body, `"code":"forbidden"`) {
		t.Errorf("/api/v1/missing: %d %s %s, want 403 problem+json", st, ct, body)
	}
	if st, _, body := get("/late", "en"); st != 200 || body != "partial" {
		t.Errorf("/late: %d %q, want the response already started left alone", st, body)
	}
	if st, _, _ := get("/id/not-a-uuid", "en"); st != 404 {
		t.Errorf("/id/not-a-uuid: %d, want 404 before any SQL", st)
	}
	if st, _, body := get("/id/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", "en"); st != 200 || body != "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" {
		t.Errorf("/id/uuid: %d %q", st, body)
	}
}
