package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"commons/internal/platform/errs"
)

// Saved goes on with a flash after a save, shows the form again with the errors of refused
// input, and hands any other error back without writing anything.
func TestSavedAnswersAFormsPost(t *testing.T) {
	k := &Kit{}
	again := 0
	show := func() error { again++; return nil }

	w, r := httptest.NewRecorder(), httptest.NewRequest("POST", "/things", nil)
	f := EmptyForm()
	if err := k.Saved(w, r, f, nil, []string{"name"}, "flash.saved", "/things/1", show); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/things/1" || again != 0 {
		t.Errorf("a save: %d to %q, form shown %d times; want 303 to /things/1", w.Code, w.Header().Get("Location"), again)
	}
	if c := w.Result().Cookies(); len(c) != 1 || c[0].Name != flashCookie || c[0].Value != "flash.saved" {
		t.Errorf("a save's flash: %v", c)
	}

	w = httptest.NewRecorder()
	refused := errs.E(errs.Conflict, "err.name_taken") // no field of its own: on the first one
	if err := k.Saved(w, r, f, refused, []string{"name"}, "flash.saved", "/things/1", show); err != nil {
		t.Fatal(err)
	}
	if again != 1 || f.Errors["name"] != "err.name_taken" || w.Header().Get("Location") != "" || len(w.Result().Cookies()) != 0 {
		t.Errorf("refused input: form shown %d times, errors %v, location %q", again, f.Errors, w.Header().Get("Location"))
	}

	w = httptest.NewRecorder()
	gone := errs.E(errs.NotFound, "error.not_found")
	if err := k.Saved(w, r, EmptyForm(), gone, []string{"name"}, "flash.saved", "/things/1", show); !errors.Is(err, gone) {
		t.Errorf("another error: %v, want it back", err)
	}
	if again != 1 || w.Header().Get("Location") != "" || len(w.Result().Cookies()) != 0 {
		t.Errorf("another error: form shown %d times, location %q, cookies %v", again, w.Header().Get("Location"), w.Result().Cookies())
	}
}
