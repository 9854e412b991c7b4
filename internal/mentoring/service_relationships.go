package mentoring

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/identity"
	"commons/internal/mentoring/match"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
)

// today is the day in London.
func today(t time.Time) string { return t.In(i18n.London).Format(time.DateOnly) }

// addMonths is a day (YYYY-MM-DD) some months later.
func addMonths(day string, months int) string {
	t, ok := i18n.CalendarDay(day)
	if !ok {
		return ""
	}
	return t.AddDate(0, months, 0).Format(time.DateOnly)
}

// dayBefore is day minus d days.
func dayMinus(day string, d int) string {
	t, ok := i18n.CalendarDay(day)
	if !ok {
		return ""
	}
	return t.AddDate(0, 0, -d).Format(time.DateOnly)
}

// Propose puts a pairing to both organisations: a candidate the matcher found for the need,
// with its reasons. Asked by the needing organisation, its side counts as accepted; asked by a
// coordinator, both sides must accept.
func (s *Service) Propose(ctx context.Context, a *actor.Actor, needID, mentorOrgID string) (Relationship, error) {
	n, err := s.Need(ctx, a, needID)
	if err != nil {
		return Relationship{}, err
	}
	if n.Status != "open" {
		return Relationship{}, errs.E(errs.Conflict, "mentoring.err.need_not_open")
	}
	c, err := s.candidate(ctx, n, mentorOrgID)
	if err != nil {
		return Relationship{}, err
	}
	side := "mentee"
	if !a.InOrg(n.OrganisationID) {
		side = "coordinator"
	}
	r := Relationship{ID: ids.New(), NeedID: n.ID, TopicID: n.TopicID, MentorOrgID: mentorOrgID, MenteeOrgID: n.OrganisationID,
		Stage: StageProposed, Score: c.Score, Reasons: c.Reasons, ProposedSide: side}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		live, err := relationshipsOfNeed(ctx, s.DB, n.ID)
		if err != nil {
			return err
		}
		for _, l := range live {
			if l.Live() {
				return errs.E(errs.Conflict, "mentoring.err.already_proposed")
			}
		}
		now := s.DB.Now(ctx)
		r.CreatedAt, r.UpdatedAt = now, now
		if side == "mentee" {
			r.MenteeAccepted = &now
		}
		if err := insertRelationship(ctx, s.DB, r, a.ID); err != nil {
			return err
		}
		if err := insertLog(ctx, s.DB, r.ID, "proposed", n.OrganisationID, a.ID, side == "coordinator", now); err != nil {
			return err
		}
		return s.mailProposed(ctx, r)
	})
	if err != nil {
		if errs.Is(s.DB.Err(err, "x"), errs.Conflict) {
			return r, errs.E(errs.Conflict, "mentoring.err.already_proposed")
		}
		return r, s.DB.Err(err, "error.internal")
	}
	return s.Relationship(ctx, a, r.ID)
}

// Relationship returns one relationship with its check-ins and overdue milestones, for the
// members of both organisations and coordinators.
func (s *Service) Relationship(ctx context.Context, a *actor.Actor, id string) (Relationship, error) {
	r, err := relationshipByID(ctx, s.DB, id)
	if err != nil {
		return r, s.DB.Err(err, "error.not_found")
	}
	if !a.InOrg(r.MentorOrgID) && !a.InOrg(r.MenteeOrgID) && !s.IsCoordinator(ctx, a) {
		if !a.SignedIn() {
			return r, errs.E(errs.Unauthenticated, "error.unauthenticated")
		}
		return r, errs.E(errs.Forbidden, "mentoring.err.not_member")
	}
	rs, err := s.complete(ctx, []Relationship{r})
	if err != nil {
		return r, err
	}
	return rs[0], nil
}

// complete fills names, check-ins and overdue milestones.
func (s *Service) complete(ctx context.Context, rs []Relationship) ([]Relationship, error) {
	orgs, err := s.orgs(ctx)
	if err != nil {
		return nil, err
	}
	relIDs := make([]string, len(rs))
	for i, r := range rs {
		relIDs[i] = r.ID
	}
	cs, err := checkinsOf(ctx, s.DB, relIDs)
	if err != nil {
		return nil, err
	}
	now := s.DB.Clock().Now()
	day := today(now)
	for i := range rs {
		r := &rs[i]
		r.MentorOrg, r.MenteeOrg = orgs[r.MentorOrgID].Name, orgs[r.MenteeOrgID].Name
		r.Checkins = cs[r.ID]
		if r.Checkins == nil {
			r.Checkins = []Checkin{}
		}
		r.Overdue = overdue(*r, day)
	}
	return rs, nil
}

