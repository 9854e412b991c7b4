package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Act runs the action on the path's id, then flashes and redirects; a malformed id is not found
// and runs nothing; the action's failure is returned with no flash and no redirect.
func TestActRunsOnThePathIDThenRedirects(t *testing.T) {
	k := &Kit{}
	id := ids.New()
	var got []string
	do := func(_ context.Context, _ *actor.Actor, id string) error { got = append(got, id); return nil }
	act := func(pathID string, do func(context.Context, *actor.Actor, string) error) (*httptest.ResponseRecorder, error) {
		r := httptest.NewRequest("POST", "/things/"+pathID+"/publish", nil)
		r.SetPathValue("id", pathID)
		w := httptest.NewRecorder()
		return w, k.Act(w, r, do, "things.published", "/things/{id}")
	}
	w, err := act(id, do)
	if err != nil || len(got) != 1 || got[0] != id {
		t.Fatalf("act: %v, ran on %v", err, got)
	}
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/things/"+id {
		t.Errorf("redirect: %d to %q", w.Code, w.Header().Get("Location"))
	}
	if c := w.Result().Cookies(); len(c) != 1 || c[0].Name != flashCookie || c[0].Value != "things.published" {
		t.Errorf("flash: %v", c)
	}
	if _, err := act("not-an-id", do); !errs.Is(err, errs.NotFound) || len(got) != 1 {
		t.Errorf("a malformed id: %v, ran %d times", err, len(got))
	}
	refused := errors.New("refused")
	w, err = act(id, func(context.Context, *actor.Actor, string) error { return refused })
	if !errors.Is(err, refused) || w.Header().Get("Location") != "" || len(w.Result().Cookies()) != 0 {
		t.Errorf("a failing action: %v, %v", err, w.Header())
	}
}
