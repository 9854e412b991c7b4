// Package coproduction is co-production and its light governance: projects proposed by service
// teams or community groups, a suitability check against criteria the council edits, the
// governance decision (go, not yet, not suitable), stages with their level on the IAP2 spectrum,
// resources planned and spent, outcomes with indicators and measurements drawn as charts, a
// reflection log and case studies; standing boards (stakeholder boards, partnerships, steering
// groups) with members from any sector, meetings, decisions and actions; and engagement
// activities assessed against the seven National Standards for Community Engagement.
//
// Tables: coproduction_criteria, coproduction_projects, coproduction_participants,
// coproduction_scores, coproduction_stage_log, coproduction_outcomes, coproduction_measurements,
// coproduction_reflections, coproduction_boards, coproduction_board_members,
// coproduction_meetings, coproduction_decisions, coproduction_actions, coproduction_engagements,
// coproduction_standard_scores. It references identity's accounts and organisations.
//
// Only internal/app calls it. The pure rules (scores, progress, parsers) are in progress/.
package coproduction