// overdue lists the milestones whose check-in a side still owes two weeks after its due day.
func overdue(r Relationship, day string) []int {
	out := []int{}
	if r.Stage != StageUnderway {
		return out
	}
	for _, m := range Milestones {
		due := r.Due(m)
		if due == "" || dayMinus(day, int(OverdueAfter/(24*time.Hour))) <= due {
			continue
		}
		if !r.CheckedIn(m, r.MentorOrgID) || !r.CheckedIn(m, r.MenteeOrgID) {
			out = append(out, m)
		}
	}
	return out
}

// RelationshipsOf lists an organisation's relationships, for its members and coordinators.
func (s *Service) RelationshipsOf(ctx context.Context, a *actor.Actor, orgID string) ([]Relationship, error) {
	if _, err := s.actFor(ctx, a, orgID); err != nil {
		return nil, err
	}
	rs, err := relationshipsOfOrg(ctx, s.DB, orgID)
	if err != nil {
		return nil, err
	}
	return s.complete(ctx, rs)
}

// AllRelationships lists every relationship (of one stage, or all), for coordinators.
func (s *Service) AllRelationships(ctx context.Context, a *actor.Actor, stage string) ([]Relationship, error) {
	if err := s.mustCoordinate(ctx, a); err != nil {
		return nil, err
	}
	if stage != "" && !slices.Contains(Stages, stage) {
		stage = ""
	}
	rs, err := allRelationships(ctx, s.DB, stage)
	if err != nil {
		return nil, err
	}
	return s.complete(ctx, rs)
}

// History is what happened in a relationship, for the same people who may see it.
func (s *Service) History(ctx context.Context, a *actor.Actor, id string) ([]LogEntry, error) {
	if _, err := s.Relationship(ctx, a, id); err != nil {
		return nil, err
	}
	return logOf(ctx, s.DB, id)
}

// sideOf decides which organisation the actor acts for in a relationship: the one named (which
// must be one of the two), or the one they are a member of. Coordinators act for either, on its
// behalf.
func (s *Service) sideOf(ctx context.Context, a *actor.Actor, r Relationship, orgID string) (string, bool, error) {
	if orgID == "" {
		switch {
		case a.InOrg(r.MentorOrgID) && !a.InOrg(r.MenteeOrgID):
			orgID = r.MentorOrgID
		case a.InOrg(r.MenteeOrgID) && !a.InOrg(r.MentorOrgID):
			orgID = r.MenteeOrgID
		default:
			return "", false, errs.FieldErrors(map[string]string{"org": "mentoring.err.which_side"})
		}
	}
	if r.Side(orgID) == "" {
		return "", false, errs.FieldErrors(map[string]string{"org": "mentoring.err.which_side"})
	}
	assisted, err := s.actFor(ctx, a, orgID)
	return orgID, assisted, err
}

// change runs fn on a relationship, read for update in the transaction, after deciding the side.
func (s *Service) change(ctx context.Context, a *actor.Actor, id, orgID string,
	fn func(ctx context.Context, r Relationship, org string, assisted bool, now time.Time) error) error {
	return s.DB.Err(s.DB.WithTx(ctx, func(ctx context.Context) error {
		r, err := relationshipByID(ctx, s.DB, id)
		if err != nil {
			return s.DB.Err(err, "error.not_found")
		}
		org, assisted, err := s.sideOf(ctx, a, r, orgID)
		if err != nil {
			return err
		}
		if rs, err := s.complete(ctx, []Relationship{r}); err == nil {
			r = rs[0]
		} else {
			return err
		}
		return fn(ctx, r, org, assisted, s.DB.Now(ctx))
	}), "error.internal")
}

