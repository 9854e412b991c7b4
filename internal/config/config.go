// Package config holds everything Commons can be told at start-up: each setting is a flag and a
// COMMONS_* environment variable, and the README's configuration table is generated from the
// same list, so the two cannot drift apart.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the validated configuration of one Commons process.
type Config struct {
	Addr            string         // address to listen on
	DatabaseURL     string         // SQLite path/URL or postgres:// URL
	BaseURL         string         // public URL, used in links in mail
	PlaceName       string         // the place's name shown in the header
	SMTPURL         string         // outgoing mail; empty writes mail to the log
	MailFrom        string         // From address of outgoing mail
	Demo            bool           // load the demo borough before serving
	SessionTTL      time.Duration  // how long a sign-in lasts
	SignInLimit     int            // failed sign-ins allowed per account per window
	SignInAddrLimit int            // failed sign-ins allowed per network address per window
	TrustedProxies  []netip.Prefix // proxies whose X-Forwarded-For names the client
	SignInWindow    time.Duration  // the rate-limit window
	SignInSlowDown  time.Duration  // the wait before answering an account's third attempt in a window
	MailFormLimit   int            // mail-sending forms (register, forgot password, sign-in link) per network address per hour
	MailRecipLimit  int            // mail those forms send to one address per hour
	LogFormat       string         // text or json
	ShutdownTimeout time.Duration  // grace period on SIGTERM
	DBTimeout       time.Duration  // longest a request may spend on the database
	HoldFirstPosts  int            // network: how many first posts of a new account wait for a moderator (0: none)

	AssetReviewAge time.Duration // asset owners are reminded to check entries older than this
	MapTileURL     string        // tile server for maps, {z}/{x}/{y} template
	MapCentre      [2]float64    // latitude, longitude where a map with nothing on it yet starts
	// KnowledgeLicence is the open licence the knowledge hub's items are published under.
	KnowledgeLicence string

	GivingPrefix string // the council's registered 360Giving prefix, 360G-…
	OrgID        string // the council's organisation identifier (org-id.guide), e.g. GB-LAE-ABC

	MetricsToken string // when set, /metrics answers only requests bearing it

	SQLiteSynchronous string // "full" (every commit on disk) or "normal" (faster; a power cut may lose the last commits)

	OwnershipSchemes    []string // community ownership schemes the council runs: acv, cat, atr
	CommunityRightToBuy bool     // assets of community value: the proposed community right to buy's timetable
}

// setting describes one configuration value once, for the flag set, the environment and the docs.
type setting struct {
	flag, env, def, help string
	set                  func(c *Config, v string) error
}

