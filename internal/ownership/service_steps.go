package ownership

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"commons/internal/ownership/clock"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
)

// CaseView is a case with its journey, clocks and documents as one viewer may see them.
type CaseView struct {
	Case
	Events    []Event
	Clocks    []ClockView
	Documents []Document
	Roles     []string
	Involved  bool
	Officer   bool
	Next      []Step // the steps this viewer may take now
	Checks    []Finding
	Criteria  []Criterion
	Scores    map[string]Score
	Today     clock.Date
	Authority string // Scotland: "local" (review by councillors) or "other" (appeal to Ministers)
}

// Clock returns the newest clock of a rule, if the case has one.
func (v *CaseView) Clock(rule string) (ClockView, bool) {
	for i := len(v.Clocks) - 1; i >= 0; i-- {
		if v.Clocks[i].Rule == rule {
			return v.Clocks[i], true
		}
	}
	return ClockView{}, false
}

// Has reports whether the viewer plays a part in the case.
func (v *CaseView) Has(role string) bool { return slices.Contains(v.Roles, role) }

func (s *Service) view(ctx context.Context, viewer *actor.Actor, c Case, involved bool) (CaseView, error) {
	v := CaseView{Case: c, Roles: RolesOn(viewer, &c), Involved: involved, Officer: IsOfficer(viewer), Today: s.Today(ctx)}
	events, err := queryEvents(ctx, s.DB, `WHERE case_id = $1 ORDER BY on_date, created_at`, c.ID)
	if err != nil {
		return v, errs.Wrap(err, "events")
	}
	rows, err := queryClocks(ctx, s.DB, `WHERE case_id = $1 ORDER BY start_on, created_at`, c.ID)
	if err != nil {
		return v, errs.Wrap(err, "clocks")
	}
	v.Clocks = s.clockViews(ctx, &c, rows, events, v.Today)
	docs, err := queryDocuments(ctx, s.DB, c.ID)
	if err != nil {
		return v, errs.Wrap(err, "documents")
	}
	for _, e := range events {
		if involved || publicEvent(e) {
			v.Events = append(v.Events, e)
		}
	}
	for _, d := range docs {
		if involved || d.Public {
			v.Documents = append(v.Documents, d)
		}
	}
	if v.Authority, err = getSetting(ctx, s.DB, "atr_authority"); err != nil {
		return v, err
	}
	if v.Authority == "" {
		v.Authority = "local"
	}
	if v.Officer {
		v.Checks = c.Check()
		if c.Kind == KindCAT {
			if v.Criteria, err = queryCriteria(ctx, s.DB, true); err != nil {
				return v, err
			}
			if v.Scores, err = queryScores(ctx, s.DB, c.ID); err != nil {
				return v, err
			}
		}
	}
	for _, st := range Steps {
		if st.Kind == c.Kind && s.available(&v, st) {
			v.Next = append(v.Next, st)
		}
	}
	return v, nil
}

// publicEvent: the steps a public page shows, and never a private one (compensation, a
// Scottish request's incomplete notice, clock changes other than extensions).
func publicEvent(e Event) bool {
	if st, ok := StepByID(e.Step); ok {
		return st.Public
	}
	return strings.HasSuffix(e.Step, ".received") || e.Step == "clock.extend"
}

// available reports whether the viewer may take the step now.
func (s *Service) available(v *CaseView, st Step) bool {
	if !slices.Contains(st.From, v.Status) {
		return false
	}
	allowed := false
	for _, who := range st.Who {
		if v.Has(who) {
			allowed = true
		}
	}
	if !allowed {
		return false
	}
	switch st.ID {
	case "acv.review_request":
		_, met := v.Clock("acv.review_decide")
		return !met && stepAllowedByClock(v.Clocks, "acv.review_request", v.Roles)
	case "acv.appeal":
		c, ok := v.Clock("acv.appeal")
		return ok && c.Open() && (v.Officer || c.Status != clock.Overdue)
	case "acv.disposal_notice":
		p, ok := v.Clock("acv.protected")
		return !ok || p.Status == clock.Ended || p.Status == clock.Stopped
	case "acv.bidder_request":
		i, ok := v.Clock("acv.interim")
		return ok && i.Status == clock.InForce
	case "acv.compensation_decide":
		return slices.ContainsFunc(v.Events, func(e Event) bool { return e.Step == "acv.compensation_claim" })
	case "atr.review_request":
		if v.Authority != "local" {
			return false
		}
		if v.Status == "validated" {
			d, ok := v.Clock("atr.decide")
			return ok && d.Status == clock.Overdue
		}
		return stepAllowedByClock(v.Clocks, "atr.review", v.Roles)
	case "atr.appeal":
		if v.Authority == "local" {
			return false
		}
		if v.Status == "validated" {
			d, ok := v.Clock("atr.decide")
			return ok && d.Status == clock.Overdue
		}
		return stepAllowedByClock(v.Clocks, "atr.appeal", v.Roles)
	case "atr.lapse":
		o, ok := v.Clock("atr.offer")
		return ok && o.Status == clock.Ended
	case "cat.score":
		return len(v.Criteria) > 0
	}
	return true
}

