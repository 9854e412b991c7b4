package record

import (
	"math"
	"net/mail"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"commons/internal/assets/geo"
	"commons/internal/assets/hours"
)

// The six kinds of asset in asset-based community development.
const (
	Individuals  = "individuals"  // people's skills, gifts and time
	Associations = "associations" // associations and groups
	Institutions = "institutions" // public, voluntary and private institutions
	Spaces       = "spaces"       // physical spaces: halls, libraries, parks, pubs...
	Economic     = "economic"     // local businesses, markets, credit unions, jobs
	Cultural     = "cultural"     // culture, heritage and stories
)

// Categories in the order pages list them.
var Categories = []string{Individuals, Associations, Institutions, Spaces, Economic, Cultural}

// Ownerships an asset can have.
var Ownerships = []string{"council", "community", "private", "other"}

// Input is an asset's fields as typed (a form, a CSV row, a JSON body).
type Input struct {
	Name, Description, Category, Tags, Area, Address, Postcode, Latitude, Longitude string
	OpeningHours, ContactName, ContactEmail, ContactPhone, Website, Accessibility   string
	StepFree, Ownership, Facilities, Capacity, Services, Organisation               string
}

// Record is a checked, normalised asset.
type Record struct {
	Name, Description, Category string
	Tags                        []string
	Area                        string // as typed; the caller resolves it to an area
	Address, Postcode           string
	Lat, Lon                    *float64
	OpeningHours                string
	ContactName, ContactEmail   string
	ContactPhone, Website       string
	Accessibility               string
	StepFree                    bool
	Ownership                   string
	Facilities                  string
	Capacity                    *int
	Services                    string
	Organisation                string // as typed; the caller resolves it
}

// Problems maps a field name to the message key of what is wrong with it.
type Problems map[string]string

// Limits on lengths, in characters.
const (
	MaxName  = 200
	MaxShort = 300
	MaxLong  = 5000
	MaxTags  = 20
)

func has(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Tags splits tags on commas, trims, lower-cases and removes repeats, sorted.
func Tags(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range strings.Split(s, ",") {
		t = strings.ToLower(strings.Join(strings.Fields(t), " "))
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// Bool reads yes/no answers as forms and spreadsheets write them.
func Bool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "no", "n", "false", "0", "na":
		return false, true
	case "yes", "y", "true", "1", "on":
		return true, true
	}
	return false, false
}

// ValidEmail reports whether s is a plain address (name@domain.tld).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	return err == nil && a.Address == s && at > 0 && strings.Contains(s[at+1:], ".") && !strings.ContainsAny(s, " <>")
}

// ValidWebsite reports whether s is an absolute http(s) URL.
func ValidWebsite(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\r\n")
}

