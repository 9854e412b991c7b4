package coproduction

import (
	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"context"
	"slices"

	"commons/internal/platform/errs"
)

// Project leads and board chairs manage their own spaces: the lead (and officers) edit the
// proposal; a reflection's author (and the lead and officers) edit or delete it; a board's chair
// (and officers) remove members and hand the chair to another member. Each change is checked
// here, whatever the route, and audit-logged.

// ProjectToEdit returns a project that actor may edit (the lead, officers and admins).
func (s *Service) ProjectToEdit(ctx context.Context, actor *actor.Actor, id string) (Project, error) {
	return s.manage(ctx, actor, id)
}

// UpdateProposal changes a project's title, problem, who it affects, service area and organisation.
func (s *Service) UpdateProposal(ctx context.Context, actor *actor.Actor, id string, in ProposalInput) error {
	pr, err := in.Validate()
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.manage(ctx, actor, id)
		if err != nil {
			return err
		}
		if err := s.knownOrganisation(ctx, in.OrganisationID); err != nil {
			return err
		}
		// The case study follows the proposal's main language.
		cs := sameLang(p.CaseStudy, pr.Title.Lang)
		leadNamed := p.LeadNamed
		if actor.ID == p.LeadID {
			leadNamed = in.LeadNamed // only the lead says whether their own name is shown
			if err := s.consent(ctx, p.LeadID, "coproduction_project_lead:"+id, leadNamed); err != nil {
				return err
			}
		}
		if err := updateProject(ctx, s.DB, pr.Title.Lang, pr.Title.Main, pr.Title.Alt, pr.Problem.Main, pr.Problem.Alt, pr.Affected.Main, pr.Affected.Alt, pr.ServiceArea.Main, pr.ServiceArea.Alt, db.NullString(in.OrganisationID), boolInt(leadNamed), cs.Main, cs.Alt, s.DB.Now(ctx), id); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.project.edit", "coproduction_project", id, pr.Title.String())
	})
}

// ReflectionToEdit returns a reflection of a project that actor may change: its author while
// they may still see the project, the project's lead, officers and admins. Anyone else who may
// see the project is refused (403); a reflection of another project is not found.
func (s *Service) ReflectionToEdit(ctx context.Context, actor *actor.Actor, projectID, reflectionID string) (Reflection, error) {
	p, err := projectByID(ctx, s.DB, projectID)
	if err != nil {
		return Reflection{}, s.DB.Err(err, "error.not_found")
	}
	manage, _, err := s.access(ctx, actor, p)
	if err != nil {
		return Reflection{}, err
	}
	rs, err := reflections(ctx, s.DB, projectID, "", nil)
	if err != nil {
		return Reflection{}, err
	}
	i := slices.IndexFunc(rs, func(r Reflection) bool { return r.ID == reflectionID })
	if i < 0 {
		return Reflection{}, errNotFound
	}
	if !manage && (actor == nil || rs[i].AuthorID != actor.ID) {
		return Reflection{}, errForbidden
	}
	return rs[i], nil
}

// UpdateReflection rewrites a reflection.
func (s *Service) UpdateReflection(ctx context.Context, actor *actor.Actor, projectID, reflectionID string, in ReflectionInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		ref, err := s.ReflectionToEdit(ctx, actor, projectID, reflectionID)
		if err != nil {
			return err
		}
		named := ref.Named
		if actor.ID == ref.AuthorID {
			named = in.Named // only its author says whether their name goes with it
			if err := s.consent(ctx, ref.AuthorID, "coproduction_reflection:"+reflectionID, named); err != nil {
				return err
			}
		}
		if err := updateReflection(ctx, s.DB, in.Perspective, in.Worked, in.DidNot, in.Change, boolInt(named), reflectionID); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.reflection.edit", "coproduction_reflection", reflectionID, projectID)
	})
}

