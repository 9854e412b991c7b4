package budgeting

import (
	"commons/internal/platform/actor"
	"context"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"commons/internal/budgeting/pabulib"
)

// LoadElection loads a real participatory budget from a Pabulib file (pabulib.org) as a finished
// process, so a council can see a city-sized count, its reasons and its results pages: the
// process with its projects and budget, every ballot (imported as cast online), the count by the
// file's rule (equal shares, or greedy) and its publication. Amounts are taken in the file's
// currency, shown as pounds. Approval, choose-1 and cumulative ballots are loaded; ordinal and
// scoring ballots are refused. An election loaded before (a process with the same title) is left
// as it is and returned. Officers only.
func (s *Service) LoadElection(ctx context.Context, actor *actor.Actor, e *pabulib.Election, name string) (Process, bool, error) {
	if !isOfficer(actor) {
		return Process{}, false, forbidden
	}
	meta := func(k string) string { v, _ := e.Get(k); return strings.TrimSpace(v) }
	title := strings.TrimSpace(strings.Join(strings.Fields(meta("description")+" "+meta("instance")), " "))
	if meta("description") == "" {
		title = strings.TrimSpace(meta("unit") + " " + meta("instance"))
	}
	if title == "" {
		title = name
	}
	title = clip(title, 200)
	if existing, err := processTitled(ctx, s.DB, title); err == nil {
		p, err := getProcess(ctx, s.DB, existing)
		return p, false, err
	}
	budget, err := e.Budget()
	if err != nil {
		return Process{}, false, err
	}
	in := ProcessInput{Title: title, Total: ratPounds(budget), Phase: "ideas", Rule: "greedy", MinAge: "0", VoterAccess: "either",
		MinChoices: "1", MaxChoices: "1", Points: "10"}
	if strings.HasPrefix(strings.ToLower(e.Rule()), "equalshares") {
		in.Rule = "mes"
	}
	limit := func(k string, lo, hi int) string {
		n, err := strconv.Atoi(meta(k))
		if err != nil {
			return ""
		}
		return strconv.Itoa(max(lo, min(n, hi)))
	}
	switch e.VoteType() {
	case pabulib.Approval:
		in.Format = FormatBudget
		if hi := limit("max_length", 1, 100); hi != "" {
			in.Format, in.MaxChoices = FormatRange, hi
			if lo := limit("min_length", 1, 100); lo != "" && atoi(lo) <= atoi(hi) {
				in.MinChoices = lo
			}
		}
	case pabulib.Choose1:
		in.Format = FormatRange
	case pabulib.Cumulative:
		in.Format, in.Points = FormatCumulative, "1000"
		if pts := limit("max_sum_points", 1, 1000); pts != "" {
			in.Points = pts
		}
	default:
		return Process{}, false, fmt.Errorf("%s: %s ballots cannot be loaded (Commons counts approval, choose-1 and cumulative ballots)", name, e.VoteType())
	}
	currency := meta("currency")
	if currency == "" {
		currency = "the city's currency"
	}
	in.Description = fmt.Sprintf("A real participatory budget from the Pabulib collection (pabulib.org, Faliszewski et al., IJCAI 2023): %s, %s, in %s, with %d ballots. "+
		"Its amounts are in %s, shown here as pounds, and its ballots were cast there, not here; Commons has counted them with its own rule.",
		or(meta("unit"), title), or(meta("instance"), "–"), or(meta("country"), "–"), len(e.Votes), currency)
	// Dates in the past: voting is over, so the count closes nothing early.
	now := s.DB.Now(ctx).In(London)
	day := func(offset int) string { return now.AddDate(0, 0, offset).Format("2006-01-02") }
	in.IdeasFrom, in.ReviewFrom, in.VotingFrom, in.VotingUntil, in.ResultsFrom = day(-120), day(-90), day(-60), day(-30), day(-20)
	p, err := s.SaveProcess(ctx, actor, "", in)
	if err != nil {
		return Process{}, false, fmt.Errorf("%s: the process: %w", name, err)
	}
	ideaOf := map[string]string{}
	for _, pr := range e.Projects {
		t, _ := e.ProjectField(pr, "name")
		t = clip(strings.TrimSpace(t), 200)
		if t == "" {
			t = "Project " + pr.ID
		}
		desc, _ := e.ProjectField(pr, "category")
		desc = strings.TrimSpace(desc)
		if desc == "" {
			desc = "Project " + pr.ID + " of the Pabulib file."
		} else {
			desc = "Project " + pr.ID + " of the Pabulib file (" + desc + ")."
		}
		cost := ratPounds(pr.Cost)
		i, err := s.SubmitIdea(ctx, actor, p.ID, IdeaInput{Title: t, Description: clip(desc, 5000), Estimate: cost})
		if err != nil {
			return Process{}, false, fmt.Errorf("%s: project %s: %w", name, pr.ID, err)
		}
		if err := s.Review(ctx, actor, i.ID, ReviewInput{Decision: "accepted", Feasibility: "Costed by the city.", Cost: cost}); err != nil {
			return Process{}, false, fmt.Errorf("%s: project %s: %w", name, pr.ID, err)
		}
		ideaOf[pr.ID] = i.ID
	}
	in.Phase = "voting"
	if p, err = s.SaveProcess(ctx, actor, p.ID, in); err != nil {
		return Process{}, false, fmt.Errorf("%s: voting: %w", name, err)
	}
	const chunk = 20000
	for start := 0; start < len(e.Votes); start += chunk {
		var bs []ImportedBallot
		for _, v := range e.Votes[start:min(start+chunk, len(e.Votes))] {
			b := ImportedBallot{Channel: "online"}
			for k, pid := range v.Projects {
				pts := 1
				if in.Format == FormatCumulative && k < len(v.Points) {
					pts = int(v.Points[k])
				}
				if id, ok := ideaOf[pid]; ok && pts > 0 {
					b.Choices = append(b.Choices, Choice{IdeaID: id, Points: pts})
				}
			}
			bs = append(bs, b)
		}
		if err := s.ImportBallots(ctx, actor, p.ID, bs); err != nil {
			return Process{}, false, fmt.Errorf("%s: ballots: %w", name, err)
		}
	}
	if err := s.Count(ctx, actor, p.ID, CountInput{Confirm: true}); err != nil {
		return Process{}, false, fmt.Errorf("%s: the count: %w", name, err)
	}
	if err := s.Publish(ctx, actor, p.ID, true); err != nil {
		return Process{}, false, fmt.Errorf("%s: publishing the count: %w", name, err)
	}
	p, err = getProcess(ctx, s.DB, p.ID)
	return p, true, err
}

// ratPounds writes an amount as pounds and pence ("1234.5" → "1234.50"), rounding down to the penny.
func ratPounds(r *big.Rat) string {
	pence := new(big.Int).Quo(new(big.Int).Mul(r.Num(), big.NewInt(100)), r.Denom())
	return penceDecimal(pence.Int64())
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
