package ownership

import (
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/ownership/clock"
	"commons/internal/platform/errs"
	"commons/internal/platform/formats/geojson"
)

// The kinds of case.
const (
	KindACV = "acv" // England: a nomination of an asset of community value and its listing
	KindATR = "atr" // Scotland: an asset transfer request under Part 5 of the 2015 Act
	KindCAT = "cat" // a community asset transfer under the council's own policy
)

// Kinds lists the kinds of case.
var Kinds = []string{KindACV, KindATR, KindCAT}

// Group types. ACV nominators are the "voluntary or community bodies" of SI 2012/2421 reg. 5(1)
// and parish councils; community interest groups (who may ask to be treated as bidders) are the
// narrower set of reg. 12; Scotland's community transfer bodies are described in the 2015 Act
// s.77 and s.19 (community-controlled bodies).
const (
	GroupNeighbourhoodForum = "neighbourhood_forum"
	GroupParishCouncil      = "parish_council"
	GroupUnincorporated     = "unincorporated"
	GroupCharity            = "charity"
	GroupCLG                = "clg" // company limited by guarantee
	GroupCBS                = "cbs" // co-operative or community benefit society
	GroupCIC                = "cic"
	GroupSCIO               = "scio" // Scottish charitable incorporated organisation
	GroupDesignated         = "designated"
)

// GroupTypes are the group types a form offers for each kind of case.
var GroupTypes = map[string][]string{
	KindACV: {GroupParishCouncil, GroupNeighbourhoodForum, GroupUnincorporated, GroupCharity, GroupCLG, GroupCBS, GroupCIC},
	KindATR: {GroupCLG, GroupSCIO, GroupCBS, GroupUnincorporated, GroupDesignated},
	KindCAT: {GroupCharity, GroupCIC, GroupCLG, GroupCBS, GroupUnincorporated, GroupParishCouncil},
}

// BidderTypes are the community interest groups that may ask to be treated as a potential bidder
// in the interim moratorium (Localism Act 2011 s.95; SI 2012/2421 reg. 12): unincorporated groups
// and neighbourhood forums may nominate but not bid.
var BidderTypes = []string{GroupParishCouncil, GroupCharity, GroupCIC, GroupCLG, GroupCBS}

// MinLocalMembers is how many individual members on the electoral register of the council (or a
// neighbouring council) an unincorporated group needs to nominate (SI 2012/2421 reg. 5(1)(c)).
const MinLocalMembers = 21

// Channels a case or step can arrive by. Anything but online was recorded by an officer.
var Channels = []string{"online", "paper", "email", "phone", "in_person"}

// RequestTypes are what a transfer asks for (2015 Act s.79(2): ownership, lease, or other rights).
var RequestTypes = []string{"ownership", "lease", "rights"}

// Party is an owner or occupier as the nominating group or officer knew them. Their details are
// for notices and letters only: never on a public page or register.
type Party struct {
	Name, Address, Email string
}

// Group is the nominating group, community transfer body or applicant.
type Group struct {
	Name       string
	Type       string
	Number     string // charity, company or society number
	Members    int    // individual members on the local electoral register (unincorporated)
	Connection string // its local connection, in its words
	NoProfit   bool   // it does not distribute any surplus to its members
	OrgID      string // the organisation in Commons, when there is one
}

// Case is one piece of community ownership casework about one piece of land.
type Case struct {
	ID, Reference, Kind, Status, Timetable  string
	AssetID                                 string
	Name, Description, Address, Postcode    string
	UPRN                                    string
	Boundary                                string // GeoJSON Polygon or MultiPolygon, validated
	Lat, Lng                                *float64
	Reasons                                 string // why it is of community value / what the body will do
	Group                                   Group
	ContactAccount                          string
	ContactName, ContactEmail, ContactPhone string
	Owner, Occupier                         Party
	MailLang                                string // the language the case was made in (mail to people without an account)
	Channel, RecordedBy, RecordedByName     string
	HelpedHow                               string
	AssignedTo                              string
	ReceivedOn, ValidatedOn, DecidedOn      clock.Date
	ListedOn, RemovedOn, NoticeOn           clock.Date
	Decision, DecisionReasons               string
	RemovedReason                           string
	RequestType, Terms, Price               string
	Interested                              string // community interest groups that asked to bid, one a line
	Outcome                                 string
	PublicSummary                           string
	CreatedAt, UpdatedAt                    time.Time
}

// Open reports whether the case can still move on.
func (c *Case) Open() bool {
	switch c.Status {
	case "unsuccessful", "removed", "withdrawn", "refused", "lapsed", "declined":
		return false
	case "transferred":
		return c.Kind == KindCAT // the community benefit is monitored after the transfer
	}
	return true
}

// OnList reports whether an ACV is on the list of assets of community value.
func (c *Case) OnList() bool {
	return c.Kind == KindACV && slices.Contains([]string{"listed", "review", "appeal"}, c.Status)
}