// Accept says yes to a proposed relationship for one side; when both have, it is agreed and
// both are told.
func (s *Service) Accept(ctx context.Context, a *actor.Actor, id, orgID string) error {
	return s.change(ctx, a, id, orgID, func(ctx context.Context, r Relationship, org string, assisted bool, now time.Time) error {
		if r.Stage != StageProposed {
			return errs.E(errs.Conflict, "mentoring.err.stage")
		}
		n, err := acceptSide(ctx, s.DB, r.ID, r.Side(org), now)
		if err != nil || n == 0 {
			return err // already accepted: nothing more to do
		}
		if err := insertLog(ctx, s.DB, r.ID, "accepted", org, a.ID, assisted, now); err != nil {
			return err
		}
		agreed, err := agreeIfBoth(ctx, s.DB, r.ID, now)
		if err != nil || agreed == 0 {
			return err
		}
		if r.NeedID != "" {
			if _, err := setNeedStatus(ctx, s.DB, r.NeedID, "open", "paired", now); err != nil {
				return err
			}
		}
		if err := insertLog(ctx, s.DB, r.ID, "agreed", "", "", false, now); err != nil {
			return err
		}
		return s.mailBoth(ctx, r, "mentoring.mail.agreed", nil)
	})
}

// Decline says no to a proposed relationship, without fault; the other side is told.
func (s *Service) Decline(ctx context.Context, a *actor.Actor, id, orgID string) error {
	return s.change(ctx, a, id, orgID, func(ctx context.Context, r Relationship, org string, assisted bool, now time.Time) error {
		if r.Stage != StageProposed {
			return errs.E(errs.Conflict, "mentoring.err.stage")
		}
		if _, err := finish(ctx, s.DB, r.ID, StageDeclined, org, "", now); err != nil {
			return err
		}
		if err := insertLog(ctx, s.DB, r.ID, "declined", org, a.ID, assisted, now); err != nil {
			return err
		}
		other, _ := r.Other(org)
		return s.mailOrg(ctx, other, r, "mentoring.mail.declined", []any{"org", orgName(r, org)})
	})
}

// End ends a live relationship from one side, without fault; the other side is told. The note
// is for coordinators only.
func (s *Service) End(ctx context.Context, a *actor.Actor, id, orgID, note string) error {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 2000 {
		return errs.FieldErrors(map[string]string{"end_note": "mentoring.err.too_long"})
	}
	return s.change(ctx, a, id, orgID, func(ctx context.Context, r Relationship, org string, assisted bool, now time.Time) error {
		if !r.Live() {
			return errs.E(errs.Conflict, "mentoring.err.stage")
		}
		if _, err := finish(ctx, s.DB, r.ID, StageEnded, org, note, now); err != nil {
			return err
		}
		if r.NeedID != "" {
			if _, err := setNeedStatus(ctx, s.DB, r.NeedID, "paired", "open", now); err != nil {
				return err
			}
		}
		if err := insertLog(ctx, s.DB, r.ID, "ended", org, a.ID, assisted, now); err != nil {
			return err
		}
		other, _ := r.Other(org)
		return s.mailOrg(ctx, other, r, "mentoring.mail.ended", []any{"org", orgName(r, org)})
	})
}

func orgName(r Relationship, orgID string) string {
	if orgID == r.MentorOrgID {
		return r.MentorOrg
	}
	return r.MenteeOrg
}

// RecordMeeting records the day of the first meeting, which sets the check-ins' due days.
func (s *Service) RecordMeeting(ctx context.Context, a *actor.Actor, id, orgID, day string) error {
	day = strings.TrimSpace(day)
	t, ok := i18n.CalendarDay(day)
	if !ok {
		return errs.FieldErrors(map[string]string{"met_on": "mentoring.err.day"})
	}
	return s.change(ctx, a, id, orgID, func(ctx context.Context, r Relationship, org string, assisted bool, now time.Time) error {
		if r.Stage != StageAgreed && r.Stage != StageUnderway {
			return errs.E(errs.Conflict, "mentoring.err.stage")
		}
		if day > today(now) {
			return errs.FieldErrors(map[string]string{"met_on": "mentoring.err.day_future"})
		}
		if t.Before(r.CreatedAt.In(i18n.London).AddDate(0, 0, -1)) {
			return errs.FieldErrors(map[string]string{"met_on": "mentoring.err.day_before"})
		}
		if _, err := recordMeeting(ctx, s.DB, r.ID, day, addMonths(day, 3), addMonths(day, 6), now); err != nil {
			return err
		}
		return insertLog(ctx, s.DB, r.ID, "met", org, a.ID, assisted, now)
	})
}

// CheckinWindow is how long before its due day a check-in may be made.
const CheckinWindow = 14