// StepInput is what a step's form carries.
type StepInput struct {
	On, Outcome, Reasons          string
	Party, PartyType, Amount      string
	Terms, OfferOn, LossOn, Until string
	Resulting, RequestType        string
	Scores                        map[string]Score
	Channel, HelpedHow            string
}

// Apply takes a step of a case: it checks the step may be taken now by this actor, records it
// with how it came, moves the case on, starts, meets and stops its clocks, and tells the people
// involved, in one transaction.
func (s *Service) Apply(ctx context.Context, a *actor.Actor, caseID, stepID string, in StepInput) error {
	if !a.SignedIn() {
		return errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	st, ok := StepByID(stepID)
	if !ok {
		return errNotFound
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		c, err := caseForUpdate(ctx, s.DB, caseID)
		if err != nil {
			return err
		}
		if c.Kind != st.Kind {
			return errNotFound
		}
		v, err := s.view(ctx, a, c, Involved(a, &c))
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(v.Next, func(n Step) bool { return n.ID == st.ID }) {
			if !v.Involved && !slices.Contains(st.Who, ByAnyone) {
				return errForbidden
			}
			return errs.E(errs.Conflict, "ownership.err.step_now")
		}
		officer := v.Officer
		today := v.Today
		f := map[string]string{}
		on := today
		if officer && in.On != "" {
			if on, err = clock.Parse(in.On); err != nil {
				f["on"] = "ownership.err.date"
			} else if on.After(today) {
				f["on"] = "ownership.err.future"
			} else if on.Before(c.ReceivedOn) {
				f["on"] = "ownership.err.before_received"
			}
		}
		channel, helped := "online", ""
		if officer {
			channel, helped = in.Channel, strings.TrimSpace(in.HelpedHow)
			if channel == "" {
				channel = "online"
			}
			if !slices.Contains(Channels, channel) {
				f["channel"] = "ownership.err.channel"
			}
		}
		if len(st.Outcomes) > 0 && !slices.Contains(st.Outcomes, in.Outcome) {
			f["outcome"] = "ownership.err.outcome"
		}
		if len(st.Outcomes) == 0 {
			in.Outcome = ""
		}
		reasons := strings.TrimSpace(in.Reasons)
		if st.Asks("reasons") && reasons == "" && needsReasons(st.ID, in.Outcome) || tooLong(reasons, 10000) {
			f["reasons"] = "ownership.err.step_reasons"
		}
		party := strings.TrimSpace(in.Party)
		if st.Asks("party") && party == "" && st.ID != "acv.disposed" || tooLong(party, 200) {
			f["party"] = "ownership.err.party_name"
		}
		if st.Asks("party_type") && !CanBid(in.PartyType) {
			f["party_type"] = "ownership.err.bidder_type"
		}
		amount := strings.TrimSpace(in.Amount)
		if tooLong(amount, 200) || strings.TrimSpace(in.Terms) != "" && tooLong(in.Terms, 5000) {
			f["amount"] = "ownership.err.amount"
		}
		var lossOn, offerOn clock.Date
		if st.Asks("loss_on") {
			if lossOn, err = clock.Parse(in.LossOn); err != nil || lossOn.After(on) {
				f["loss_on"] = "ownership.err.loss_on"
			}
		}
		resulting := in.Outcome
		if st.Asks("resulting") {
			resulting = in.Resulting
			if resulting != "agreed" && resulting != "refused" {
				f["resulting"] = "ownership.err.resulting"
			}
		}
		if st.Asks("offer_on") && resulting == "agreed" {
			if offerOn, err = clock.Parse(in.OfferOn); err != nil {
				f["offer_on"] = "ownership.err.offer_on"
			}
		}
		if st.Asks("terms") && resulting != "refused" && in.Outcome != "refused" && strings.TrimSpace(in.Terms) == "" && st.Kind != KindACV {
			f["terms"] = "ownership.err.terms"
		}
		if st.Asks("request_type") && in.Outcome == "approved" && !slices.Contains(RequestTypes, in.RequestType) {
			f["request_type"] = "ownership.err.request_type"
		}
		var until clock.Date
		if st.Asks("until") && in.Until != "" {
			if until, err = clock.Parse(in.Until); err != nil || until.Before(on) {
				f["until"] = "ownership.err.until"
			}
		}
		if len(f) > 0 {
			return errs.FieldErrors(f)
		}

		role := ByAnyone
		for _, r := range []string{ByOfficer, ByOwner, ByGroup} {
			if v.Has(r) && slices.Contains(st.Who, r) {
				role = r
				break
			}
		}
		e := Event{CaseID: c.ID, Step: st.ID, On: on, Outcome: in.Outcome, Detail: reasons, ActorID: a.ID, ActorName: a.Name,
			ActorRole: role, Channel: channel, HelpedHow: helped}
		if err := s.effects(ctx, &c, &v, st, &e, in, on, party, amount, lossOn, offerOn, until, resulting); err != nil {
			return err
		}
		if to, ok := st.To[in.Outcome]; ok {
			c.Status = to
		}
		if st.Kind == KindATR && (st.ID == "atr.review_decide" || st.ID == "atr.appeal_decide") {
			c.Status = resulting
		}
		if officer && c.AssignedTo == "" {
			c.AssignedTo = a.ID
		}
		// Clocks: met, stopped, and started by this step.
		rows, err := queryClocks(ctx, s.DB, `WHERE case_id = $1 ORDER BY start_on, created_at`, c.ID)
		if err != nil {
			return err
		}
		for _, rule := range st.Meets {
			for _, row := range openClocks(rows, rule) {
				row.Met = on
				if rule == "acv.compensation" {
					continue // started below, from the date of the loss
				}
				if err := saveClock(ctx, s.DB, &row); err != nil {
					return err
				}
				break
			}
		}
		stops := st.Stops
		if !c.Open() {
			for _, r := range rows {
				stops = append(stops, r.Rule)
			}
		}
		for _, rule := range stops {
			for _, row := range openClocks(rows, rule) {
				row.Stopped = on
				if err := saveClock(ctx, s.DB, &row); err != nil {
					return err
				}
			}
		}
		for _, sc := range st.Starts {
			if sc.If != "" && sc.If != in.Outcome && sc.If != resulting {
				continue
			}
			from, set := on, clock.Date{}
			if sc.From == "loss_on" {
				from = lossOn
			}
			if sc.Rule == "atr.offer" {
				set = offerOn
			}
			if err := s.startClock(ctx, &c, sc.Rule, from, set); err != nil {
				return err
			}
			if sc.Rule == "acv.compensation" { // the claim is the step itself: the clock is met by it
				fresh, err := queryClocks(ctx, s.DB, `WHERE case_id = $1 AND rule = $2 AND start_on = $3`, c.ID, sc.Rule, from.String())
				if err != nil {
					return err
				}
				for _, row := range fresh {
					row.Met = on
					if err := saveClock(ctx, s.DB, &row); err != nil {
						return err
					}
				}
			}
		}
		if err := updateCase(ctx, s.DB, &c); err != nil {
			return s.DB.Err(err, "ownership.err.save")
		}
		if err := insertEvent(ctx, s.DB, &e); err != nil {
			return err
		}
		outcome := in.Outcome
		if st.Asks("resulting") {
			outcome = resulting
		}
		tell := st.Tell
		if officer { // the council knows what its officer just recorded
			tell = slices.DeleteFunc(slices.Clone(tell), func(w string) bool { return w == "team" })
		}
		return s.tell(ctx, &c, st.ID, outcome, reasons, tell)
	})
}

