package events

import (
	"context"
	"strconv"
	"strings"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// GiveFeedback records an answer to the feedback form, open once the event has begun.
func (s *Service) GiveFeedback(ctx context.Context, eventID, rating, comment string) error {
	n, err := strconv.Atoi(strings.TrimSpace(rating))
	f := map[string]string{}
	if err != nil || n < 1 || n > 5 {
		f["rating"] = "events.err.rating"
	}
	comment = strings.TrimSpace(comment)
	if tooLong(comment, 5000) {
		f["comment"] = "events.err.comment_long"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		e, err := eventByID(ctx, s.DB, eventID)
		if err != nil {
			return err
		}
		if s.DB.Now(ctx).Before(e.StartsAt) {
			return errs.E(errs.Invalid, "events.feedback.not_yet")
		}
		_, err = s.DB.Exec(ctx, `INSERT INTO event_feedback (id, event_id, rating, comment, created_at) VALUES ($1, $2, $3, $4, $5)`,
			ids.New(), eventID, n, comment, s.DB.Now(ctx))
		return err
	})
}

func (s *Service) feedbackSummary(ctx context.Context, eventID string) (FeedbackSummary, error) {
	var fs FeedbackSummary
	rows, err := s.DB.Query(ctx, `SELECT rating, comment, created_at FROM event_feedback WHERE event_id = $1 ORDER BY created_at, id`, eventID)
	if err != nil {
		return fs, err
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var f Feedback
		if err := rows.Scan(&f.Rating, &f.Comment, &f.CreatedAt); err != nil {
			return fs, err
		}
		fs.Count++
		total += f.Rating
		fs.ByRating[f.Rating-1]++
		if f.Comment != "" {
			fs.Comments = append(fs.Comments, f)
		}
	}
	if fs.Count > 0 {
		fs.Average = float64(total) / float64(fs.Count)
	}
	return fs, rows.Err()
}
