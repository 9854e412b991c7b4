package identity

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"commons/internal/platform/db"
)

// batch is how many ids one IN list carries (well under either database's limit on parameters).
const batch = 500

// inChunks runs f over distinct, non-empty ids, batch at a time, with the IN list's placeholders.
func inChunks(ids []string, f func(marks string, args []any) error) error {
	seen := map[string]bool{}
	var uniq []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	sort.Strings(uniq)
	for len(uniq) > 0 {
		n := min(len(uniq), batch)
		args := make([]any, n)
		marks := make([]string, n)
		for i, id := range uniq[:n] {
			args[i] = id
			marks[i] = "$" + strconv.Itoa(i+1)
		}
		if err := f(strings.Join(marks, ", "), args); err != nil {
			return err
		}
		uniq = uniq[n:]
	}
	return nil
}

func peopleByID(ctx context.Context, d *db.DB, ids []string) (map[string]Person, error) {
	out := map[string]Person{}
	err := inChunks(ids, func(marks string, args []any) error {
		return db.Each(ctx, d, func(r db.Scanner) error {
			var p Person
			if err := r.Scan(&p.ID, &p.Name, &p.Email, &p.Language, &p.CreatedAt); err != nil {
				return err
			}
			p.CreatedAt = p.CreatedAt.UTC()
			out[p.ID] = p
			return nil
		}, `SELECT id, name, email, language, created_at FROM accounts WHERE id IN (`+marks+`)`, args...)
	})
	return out, err
}

func affiliationsOf(ctx context.Context, d *db.DB, accountIDs []string) (map[string]Affiliation, error) {
	out := map[string]Affiliation{}
	err := inChunks(accountIDs, func(marks string, args []any) error {
		return db.Each(ctx, d, func(r db.Scanner) error {
			var account string
			var a Affiliation
			if err := r.Scan(&account, &a.OrganisationID, &a.Name, &a.Sector); err != nil {
				return err
			}
			if _, ok := out[account]; !ok {
				out[account] = a
			}
			return nil
		}, `SELECT om.account_id, o.id, o.name, o.sector FROM organisation_members om
			JOIN organisations o ON o.id = om.organisation_id WHERE om.account_id IN (`+marks+`) ORDER BY om.account_id, o.name, o.id`, args...)
	})
	return out, err
}
