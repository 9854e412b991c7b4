package budgeting

import (
	"bytes"
	"context"
	"encoding/csv"
	"sort"
	"strconv"
	"strings"

	"commons/internal/budgeting/tally"
)

// Elections are the separate counts of a process: one per area budget, or one for the whole
// budget ("" as the area).
func (p *Process) Elections() []string {
	if !p.Districts() {
		return []string{""}
	}
	var out []string
	for _, a := range p.AreaBudgets {
		out = append(out, a.AreaID)
	}
	return out
}

// TallyRule is the tally rule a process counts with: greedy, or the Method of Equal Shares
// completed as councils run it (mes-add1-greedy): every voter's share is raised a pound at a time
// while that funds more (add-one), then what is left goes to the projects left out, most votes
// first, while they fit. So the money is never left unspent while a supported project fits.
func (p *Process) TallyRule() tally.Rule {
	if p.Rule == "mes" {
		return tally.MESAdd1Greedy
	}
	return tally.Greedy
}

// metaRule is the Pabulib META rule that names a tally rule, so that commons tally counts a
// downloaded file with the rule the app used. equalshares/add1-greedy is Commons' own name for
// the completed method (Pabulib has none for it); package tally reads it back.
func metaRule(r tally.Rule) string {
	switch r {
	case tally.MESAdd1:
		return "equalshares/add1"
	case tally.MESAdd1Greedy:
		return "equalshares/add1-greedy"
	case tally.MES:
		return "equalshares"
	}
	return string(r)
}

func penceDecimal(pence int64) string {
	s := strconv.FormatInt(pence/100, 10)
	if r := pence % 100; r != 0 {
		s += "." + strconv.FormatInt(r/10, 10) + strconv.FormatInt(r%10, 10)
	}
	return s
}

// electionFile writes the anonymised ballots of one election of a process (area "" for a
// process without area budgets) in the Pabulib format, and returns the projects it names:
// voters are numbered 1, 2, … in an order that says nothing about who they are or when they
// voted. Its META rule is the rule given, so `commons tally --file` counts it to the same
// result as the app. A count stores the files it counted (budget_count_files); the downloads
// serve those.
func (s *Service) electionFile(ctx context.Context, p *Process, area string, rule tally.Rule) ([]byte, []Idea, error) {
	projects, err := listIdeas(ctx, s.DB, p.ID, "accepted", area, false)
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(projects, func(i, j int) bool { return projects[i].ID < projects[j].ID })
	type vote struct {
		projects []string
		points   []string
	}
	onBallot := map[string]bool{}
	for _, pr := range projects {
		onBallot[pr.ID] = true
	}
	var votes []*vote
	err = eachBallotChoices(ctx, s.DB, p.ID, area, func(stored string) {
		v := &vote{}
		for _, c := range decodeChoices(stored) { // stored by idea id
			if !onBallot[c.IdeaID] {
				continue // a project a moderator hid after voting opened is not counted
			}
			v.projects = append(v.projects, c.IdeaID)
			v.points = append(v.points, strconv.Itoa(c.Points))
		}
		if len(v.projects) > 0 {
			votes = append(votes, v)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	cumulative := p.Format == FormatCumulative
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	put := func(rec ...string) { _ = w.Write(rec) }
	put("META")
	put("key", "value")
	unit := p.Title
	for _, a := range p.AreaBudgets {
		if a.AreaID == area {
			unit += " – " + a.AreaName
		}
	}
	put("description", unit)
	put("country", "United Kingdom")
	put("unit", unit)
	put("instance", p.VotingFrom[:4])
	put("num_projects", strconv.Itoa(len(projects)))
	put("num_votes", strconv.Itoa(len(votes)))
	put("budget", penceDecimal(p.BudgetFor(area)))
	put("currency", "GBP")
	put("date_begin", p.VotingFrom)
	put("date_end", p.VotingUntil)
	switch p.Format {
	case FormatCumulative:
		put("vote_type", "cumulative")
		put("max_sum_points", strconv.Itoa(p.Points))
	case FormatRange:
		put("vote_type", "approval")
		put("min_length", strconv.Itoa(max(p.MinChoices, 1)))
		put("max_length", strconv.Itoa(p.MaxChoices))
	default:
		put("vote_type", "approval")
	}
	put("rule", metaRule(rule))
	put("PROJECTS")
	put("project_id", "cost", "name")
	for _, pr := range projects {
		en, cy := pr.titles()
		if en == "" {
			en = cy
		}
		put(pr.ID, penceDecimal(pr.CostPence), strings.ReplaceAll(en, "\n", " "))
	}
	put("VOTES")
	if cumulative {
		put("voter_id", "vote", "points")
	} else {
		put("voter_id", "vote")
	}
	for i, v := range votes {
		if cumulative {
			put(strconv.Itoa(i+1), strings.Join(v.projects, ","), strings.Join(v.points, ","))
		} else {
			put(strconv.Itoa(i+1), strings.Join(v.projects, ","))
		}
	}
	w.Flush()
	return buf.Bytes(), projects, w.Error()
}
