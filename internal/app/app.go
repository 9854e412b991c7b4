// Package app is the composition root: it parses the configuration, opens the database, builds
// every capability's service and handlers, lists every route (routes.go) and runs the
// sub-commands. main only calls Run, so tests start the real program too.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"commons/internal/config"
	"commons/internal/platform/capability"
	"commons/internal/platform/db"
)

// Version is set at build time with -ldflags "-X commons/internal/app.Version=…".
var Version = "dev"

const usage = `Commons: participation, community assets and social action for a place.

Usage:
  commons serve [flags]     run the web app (creating and migrating the database)
  commons serve --demo      load the fictional demo borough first
  commons migrate [flags]   apply database migrations and exit
  commons backup FILE       write a consistent copy of the live SQLite database to FILE
  commons version           print the version
%s
Run 'commons serve -h' for the flags; each also has a COMMONS_* environment variable.
`

// usageText is the usage with every capability's commands.
func usageText() string {
	var more strings.Builder
	for _, c := range Capabilities() {
		for _, command := range c.Commands {
			fmt.Fprintf(&more, "  commons %-18s%s\n", command.Name+" "+command.Args, command.Summary)
		}
	}
	return fmt.Sprintf(usage, more.String())
}

// runCommand runs a capability's command: an offline one at once, others over the configured,
// migrated database with every capability built.
func runCommand(ctx context.Context, command capability.Command, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if command.Offline {
		return command.Run(ctx, nil, args, stdout, stderr)
	}
	c, rest, err := parse(command.Name, args, getenv, stderr)
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
	return command.Run(ctx, s.Env, rest, stdout, stderr)
}

// Run runs one sub-command and returns its error; args exclude the program name.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText())
		return ErrUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "backup":
		return backup(ctx, rest, getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "commons", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageText())
		return nil
	}
	for _, c := range Capabilities() {
		for _, command := range c.Commands {
			if command.Name == cmd {
				return runCommand(ctx, command, rest, getenv, stdout, stderr)
			}
		}
	}
	fmt.Fprintf(stderr, "commons: unknown command %q\n\n%s", cmd, usageText())
	return ErrUsage
}

// ErrUsage means the command line was wrong (exit status 2).
var ErrUsage = capability.ErrUsage

func version() string {
	if Version != "dev" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return Version
}

func parse(name string, args []string, getenv func(string) string, stderr io.Writer) (config.Config, []string, error) {
	c, rest, err := config.Parse(name, args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return c, nil, err
	}
	if err != nil {
		fmt.Fprintf(stderr, "commons %s: %v\n", name, err)
		return c, nil, ErrUsage
	}
	return c, rest, nil
}

func newLogger(c config.Config, w io.Writer) *slog.Logger {
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// openDB opens and migrates the database.
func openDB(ctx context.Context, c config.Config, log *slog.Logger) (*db.DB, error) {
	d, err := db.OpenWith(ctx, c.DatabaseURL, nil, db.Options{SQLiteSynchronous: c.SQLiteSynchronous})
	if err != nil {
		return nil, err
	}
	applied, err := d.Migrate(ctx, Migrations()...)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if len(applied) > 0 {
		log.Info("migrated", "dialect", d.Dialect().Name(), "applied", strings.Join(applied, ", "))
	}
	if u, ok := withStatementTimeout(c.DatabaseURL, c.DBTimeout); ok {
		// Migrations ran without it (an index on a big table may take a while); everything
		// after runs with PostgreSQL's statement_timeout, so the server itself stops any
		// statement past the bound, whoever sent it.
		d.Close()
		return db.Open(ctx, u, nil)
	}
	return d, nil
}

// withStatementTimeout adds PostgreSQL's statement_timeout to a postgres:// URL that does not
// set one already (pgx passes it to the server as a run-time parameter).
func withStatementTimeout(rawURL string, timeout time.Duration) (string, bool) {
	if timeout <= 0 || !(strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://")) {
		return "", false
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", false
	}
	q := u.Query()
	if q.Has("statement_timeout") {
		return "", false
	}
	q.Set("statement_timeout", strconv.FormatInt(timeout.Milliseconds(), 10))
	u.RawQuery = q.Encode()
	return u.String(), true
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, _, err := parse("migrate", args, getenv, stderr)
	if err != nil {
		return err
	}
	d, err := openDB(ctx, c, newLogger(c, stderr))
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintln(stdout, "commons: the", d.Dialect().Name(), "database is up to date")
	return nil
}

func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, rest, err := parse("backup", args, getenv, stderr)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "usage: commons backup [--db FILE] BACKUP-FILE")
		return ErrUsage
	}
	if _, err := os.Stat(rest[0]); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", rest[0])
	}
	d, err := openDB(ctx, c, newLogger(c, stderr))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(ctx, rest[0]); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintln(stdout, "commons: wrote a consistent copy of the database to", rest[0])
	return nil
}

// ExitError is an exit status a sub-command chose after printing its own message.
type ExitError = capability.ExitStatus