// DeleteReflection removes a reflection from the learning log.
func (s *Service) DeleteReflection(ctx context.Context, actor *actor.Actor, projectID, reflectionID string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		ref, err := s.ReflectionToEdit(ctx, actor, projectID, reflectionID)
		if err != nil {
			return err
		}
		if err := deleteReflection(ctx, s.DB, reflectionID); err != nil {
			return err
		}
		if err := s.consent(ctx, ref.AuthorID, "coproduction_reflection:"+reflectionID, false); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.reflection.delete", "coproduction_reflection", reflectionID, projectID)
	})
}

// MemberToManage returns a board that actor chairs (or any board, for officers) with one of its seats.
func (s *Service) MemberToManage(ctx context.Context, actor *actor.Actor, boardID, memberID string) (Board, BoardMember, error) {
	b, err := s.manageBoard(ctx, actor, boardID)
	if err != nil {
		return b, BoardMember{}, err
	}
	ms, err := queryMembers(ctx, s.DB, "m.board_id = $1", boardID)
	if err != nil {
		return b, BoardMember{}, err
	}
	i := slices.IndexFunc(ms, func(m BoardMember) bool { return m.ID == memberID })
	if i < 0 {
		return b, BoardMember{}, errNotFound
	}
	return b, ms[i], nil
}

// RemoveMember takes a seat off a board. The chair's own seat stays until the chair is handed on.
func (s *Service) RemoveMember(ctx context.Context, actor *actor.Actor, boardID, memberID string) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		b, m, err := s.MemberToManage(ctx, actor, boardID, memberID)
		if err != nil {
			return err
		}
		if m.AccountID != "" && m.AccountID == b.ChairID {
			return errs.FieldErrors(map[string]string{"confirm": "coproduction.err.remove_chair"})
		}
		if err := deleteBoardMember(ctx, s.DB, memberID); err != nil {
			return err
		}
		if err := s.consent(ctx, m.AccountID, "coproduction_seat:"+memberID, false); err != nil {
			return err
		}
		who := m.AccountName
		if who == "" {
			who = m.PersonName
		}
		if who == "" {
			who = m.OrganisationName
		}
		return s.record(ctx, actor, "coproduction.member.remove", "coproduction_board", boardID, who)
	})
}

// ChangeChair hands the chair to the person holding one of the board's seats. The seats swap
// roles: the new chair's seat becomes the chair's, and the old chair's seat takes the role the
// new chair's seat had.
func (s *Service) ChangeChair(ctx context.Context, actor *actor.Actor, boardID, memberID string) error {
	if memberID == "" {
		return errs.FieldErrors(map[string]string{"member": "coproduction.err.chair_choose"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		b, m, err := s.MemberToManage(ctx, actor, boardID, memberID)
		if errs.Is(err, errs.NotFound) {
			return errs.FieldErrors(map[string]string{"member": "coproduction.err.chair_choose"})
		}
		if err != nil {
			return err
		}
		if m.AccountID == "" {
			return errs.FieldErrors(map[string]string{"member": "coproduction.err.chair_person"})
		}
		if m.AccountID == b.ChairID {
			return errs.FieldErrors(map[string]string{"member": "coproduction.err.chair_same"})
		}
		if b.ChairID != "" {
			if err := resetChairRole(ctx, s.DB, m.Role.Main, m.Role.Alt, langOf(m.Role.Lang), boardID, b.ChairID, chairRoleText.Main); err != nil {
				return err
			}
		}
		if err := setMemberRole(ctx, s.DB, chairRoleText.Main, chairRoleText.Alt, chairRoleText.Lang, memberID); err != nil {
			return err
		}
		if err := setBoardChair(ctx, s.DB, m.AccountID, boardID); err != nil {
			return err
		}
		return s.record(ctx, actor, "coproduction.board.chair", "coproduction_board", boardID, m.AccountName)
	})
}

// chairRoleText is the role of the chair's seat, as CreateBoard writes it, in both languages.
var chairRoleText = Text{Lang: "en", Main: "Chair", Alt: "Cadeirydd"}
