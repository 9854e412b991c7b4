package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"time"

	"commons/internal/config"
	"commons/internal/identity"
	"commons/internal/platform/audit"
	"commons/internal/platform/db"
	"commons/internal/platform/i18n"
	"commons/internal/platform/mail"
	"commons/internal/platform/metrics"
	"commons/internal/platform/outbox"
	"commons/internal/platform/ratelimit"
	"commons/internal/platform/secret"
	"commons/internal/platform/web"
	"commons/internal/site"
)

// Migrations lists every capability's migrations in the order they apply.
func Migrations() []db.Migrations {
	ms := []db.Migrations{web.Migrations, ratelimit.Migrations, audit.Migrations, outbox.Migrations, identity.Migrations}
	for _, more := range [][]db.Migrations{budgetingMigrations(), assetsMigrations(), coproductionMigrations(), eventsMigrations(), networkMigrations()} {
		ms = append(ms, more...)
	}
	return ms
}

// catalogues is every message catalogue.
func catalogues() []iofs.FS {
	cs := []iofs.FS{web.Messages, identity.Messages, site.Messages}
	for _, more := range [][]iofs.FS{budgetingMessages(), assetsMessages(), coproductionMessages(), eventsMessages(), networkMessages()} {
		cs = append(cs, more...)
	}
	return cs
}

func templates() map[string]iofs.FS {
	ts := map[string]iofs.FS{"identity": identity.Templates, "site": site.Templates}
	for _, more := range []map[string]iofs.FS{budgetingTemplates(), assetsTemplates(), coproductionTemplates(), eventsTemplates(), networkTemplates()} {
		for name, fsys := range more {
			ts[name] = fsys
		}
	}
	return ts
}

// Server is a built Commons: every service wired, ready to serve.
type Server struct {
	Config   config.Config
	DB       *db.DB
	Kit      *web.Kit
	Outbox   *outbox.Outbox
	Identity *identity.Service
	Metrics  *metrics.Registry
	Handler  http.Handler
	Log      *slog.Logger

	Budgeting    budgetingCap
	Assets       assetsCap
	Coproduction coproductionCap
	Events       eventsCap
	Network      networkCap
}

// Build wires every capability over an open, migrated database.
func Build(c config.Config, d *db.DB, log *slog.Logger, hash func(string) (string, error)) (*Server, error) {
	bundle, err := i18n.New(catalogues()...)
	if err != nil {
		return nil, err
	}
	var sender mail.Sender
	if c.SMTPURL != "" {
		s, err := mail.NewSMTP(c.SMTPURL)
		if err != nil {
			return nil, fmt.Errorf("smtp-url: %w", err)
		}
		sender = s
	} else {
		sender = mail.NewLogSender(log)
	}
	ob := outbox.New(d, func(ctx context.Context, m mail.Message) error {
		return sender.Send(ctx, c.MailFrom, m)
	}, log)
	s := &Server{Config: c, DB: d, Outbox: ob, Log: log, Metrics: metrics.New()}
	if hash == nil {
		hash = secret.HashPassword
	}
	// Each argon2id hash takes 64 MiB: a burst of sign-ins queues here instead of exhausting memory.
	slots := make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	limitedHash := func(pw string) (string, error) {
		slots <- struct{}{}
		defer func() { <-slots }()
		return hash(pw)
	}
	limitedCheck := func(encoded, pw string) (bool, error) {
		slots <- struct{}{}
		defer func() { <-slots }()
		return secret.CheckPassword(encoded, pw)
	}
	s.Identity = identity.NewService(identity.Deps{
		DB: d, Outbox: ob, HashPassword: limitedHash, CheckPassword: limitedCheck,
		T: bundle.T, BaseURL: c.BaseURL,
		SignInLimit: &ratelimit.Limiter{DB: d, Limit: c.SignInLimit, Window: c.SignInWindow},
		AddrLimit:   &ratelimit.Limiter{DB: d, Limit: c.SignInAddrLimit, Window: c.SignInWindow},
	})
	kit, err := web.New(web.Options{
		PlaceName: c.PlaceName, Secure: c.Secure(), SessionTTL: c.SessionTTL, TrustedProxies: c.TrustedProxies, MailConfigured: c.SMTPURL != "",
		Bundle: bundle, DB: d, Log: log, Nav: nav(),
		Templates: templates(),
		LoadUser: func(r *http.Request, id string) (*web.User, error) {
			return s.Identity.User(r.Context(), id)
		},
		LoadTokenUser: func(r *http.Request, token string) (*web.User, error) {
			return s.Identity.TokenUser(r.Context(), token)
		},
		LanguageChosen: func(r *http.Request, u *web.User, lang string) error {
			return s.Identity.SetLanguage(r.Context(), u.ID, lang)
		},
	})
	if err != nil {
		return nil, err
	}
	s.Kit = kit
	s.Identity.Sessions = kit
	for _, wire := range []func(*i18n.Bundle) error{s.wireBudgeting, s.wireAssets, s.wireCoproduction, s.wireEvents, s.wireNetwork} {
		if err := wire(bundle); err != nil {
			return nil, err
		}
	}
	s.Handler = kit.Handler(s.Metrics.Wrap(s.routes()))
	if c.MetricsToken != "" {
		// Answered before the session middleware, which would take the
		// scraper's bearer token for a person's API token.
		outer := http.NewServeMux()
		outer.Handle("/", s.Handler)
		outer.Handle("GET /metrics", s.guardedMetrics())
		outer.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		})
		s.Handler = outer
	}
	return s, nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, _, err := parse("serve", args, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	log := newLogger(c, stderr)
	d, err := openDB(ctx, c, log)
	if err != nil {
		return err
	}
	defer d.Close()
	s, err := Build(c, d, log, nil)
	if err != nil {
		return err
	}
	if c.Demo {
		if err := s.LoadDemo(ctx); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	srv := &http.Server{
		Handler:           s.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	go s.Outbox.Run(workCtx, 5*time.Second)
	for _, w := range s.Workers() {
		go w(workCtx)
	}

	addr := "http://" + ln.Addr().String()
	log.Info("serving", "addr", addr, "base_url", c.BaseURL, "database", d.Dialect().Name(), "version", version())
	fmt.Fprintln(stdout, "commons: listening on", addr)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", c.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), c.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	stopWork()
	log.Info("stopped")
	return nil
}

// Workers is every capability's background loops.
func (s *Server) Workers() []func(context.Context) {
	var ws []func(context.Context)
	for _, more := range [][]func(context.Context){s.budgetingWorkers(), s.assetsWorkers(), s.coproductionWorkers(), s.eventsWorkers(), s.networkWorkers()} {
		ws = append(ws, more...)
	}
	return ws
}
