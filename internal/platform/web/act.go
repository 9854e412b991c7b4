package web

import (
	"commons/internal/platform/actor"
	"context"
	"net/http"
	"strings"
)

// Act answers a form that acts on the one thing the path's {id} names (publish it, leave it,
// delete it): it runs do with the id as the signed-in person, then flashes the message key and
// redirects to `to`, in which "{id}" stands for the id. A malformed id is not found before do
// runs; do's error is the handler's, answered as any other.
func (k *Kit) Act(w http.ResponseWriter, r *http.Request, do func(context.Context, *actor.Actor, string) error, flash, to string) error {
	id, err := ID(r, "id")
	if err != nil {
		return err
	}
	if err := do(r.Context(), CurrentUser(r), id); err != nil {
		return err
	}
	k.Flash(w, flash)
	Redirect(w, r, strings.ReplaceAll(to, "{id}", id))
	return nil
}