// InterestedGroups are the groups that asked to be treated as potential bidders.
func (c *Case) InterestedGroups() []string {
	var out []string
	for _, l := range strings.Split(c.Interested, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Event is one step in a case's journey.
type Event struct {
	ID, CaseID, Step string
	On               clock.Date
	Outcome          string
	Detail           string // for officers and the people in the case
	PublicNote       string // what the public journey says, redacted
	Party            string
	ActorID          string
	ActorName        string
	ActorRole        string // officer, owner, group, resident
	Channel          string
	HelpedHow        string
	CreatedAt        time.Time
}

// Document is evidence or a paper of a case.
type Document struct {
	ID, CaseID, Kind, Filename, ContentType string
	Size                                    int
	Public                                  bool
	UploadedBy                              string
	CreatedAt                               time.Time
	Data                                    []byte
}

// DocumentKinds are what a document can be.
var DocumentKinds = []string{"constitution", "members", "evidence", "plan", "business_plan", "governance", "representation", "letter", "redacted", "other"}

// Land is an entry of Scotland's register of land (2015 Act s.94).
type Land struct {
	ID, AssetID, Name, Description, Address, Postcode, UPRN, Boundary, Tenure string
	Lat, Lng                                                                  *float64
	CreatedAt, UpdatedAt                                                      time.Time
}

// Criterion is one of the council's community asset transfer criteria.
type Criterion struct {
	ID, Name, NameCy string
	Weight, Position int
	Active           bool
}

// Label is the criterion's name in the language.
func (c Criterion) Label(lang string) string {
	if lang == "cy" && c.NameCy != "" {
		return c.NameCy
	}
	return c.Name
}

// CaseInput is what a nomination, request or expression of interest form carries.
type CaseInput struct {
	Kind                                    string
	AssetID                                 string
	Name, Description, Address, Postcode    string
	UPRN, Boundary, Lat, Lng                string
	Reasons                                 string
	Group                                   Group
	Members                                 string
	ContactName, ContactEmail, ContactPhone string
	Owner, Occupier                         Party
	RequestType, Price                      string
	// Set by an officer recording a case that came on paper, by email, by phone or in person.
	Channel, ReceivedOn, HelpedHow string
	Confirm                        bool // the group confirms what it says is true
}

var (
	postcodeRE = regexp.MustCompile(`^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$`)
	uprnRE     = regexp.MustCompile(`^[0-9]{1,12}$`)
)

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Validate checks the form. Eligibility against the regulations is checked separately (Check),
// as an officer decides it with the evidence in front of them.
func (in *CaseInput) Validate(officer bool) error {
	f := map[string]string{}
	if !slices.Contains(Kinds, in.Kind) {
		f["kind"] = "ownership.err.kind"
	}
	if in.AssetID == "" && strings.TrimSpace(in.Name) == "" || tooLong(in.Name, 200) {
		f["name"] = "ownership.err.name"
	}
	if in.AssetID == "" && strings.TrimSpace(in.Address) == "" {
		f["address"] = "ownership.err.address"
	}
	if tooLong(in.Address, 500) || tooLong(in.Description, 5000) {
		f["address"] = "ownership.err.address"
	}
	if p := strings.TrimSpace(in.Postcode); p != "" && !postcodeRE.MatchString(p) {
		f["postcode"] = "ownership.err.postcode"
	}
	if u := strings.TrimSpace(in.UPRN); u != "" && !uprnRE.MatchString(u) {
		f["uprn"] = "ownership.err.uprn"
	}
	if b := strings.TrimSpace(in.Boundary); b != "" {
		if _, err := ParseBoundary(b); err != nil {
			f["boundary"] = "ownership.err.boundary"
		}
	}
	if (in.Lat == "") != (in.Lng == "") {
		f["lat"] = "ownership.err.point"
	} else if in.Lat != "" {
		la, err1 := strconv.ParseFloat(in.Lat, 64)
		lo, err2 := strconv.ParseFloat(in.Lng, 64)
		if err1 != nil || err2 != nil || la < 49 || la > 61 || lo < -9 || lo > 2.5 {
			f["lat"] = "ownership.err.point"
		}
	}
	if strings.TrimSpace(in.Reasons) == "" || tooLong(in.Reasons, 10000) {
		f["reasons"] = "ownership.err.reasons." + in.Kind
	}
	if strings.TrimSpace(in.Group.Name) == "" || tooLong(in.Group.Name, 200) {
		f["group_name"] = "ownership.err.group_name"
	}
	if !slices.Contains(GroupTypes[in.Kind], in.Group.Type) {
		f["group_type"] = "ownership.err.group_type"
	}
	if in.Members != "" {
		n, err := strconv.Atoi(strings.TrimSpace(in.Members))
		if err != nil || n < 0 || n > 1000000 {
			f["group_members"] = "ownership.err.members"
		} else {
			in.Group.Members = n
		}
	}
	if in.Group.Type == GroupUnincorporated && in.Kind == KindACV && in.Members == "" && in.Group.Members == 0 {
		f["group_members"] = "ownership.err.members"
	}
	if strings.TrimSpace(in.Group.Connection) == "" && in.Kind != KindCAT || tooLong(in.Group.Connection, 2000) {
		f["group_connection"] = "ownership.err.connection"
	}
	if tooLong(in.Group.Number, 40) {
		f["group_number"] = "ownership.err.group_number"
	}
	if strings.TrimSpace(in.ContactName) == "" || tooLong(in.ContactName, 200) {
		f["contact_name"] = "ownership.err.contact_name"
	}
	if e := strings.TrimSpace(in.ContactEmail); e != "" && !validEmail(e) || !officer && e == "" {
		f["contact_email"] = "ownership.err.email"
	}
	if officer && strings.TrimSpace(in.ContactEmail) == "" && strings.TrimSpace(in.ContactPhone) == "" {
		f["contact_email"] = "ownership.err.contact_how"
	}
	for name, p := range map[string]Party{"owner": in.Owner, "occupier": in.Occupier} {
		if e := strings.TrimSpace(p.Email); e != "" && !validEmail(e) {
			f[name+"_email"] = "ownership.err.email"
		}
		if tooLong(p.Name, 200) || tooLong(p.Address, 500) {
			f[name+"_name"] = "ownership.err.party"
		}
	}
	if in.Kind != KindACV && !slices.Contains(RequestTypes, in.RequestType) {
		f["request_type"] = "ownership.err.request_type"
	}
	if tooLong(in.Price, 200) {
		f["price"] = "ownership.err.price"
	}
	if officer && in.Channel != "" {
		if !slices.Contains(Channels, in.Channel) {
			f["channel"] = "ownership.err.channel"
		}
		if in.ReceivedOn != "" {
			if _, err := clock.Parse(in.ReceivedOn); err != nil {
				f["received_on"] = "ownership.err.date"
			}
		}
		if in.Channel != "online" && strings.TrimSpace(in.HelpedHow) == "" {
			f["helped_how"] = "ownership.err.helped_how"
		}
	}
	if !officer && !in.Confirm {
		f["confirm"] = "ownership.err.confirm"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s, "@") && len(s) <= 254
}

// ParseBoundary checks a boundary pasted as GeoJSON: a Polygon or MultiPolygon (a bare geometry,
// a Feature or a one-feature FeatureCollection), with valid rings.
func ParseBoundary(s string) (geojson.Geometry, error) {
	g, err := geojson.ParseGeometry([]byte(s))
	if err != nil {
		return g, err
	}
	if g.Type != "Polygon" && g.Type != "MultiPolygon" {
		return g, errs.E(errs.Invalid, "ownership.err.boundary")
	}
	return g, nil
}

// Finding is one point of an eligibility check: the rule, whether it is met, and its source.
type Finding struct {
	Key    string // message key of the rule
	Met    bool
	Source string
}

// Check tests a group against the rules for its kind of case, as far as the form can tell; the
// officer confirms it against the evidence.
func (c *Case) Check() []Finding {
	g := c.Group
	switch c.Kind {
	case KindACV:
		out := []Finding{
			{"ownership.check.acv_type", slices.Contains(GroupTypes[KindACV], g.Type), "SI 2012/2421 reg. 5(1); Localism Act 2011 s.89(2)"},
			{"ownership.check.connection", strings.TrimSpace(g.Connection) != "", "SI 2012/2421 reg. 4"},
		}
		if g.Type == GroupUnincorporated {
			out = append(out, Finding{"ownership.check.members", g.Members >= MinLocalMembers, "SI 2012/2421 reg. 5(1)(c)"})
		}
		if slices.Contains([]string{GroupUnincorporated, GroupCLG, GroupCBS}, g.Type) {
			out = append(out, Finding{"ownership.check.no_profit", g.NoProfit, "SI 2012/2421 reg. 5(1)(c)-(f)"})
		}
		out = append(out, Finding{"ownership.check.contents", strings.TrimSpace(c.Reasons) != "" && (c.AssetID != "" || c.Address != ""),
			"SI 2012/2421 reg. 6"})
		return out
	case KindATR:
		out := []Finding{
			{"ownership.check.ctb_type", slices.Contains(GroupTypes[KindATR], g.Type), "Community Empowerment (Scotland) Act 2015 s.77 and s.19"},
			{"ownership.check.connection", strings.TrimSpace(g.Connection) != "", "2015 Act s.19 (a community defined in the body's constitution)"},
			{"ownership.check.no_profit", g.NoProfit, "2015 Act s.19 (surplus used for the community's benefit)"},
		}
		if c.RequestType == "ownership" {
			out = append(out, Finding{"ownership.check.ownership_body", slices.Contains([]string{GroupCLG, GroupSCIO, GroupCBS, GroupDesignated}, g.Type),
				"Scottish Government guidance for community transfer bodies, ch. 5"})
		}
		return out
	}
	return []Finding{{"ownership.check.cat_type", slices.Contains(GroupTypes[KindCAT], g.Type), "the council's community asset transfer policy"}}
}

// CanBid reports whether a group type may ask to be treated as a potential bidder.
func CanBid(groupType string) bool { return slices.Contains(BidderTypes, groupType) }
