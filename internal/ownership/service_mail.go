package ownership

import (
	"context"
	"slices"
	"strings"

	"commons/internal/platform/i18n"
	"commons/internal/platform/mail"
)

// nextMessages are the steps (and outcomes) whose mail says what happens next, with the dates
// from the case's clocks.
var nextMessages = map[string]bool{
	"acv.received": true, "acv.decide.listed": true, "acv.decide.unsuccessful": true, "acv.review_request": true,
	"acv.review_decide.upheld": true, "acv.disposal_notice": true, "acv.bidder_request": true,
	"atr.received": true, "atr.validate": true, "atr.decide.agreed": true, "atr.decide.refused": true, "atr.notify": true,
	"cat.received": true, "cat.eoi_reply.invited": true, "cat.decide.approved": true,
}

// publicReasons are the steps whose reasons everyone told may read (the council's reasons).
var publicReasons = map[string]bool{
	"acv.decide": true, "acv.review_decide": true, "acv.appeal_decide": true, "acv.remove": true, "atr.decide": true,
	"atr.review_decide": true, "atr.appeal_decide": true, "atr.incomplete": true, "cat.eoi_reply": true, "cat.decide": true,
	"acv.compensation_decide": true,
}

// teamAddress is the council's mailbox for community rights (a setting), where new cases and
// reminders of cases no officer has taken go.
func (s *Service) teamAddress(ctx context.Context) string {
	v, _ := getSetting(ctx, s.DB, "team_email")
	return v
}

// tell mails the people a step concerns, each in their language, through the outbox (in the
// step's transaction).
func (s *Service) tell(ctx context.Context, c *Case, step, outcome, reasons string, who []string) error {
	type to struct{ addr, lang string }
	var rcpts []to
	seen := map[string]bool{}
	add := func(addr, lang string) {
		addr = strings.TrimSpace(addr)
		if addr == "" || seen[strings.ToLower(addr)] {
			return
		}
		seen[strings.ToLower(addr)] = true
		rcpts = append(rcpts, to{addr, lang})
	}
	for _, w := range who {
		switch w {
		case "group":
			lang := c.MailLang
			if c.ContactAccount != "" && s.Identity != nil {
				if l, err := s.Identity.Language(ctx, c.ContactAccount); err == nil && l != "" {
					lang = l
				}
			}
			add(c.ContactEmail, lang)
		case "owner":
			add(c.Owner.Email, c.MailLang)
		case "occupier":
			add(c.Occupier.Email, c.MailLang)
		case "team":
			if c.AssignedTo != "" && s.Identity != nil {
				if acc, err := s.Identity.Account(ctx, c.AssignedTo); err == nil {
					add(acc.Email, acc.Language)
					continue
				}
			}
			add(s.teamAddress(ctx), "en")
		}
	}
	if len(rcpts) == 0 {
		return nil
	}
	dates, err := s.clockDates(ctx, c)
	if err != nil {
		return err
	}
	for _, r := range rcpts {
		subject, body := s.compose(c, r.lang, step, outcome, reasons, dates)
		if err := s.Outbox.EnqueueMessage(ctx, mail.Message{To: []string{r.addr}, Subject: subject, Text: body}); err != nil {
			return err
		}
	}
	return nil
}

// clockDates are the last days of the case's open clocks, by rule, for the mail's "what next".
func (s *Service) clockDates(ctx context.Context, c *Case) (map[string]string, error) {
	rows, err := queryClocks(ctx, s.DB, `WHERE case_id = $1 ORDER BY start_on, created_at`, c.ID)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range rows {
		if r.Stopped.IsZero() {
			out[r.Rule] = r.Due.String()
		}
	}
	return out, nil
}

// StepText is what a step did, in a language: "Nomination received", "Listed as an asset of
// community value".
func (s *Service) StepText(lang, step, outcome string) string {
	if st, ok := StepByID(step); ok && outcome != "" && slices.Contains(st.Outcomes, outcome) {
		return s.T(lang, "ownership.outcome."+step+"."+outcome)
	}
	return s.T(lang, "ownership.done."+step)
}

func (s *Service) compose(c *Case, lang, step, outcome, reasons string, dates map[string]string) (string, string) {
	what := s.StepText(lang, step, outcome)
	subject := s.T(lang, "ownership.mail.subject", "ref", c.Reference, "what", what)
	var b strings.Builder
	b.WriteString(s.T(lang, "ownership.mail.hello") + "\n\n")
	b.WriteString(s.T(lang, "ownership.mail.about", "what", what, "name", c.Name, "ref", c.Reference) + "\n\n")
	if reasons != "" && publicReasons[step] {
		b.WriteString(s.T(lang, "ownership.mail.reasons") + "\n" + reasons + "\n\n")
	}
	key := step
	if outcome != "" && nextMessages[step+"."+outcome] {
		key = step + "." + outcome
	}
	if nextMessages[key] {
		day := func(rule string) string { return i18n.DayOf(lang, dates[rule]) }
		b.WriteString(s.T(lang, "ownership.mail.next."+key, "decide_by", day(c.Kind+".decide"), "review_by", day("acv.review_request"),
			"listed_until", day("acv.listing"), "interim_end", day("acv.interim"), "full_end", day("acv.full"),
			"moratorium_end", day("crtb.moratorium"), "protected_end", day("acv.protected"), "atr_decide_by", day("atr.decide"),
			"atr_review_by", day("atr.review"), "offer_by", day("atr.offer"), "eoi_by", day("cat.eoi_reply"),
			"appeal_by", day("acv.appeal")) + "\n\n")
	}
	b.WriteString(s.T(lang, "ownership.mail.link") + "\n" + s.BaseURL + "/ownership/cases/" + c.ID + "\n\n")
	b.WriteString(s.T(lang, "ownership.mail.signoff", "place", s.PlaceName) + "\n")
	return subject, b.String()
}
