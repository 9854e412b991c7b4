package network

import (
	"context"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

// saveInvitation invites an address with no account to a group, or renews the invitation
// (a new link, a new expiry) when it was invited before.
func saveInvitation(ctx context.Context, d *db.DB, groupID, email, by, hash string, now, expires time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO network_invitations (id, token_hash, group_id, email, invited_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (group_id, email) DO UPDATE SET token_hash = excluded.token_hash, invited_by = excluded.invited_by,
			created_at = excluded.created_at, expires_at = excluded.expires_at, accepted_at = NULL`,
		ids.New(), hash, groupID, email, db.NullString(by), now, expires)
	return err
}

// Invitation is an invitation by email as its link shows it.
type Invitation struct {
	ID, GroupID, GroupName, Email, InvitedBy string
	invitedByID                              string // read through identity for InvitedBy
}

func invitationByHash(ctx context.Context, d *db.DB, hash string) (Invitation, error) {
	var in Invitation
	err := d.QueryRow(ctx, `SELECT i.id, i.group_id, g.name, i.email, COALESCE(i.invited_by, '') FROM network_invitations i
		JOIN network_groups g ON g.id = i.group_id
		WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2`, hash, d.Now(ctx)).
		Scan(&in.ID, &in.GroupID, &in.GroupName, &in.Email, &in.invitedByID)
	return in, err
}

// liveInvitationsFor are the groups an address has been invited to and not joined yet.
func liveInvitationsFor(ctx context.Context, d *db.DB, email string) ([]Invitation, error) {
	return db.List(ctx, d, func(r db.Scanner) (Invitation, error) {
		var in Invitation
		err := r.Scan(&in.ID, &in.GroupID)
		return in, err
	}, `SELECT id, group_id FROM network_invitations WHERE email = $1 AND accepted_at IS NULL AND expires_at > $2
		ORDER BY created_at, id`, email, d.Now(ctx))
}

// acceptInvitation marks an invitation used, in one conditional statement so it is used once.
func acceptInvitation(ctx context.Context, d *db.DB, id string) (bool, error) {
	res, err := d.Exec(ctx, `UPDATE network_invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL`, d.Now(ctx), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// PendingInvitation is an address a group's hosts invited that has not joined yet.
type PendingInvitation struct {
	Email     string
	CreatedAt time.Time
	ExpiresAt time.Time
	Expired   bool
}

func pendingInvitations(ctx context.Context, d *db.DB, groupID string) ([]PendingInvitation, error) {
	return db.List(ctx, d, func(r db.Scanner) (PendingInvitation, error) {
		var p PendingInvitation
		if err := r.Scan(&p.Email, &p.CreatedAt, &p.ExpiresAt); err != nil {
			return p, err
		}
		p.CreatedAt, p.ExpiresAt = p.CreatedAt.UTC(), p.ExpiresAt.UTC()
		p.Expired = !p.ExpiresAt.After(d.Now(ctx))
		return p, nil
	}, `SELECT email, created_at, expires_at FROM network_invitations
		WHERE group_id = $1 AND accepted_at IS NULL ORDER BY created_at DESC, email`, groupID)
}