func settings() []setting {
	str := func(p func(*Config) *string) func(*Config, string) error {
		return func(c *Config, v string) error { *p(c) = v; return nil }
	}
	dur := func(p func(*Config) *time.Duration) func(*Config, string) error {
		return func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("must be a positive duration such as 30m or 720h, not %q", v)
			}
			*p(c) = d
			return nil
		}
	}
	nonNegativeDur := func(p func(*Config) *time.Duration) func(*Config, string) error {
		return func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 || d > time.Minute {
				return fmt.Errorf("must be a duration from 0 to 1m such as 500ms, not %q", v)
			}
			*p(c) = d
			return nil
		}
	}
	positive := func(p func(*Config) *int) func(*Config, string) error {
		return func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return fmt.Errorf("must be a whole number of at least 1, not %q", v)
			}
			*p(c) = n
			return nil
		}
	}
	return []setting{
		{"addr", "COMMONS_ADDR", "127.0.0.1:8080", "address and port to listen on", str(func(c *Config) *string { return &c.Addr })},
		{"db", "COMMONS_DATABASE_URL", "commons.db", "database: a SQLite file path (or file: URL), or a postgres:// URL", str(func(c *Config) *string { return &c.DatabaseURL })},
		{"base-url", "COMMONS_BASE_URL", "", "public URL of the site, used in links sent by mail (default: http://ADDR)", str(func(c *Config) *string { return &c.BaseURL })},
		{"place", "COMMONS_PLACE_NAME", "Commons", "the name of the place, shown in the header of every page", str(func(c *Config) *string { return &c.PlaceName })},
		{"smtp-url", "COMMONS_SMTP_URL", "", "outgoing mail server, smtp://user:pass@host:587 or smtps://...; empty writes mail to the log", str(func(c *Config) *string { return &c.SMTPURL })},
		{"mail-from", "COMMONS_MAIL_FROM", "Commons <no-reply@commons.invalid>", "From address of mail Commons sends", str(func(c *Config) *string { return &c.MailFrom })},
		{"demo", "COMMONS_DEMO", "false", "load the fictional demo borough before serving (serve only)", func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("must be true or false, not %q", v)
			}
			c.Demo = b
			return nil
		}},
		{"session-ttl", "COMMONS_SESSION_TTL", "720h", "how long a sign-in lasts", dur(func(c *Config) *time.Duration { return &c.SessionTTL })},
		{"sign-in-limit", "COMMONS_SIGN_IN_LIMIT", "5", "failed sign-ins allowed per account in one window; after that the account signs in only with a link sent to its email address (which also tells the owner)", positive(func(c *Config) *int { return &c.SignInLimit })},
		{"sign-in-slow-down", "COMMONS_SIGN_IN_SLOW_DOWN", "500ms", "how long the answer to an account's third sign-in attempt in a window waits; each further attempt waits twice as long, up to eight times this (0: no waiting)", nonNegativeDur(func(c *Config) *time.Duration { return &c.SignInSlowDown })},
		{"sign-in-address-limit", "COMMONS_SIGN_IN_ADDRESS_LIMIT", "20", "failed sign-ins allowed per network address in one window; after that people there sign in with a link sent to their email address (higher: a library or office shares one address)", positive(func(c *Config) *int { return &c.SignInAddrLimit })},
		{"trusted-proxies", "COMMONS_TRUSTED_PROXIES", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For header names the client", func(c *Config, v string) error {
			c.TrustedProxies = nil
			for _, f := range strings.Split(v, ",") {
				f = strings.TrimSpace(f)
				if f == "" {
					continue
				}
				p, err := netip.ParsePrefix(f)
				if err != nil {
					a, aerr := netip.ParseAddr(f)
					if aerr != nil {
						return fmt.Errorf("must be addresses or CIDR ranges such as 10.0.0.0/8, not %q", f)
					}
					p = netip.PrefixFrom(a, a.BitLen())
				}
				c.TrustedProxies = append(c.TrustedProxies, p.Masked())
			}
			return nil
		}},
		{"sign-in-window", "COMMONS_SIGN_IN_WINDOW", "15m", "the window for the sign-in limit", dur(func(c *Config) *time.Duration { return &c.SignInWindow })},
		{"mail-form-limit", "COMMONS_MAIL_FORM_LIMIT", "20", "forms that send mail to an address someone typed (register, forgotten password, sign-in link) allowed per network address per hour", positive(func(c *Config) *int { return &c.MailFormLimit })},
		{"mail-recipient-limit", "COMMONS_MAIL_RECIPIENT_LIMIT", "3", "mail those forms send to any one address per hour; beyond it the form answers as usual and sends nothing", positive(func(c *Config) *int { return &c.MailRecipLimit })},
		{"log-format", "COMMONS_LOG_FORMAT", "text", "log format: text or json", func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return fmt.Errorf("must be text or json, not %q", v)
			}
			c.LogFormat = v
			return nil
		}},
		{"shutdown-timeout", "COMMONS_SHUTDOWN_TIMEOUT", "20s", "how long to let requests finish on SIGTERM", dur(func(c *Config) *time.Duration { return &c.ShutdownTimeout })},
		{"db-timeout", "COMMONS_DB_TIMEOUT", "20s", "longest a request may spend on the database: past it the request's queries are stopped and the page says so (503); on PostgreSQL also the longest any one statement of the server may run", dur(func(c *Config) *time.Duration { return &c.DBTimeout })},
		{"hold-first-posts", "COMMONS_HOLD_FIRST_POSTS", "0", "network: how many first posts of an account under a week old wait for a moderator's approval (0: none are held)", func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("must be a whole number of at least 0, not %q", v)
			}
			c.HoldFirstPosts = n
			return nil
		}},
		{"asset-review-age", "COMMONS_ASSET_REVIEW_AGE", "4320h", "asset map: owners are emailed to check entries not checked for this long", dur(func(c *Config) *time.Duration { return &c.AssetReviewAge })},
		{"map-tile-url", "COMMONS_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "tile server for maps ({z}/{x}/{y} template); the lists work without it", func(c *Config, v string) error {
			if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") || !strings.Contains(v, "{z}") {
				return fmt.Errorf("must be an http(s) URL template with {z}, {x} and {y}, not %q", v)
			}
			c.MapTileURL = v
			return nil
		}},
		{"360giving-prefix", "COMMONS_360GIVING_PREFIX", "", "the council's registered 360Giving prefix (360G-…) for the grant ids of funded PB projects; empty: 360G-commons-PLACE, fine for trying Commons but not for publishing", func(c *Config, v string) error {
			if v != "" && (!strings.HasPrefix(v, "360G-") || len(v) < 6 || strings.ContainsAny(v, " /")) {
				return fmt.Errorf("must be a registered prefix like 360G-aberhaven, not %q", v)
			}
			c.GivingPrefix = v
			return nil
		}},
		{"org-id", "COMMONS_ORG_ID", "", "the council's organisation identifier from org-id.guide (like GB-LAE-ABC), the funder in 360Giving data; empty: XI-COMMONS-PLACE, a placeholder", func(c *Config, v string) error {
			parts := strings.SplitN(v, "-", 3)
			if v != "" && (len(parts) < 3 || len(parts[0]) != 2 || parts[1] == "" || parts[2] == "" || strings.ContainsAny(v, " /")) {
				return fmt.Errorf("must be an org-id like GB-LAE-ABC or GB-COH-01234567, not %q", v)
			}
			c.OrgID = v
			return nil
		}},
		{"map-centre", "COMMONS_MAP_CENTRE", "51.62,-3.94", "latitude,longitude where a map with nothing on it yet starts (the idea form's map): the middle of your area", func(c *Config, v string) error {
			lat, lng, ok := strings.Cut(v, ",")
			la, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
			lo, err2 := strconv.ParseFloat(strings.TrimSpace(lng), 64)
			if !ok || err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
				return fmt.Errorf("must be latitude,longitude in degrees, like 51.62,-3.94, not %q", v)
			}
			c.MapCentre = [2]float64{la, lo}
			return nil
		}},
		{"metrics-token", "COMMONS_METRICS_TOKEN", "", "when set, /metrics answers only requests with the header Authorization: Bearer TOKEN (a scrape job's bearer token; 16 characters or more, no spaces); empty: /metrics is open to anyone who can reach the server",
			// Checked in Parse: the flag package would repeat a refused value in its error.
			str(func(c *Config) *string { return &c.MetricsToken })},
		{"sqlite-synchronous", "COMMONS_SQLITE_SYNCHRONOUS", "full", "SQLite only: full writes every commit to disk before answering, so a power cut or an operating-system crash cannot lose an acknowledged ballot, booking or exchange; normal is faster but such a crash can lose the last few seconds of acknowledged writes (the file stays intact; a crash of Commons alone loses nothing). See docs/operations.md", func(c *Config, v string) error {
			v = strings.ToLower(v)
			if v != "full" && v != "normal" {
				return fmt.Errorf("must be full or normal, not %q", v)
			}
			c.SQLiteSynchronous = v
			return nil
		}},
		{"knowledge-licence", "COMMONS_KNOWLEDGE_LICENCE", "https://creativecommons.org/licenses/by/4.0/", "knowledge hub: the address of the open licence its methods, case studies, films, courses and toolkits are published under as data (each item names it)", func(c *Config, v string) error {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(v, " \t\n") {
				return fmt.Errorf("must be the licence's web address, such as https://creativecommons.org/licenses/by/4.0/, not %q", v)
			}
			c.KnowledgeLicence = v
			return nil
		}},
		{"ownership-schemes", "COMMONS_OWNERSHIP_SCHEMES", "acv,cat,atr", "community ownership: the schemes the council runs, comma-separated: acv (England's assets of community value), cat (community asset transfer under the council's policy), atr (Scotland's asset transfer requests and register of land)", func(c *Config, v string) error {
			c.OwnershipSchemes = nil
			for _, f := range strings.Split(v, ",") {
				f = strings.TrimSpace(f)
				if f == "" {
					continue
				}
				if f != "acv" && f != "cat" && f != "atr" {
					return fmt.Errorf("must be acv, cat and atr, comma-separated, not %q", v)
				}
				c.OwnershipSchemes = append(c.OwnershipSchemes, f)
			}
			return nil
		}},
		{"community-right-to-buy", "COMMONS_COMMUNITY_RIGHT_TO_BUY", "false", "assets of community value: use the community right to buy the English Devolution and Community Empowerment Bill proposes (a 12-month moratorium with first refusal) for new nominations, once it is law and in force; false keeps the Localism Act 2011 timetable", func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("must be true or false, not %q", v)
			}
			c.CommunityRightToBuy = b
			return nil
		}},
	}
}