// needsReasons: decisions and removals carry reasons; a hearing note or a comment may be short.
func needsReasons(step, outcome string) bool {
	switch step {
	case "acv.review_request", "atr.representation", "atr.comment", "atr.incomplete", "cat.application", "cat.monitor",
		"atr.review_request", "atr.appeal":
		return true
	case "acv.compensation_claim", "acv.compensation_decide", "atr.offer":
		return false
	case "cat.eoi_reply":
		return outcome == "declined"
	}
	return strings.Contains(step, "decide") || step == "acv.remove"
}

// effects applies what a step changes on the case itself, and the guards data cannot express.
func (s *Service) effects(ctx context.Context, c *Case, v *CaseView, st Step, e *Event, in StepInput, on clock.Date,
	party, amount string, lossOn, offerOn, until clock.Date, resulting string) error {
	reasons := e.Detail
	switch st.ID {
	case "acv.decide":
		c.Decision, c.DecidedOn, c.DecisionReasons = in.Outcome, on, reasons
		e.PublicNote = reasons
		if in.Outcome == "listed" {
			c.ListedOn = on
		}
	case "acv.review_decide", "acv.appeal_decide", "acv.remove":
		e.PublicNote = reasons
		if in.Outcome == "removed" || in.Outcome == "allowed" || st.ID == "acv.remove" {
			c.RemovedOn, c.RemovedReason = on, reasons
		}
	case "acv.disposal_notice":
		c.NoticeOn, c.Interested = on, ""
	case "acv.bidder_request":
		interim, ok := v.Clock("acv.interim")
		if !ok || on.Before(interim.Start) || on.After(interim.Due) {
			return errs.FieldErrors(map[string]string{"on": "ownership.err.not_interim"})
		}
		if slices.ContainsFunc(c.InterestedGroups(), func(g string) bool { return strings.EqualFold(g, party) }) {
			return errs.FieldErrors(map[string]string{"party": "ownership.err.already_bidder"})
		}
		if c.Interested != "" {
			c.Interested += "\n"
		}
		c.Interested += party
		e.Party, e.PublicNote = party, party
		e.Detail = in.PartyType
	case "acv.disposed":
		e.Party = party
		if in.Outcome == "community" {
			c.Outcome = "community_owned"
			e.PublicNote = party
		}
		if in.Outcome != "exempt" {
			c.RemovedOn, c.RemovedReason = on, s.T(c.MailLang, "ownership.outcome.acv.disposed."+in.Outcome)
		}
	case "acv.compensation_claim", "acv.compensation_decide":
		e.Party = amount
		if st.ID == "acv.compensation_claim" {
			e.Outcome = lossOn.String()
		}
	case "atr.validate":
		c.ValidatedOn = on
	case "atr.notify":
		if !until.IsZero() {
			e.Party = until.String()
		}
	case "atr.representation":
		e.Party = party // who made it: never shown publicly
	case "atr.decide", "atr.review_decide", "atr.appeal_decide":
		c.Decision, c.DecidedOn, c.DecisionReasons = resulting, on, reasons
		if t := strings.TrimSpace(in.Terms); t != "" || resulting == "refused" {
			c.Terms = t
		}
		e.PublicNote = reasons
		if !offerOn.IsZero() {
			e.Party = offerOn.String()
		}
	case "atr.offer":
		c.Price = amount
	case "atr.contract":
		c.Outcome = in.Outcome
	case "cat.application":
		docs, err := queryDocuments(ctx, s.DB, c.ID)
		if err != nil {
			return err
		}
		for _, kind := range []string{"business_plan", "governance"} {
			if !slices.ContainsFunc(docs, func(d Document) bool { return d.Kind == kind }) {
				return errs.FieldErrors(map[string]string{"reasons": "ownership.err.cat_documents"})
			}
		}
	case "cat.score":
		crit, err := queryCriteria(ctx, s.DB, true)
		if err != nil {
			return err
		}
		total, max := 0, 0
		for _, cr := range crit {
			sc, ok := in.Scores[cr.ID]
			if !ok || sc.Score < 0 || sc.Score > 5 {
				return errs.FieldErrors(map[string]string{"score-" + cr.ID: "ownership.err.score"})
			}
			sc.CriterionID = cr.ID
			if err := putScore(ctx, s.DB, c.ID, sc); err != nil {
				return err
			}
			total += sc.Score * cr.Weight
			max += 5 * cr.Weight
		}
		if max > 0 {
			e.Outcome = percent(total, max)
		}
	case "cat.decide":
		c.Decision, c.DecidedOn, c.DecisionReasons = in.Outcome, on, reasons
		e.PublicNote = reasons
		if in.Outcome == "approved" {
			c.RequestType, c.Terms = in.RequestType, strings.TrimSpace(in.Terms)
		}
	case "cat.complete":
		c.Outcome, c.RequestType = in.Outcome, in.Outcome
	case "cat.eoi_reply":
		e.PublicNote = reasons
	}
	return nil
}

func percent(n, of int) string {
	if of == 0 {
		return ""
	}
	return strconv.Itoa((n*100+of/2)/of) + "%"
}
