package assets

import (
	"commons/internal/platform/actor"
	"context"

	"commons/internal/platform/audit"
)

// record writes an officer's action on the map (a verification, an import) to the audit log,
// naming who acted; each asset's own history has the detail.
func (s *Service) record(ctx context.Context, u *actor.Actor, action, targetID, detail string) error {
	return audit.Record(ctx, s.DB, audit.Entry{ActorID: u.ID, ActorName: u.Name, Action: action,
		TargetType: "asset", TargetID: targetID, Detail: detail})
}
