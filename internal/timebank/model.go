package timebank

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/errs"
)

// Bank is one time bank.
type Bank struct {
	ID                string    `json:"id"`
	Name              string    `json:"name"`
	NameCy            string    `json:"name_cy,omitempty"`
	Summary           string    `json:"summary"`
	SummaryCy         string    `json:"summary_cy,omitempty"`
	Rules             string    `json:"rules"`
	RulesCy           string    `json:"rules_cy,omitempty"`
	AreaID            string    `json:"area_id,omitempty"`
	ContactEmail      string    `json:"contact_email,omitempty"`
	ContactPhone      string    `json:"contact_phone,omitempty"`
	JoinMode          string    `json:"join_mode"`
	MustConfirm       bool      `json:"must_confirm"`
	PersonLimit       int64     `json:"person_limit_minutes"`
	OrganisationLimit int64     `json:"organisation_limit_minutes"`
	PoolLimit         int64     `json:"pool_limit_minutes"`
	JoiningCredit     int64     `json:"joining_credit_minutes"`
	ListingDays       int       `json:"listing_days"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
	Members           int       `json:"members"`
	PoolAccount       string    `json:"pool_account_id"`
}

// Local is the bank's name in the page's language (the English name when no Welsh was given).
func (b Bank) Local(lang string) string {
	if lang == "cy" && b.NameCy != "" {
		return b.NameCy
	}
	return b.Name
}

// LocalSummary is the summary in the page's language.
func (b Bank) LocalSummary(lang string) string {
	if lang == "cy" && b.SummaryCy != "" {
		return b.SummaryCy
	}
	return b.Summary
}

// LocalRules is the rules in the page's language.
func (b Bank) LocalRules(lang string) string {
	if lang == "cy" && b.RulesCy != "" {
		return b.RulesCy
	}
	return b.Rules
}

// Join modes.
const (
	JoinOpen     = "open"
	JoinApproval = "approval"
)

// Member kinds and roles.
const (
	KindPerson       = "person"
	KindOrganisation = "organisation"
	KindOffline      = "offline" // a person without internet, whose exchanges a broker records

	RoleMember = "member"
	RoleBroker = "broker"

	StatusPending = "pending"
	StatusActive  = "active"
	StatusLeft    = "left"
	StatusRemoved = "removed"
)

// Member is a person or organisation in one bank.
type Member struct {
	ID             string     `json:"id"`
	BankID         string     `json:"bank_id"`
	Kind           string     `json:"kind"`
	AccountID      string     `json:"-"`
	OrganisationID string     `json:"organisation_id,omitempty"`
	Name           string     `json:"name"`
	Contact        string     `json:"-"` // how a broker reaches an offline member
	About          string     `json:"about,omitempty"`
	Role           string     `json:"role"`
	Status         string     `json:"status"`
	AreaID         string     `json:"area_id,omitempty"`
	ShareEmail     bool       `json:"share_email"`
	PublicName     bool       `json:"public_name"`
	LimitOverride  *int64     `json:"limit_override_minutes,omitempty"`
	AddedBy        string     `json:"-"`
	AddedHow       string     `json:"added_how,omitempty"`
	ImportedRef    string     `json:"imported_ref,omitempty"`
	JoinedAt       time.Time  `json:"joined_at"`
	AnonymisedAt   *time.Time `json:"-"`
	// The member's account in the bank.
	Account string `json:"account_id"`
	Balance int64  `json:"balance_minutes"`
	Floor   int64  `json:"limit_minutes"`
}

// Broker reports whether the member coordinates the bank.
func (m Member) Broker() bool { return m.Role == RoleBroker && m.Status == StatusActive }

// Active reports whether the member may exchange.
func (m Member) Active() bool { return m.Status == StatusActive }

// Account kinds.
const (
	AccountMember   = "member"
	AccountPool     = "pool"
	AccountClearing = "clearing"
)

// Account is one account in a bank's book.
type Account struct {
	ID            string `json:"id"`
	BankID        string `json:"bank_id"`
	Kind          string `json:"kind"`
	MemberID      string `json:"member_id,omitempty"`
	PartnerBankID string `json:"partner_bank_id,omitempty"`
	Balance       int64  `json:"balance_minutes"`
	Floor         int64  `json:"limit_minutes"`
	Postings      int    `json:"postings"`
	// Name is who holds it: the member's name, or the bank's pool, or the clearing account's
	// partner bank.
	Name string `json:"name"`
}

// Exchange statuses.
const (
	ExPending   = "pending"
	ExConfirmed = "confirmed"
	ExDeclined  = "declined"
	ExCancelled = "cancelled"
	ExReversed  = "reversed"
)

// Who recorded an exchange.
const (
	AsGiver    = "giver"
	AsReceiver = "receiver"
	AsBroker   = "broker"
)

// Channels through which a broker heard of an exchange they record for someone.
var Channels = []string{"phone", "paper", "in_person", "email"}

// Exchange is help given and received, and its place in the ledger once posted.
type Exchange struct {
	ID              string         `json:"id"`
	BankID          string         `json:"bank_id"`
	Kind            string         `json:"kind"` // single or group
	Status          string         `json:"status"`
	Category        string         `json:"category"`
	Note            string         `json:"note"`
	Minutes         int64          `json:"minutes"`
	HappenedOn      string         `json:"happened_on"`
	RecordedAs      string         `json:"recorded_as"`
	RecordedMember  string         `json:"recorded_member_id,omitempty"`
	AwaitingMember  string         `json:"awaiting_member_id,omitempty"`
	CreatedBy       string         `json:"-"`
	CreatedByName   string         `json:"recorded_by,omitempty"`
	AssistedChannel string         `json:"assisted_channel,omitempty"`
	AssistedNote    string         `json:"assisted_note,omitempty"`
	ListingID       string         `json:"listing_id,omitempty"`
	CreatedAt       time.Time      `json:"created_at"`
	DecidedAt       *time.Time     `json:"decided_at,omitempty"`
	DecidedBy       string         `json:"-"`
	DecidedChannel  string         `json:"decided_channel,omitempty"`
	DeclineReason   string         `json:"decline_reason,omitempty"`
	Lines           []ExchangeLine `json:"lines"`
	TransactionID   string         `json:"transaction_id,omitempty"`
	ReversalID      string         `json:"reversal_id,omitempty"`
	ReversalNote    string         `json:"reversal_note,omitempty"`
}

// ExchangeLine is one movement of an exchange: Payer received Minutes of help from Payee.
type ExchangeLine struct {
	Payer   Party `json:"receiver"`
	Payee   Party `json:"giver"`
	Minutes int64 `json:"minutes"`
}

// Party is an account's holder as an exchange shows it.
type Party struct {
	Account  string `json:"account_id"`
	BankID   string `json:"bank_id"`
	MemberID string `json:"member_id,omitempty"`
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	BankName string `json:"bank_name,omitempty"`
}

// Agreement lets members of two banks exchange with each other.
type Agreement struct {
	ID         string     `json:"id"`
	BankLow    string     `json:"-"`
	BankHigh   string     `json:"-"`
	Proposer   string     `json:"proposer_bank_id"`
	Limit      int64      `json:"limit_minutes"`
	Status     string     `json:"status"`
	Note       string     `json:"note"`
	ProposedAt time.Time  `json:"proposed_at"`
	DecidedAt  *time.Time `json:"decided_at,omitempty"`
	// From one bank's point of view.
	Partner     string `json:"partner_bank_id"`
	PartnerName string `json:"partner_bank_name"`
	Balance     int64  `json:"clearing_balance_minutes"`
}

// Categories of help, for listings and exchanges (their names are in the catalogues as
// timebank.cat.KEY).
var Categories = []string{
	"befriending", "gardening", "diy", "transport", "shopping", "cooking", "cleaning",
	"computers", "teaching", "languages", "arts", "music", "sewing", "paperwork",
	"childcare", "pets", "wellbeing", "community", "other",
}

// ValidCategory reports whether c is one of Categories.
func ValidCategory(c string) bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

// Limits on what people type.
const (
	maxName    = 120
	maxSummary = 300
	maxRules   = 8000
	maxNote    = 500
	maxAbout   = 1000
	// MaxExchangeMinutes is the most one line of an exchange may be: 24 hours.
	MaxExchangeMinutes = 24 * 60
	// MaxGroup is the most people in one group exchange.
	MaxGroup = 60
)

// BankInput is what a broker or officer sets on a bank.
type BankInput struct {
	Name, NameCy, Summary, SummaryCy, Rules, RulesCy string
	AreaID, ContactEmail, ContactPhone, JoinMode     string
	MustConfirm                                      bool
	PersonLimit, OrganisationLimit, PoolLimit        string // hours, as typed
	JoiningCredit                                    string // hours
	ListingDays                                      string
}

// bankValues are a BankInput's checked values.
type bankValues struct {
	personLimit, orgLimit, poolLimit, joining int64
	listingDays                               int
}

// Validate checks the input, returning its numbers.
func (in *BankInput) Validate() (bankValues, error) {
	f := map[string]string{}
	var v bankValues
	text := func(field, s string, min, max int, key string) {
		if n := utf8.RuneCountInString(strings.TrimSpace(s)); n < min || n > max {
			f[field] = key
		}
	}
	text("name", in.Name, 1, maxName, "timebank.err.name")
	text("name_cy", in.NameCy, 0, maxName, "timebank.err.name")
	text("summary", in.Summary, 1, maxSummary, "timebank.err.summary")
	text("summary_cy", in.SummaryCy, 0, maxSummary, "timebank.err.summary")
	text("rules", in.Rules, 1, maxRules, "timebank.err.rules")
	text("rules_cy", in.RulesCy, 0, maxRules, "timebank.err.rules")
	if in.JoinMode != JoinOpen && in.JoinMode != JoinApproval {
		f["join_mode"] = "timebank.err.join_mode"
	}
	if len(in.ContactPhone) > 40 {
		f["contact_phone"] = "timebank.err.phone"
	}
	if in.ContactEmail != "" && (!strings.Contains(in.ContactEmail, "@") || len(in.ContactEmail) > 254 || strings.ContainsAny(in.ContactEmail, " <>\r\n")) {
		f["contact_email"] = "timebank.err.email"
	}
	limit := func(field, s string, dst *int64) {
		m, err := ParseHours(s)
		if err != nil || m > 1000*60 {
			f[field] = "timebank.err.limit"
			return
		}
		*dst = -m
	}
	limit("person_limit", in.PersonLimit, &v.personLimit)
	limit("organisation_limit", in.OrganisationLimit, &v.orgLimit)
	limit("pool_limit", in.PoolLimit, &v.poolLimit)
	if m, err := ParseHours(in.JoiningCredit); err != nil || m > 10*60 {
		f["joining_credit"] = "timebank.err.joining_credit"
	} else {
		v.joining = m
	}
	if n, err := strconv.Atoi(strings.TrimSpace(in.ListingDays)); err != nil || n < 7 || n > 365 {
		f["listing_days"] = "timebank.err.listing_days"
	} else {
		v.listingDays = n
	}
	if len(f) > 0 {
		return v, errs.FieldErrors(f)
	}
	return v, nil
}

// ParseHours reads a number of hours as people type it: "2", "1.5", "1:30", "0:45", or "".
// for none. It returns whole minutes and refuses negatives and fractions of a minute.
func ParseHours(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if h, m, ok := strings.Cut(s, ":"); ok {
		hh, err1 := strconv.ParseInt(strings.TrimSpace(h), 10, 64)
		mm, err2 := strconv.ParseInt(strings.TrimSpace(m), 10, 64)
		if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 100000 || len(strings.TrimSpace(m)) != 2 {
			return 0, fmt.Errorf("not hours and minutes: %q", s)
		}
		return hh*60 + mm, nil
	}
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	h, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || h < 0 || h > 100000 || len(frac) > 4 {
		return 0, fmt.Errorf("not a number of hours: %q", s)
	}
	m := h * 60
	if frac != "" {
		for _, c := range frac {
			if c < '0' || c > '9' {
				return 0, fmt.Errorf("not a number of hours: %q", s)
			}
		}
		// frac hours to minutes, exactly: 60 × frac / 10^len(frac) must be whole.
		n, _ := strconv.ParseInt(frac, 10, 64)
		den := int64(1)
		for range frac {
			den *= 10
		}
		if (n*60)%den != 0 {
			return 0, fmt.Errorf("not a whole number of minutes: %q", s)
		}
		m += n * 60 / den
	}
	return m, nil
}

// HoursText writes minutes for a form field: "1:30", "2:00".
func HoursText(m int64) string {
	if m < 0 {
		m = -m
	}
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

// DecimalHours writes minutes as hours with two decimals, for spreadsheets: "1.50".
func DecimalHours(m int64) string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return fmt.Sprintf("%s%d.%02d", sign, m/60, (m%60)*100/60)
}

// readMinutes reads the hours and minutes fields of an exchange form.
func readMinutes(hours, minutes string) (int64, bool) {
	hours, minutes = strings.TrimSpace(hours), strings.TrimSpace(minutes)
	if hours == "" && minutes == "" {
		return 0, false
	}
	var h, m int64
	var err error
	if hours != "" {
		if h, err = strconv.ParseInt(hours, 10, 64); err != nil || h < 0 || h > 24 {
			return 0, false
		}
	}
	if minutes != "" {
		if m, err = strconv.ParseInt(minutes, 10, 64); err != nil || m < 0 || m > 59 {
			return 0, false
		}
	}
	return h*60 + m, true
}

// validDay checks a yyyy-mm-dd date not after today and not before 2000.
func validDay(s string, today time.Time) bool {
	d, err := time.Parse("2006-01-02", s)
	return err == nil && d.Year() >= 2000 && !d.After(today)
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}
