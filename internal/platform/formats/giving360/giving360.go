package giving360

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"
)

// ContentType is the media type of a 360Giving JSON file.
const ContentType = "application/json"

// Version is the value written in a package's "version" member.
const Version = "1.4"

// Package is one 360Giving file: {"grants": [...]} with optional metadata.
type Package struct {
	Grants      []Grant   `json:"grants"`
	Version     string    `json:"version,omitempty"` // Version, normally
	Title       string    `json:"title,omitempty"`
	Description string    `json:"description,omitempty"`
	Issued      time.Time `json:"issued,omitzero"`
	License     string    `json:"license,omitempty"` // a URI, e.g. CC BY 4.0's
}

// Grant is one award: for Commons, a funded PB project.
type Grant struct {
	ID                    string         `json:"id"` // see GrantID
	Title                 string         `json:"title"`
	Description           string         `json:"description"`
	Currency              string         `json:"currency"`      // ISO 4217, "GBP"
	AmountAwarded         json.Number    `json:"amountAwarded"` // see Amount
	AwardDate             string         `json:"awardDate"`     // YYYY-MM-DD or RFC 3339; see DateOf
	FundingOrganization   []Organization `json:"fundingOrganization"`
	RecipientOrganization []Organization `json:"recipientOrganization,omitempty"`
	RecipientIndividual   *Individual    `json:"recipientIndividual,omitempty"`

	GrantProgramme      []GrantProgramme `json:"grantProgramme,omitempty"`
	FromOpenCall        string           `json:"fromOpenCall,omitempty"` // FromOpenCallYes or FromOpenCallNo
	BeneficiaryLocation []Location       `json:"beneficiaryLocation,omitempty"`
	PlannedDates        []PlannedDates   `json:"plannedDates,omitempty"`
	AmountAppliedFor    json.Number      `json:"amountAppliedFor,omitempty"`
	DataSource          string           `json:"dataSource,omitempty"` // a URI
	DateModified        time.Time        `json:"dateModified,omitzero"`
}

// Values of Grant.FromOpenCall.
const (
	FromOpenCallYes = "Yes"
	FromOpenCallNo  = "No"
)

// Organization is a funder or recipient organisation. ID is an org-id.guide
// identifier such as "GB-CHC-1164883" or "GB-LAE-LDS".
type Organization struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Individual is a person receiving a grant. Never put personal data here:
// use a generated ID and a generic name such as "Individual Recipient".
type Individual struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// GrantProgramme names the PB round a project was funded in.
type GrantProgramme struct {
	Code  string `json:"code,omitempty"`
	Title string `json:"title,omitempty"`
}

// Location is a place that benefits, e.g. a ward with its ONS code:
// {Name: "Headingley & Hyde Park", GeoCode: "E05011385", GeoCodeType: "WD"}.
type Location struct {
	Name        string `json:"name,omitempty"`
	GeoCode     string `json:"geoCode,omitempty"`
	GeoCodeType string `json:"geoCodeType,omitempty"` // from the geoCodeType codelist
}

// PlannedDates is when the funded work is expected to run. Dates are
// YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339; Duration is in months.
type PlannedDates struct {
	StartDate string   `json:"startDate,omitempty"`
	EndDate   string   `json:"endDate,omitempty"`
	Duration  *float64 `json:"duration,omitempty"`
}

// Amount converts integer pence to an exact JSON number in pounds: 250000
// becomes 2500, 1250 becomes 12.5, 7 becomes 0.07. No floating point is
// involved, so no rounding.
func Amount(pence int64) json.Number {
	neg := pence < 0
	u := uint64(pence)
	if neg {
		u = -u // two's complement: exact even for math.MinInt64
	}
	pounds, p := u/100, u%100
	s := strconv.FormatUint(pounds, 10)
	switch {
	case p == 0:
	case p%10 == 0:
		s += "." + strconv.FormatUint(p/10, 10)
	default:
		s += "." + strconv.FormatUint(p/10, 10) + strconv.FormatUint(p%10, 10)
	}
	if neg {
		s = "-" + s
	}
	return json.Number(s)
}

// DateOf formats t's calendar date as 360Giving dates want it: YYYY-MM-DD.
func DateOf(t time.Time) string { return t.Format(time.DateOnly) }

// GrantID joins a publisher's registered 360Giving prefix ("360G-leedscc")
// and an identifier from the publisher's own records with "-", following
// the identifier guidance: characters other than ASCII letters, digits,
// "-" and "." (spaces, slashes, accented letters) become "_".
func GrantID(prefix, local string) string {
	prefix = strings.TrimRight(strings.TrimSpace(prefix), "-")
	local = strings.TrimSpace(local)
	var b strings.Builder
	b.Grow(len(prefix) + 1 + len(local))
	b.WriteString(clean(prefix))
	b.WriteByte('-')
	b.WriteString(clean(local))
	return b.String()
}

func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, s)
}

// Encode validates p and writes it as indented JSON.
func Encode(w io.Writer, p Package) error {
	if err := p.Validate(); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}
