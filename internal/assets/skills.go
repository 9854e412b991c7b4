package assets

import (
	"commons/internal/platform/actor"
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Validate checks a skill, returning field errors.
func (in *SkillInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	f := map[string]string{}
	if !contains(SkillKinds, in.Kind) {
		f["kind"] = "assets.skills.err.kind"
	}
	switch {
	case in.Title == "":
		f["title"] = "assets.skills.err.title_missing"
	case utf8.RuneCountInString(in.Title) > 200:
		f["title"] = "assets.skills.err.title_long"
	}
	if utf8.RuneCountInString(in.Description) > 2000 {
		f["description"] = "assets.skills.err.description_long"
	}
	if !contains(Visibilities, in.Visibility) {
		f["visibility"] = "assets.skills.err.visibility"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// visibleTo are the visibilities a viewer may see: everyone's skills for anybody, members' for
// anyone signed in, officers' for officers.
func visibleTo(u *actor.Actor) []string {
	switch {
	case u == nil:
		return []string{VisibleEveryone}
	case isOfficer(u):
		return []string{VisibleEveryone, VisibleMembers, VisibleOfficers}
	}
	return []string{VisibleEveryone, VisibleMembers}
}

// Skills lists the skills u may see, matching the query words, newest first.
func (s *Service) Skills(ctx context.Context, u *actor.Actor, q string, limit, offset int) ([]Skill, error) {
	return searchSkills(ctx, s.DB, visibleTo(u), strings.Fields(normalise(q)), limit, offset)
}

// MySkills are the person's own skills, whatever their visibility.
func (s *Service) MySkills(ctx context.Context, u *actor.Actor) ([]Skill, error) {
	return skillsOf(ctx, s.DB, u.ID)
}

// AddSkill records something the person offers, shown to whom they chose.
func (s *Service) AddSkill(ctx context.Context, u *actor.Actor, in SkillInput) (Skill, error) {
	if err := in.Validate(); err != nil {
		return Skill{}, err
	}
	var sk Skill
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		areaID, areaName, ok := s.resolve(ctx, areasView, in.AreaID)
		if !ok {
			return errs.FieldErrors(map[string]string{"area": "assets.err.area"})
		}
		now := s.DB.Now(ctx)
		sk = Skill{ID: ids.New(), AccountID: u.ID, PersonName: u.Name, Kind: in.Kind, Title: in.Title, Description: in.Description,
			AreaID: areaID, AreaName: areaName, Visibility: in.Visibility, CreatedAt: now, UpdatedAt: now}
		return insertSkill(ctx, s.DB, sk, normalise(sk.Title+" "+sk.Description+" "+areaName))
	})
	return sk, err
}

// SetSkillVisibility changes who may see one of the person's skills.
func (s *Service) SetSkillVisibility(ctx context.Context, u *actor.Actor, id, visibility string) error {
	if !contains(Visibilities, visibility) {
		return errs.FieldErrors(map[string]string{"visibility": "assets.skills.err.visibility"})
	}
	return ownSkill(setSkillVisibility(ctx, s.DB, id, u.ID, visibility, s.DB.Now(ctx)))
}

// WithdrawSkill removes one of the person's skills at once and for good; the people waiting
// for an answer to a request for it are told it is no longer offered.
func (s *Service) WithdrawSkill(ctx context.Context, u *actor.Actor, id string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		sk, err := skillByID(ctx, s.DB, id)
		if err != nil || sk.AccountID != u.ID {
			return errs.E(errs.NotFound, "assets.skills.not_found")
		}
		if err := s.closeRequests(ctx, sk); err != nil {
			return err
		}
		return ownSkill(deleteSkill(ctx, s.DB, id, u.ID))
	})
}

// ownSkill is the answer to a change of one of the person's own skills: not found when no
// skill of theirs had that id.
func ownSkill(changed bool, err error) error {
	if err != nil {
		return err
	}
	if !changed {
		return errs.E(errs.NotFound, "assets.skills.not_found")
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
