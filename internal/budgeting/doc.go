// Package budgeting is participatory budgeting in Commons: processes with their budgets (whole
// and per area), phases and voting rules; residents' ideas with supports, comments and
// moderation; officers' feasibility review, which turns accepted ideas into ballot projects;
// voting online (with an account or a one-time code) and on paper; the count with package
// tally, results with downloads (Pabulib, CSV, 360Giving); and delivery milestones and updates.
//
// Tables: budget_processes, budget_area_budgets, budget_ideas, budget_supports,
// budget_comments, budget_codes, budget_ballots, budget_choices, budget_results,
// budget_milestones, budget_updates. One ballot per voter is the UNIQUE (process_id, voter_key)
// constraint of budget_ballots: an account votes as "account:ID", a one-time code as "code:ID",
// a paper ballot as "paper:REFERENCE".
//
// internal/app wires it; nothing else imports it.
package budgeting
