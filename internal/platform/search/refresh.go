package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Refresh brings the index up to date with every source, unless another server is doing it or
// did it less than fresh ago (force: do it anyway, after a change). It claims the refresh in
// the database, so of several servers one does the work; the claim lapses on its own if the
// server dies holding it. A source that fails is logged and keeps its documents as they were.
// It returns how many documents it wrote or removed, and the sources' failures.
func (x *Index) Refresh(ctx context.Context, sources []Source, fresh time.Duration, force bool, log *slog.Logger) (int, error) {
	if !force && fresh > 0 {
		last, err := x.LastRefresh(ctx)
		if err != nil {
			return 0, err
		}
		if !last.IsZero() && x.DB.Clock().Now().Sub(last) < fresh {
			return 0, nil
		}
	}
	ok, err := x.Claim(ctx, 5*time.Minute)
	if err != nil || !ok {
		return 0, err
	}
	total := 0
	var failed []error
	for _, s := range sources {
		docs, err := s.SearchDocuments(ctx)
		if err != nil {
			if log != nil {
				log.Error("search source failed", "source", s.SearchSource(), "err", err)
			}
			failed = append(failed, fmt.Errorf("search source %s: %w", s.SearchSource(), err))
			continue
		}
		n, err := x.Reconcile(ctx, s.SearchSource(), docs)
		if err != nil {
			_ = x.Release(ctx)
			return total, err
		}
		total += n
	}
	return total, errors.Join(append(failed, x.Release(ctx))...)
}
