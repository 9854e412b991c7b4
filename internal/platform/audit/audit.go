// Package audit keeps the log of what admins (and later officers) did: who, what, to what, and
// when. Entries are written in the same transaction as the change they describe, so the log
// cannot miss a change that happened. It owns the audit_log table.
package audit

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"commons/internal/platform/db"
	"commons/internal/platform/ids"
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations create the audit_log table.
var Migrations = db.Embedded("audit", migrationsFS)

// Entry is one recorded action.
type Entry struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id"`
	ActorName  string    `json:"actor_name"`
	Action     string    `json:"action"` // e.g. area.create, role.grant
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	Detail     string    `json:"detail"`
	// TargetName is, for an entry about an account, the account's name now ("" once deleted);
	// the log's reader (identity's admin pages) fills it in.
	TargetName string `json:"target_name,omitempty"`
}

// Record writes an entry in the context's transaction. The log is read by people, and an account
// may be deleted later, so an entry always names who acted: when the caller gives only their
// account's id, the name is read from accounts (identity's table, which anything may reference);
// an actor that is not an account (the system, a worker) is named by its id.
func Record(ctx context.Context, d *db.DB, e Entry) error {
	if e.ActorID != "" && e.ActorName == "" {
		err := d.QueryRow(ctx, `SELECT name FROM accounts WHERE id = $1`, e.ActorID).Scan(&e.ActorName)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			// Not an account (the system, a worker, an importer): the entry names it by its id.
			e.ActorName = e.ActorID
		case err != nil:
			return fmt.Errorf("audit: the name of %s, who did %s: %w", e.ActorID, e.Action, err)
		}
	}
	_, err := d.Exec(ctx, `INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_type, target_id, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		ids.New(), d.Now(ctx), e.ActorID, e.ActorName, e.Action, e.TargetType, e.TargetID, e.Detail)
	return err
}

// Filter narrows the log; empty fields match everything.
type Filter struct {
	Actor  string // actor name or id contains
	Action string // exact action, or a prefix ending in "." (e.g. "role.")
	Target string // target id
	Since  time.Time
	Limit  int
	Offset int
}

// List returns entries newest first, and whether there are more.
func List(ctx context.Context, d *db.DB, f Filter) ([]Entry, bool, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := `SELECT l.id, l.at, l.actor_id, l.actor_name, l.action, l.target_type, l.target_id, l.detail FROM audit_log l WHERE 1=1`
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + cond + itoa(len(args))
	}
	if f.Actor != "" {
		args = append(args, f.Actor)
		n := itoa(len(args))
		q += " AND (" + d.Dialect().ILike("l.actor_name", "$"+n) + " OR l.actor_id = $" + n + ")"
	}
	if f.Action != "" {
		if f.Action[len(f.Action)-1] == '.' {
			add("substr(l.action, 1, "+itoa(len(f.Action))+") = $", f.Action)
		} else {
			add("l.action = $", f.Action)
		}
	}
	if f.Target != "" {
		add("l.target_id = $", f.Target)
	}
	if !f.Since.IsZero() {
		add("l.at >= $", f.Since)
	}
	args = append(args, f.Limit+1, f.Offset)
	q += " ORDER BY l.at DESC, l.id LIMIT $" + itoa(len(args)-1) + " OFFSET $" + itoa(len(args))
	out, err := db.List(ctx, d, scanEntry, q, args...)
	if err != nil {
		return nil, false, err
	}
	more := len(out) > f.Limit
	if more {
		out = out[:f.Limit]
	}
	return out, more, nil
}

// scanEntry reads one entry, its time in UTC.
func scanEntry(r db.Scanner) (Entry, error) {
	var e Entry
	err := r.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.TargetType, &e.TargetID, &e.Detail)
	e.At = e.At.UTC()
	return e, err
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// About lists, oldest first, the entries an account made and the entries about it, for its
// person's data download.
func About(ctx context.Context, d *db.DB, accountID string) ([]Entry, error) {
	out, err := db.List(ctx, d, scanEntry, `SELECT id, at, actor_id, actor_name, action, target_type, target_id, detail FROM audit_log
		WHERE actor_id = $1 OR target_id = $1 ORDER BY at, id`, accountID)
	if out == nil && err == nil {
		out = []Entry{}
	}
	return out, err
}

// Forget runs when an account is deleted, in the deletion's transaction. Entries the account
// made keep the name it acted under, since the log is the record of who used the powers an
// account held, but point at replacement (the former member) instead of the account; entries
// about the account lose its id and, in their detail, its name.
func Forget(ctx context.Context, d *db.DB, accountID, name, replacement, nameReplacement string) error {
	if _, err := d.Exec(ctx, `UPDATE audit_log SET actor_id = $2 WHERE actor_id = $1`, accountID, replacement); err != nil {
		return err
	}
	if name != "" {
		if _, err := d.Exec(ctx, `UPDATE audit_log SET detail = replace(detail, $2, $3) WHERE target_id = $1`,
			accountID, name, nameReplacement); err != nil {
			return err
		}
	}
	if _, err := d.Exec(ctx, `UPDATE audit_log SET target_id = $2 WHERE target_id = $1`, accountID, replacement); err != nil {
		return err
	}
	_, err := d.Exec(ctx, `UPDATE audit_log SET detail = replace(detail, $1, $2) WHERE detail LIKE '%' || $1 || '%'`,
		accountID, replacement)
	return err
}