// CheckIn records one side's check-in at a milestone, once.
func (s *Service) CheckIn(ctx context.Context, a *actor.Actor, id, orgID string, milestone int, going, note string) error {
	note = strings.TrimSpace(note)
	f := map[string]string{}
	if !slices.Contains(Milestones, milestone) {
		f["milestone"] = "mentoring.err.milestone"
	}
	if !slices.Contains(Goings, going) {
		f["going"] = "mentoring.err.going"
	}
	if utf8.RuneCountInString(note) > 2000 {
		f["checkin_note"] = "mentoring.err.too_long"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.change(ctx, a, id, orgID, func(ctx context.Context, r Relationship, org string, assisted bool, now time.Time) error {
		if r.Stage != StageUnderway {
			return errs.E(errs.Conflict, "mentoring.err.stage")
		}
		if today(now) < dayMinus(r.Due(milestone), CheckinWindow) {
			return errs.FieldErrors(map[string]string{"milestone": "mentoring.err.not_yet"})
		}
		n, err := insertCheckin(ctx, s.DB, r.ID, Checkin{Milestone: milestone, OrganisationID: org, Going: going, Note: note, Assisted: assisted, CreatedAt: now}, a.ID)
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.Conflict, "mentoring.err.checked_in")
		}
		if err := touchRelationship(ctx, s.DB, r.ID, now); err != nil {
			return err
		}
		return insertLog(ctx, s.DB, r.ID, "checkin_"+map[int]string{3: "3", 6: "6"}[milestone], org, a.ID, assisted, now)
	})
}

// Close closes a relationship under way with its outcome and what helped; the other side and
// the coordinators are told.
func (s *Service) Close(ctx context.Context, a *actor.Actor, id, orgID, outcome, helped string) error {
	helped = strings.TrimSpace(helped)
	f := map[string]string{}
	if !slices.Contains(Outcomes, outcome) {
		f["outcome"] = "mentoring.err.outcome"
	}
	if utf8.RuneCountInString(helped) > 2000 {
		f["helped"] = "mentoring.err.too_long"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return s.change(ctx, a, id, orgID, func(ctx context.Context, r Relationship, org string, assisted bool, now time.Time) error {
		if r.Stage != StageUnderway {
			return errs.E(errs.Conflict, "mentoring.err.stage")
		}
		if _, err := closeRelationship(ctx, s.DB, r.ID, outcome, helped, now); err != nil {
			return err
		}
		if r.NeedID != "" {
			if _, err := setNeedStatus(ctx, s.DB, r.NeedID, "paired", "closed", now); err != nil {
				return err
			}
		}
		if err := insertLog(ctx, s.DB, r.ID, "closed", org, a.ID, assisted, now); err != nil {
			return err
		}
		other, _ := r.Other(org)
		args := func(lang string) []any {
			return []any{"org", orgName(r, org), "outcome", s.T(lang, "mentoring.outcome."+outcome)}
		}
		if err := s.mailOrgWith(ctx, other, r, "mentoring.mail.closed", args); err != nil {
			return err
		}
		return s.mailCoordinators(ctx, r, "mentoring.mail.closed", args)
	})
}

// Mail.

// link is a relationship's page.
func (s *Service) link(r Relationship) string { return s.BaseURL + "/mentoring/relationships/" + r.ID }

// mailOrg mails every member of an organisation about a relationship, each in their language.
func (s *Service) mailOrg(ctx context.Context, orgID string, r Relationship, key string, args []any) error {
	return s.mailOrgWith(ctx, orgID, r, key, func(string) []any { return args })
}

func (s *Service) mailOrgWith(ctx context.Context, orgID string, r Relationship, key string, args func(lang string) []any) error {
	members, err := s.Identity.Members(ctx, orgID)
	if err != nil {
		return err
	}
	for _, m := range members {
		if err := s.mailAccount(ctx, m.AccountID, m.Email, orgID, r, key, args); err != nil {
			return err
		}
	}
	return nil
}

// mailBoth mails both organisations' members.
func (s *Service) mailBoth(ctx context.Context, r Relationship, key string, args func(lang string) []any) error {
	for _, org := range []string{r.MentorOrgID, r.MenteeOrgID} {
		if err := s.mailOrgWith(ctx, org, r, key, args); err != nil {
			return err
		}
	}
	return nil
}

// mailCoordinators mails the named coordinators.
func (s *Service) mailCoordinators(ctx context.Context, r Relationship, key string, args func(lang string) []any) error {
	idl, err := coordinatorIDs(ctx, s.DB)
	if err != nil {
		return err
	}
	for _, id := range idl {
		acc, err := s.Identity.Account(ctx, id)
		if err != nil {
			continue
		}
		if err := s.mailAccount(ctx, acc.ID, acc.Email, "", r, key, args); err != nil {
			return err
		}
	}
	return nil
}

// mailAccount writes one message in the account's language: the relationship's names, topic
// and link, and the key's own arguments. forOrg is the organisation the reader belongs to.
func (s *Service) mailAccount(ctx context.Context, accountID, email, forOrg string, r Relationship, key string, args func(lang string) []any) error {
	if email == "" {
		return nil
	}
	lang := "en"
	if l, err := s.Identity.Language(ctx, accountID); err == nil {
		lang = identity.LanguageOf(l)
	}
	topic := r.TopicID
	if t, err := topicByID(ctx, s.DB, r.TopicID); err == nil {
		topic = t.Name(lang)
	}
	_, other := r.Other(forOrg)
	all := []any{"mentor", r.MentorOrg, "mentee", r.MenteeOrg, "topic", topic, "link", s.link(r), "other", other}
	if args != nil {
		all = append(all, args(lang)...)
	}
	tr := func(k string) string { return s.T(lang, k, all...) }
	return s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{email}, Subject: tr(key + ".subject"), Text: tr(key + ".body")})
}

