package budgeting

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"commons/internal/budgeting/tally"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
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
// completed by adding a pound to every voter's share until the budget is used (mes-add1).
func (p *Process) TallyRule() tally.Rule {
	if p.Rule == "mes" {
		return tally.MESAdd1
	}
	return tally.Greedy
}

func penceDecimal(pence int64) string {
	s := strconv.FormatInt(pence/100, 10)
	if r := pence % 100; r != 0 {
		s += "." + strconv.FormatInt(r/10, 10) + strconv.FormatInt(r%10, 10)
	}
	return s
}

// BallotsPB writes the anonymised ballots of one election of a process (area "" for a process
// without area budgets) in the Pabulib format: voters are numbered 1, 2, … in an order that
// says nothing about who they are or when they voted. Its META rule is the process's, so
// `commons tally --file` counts it to the same result as the app.
func (s *Service) BallotsPB(ctx context.Context, p *Process, area string) ([]byte, error) {
	projects, err := listIdeas(ctx, s.DB, p.ID, "accepted", area, false)
	if err != nil {
		return nil, err
	}
	sort.Slice(projects, func(i, j int) bool { return projects[i].ID < projects[j].ID })
	rows, err := s.DB.Query(ctx, `SELECT choices FROM budget_ballots
		WHERE process_id = $1 AND ($2 = '' OR area_id = $2) ORDER BY id`, p.ID, area)
	if err != nil {
		return nil, err
	}
	type vote struct {
		projects []string
		points   []string
	}
	onBallot := map[string]bool{}
	for _, pr := range projects {
		onBallot[pr.ID] = true
	}
	var votes []*vote
	for rows.Next() {
		var stored string
		if err := rows.Scan(&stored); err != nil {
			rows.Close()
			return nil, err
		}
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
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
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
	rule := "greedy"
	if p.Rule == "mes" {
		rule = "equalshares/add1"
	}
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
	put("rule", rule)
	put("PROJECTS")
	put("project_id", "cost", "name")
	for _, pr := range projects {
		put(pr.ID, penceDecimal(pr.CostPence), strings.ReplaceAll(pr.Title, "\n", " "))
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
	return buf.Bytes(), w.Error()
}

// Count counts every election of the process with its rule, stores each project's outcome and
// reason, and moves the process to its results phase; officers only. Counting again (say after
// late paper ballots) replaces the stored results.
func (s *Service) Count(ctx context.Context, actor *web.User, processID string) error {
	defer s.snaps.forget() // ballots are checked against the process and its projects
	if !isOfficer(actor) {
		return forbidden
	}
	p, err := getProcess(ctx, s.DB, processID)
	if err != nil {
		return err
	}
	if p.Phase != "voting" && p.Phase != "results" {
		return errs.E(errs.Conflict, "budgeting.err.count_phase")
	}
	type outcome struct {
		area string
		o    tally.Outcome
	}
	var outcomes []outcome
	for _, area := range p.Elections() {
		pb, err := s.BallotsPB(ctx, &p, area)
		if err != nil {
			return err
		}
		e, _, err := tally.Read(bytes.NewReader(pb))
		if err != nil {
			return errs.Wrap(err, "budgeting: read own ballots")
		}
		res, err := tally.Count(e, p.TallyRule(), tally.Options{})
		if err != nil {
			return errs.Wrap(err, "budgeting: count")
		}
		for _, o := range res.Projects {
			outcomes = append(outcomes, outcome{area, o})
		}
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.DB.Exec(ctx, `DELETE FROM budget_results WHERE process_id = $1`, p.ID); err != nil {
			return err
		}
		for _, o := range outcomes {
			why, err := json.Marshal(o.o.Why)
			if err != nil {
				return err
			}
			if _, err := s.DB.Exec(ctx, `INSERT INTO budget_results (process_id, idea_id, area_id, votes, score, funded, position, reason, why)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, p.ID, o.o.ID, o.area, o.o.Votes, o.o.Score, o.o.Selected, o.o.Order, o.o.Reason, string(why)); err != nil {
				return err
			}
		}
		now := s.DB.Now(ctx)
		if _, err := s.DB.Exec(ctx, `UPDATE budget_processes SET counted_at = $1, phase = 'results', updated_at = $1 WHERE id = $2`, now, p.ID); err != nil {
			return err
		}
		return record(ctx, s.DB, actor, "budget.count", "budget", p.ID, strconv.Itoa(len(outcomes)))
	})
}

// Results are a counted process's outcome per project (funded first, in funding order) and its
// turnout by area and channel.
func (s *Service) Results(ctx context.Context, processID string) (Results, error) {
	p, err := getProcess(ctx, s.DB, processID)
	if err != nil {
		return Results{}, err
	}
	r := Results{Process: &p}
	if p.CountedAt == nil {
		return r, errs.E(errs.NotFound, "budgeting.not_counted")
	}
	rows, err := s.DB.Query(ctx, `SELECT r.idea_id, i.title, r.area_id, COALESCE(a.name, ''), i.cost_pence, r.votes, r.score, r.funded, r.position, r.reason, r.why
		FROM budget_results r JOIN budget_ideas i ON i.id = r.idea_id LEFT JOIN areas a ON a.id = r.area_id
		WHERE r.process_id = $1 ORDER BY r.funded DESC, COALESCE(a.name, ''), CASE WHEN r.position = 0 THEN 1 ELSE 0 END, r.position, r.score DESC, i.title`, p.ID)
	if err != nil {
		return r, err
	}
	for rows.Next() {
		var pr ProjectResult
		var why string
		if err := rows.Scan(&pr.IdeaID, &pr.Title, &pr.AreaID, &pr.AreaName, &pr.CostPence, &pr.Votes, &pr.Score, &pr.Funded, &pr.Position, &pr.Reason, &why); err != nil {
			rows.Close()
			return r, err
		}
		pr.Why = decodeWhy(why)
		if pr.Funded {
			r.Spent += pr.CostPence
		}
		r.Projects = append(r.Projects, pr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, err
	}
	r.Turnout, err = s.turnout(ctx, p.ID)
	for _, t := range r.Turnout {
		r.Ballots += t.Ballots
	}
	return r, err
}

func (s *Service) turnout(ctx context.Context, processID string) ([]Turnout, error) {
	rows, err := s.DB.Query(ctx, `SELECT COALESCE(b.area_id, ''), COALESCE(a.name, ''), b.channel, COUNT(*) FROM budget_ballots b
		LEFT JOIN areas a ON a.id = b.area_id WHERE b.process_id = $1 GROUP BY b.area_id, a.name, b.channel ORDER BY COALESCE(a.name, ''), b.channel`, processID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Turnout
	for rows.Next() {
		var t Turnout
		if err := rows.Scan(&t.AreaID, &t.AreaName, &t.Channel, &t.Ballots); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
