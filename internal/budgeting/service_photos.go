package budgeting

import (
	"commons/internal/platform/actor"
	"context"
	"strings"

	"commons/internal/platform/ids"
)

func (s *Service) insertPhoto(ctx context.Context, ideaID, updateID, contentType string, in PhotoInput) error {
	if in.Data == nil {
		return nil
	}
	return insertPhoto(ctx, s.DB, ids.New(), ideaID, updateID, contentType, strings.TrimSpace(in.Alt), in.Data, s.DB.Now(ctx))
}

// Photos lists an idea's photos (without their bytes).
func (s *Service) Photos(ctx context.Context, ideaID string) ([]Photo, error) {
	return ideaPhotos(ctx, s.DB, ideaID)
}

// Photo returns one photo with its bytes, if the viewer may see its idea.
func (s *Service) Photo(ctx context.Context, viewer *actor.Actor, processID, photoID string) (Photo, error) {
	p, err := processPhoto(ctx, s.DB, processID, photoID)
	if err != nil {
		return p, s.DB.Err(err, "error.not_found")
	}
	if _, err := s.Idea(ctx, viewer, p.IdeaID); err != nil { // hidden ideas' photos are hidden too
		return Photo{}, err
	}
	return p, nil
}