func coordinate(s string, min, max float64) (*float64, bool) {
	if s == "" {
		return nil, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < min || f > max {
		return nil, false
	}
	f = math.Round(f*1e6) / 1e6
	return &f, true
}

// Check normalises in and returns the record with any problems.
func Check(in Input) (Record, Problems) {
	t := strings.TrimSpace
	r := Record{
		Name: t(in.Name), Description: t(in.Description), Category: strings.ToLower(t(in.Category)),
		Tags: Tags(in.Tags), Area: t(in.Area), Address: t(in.Address), OpeningHours: t(in.OpeningHours),
		ContactName: t(in.ContactName), ContactEmail: strings.ToLower(t(in.ContactEmail)), ContactPhone: t(in.ContactPhone),
		Website: t(in.Website), Accessibility: t(in.Accessibility), Ownership: strings.ToLower(t(in.Ownership)),
		Facilities: t(in.Facilities), Services: t(in.Services), Organisation: t(in.Organisation),
	}
	p := Problems{}
	switch {
	case r.Name == "":
		p["name"] = "assets.err.name_missing"
	case tooLong(r.Name, MaxName):
		p["name"] = "assets.err.name_long"
	}
	if tooLong(r.Description, MaxLong) {
		p["description"] = "assets.err.description_long"
	}
	if !has(Categories, r.Category) {
		p["category"] = "assets.err.category"
	}
	if len(r.Tags) > MaxTags || tooLong(in.Tags, MaxShort) {
		p["tags"] = "assets.err.tags"
	}
	if tooLong(r.Address, MaxShort) {
		p["address"] = "assets.err.address_long"
	}
	if pc := t(in.Postcode); pc != "" {
		norm, ok := geo.NormalisePostcode(pc)
		if !ok || !strings.Contains(norm, " ") {
			p["postcode"] = "assets.err.postcode"
		}
		r.Postcode = norm
	}
	var ok1, ok2 bool
	r.Lat, ok1 = coordinate(t(in.Latitude), -90, 90)
	r.Lon, ok2 = coordinate(t(in.Longitude), -180, 180)
	if !ok1 {
		p["latitude"] = "assets.err.latitude"
	}
	if !ok2 {
		p["longitude"] = "assets.err.longitude"
	}
	if ok1 && ok2 && (r.Lat == nil) != (r.Lon == nil) {
		p["latitude"] = "assets.err.location_half"
	}
	if _, err := hours.Parse(r.OpeningHours); err != nil || tooLong(r.OpeningHours, MaxShort) {
		p["opening_hours"] = "assets.err.opening_hours"
	} else if w, _ := hours.Parse(r.OpeningHours); w.Known() {
		r.OpeningHours = w.String()
	}
	if tooLong(r.ContactName, MaxName) {
		p["contact_name"] = "assets.err.contact_name_long"
	}
	if r.ContactEmail != "" && !ValidEmail(r.ContactEmail) {
		p["contact_email"] = "assets.err.contact_email"
	}
	if r.ContactPhone != "" && (tooLong(r.ContactPhone, 40) || strings.Trim(r.ContactPhone, "+0123456789 ()-") != "") {
		p["contact_phone"] = "assets.err.contact_phone"
	}
	if r.Website != "" && (!ValidWebsite(r.Website) || tooLong(r.Website, MaxShort)) {
		p["website"] = "assets.err.website"
	}
	if tooLong(r.Accessibility, MaxLong) {
		p["accessibility"] = "assets.err.accessibility_long"
	}
	var ok bool
	if r.StepFree, ok = Bool(in.StepFree); !ok {
		p["step_free"] = "assets.err.step_free"
	}
	if r.Ownership == "" {
		r.Ownership = "other"
	}
	if !has(Ownerships, r.Ownership) {
		p["ownership"] = "assets.err.ownership"
	}
	if tooLong(r.Facilities, MaxLong) {
		p["facilities"] = "assets.err.facilities_long"
	}
	if c := t(in.Capacity); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 || n > 1000000 {
			p["capacity"] = "assets.err.capacity"
		} else {
			r.Capacity = &n
		}
	}
	if tooLong(r.Services, MaxLong) {
		p["services"] = "assets.err.services_long"
	}
	if len(p) == 0 {
		return r, nil
	}
	return r, p
}

// Fields are the form and CSV names of the fields, in page order.
var Fields = []string{"name", "description", "category", "tags", "area", "address", "postcode", "latitude", "longitude",
	"opening_hours", "contact_name", "contact_email", "contact_phone", "website", "accessibility", "step_free",
	"ownership", "facilities", "capacity", "services", "organisation"}

// Get returns a field of the input by its form name.
func (in *Input) Get(name string) *string {
	switch name {
	case "name":
		return &in.Name
	case "description":
		return &in.Description
	case "category":
		return &in.Category
	case "tags":
		return &in.Tags
	case "area":
		return &in.Area
	case "address":
		return &in.Address
	case "postcode":
		return &in.Postcode
	case "latitude":
		return &in.Latitude
	case "longitude":
		return &in.Longitude
	case "opening_hours":
		return &in.OpeningHours
	case "contact_name":
		return &in.ContactName
	case "contact_email":
		return &in.ContactEmail
	case "contact_phone":
		return &in.ContactPhone
	case "website":
		return &in.Website
	case "accessibility":
		return &in.Accessibility
	case "step_free":
		return &in.StepFree
	case "ownership":
		return &in.Ownership
	case "facilities":
		return &in.Facilities
	case "capacity":
		return &in.Capacity
	case "services":
		return &in.Services
	case "organisation":
		return &in.Organisation
	}
	return nil
}
