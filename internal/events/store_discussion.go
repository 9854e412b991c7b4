package events

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

// The store functions run in the context's transaction when there is one.

// queryGroups lists an event's discussion groups.
func queryGroups(ctx context.Context, d *db.DB, eventID string) ([]Group, error) {
	return db.List(ctx, d, func(r db.Scanner) (Group, error) {
		var g Group
		err := r.Scan(&g.ID, &g.EventID, &g.Name, &g.Facilitator)
		return g, err
	}, `SELECT id, event_id, name, facilitator FROM event_groups WHERE event_id = $1 ORDER BY name, id`, eventID)
}

// updateGroup renames a group.
func updateGroup(ctx context.Context, d *db.DB, groupID string, eventID string, name string, facilitator string) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE event_groups SET name = $3, facilitator = $4 WHERE id = $1 AND event_id = $2`, groupID, eventID, name, facilitator))
}

// deleteGroup removes a group.
func deleteGroup(ctx context.Context, d *db.DB, groupID string, eventID string) (int64, error) {
	return db.Affected(d.Exec(ctx, `DELETE FROM event_groups WHERE id = $1 AND event_id = $2`, groupID, eventID))
}

// queryNote reads a note with its group.
func queryNote(ctx context.Context, d *db.DB, noteID string, eventID string) (Note, error) {
	return scanNote(d.QueryRow(ctx, `SELECT n.id, n.group_id, g.name, n.body FROM event_notes n JOIN event_groups g ON g.id = n.group_id
		WHERE n.id = $1 AND n.event_id = $2`, noteID, eventID))
}

// updateNote changes a note's text.
func updateNote(ctx context.Context, d *db.DB, noteID string, eventID string, body string) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE event_notes SET body = $3 WHERE id = $1 AND event_id = $2`, noteID, eventID, body))
}

// deleteNote removes a note.
func deleteNote(ctx context.Context, d *db.DB, noteID string, eventID string) (int64, error) {
	return db.Affected(d.Exec(ctx, `DELETE FROM event_notes WHERE id = $1 AND event_id = $2`, noteID, eventID))
}

// insertGroup adds a discussion group.
func insertGroup(ctx context.Context, d *db.DB, id string, eventID string, name string, facilitator string, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO event_groups (id, event_id, name, facilitator, created_at) VALUES ($1, $2, $3, $4, $5)`, id, eventID, name, facilitator, at)
	return err
}

// countGroup counts the event's groups with this id (0 or 1).
func countGroup(ctx context.Context, d *db.DB, groupID string, eventID string) (int, error) {
	return db.Value[int](ctx, d, `SELECT COUNT(*) FROM event_groups WHERE id = $1 AND event_id = $2`, groupID, eventID)
}

// insertNote adds a note to a group.
func insertNote(ctx context.Context, d *db.DB, id string, eventID string, groupID string, body string, at time.Time, position int) error {
	_, err := d.Exec(ctx, `INSERT INTO event_notes (id, event_id, group_id, body, created_at, position) VALUES ($1, $2, $3, $4, $5, $6)`, id, eventID, groupID, body, at, position)
	return err
}

// deleteThemes removes an event's themes.
func deleteThemes(ctx context.Context, d *db.DB, eventID string) error {
	_, err := d.Exec(ctx, `DELETE FROM event_themes WHERE event_id = $1`, eventID)
	return err
}

// unpublishSummary takes an event's summary down.
func unpublishSummary(ctx context.Context, d *db.DB, eventID string) error {
	_, err := d.Exec(ctx, `UPDATE events SET summary_published_at = NULL WHERE id = $1`, eventID)
	return err
}

// countTheme counts the event's themes with this id (0 or 1).
func countTheme(ctx context.Context, d *db.DB, themeID string, eventID string) (int, error) {
	return db.Value[int](ctx, d, `SELECT COUNT(*) FROM event_themes WHERE id = $1 AND event_id = $2`, themeID, eventID)
}

// renameTheme changes a theme's label.
func renameTheme(ctx context.Context, d *db.DB, themeID string, label string) error {
	_, err := d.Exec(ctx, `UPDATE event_themes SET label = $2 WHERE id = $1`, themeID, label)
	return err
}

// copyThemeNotes gives theme into the notes of theme from.
func copyThemeNotes(ctx context.Context, d *db.DB, into string, from string) error {
	_, err := d.Exec(ctx, `INSERT INTO event_theme_notes (theme_id, note_id)
				SELECT $1, note_id FROM event_theme_notes WHERE theme_id = $2 ON CONFLICT DO NOTHING`, into, from)
	return err
}

// deleteTheme removes a theme.
func deleteTheme(ctx context.Context, d *db.DB, id string) error {
	_, err := d.Exec(ctx, `DELETE FROM event_themes WHERE id = $1`, id)
	return err
}

// queryNextThemePosition reads the position after an event's last theme.
func queryNextThemePosition(ctx context.Context, d *db.DB, eventID string) (int, error) {
	return db.Value[int](ctx, d, `SELECT COALESCE(MAX(position), 0) + 1 FROM event_themes WHERE event_id = $1`, eventID)
}

// moveThemeNote moves a note from one theme to another.
func moveThemeNote(ctx context.Context, d *db.DB, to string, from string, noteID string) (int64, error) {
	return db.Affected(d.Exec(ctx, `UPDATE event_theme_notes SET theme_id = $1 WHERE theme_id = $2 AND note_id = $3`, to, from, noteID))
}

// setSummaryPublished records when an event's summary was published.
func setSummaryPublished(ctx context.Context, d *db.DB, id string, at any) error {
	_, err := d.Exec(ctx, `UPDATE events SET summary_published_at = $2 WHERE id = $1`, id, at)
	return err
}
