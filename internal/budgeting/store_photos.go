package budgeting

import (
	"context"
	"time"

	"commons/internal/platform/db"
)

func insertPhoto(ctx context.Context, d *db.DB, id, ideaID, updateID, contentType, alt string, data []byte, at time.Time) error {
	_, err := d.Exec(ctx, `INSERT INTO budget_photos (id, idea_id, update_id, content_type, alt, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		id, ideaID, db.NullString(updateID), contentType, alt, data, at)
	return err
}

// ideaPhotos is an idea's photos without their bytes, oldest first.
func ideaPhotos(ctx context.Context, d *db.DB, ideaID string) ([]Photo, error) {
	return db.List(ctx, d, func(r db.Scanner) (Photo, error) {
		p := Photo{IdeaID: ideaID}
		if err := r.Scan(&p.ID, &p.UpdateID, &p.ContentType, &p.Alt); err != nil {
			return p, err
		}
		return p, nil
	}, `SELECT id, COALESCE(update_id, ''), content_type, alt FROM budget_photos WHERE idea_id = $1 ORDER BY created_at, id`, ideaID)
}

// processPhoto is one photo of an idea in the process, with its bytes.
func processPhoto(ctx context.Context, d *db.DB, processID, photoID string) (Photo, error) {
	var p Photo
	err := d.QueryRow(ctx, `SELECT ph.id, ph.idea_id, ph.content_type, ph.alt, ph.data FROM budget_photos ph JOIN budget_ideas i ON i.id = ph.idea_id
		WHERE ph.id = $1 AND i.process_id = $2`, photoID, processID).Scan(&p.ID, &p.IdeaID, &p.ContentType, &p.Alt, &p.Data)
	return p, err
}