// Parse reads settings from defaults, then the environment, then flags (each overriding the one
// before), and returns the remaining positional arguments.
func Parse(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, []string, error) {
	var c Config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var errs []error
	for _, s := range settings() {
		v := s.def
		if e := getenv(s.env); e != "" {
			v = e
		}
		if err := s.set(&c, v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.env, err))
		}
		s := s
		if s.flag == "demo" || s.flag == "community-right-to-buy" {
			fs.BoolFunc(s.flag, s.help, func(v string) error { return s.set(&c, v) })
			continue
		}
		fs.Func(s.flag, s.help+" (default "+strconv.Quote(s.def)+")", func(v string) error { return s.set(&c, v) })
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	if len(errs) > 0 {
		return c, nil, errors.Join(errs...)
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, nil, fmt.Errorf("base-url: must be an http or https URL, not %q", c.BaseURL)
	}
	if strings.TrimSpace(c.PlaceName) == "" {
		return c, nil, errors.New("place: must not be empty")
	}
	if t := c.MetricsToken; t != "" && (len(t) < 16 || strings.ContainsAny(t, " \t\r\n")) {
		return c, nil, errors.New("metrics-token (COMMONS_METRICS_TOKEN): must be 16 characters or more, with no spaces (the value is not shown here)")
	}
	return c, fs.Args(), nil
}

// Secure reports whether the site is served over TLS, so cookies get the Secure attribute.
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// Table renders the settings as the Markdown table in the README.
func Table() string {
	var b strings.Builder
	b.WriteString("| flag | environment variable | default | what it does |\n|---|---|---|---|\n")
	for _, s := range settings() {
		def := s.def
		if def == "" {
			def = "(none)"
		}
		fmt.Fprintf(&b, "| `--%s` | `%s` | `%s` | %s |\n", s.flag, s.env, def, s.help)
	}
	return b.String()
}
