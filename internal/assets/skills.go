package assets

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
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
func visibleTo(u *web.User) []string {
	switch {
	case u == nil:
		return []string{VisibleEveryone}
	case isOfficer(u):
		return []string{VisibleEveryone, VisibleMembers, VisibleOfficers}
	}
	return []string{VisibleEveryone, VisibleMembers}
}

// Skills lists the skills u may see, matching the query words, newest first.
func (s *Service) Skills(ctx context.Context, u *web.User, q string, limit, offset int) ([]Skill, error) {
	vis := visibleTo(u)
	args := []any{}
	var conds []string
	ph := make([]string, len(vis))
	for i, v := range vis {
		args = append(args, v)
		ph[i] = "$" + itoa(len(args))
	}
	conds = append(conds, "s.visibility IN ("+strings.Join(ph, ", ")+")")
	for _, w := range strings.Fields(normalise(q)) {
		args = append(args, "%"+likeEscape(w)+"%")
		conds = append(conds, "s.search_text LIKE $"+itoa(len(args))+` ESCAPE '\'`)
	}
	rows, err := s.DB.Query(ctx, `SELECT `+skillCols+skillFrom+` WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY s.updated_at DESC, s.id LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, err
	}
	return scanSkills(rows)
}

// MySkills are the person's own skills, whatever their visibility.
func (s *Service) MySkills(ctx context.Context, u *web.User) ([]Skill, error) {
	rows, err := s.DB.Query(ctx, `SELECT `+skillCols+skillFrom+` WHERE s.account_id = $1 ORDER BY s.created_at, s.id`, u.ID)
	if err != nil {
		return nil, err
	}
	return scanSkills(rows)
}

// AddSkill records something the person offers, shown to whom they chose.
func (s *Service) AddSkill(ctx context.Context, u *web.User, in SkillInput) (Skill, error) {
	if err := in.Validate(); err != nil {
		return Skill{}, err
	}
	var sk Skill
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		areaID, areaName, ok := s.resolve(ctx, "areas", in.AreaID)
		if !ok {
			return errs.FieldErrors(map[string]string{"area": "assets.err.area"})
		}
		now := s.DB.Now(ctx)
		sk = Skill{ID: ids.New(), AccountID: u.ID, PersonName: u.Name, Kind: in.Kind, Title: in.Title, Description: in.Description,
			AreaID: areaID, AreaName: areaName, Visibility: in.Visibility, CreatedAt: now, UpdatedAt: now}
		_, err := s.DB.Exec(ctx, `INSERT INTO person_skills (id, account_id, kind, title, description, area_id, visibility, search_text, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, sk.ID, u.ID, sk.Kind, sk.Title, sk.Description, nullable(areaID), sk.Visibility,
			normalise(sk.Title+" "+sk.Description+" "+areaName), now)
		return err
	})
	return sk, err
}

// SetSkillVisibility changes who may see one of the person's skills.
func (s *Service) SetSkillVisibility(ctx context.Context, u *web.User, id, visibility string) error {
	if !contains(Visibilities, visibility) {
		return errs.FieldErrors(map[string]string{"visibility": "assets.skills.err.visibility"})
	}
	return s.ownSkill(ctx, `UPDATE person_skills SET visibility = $3, updated_at = $4 WHERE id = $1 AND account_id = $2`, id, u.ID, visibility, s.DB.Now(ctx))
}

// WithdrawSkill removes one of the person's skills at once and for good; the people waiting
// for an answer to a request for it are told it is no longer offered.
func (s *Service) WithdrawSkill(ctx context.Context, u *web.User, id string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		sk, err := skillByID(ctx, s.DB, id)
		if err != nil || sk.AccountID != u.ID {
			return errs.E(errs.NotFound, "assets.skills.not_found")
		}
		if err := s.closeRequests(ctx, sk); err != nil {
			return err
		}
		return s.ownSkill(ctx, `DELETE FROM person_skills WHERE id = $1 AND account_id = $2`, id, u.ID)
	})
}

func (s *Service) ownSkill(ctx context.Context, q string, args ...any) error {
	res, err := s.DB.Exec(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errs.E(errs.NotFound, "assets.skills.not_found")
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
