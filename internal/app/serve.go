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
	"runtime/debug"
	"strings"
	"time"

	"commons/internal/config"
	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/audit"
	"commons/internal/platform/capability"
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

// Migrations lists the platform's, identity's and every capability's migrations in the order
// they apply.
func Migrations() []db.Migrations {
	ms := []db.Migrations{web.Migrations, ratelimit.Migrations, audit.Migrations, outbox.Migrations, identity.Migrations}
	for _, c := range Capabilities() {
		ms = append(ms, c.Migrations...)
	}
	return ms
}

// catalogues is every message catalogue.
func catalogues() []iofs.FS {
	cs := []iofs.FS{web.Messages, identity.Messages, site.Messages}
	for _, c := range Capabilities() {
		if c.Messages != nil {
			cs = append(cs, c.Messages)
		}
	}
	return cs
}

func templates() map[string]iofs.FS {
	ts := map[string]iofs.FS{"identity": identity.Templates, "site": site.Templates}
	for _, c := range Capabilities() {
		if c.Templates != nil {
			ts[c.Name] = c.Templates
		}
	}
	return ts
}

// built is one capability with what its Build returned.
type built struct {
	capability.Capability
	*capability.Parts
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

	// Env is the platform every capability was built on; its services are findable with
	// capability.Find (Service does it for tests).
	Env  *capability.Env
	caps []built
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
	s.Metrics.DB(d)
	s.Metrics.Outbox(ob)
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
		SlowDown:    c.SignInSlowDown,
		FormLimit:   &ratelimit.Limiter{DB: d, Limit: c.MailFormLimit, Window: time.Hour},
		MailLimit:   &ratelimit.Limiter{DB: d, Limit: c.MailRecipLimit, Window: time.Hour},
	})
	kit, err := web.New(web.Options{
		PlaceName: c.PlaceName, Secure: c.Secure(), SessionTTL: c.SessionTTL, TrustedProxies: c.TrustedProxies, MailConfigured: c.SMTPURL != "",
		DBTimeout: c.DBTimeout,
		Bundle:    bundle, DB: d, Log: log, Nav: nav(),
		Templates: templates(),
		LoadUser: func(r *http.Request, id string) (*actor.Actor, error) {
			return s.Identity.User(r.Context(), id)
		},
		LoadTokenUser: func(r *http.Request, token string) (*actor.Actor, error) {
			return s.Identity.TokenUser(r.Context(), token)
		},
		LanguageChosen: func(r *http.Request, u *actor.Actor, lang string) error {
			return s.Identity.SetLanguage(r.Context(), u.ID, lang)
		},
	})
	if err != nil {
		return nil, err
	}
	s.Kit = kit
	s.Identity.Sessions = kit
	s.Env = &capability.Env{Config: c, DB: d, Kit: kit, Outbox: ob, Log: log, T: bundle.T}
	s.Env.Provide(s.Identity)
	for _, c := range Capabilities() {
		kit.NoCSRF = append(kit.NoCSRF, c.NoCSRF...)
		parts, err := c.Build(s.Env)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		s.Env.Provide(parts.Services...)
		s.caps = append(s.caps, built{c, parts})
	}
	// The data download and account deletion reach every capability that holds something
	// about a person.
	for _, b := range s.caps {
		for href, count := range b.NavCounts {
			if kit.NavCounts == nil {
				kit.NavCounts = map[string]func(context.Context, string) (int, error){}
			}
			kit.NavCounts[href] = count
		}
		if b.Account != nil {
			s.Identity.Holders = append(s.Identity.Holders, identity.Holder{Name: b.Name, Hooks: b.Account})
		}
	}
	s.Identity.Confirmed = capability.All[identity.AddressConfirmed](s.Env)
	for _, b := range s.caps {
		if b.Connect != nil {
			if err := b.Connect(s.Env); err != nil {
				return nil, fmt.Errorf("%s: %w", b.Name, err)
			}
		}
	}
	// Compression outermost (it sees every answer, errors included); validators for feeds and
	// downloads next to the routes.
	s.Handler = web.Compress(kit.Handler(web.Conditional(s.Metrics.Wrap(s.routes()))))
	if c.MetricsToken != "" {
		// Answered before the session middleware, which would take the
		// scraper's bearer token for a person's API token.
		outer := http.NewServeMux()
		outer.Handle("/", s.Handler)
		outer.Handle("GET /metrics", web.Compress(s.guardedMetrics()))
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
	if missing := s.Kit.Static().MissingFrontEnd(); len(missing) > 0 {
		return fmt.Errorf("this commons binary was built without its front-end files (%s): its pages would have no styles or scripts. "+
			"Build it with `make build` (or `npm ci && npm run build`, then go build ./cmd/commons)", strings.Join(missing, ", "))
	}
	if c.Demo {
		if err := s.LoadDemo(ctx); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		// Loading the demo hashes passwords (64 MiB each) and writes thousands of rows: give
		// that memory back to the system now rather than when the scavenger gets round to it.
		debug.FreeOSMemory()
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
	for _, w := range s.Workers() {
		go w(workCtx)
	}
	for _, j := range s.Jobs() {
		go s.runJob(workCtx, j)
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

// Service returns the service of type T that a capability provides (for tests and commands).
func Service[T any](s *Server) T {
	t, ok := capability.Find[T](s.Env)
	if !ok {
		panic(fmt.Sprintf("no capability provides %T", t))
	}
	return t
}

// Workers is every capability's background loops.
func (s *Server) Workers() []func(context.Context) {
	var ws []func(context.Context)
	for _, b := range s.caps {
		ws = append(ws, b.Workers...)
	}
	return ws
}

// Jobs is the outbox's and every capability's background jobs.
func (s *Server) Jobs() []capability.Job {
	js := []capability.Job{{Name: "outbox", Every: 5 * time.Second, Kick: s.Outbox.Kick(), Run: s.Outbox.SendDue}}
	for _, b := range s.caps {
		js = append(js, b.Jobs...)
	}
	return js
}

// runJob runs a job on its interval (and when kicked) until ctx ends, logging failures and
// counting each run on /metrics.
func (s *Server) runJob(ctx context.Context, j capability.Job) {
	t := time.NewTicker(j.Every)
	defer t.Stop()
	for {
		start := time.Now()
		n, err := j.Run(ctx)
		if ctx.Err() != nil {
			return
		}
		s.Metrics.Job(j.Name, time.Since(start), n, err)
		if err != nil {
			s.Log.Error("job failed", "job", j.Name, "err", err)
		} else if n > 0 && j.Name != "outbox" {
			s.Log.Info("job ran", "job", j.Name, "items", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-j.Kick:
		}
	}
}