// mailProposed asks each side that has not yet accepted, with the reasons in its language.
func (s *Service) mailProposed(ctx context.Context, r Relationship) error {
	orgs, err := s.orgs(ctx)
	if err != nil {
		return err
	}
	r.MentorOrg, r.MenteeOrg = orgs[r.MentorOrgID].Name, orgs[r.MenteeOrgID].Name
	topics, err := s.topicMap(ctx)
	if err != nil {
		return err
	}
	args := func(lang string) []any {
		var lines []string
		for _, rs := range r.Reasons {
			lines = append(lines, "- "+ReasonText(func(k string, a ...any) string { return s.T(lang, k, a...) }, lang, rs, topics))
		}
		return []any{"reasons", strings.Join(lines, "\n")}
	}
	if r.MentorAccepted == nil {
		if err := s.mailOrgWith(ctx, r.MentorOrgID, r, "mentoring.mail.proposed_mentor", args); err != nil {
			return err
		}
	}
	if r.MenteeAccepted == nil {
		return s.mailOrgWith(ctx, r.MenteeOrgID, r, "mentoring.mail.proposed_mentee", args)
	}
	return nil
}

// ReasonText writes one reason in the reader's language.
func ReasonText(tr func(key string, args ...any) string, lang string, r match.Reason, topics map[string]Topic) string {
	name := func(id string) string {
		if t, ok := topics[id]; ok {
			return t.Name(lang)
		}
		return id
	}
	km := func(x float64) string { return strings.TrimSuffix(strings.TrimSuffix(formatKm(x), "0"), ".") }
	switch r.Code {
	case match.ReasonOffers:
		return tr("mentoring.reason.offers", "topic", name(r.Topic), "level", tr("mentoring.level."+itoa(r.N)))
	case match.ReasonAlsoOffers:
		var ns []string
		for _, t := range r.Topics {
			ns = append(ns, name(t))
		}
		return tr("mentoring.reason.also_offers", "topics", strings.Join(ns, ", "))
	case match.ReasonDistance:
		return tr("mentoring.reason.distance", "km", km(r.Km))
	case match.ReasonFar:
		return tr("mentoring.reason.far_online", "km", km(r.Km))
	case match.ReasonSameKind:
		return tr("mentoring.reason.same_kind", "kind", tr("mentoring.kind."+r.Kind))
	case match.ReasonSameSector:
		return tr("mentoring.reason.same_sector", "sector", tr("sector."+r.Kind))
	case match.ReasonLoad:
		return tr("mentoring.reason.load", "n", itoa(r.N), "of", itoa(r.Of))
	case match.ReasonCommonTime:
		var ns []string
		for _, t := range r.Topics {
			ns = append(ns, tr("mentoring.slot."+t))
		}
		return tr("mentoring.reason.common_time", "slots", strings.Join(ns, ", "))
	}
	return tr("mentoring.reason." + r.Code) // same_area, same_place_kind, no_common_time
}
