package budgeting

import (
	"context"
	"database/sql"

	"commons/internal/platform/db"
)

const processCols = `id, title, title_cy, description, description_html, description_cy, description_cy_html, total_pence, phase, ideas_from, review_from,
	voting_from, voting_until, results_from, format, min_choices, max_choices, points, rule, min_age,
	voter_access, counted_at, reopened_at, reopen_reason, created_at, updated_at, draft,
	COALESCE((SELECT c.state FROM budget_counts c WHERE c.process_id = budget_processes.id AND c.state IN ('checking', 'published')
		ORDER BY c.seq DESC LIMIT 1), ''),
	(SELECT c.published_at FROM budget_counts c WHERE c.process_id = budget_processes.id AND c.state = 'published')`

func scanProcess(s db.Scanner) (Process, error) {
	var p Process
	var counted, reopened, published sql.NullTime
	var draft int
	err := s.Scan(&p.ID, &p.Title, &p.TitleCy, &p.Description, &p.DescriptionHTML, &p.DescriptionCy, &p.DescriptionCyHTML, &p.TotalPence, &p.Phase, &p.IdeasFrom,
		&p.ReviewFrom, &p.VotingFrom, &p.VotingUntil, &p.ResultsFrom, &p.Format, &p.MinChoices, &p.MaxChoices,
		&p.Points, &p.Rule, &p.MinAge, &p.VoterAccess, &counted, &reopened, &p.ReopenReason, &p.CreatedAt, &p.UpdatedAt, &draft,
		&p.CountState, &published)
	p.Draft = draft == 1
	p.CountedAt, p.ReopenedAt, p.PublishedAt = db.TimeOf(counted), db.TimeOf(reopened), db.TimeOf(published)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

func getProcess(ctx context.Context, d *db.DB, id string) (Process, error) {
	p, err := scanProcess(d.QueryRow(ctx, `SELECT `+processCols+` FROM budget_processes WHERE id = $1`, id))
	if err != nil {
		return p, d.Err(err, "budgeting.not_found")
	}
	p.AreaBudgets, err = areaBudgets(ctx, d, id)
	return p, err
}

func areaBudgets(ctx context.Context, d *db.DB, processID string) ([]AreaBudget, error) {
	return db.List(ctx, d, func(r db.Scanner) (AreaBudget, error) {
		var a AreaBudget
		err := r.Scan(&a.AreaID, &a.AreaName, &a.Pence)
		return a, err
	}, `SELECT b.area_id, a.name, b.pence FROM budget_area_budgets b JOIN identity_areas a ON a.id = b.area_id
		WHERE b.process_id = $1 ORDER BY a.name`, processID)
}

func listProcesses(ctx context.Context, d *db.DB, limit, offset int) ([]Process, error) {
	out, err := db.List(ctx, d, scanProcess, `SELECT `+processCols+` FROM budget_processes WHERE draft = 0 ORDER BY voting_from DESC, title LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].AreaBudgets, err = areaBudgets(ctx, d, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func saveProcess(ctx context.Context, d *db.DB, p Process, insert bool) error {
	args := []any{p.ID, p.Title, p.Description, p.DescriptionHTML, p.TotalPence, p.Phase, p.IdeasFrom, p.ReviewFrom,
		p.VotingFrom, p.VotingUntil, p.ResultsFrom, p.Format, p.MinChoices, p.MaxChoices, p.Points, p.Rule, p.MinAge,
		p.VoterAccess, p.UpdatedAt, p.TitleCy, p.DescriptionCy, p.DescriptionCyHTML}
	var err error
	if insert {
		_, err = d.Exec(ctx, `INSERT INTO budget_processes (id, title, description, description_html, total_pence, phase,
			ideas_from, review_from, voting_from, voting_until, results_from, format, min_choices, max_choices, points, rule,
			min_age, voter_access, created_at, updated_at, title_cy, description_cy, description_cy_html, created_by)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$19,$20,$21,$22,$23)`, append(args, p.createdBy)...)
	} else {
		var res sql.Result
		res, err = d.Exec(ctx, `UPDATE budget_processes SET title=$2, description=$3, description_html=$4, total_pence=$5, phase=$6,
			ideas_from=$7, review_from=$8, voting_from=$9, voting_until=$10, results_from=$11, format=$12, min_choices=$13,
			max_choices=$14, points=$15, rule=$16, min_age=$17, voter_access=$18, updated_at=$19, title_cy=$20, description_cy=$21,
			description_cy_html=$22 WHERE id=$1`, args...)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return sql.ErrNoRows
			}
		}
	}
	if err != nil {
		return err
	}
	if _, err := d.Exec(ctx, `DELETE FROM budget_area_budgets WHERE process_id = $1`, p.ID); err != nil {
		return err
	}
	for _, a := range p.AreaBudgets {
		if _, err := d.Exec(ctx, `INSERT INTO budget_area_budgets (process_id, area_id, pence) VALUES ($1, $2, $3)`, p.ID, a.AreaID, a.Pence); err != nil {
			return err
		}
	}
	return nil
}

const ideaCols = `i.id, i.process_id, COALESCE(i.author_id, ''), COALESCE(ac.name, ''), i.title, i.description,
	COALESCE(i.area_id, ''), COALESCE(ar.name, ''), i.address, i.lat, i.lng, i.estimate_pence, i.status, i.feasibility,
	i.cost_pence, i.review_reason, i.reviewed_at, i.hidden_reason, i.hidden_at, i.created_at,
	(SELECT COUNT(*) FROM budget_supports s WHERE s.idea_id = i.id), i.outcome, i.lang, i.official_title, i.official_title_cy,
	i.summary, i.summary_cy, i.delivered_at, COALESCE(i.assisted_by, ''), i.assisted_how`

const ideaFrom = ` FROM budget_ideas i LEFT JOIN identity_people ac ON ac.id = i.author_id LEFT JOIN identity_areas ar ON ar.id = i.area_id `

func scanIdea(s db.Scanner) (Idea, error) {
	var i Idea
	var lat, lng sql.NullFloat64
	var reviewed, hidden, delivered sql.NullTime
	err := s.Scan(&i.ID, &i.ProcessID, &i.AuthorID, &i.Author, &i.Title, &i.Description, &i.AreaID, &i.AreaName,
		&i.Address, &lat, &lng, &i.EstimatePence, &i.Status, &i.Feasibility, &i.CostPence, &i.ReviewReason, &reviewed,
		&i.HiddenReason, &hidden, &i.CreatedAt, &i.Supports, &i.Outcome, &i.Lang, &i.OfficialTitle, &i.OfficialTitleCy,
		&i.Summary, &i.SummaryCy, &delivered, &i.AssistedBy, &i.AssistedHow)
	i.DeliveredAt = db.TimeOf(delivered)
	if lat.Valid && lng.Valid {
		i.Lat, i.Lng = &lat.Float64, &lng.Float64
	}
	if reviewed.Valid {
		t := reviewed.Time.UTC()
		i.ReviewedAt = &t
	}
	if hidden.Valid {
		t := hidden.Time.UTC()
		i.HiddenAt = &t
	}
	i.CreatedAt = i.CreatedAt.UTC()
	return i, err
}

func getIdea(ctx context.Context, d *db.DB, id string) (Idea, error) {
	i, err := scanIdea(d.QueryRow(ctx, `SELECT `+ideaCols+ideaFrom+`WHERE i.id = $1`, id))
	return i, d.Err(err, "budgeting.idea_not_found")
}

// ideaAndProcess is an idea and the process it belongs to.
func ideaAndProcess(ctx context.Context, d *db.DB, ideaID string) (Idea, Process, error) {
	i, err := getIdea(ctx, d, ideaID)
	if err != nil {
		return i, Process{}, err
	}
	p, err := getProcess(ctx, d, i.ProcessID)
	return i, p, err
}

// listIdeas lists a process's ideas; status "" means all, and area "" every area.
func listIdeas(ctx context.Context, d *db.DB, processID, status, area string, hidden bool) ([]Idea, error) {
	q := `SELECT ` + ideaCols + ideaFrom + `WHERE i.process_id = $1 AND ($2 = '' OR i.status = $2) AND ($3 = '' OR i.area_id = $3)`
	if !hidden {
		q += ` AND i.hidden_at IS NULL`
	}
	return db.List(ctx, d, scanIdea, q+` ORDER BY i.created_at, i.id`, processID, status, area)
}

func insertIdea(ctx context.Context, d *db.DB, i Idea) error {
	_, err := d.Exec(ctx, `INSERT INTO budget_ideas (id, process_id, author_id, title, description, area_id, address, lat, lng,
		estimate_pence, status, feasibility, cost_pence, review_reason, hidden_reason, created_at, lang, assisted_by, assisted_how)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', $12, '', '', $13, $14, $15, $16)`,
		i.ID, i.ProcessID, db.NullString(i.AuthorID), i.Title, i.Description, db.NullString(i.AreaID), i.Address, i.Lat, i.Lng,
		i.EstimatePence, i.Status, i.CostPence, i.CreatedAt, i.Lang, db.NullString(i.AssistedBy), i.AssistedHow)
	return err
}

// draftProcesses are the processes not yet published, newest first, for officers.
func draftProcesses(ctx context.Context, d *db.DB) ([]Process, error) {
	return db.List(ctx, d, scanProcess, `SELECT `+processCols+` FROM budget_processes WHERE draft = 1 ORDER BY created_at DESC, id LIMIT 200`)
}

// setProcessDraft marks a process as a draft (true) or publishes it; it reports whether it
// changed.
func setProcessDraft(ctx context.Context, d *db.DB, id string, draft bool) (bool, error) {
	v, was := 0, 1
	if draft {
		v, was = 1, 0
	}
	res, err := d.Exec(ctx, `UPDATE budget_processes SET draft = $2 WHERE id = $1 AND draft = $3`, id, v, was)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// processTitled is the id of the first process made with the title.
func processTitled(ctx context.Context, d *db.DB, title string) (string, error) {
	var id string
	err := d.QueryRow(ctx, `SELECT id FROM budget_processes WHERE title = $1 ORDER BY created_at LIMIT 1`, title).Scan(&id)
	return id, err
}
