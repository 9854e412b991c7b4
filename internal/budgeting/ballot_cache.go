package budgeting

import (
	"commons/internal/platform/web"
	"net/http"
)

// A posted ballot needs the process (to read the form) and the projects on its ballot (to read
// their points); the service's ballot snapshot then checks it. Both are read through the same
// short-lived cache as the snapshot (snapshotTTL, emptied by every change this service makes), so
// a burst of voters costs no reads before the one write statement, which re-checks phase and
// dates itself. Other pages read the database as before.

// ballotProcess is h.process for a posted ballot: the process from the ballot cache.
func (h *Handlers) ballotProcess(r *http.Request) (Process, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return Process{}, err
	}
	return h.Svc.BallotProcess(r.Context(), id)
}
