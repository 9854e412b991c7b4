package giving360

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("360giving: invalid")

// FieldError names the grant and field that break a rule.
type FieldError struct {
	Grant   int    // index in Package.Grants, -1 for the package itself
	ID      string // the grant's id, when it has one
	Field   string // JSON path inside the grant, e.g. "recipientOrganization[0].name"
	Message string
}

func (e *FieldError) Error() string {
	if e.Grant < 0 {
		return fmt.Sprintf("360giving: %s: %s", e.Field, e.Message)
	}
	return fmt.Sprintf("360giving: grant %d (%q): %s: %s", e.Grant, e.ID, e.Field, e.Message)
}

func (e *FieldError) Unwrap() error { return ErrInvalid }

var (
	datePattern  = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$`)
	monthPattern = regexp.MustCompile(`^[0-9]{4}(-(0[1-9]|1[012]))?$`)
	jsonNumber   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
)

// Validate checks the rules the 360Giving 1.4.3 schemas state: at least one
// grant, unique grant ids, each grant's required fields, exactly one kind of
// recipient, the currency codelist, number and date formats, "Yes"/"No" for
// fromOpenCall, the geoCodeType codelist and URIs. It returns every problem
// found, joined.
func (p Package) Validate() error {
	var errs []error
	if len(p.Grants) == 0 {
		errs = append(errs, &FieldError{Grant: -1, Field: "grants", Message: "a file needs at least one grant"})
	}
	if p.License != "" && !isURI(p.License) {
		errs = append(errs, &FieldError{Grant: -1, Field: "license", Message: "must be a URI"})
	}
	seen := make(map[string]int, len(p.Grants))
	for i, g := range p.Grants {
		errs = append(errs, g.problems(i)...)
		if first, dup := seen[g.ID]; dup && g.ID != "" {
			errs = append(errs, &FieldError{Grant: i, ID: g.ID, Field: "id", Message: fmt.Sprintf("same id as grant %d; ids must be unique", first)})
		} else {
			seen[g.ID] = i
		}
	}
	return errors.Join(errs...)
}

// Validate checks one grant as Package.Validate does.
func (g Grant) Validate() error { return errors.Join(g.problems(0)...) }

func (g Grant) problems(i int) []error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Grant: i, ID: g.ID, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	for field, v := range map[string]string{"id": g.ID, "title": g.Title, "description": g.Description} {
		if strings.TrimSpace(v) == "" {
			add(field, "is required")
		}
	}
	switch {
	case g.Currency == "":
		add("currency", "is required (e.g. GBP)")
	case !currencies[g.Currency]:
		add("currency", "%q is not an ISO 4217 code in the 360Giving codelist", g.Currency)
	}
	if g.AmountAwarded == "" {
		add("amountAwarded", "is required")
	} else if !jsonNumber.MatchString(string(g.AmountAwarded)) {
		add("amountAwarded", "%q is not a number", g.AmountAwarded)
	}
	if g.AmountAppliedFor != "" && !jsonNumber.MatchString(string(g.AmountAppliedFor)) {
		add("amountAppliedFor", "%q is not a number", g.AmountAppliedFor)
	}
	switch {
	case g.AwardDate == "":
		add("awardDate", "is required")
	case !isDate(g.AwardDate):
		add("awardDate", "%q is not YYYY-MM-DD or an RFC 3339 date-time", g.AwardDate)
	}
	if len(g.FundingOrganization) == 0 {
		add("fundingOrganization", "needs at least one organisation")
	}
	for j, o := range g.FundingOrganization {
		checkOrg(add, fmt.Sprintf("fundingOrganization[%d]", j), o.ID, o.Name)
	}
	hasOrg, hasPerson := g.RecipientOrganization != nil, g.RecipientIndividual != nil
	switch {
	case hasOrg && hasPerson:
		add("recipientOrganization", "give either recipientOrganization or recipientIndividual, not both")
	case !hasOrg && !hasPerson:
		add("recipientOrganization", "a grant needs a recipientOrganization or a recipientIndividual")
	case hasOrg && len(g.RecipientOrganization) == 0:
		add("recipientOrganization", "needs at least one organisation")
	case hasPerson:
		checkOrg(add, "recipientIndividual", g.RecipientIndividual.ID, g.RecipientIndividual.Name)
	}
	for j, o := range g.RecipientOrganization {
		checkOrg(add, fmt.Sprintf("recipientOrganization[%d]", j), o.ID, o.Name)
	}
	if g.FromOpenCall != "" && g.FromOpenCall != FromOpenCallYes && g.FromOpenCall != FromOpenCallNo {
		add("fromOpenCall", "must be %q or %q, got %q", FromOpenCallYes, FromOpenCallNo, g.FromOpenCall)
	}
	for j, l := range g.BeneficiaryLocation {
		if l.GeoCodeType != "" && !geoCodeTypes[l.GeoCodeType] {
			add(fmt.Sprintf("beneficiaryLocation[%d].geoCodeType", j), "%q is not in the geoCodeType codelist (e.g. WD for a ward)", l.GeoCodeType)
		}
		if l.GeoCode != "" && l.GeoCodeType == "" {
			add(fmt.Sprintf("beneficiaryLocation[%d].geoCodeType", j), "is needed to say what kind of code %q is", l.GeoCode)
		}
	}
	for j, d := range g.PlannedDates {
		for name, v := range map[string]string{"startDate": d.StartDate, "endDate": d.EndDate} {
			if v != "" && !isDate(v) && !monthPattern.MatchString(v) {
				add(fmt.Sprintf("plannedDates[%d].%s", j, name), "%q is not YYYY-MM-DD, YYYY-MM, YYYY or an RFC 3339 date-time", v)
			}
		}
		if d.Duration != nil && !(*d.Duration >= 0) {
			add(fmt.Sprintf("plannedDates[%d].duration", j), "must not be negative")
		}
	}
	if g.DataSource != "" && !isURI(g.DataSource) {
		add("dataSource", "%q is not an absolute URI", g.DataSource)
	}
	return errs
}

func checkOrg(add func(string, string, ...any), field, id, name string) {
	if strings.TrimSpace(id) == "" {
		add(field+".id", "is required")
	}
	if strings.TrimSpace(name) == "" {
		add(field+".name", "is required")
	}
}

func isDate(s string) bool {
	if datePattern.MatchString(s) {
		return true
	}
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

func isURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && !strings.ContainsAny(s, " \t\r\n")
}
