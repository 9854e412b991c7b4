package ownership

import "slices"

// Who may take a step. An officer may take every step, recording how it came (on paper, by
// email, by phone, in person) and who helped.
const (
	ByOfficer = "officer"
	ByOwner   = "owner"  // the signed-in person whose email is the owner's on the case
	ByGroup   = "group"  // the person who made the case, or a member of its organisation
	ByAnyone  = "anyone" // any signed-in person (a community interest group asking to bid)
)

// Starting is a clock a step starts: a rule of the case's timetable, running from the step's
// date, or from the date another field of the step gives.
type Starting struct {
	Rule string
	From string // "" the step's date; "loss_on" the date of the loss (compensation)
	If   string // only for this outcome ("" always)
}

// Step is one kind of step of a kind of case, as data: where it may be taken, its outcomes and
// the status each leads to, who may take it, what the form asks, the clocks it starts, meets
// and stops, the notice it produces and who is told.
type Step struct {
	ID       string
	Kind     string
	From     []string          // statuses where the step may be taken
	Outcomes []string          // the choices, if any
	To       map[string]string // outcome ("" when none) → the new status; missing keeps it
	Who      []string
	Fields   []string // what the form asks besides the date and note: reasons, party, amount, terms, offer_on, loss_on, party_type, resulting
	Starts   []Starting
	Meets    []string // deadlines this step meets
	Stops    []string // clocks that stop mattering
	Notice   string   // the printable notice it produces
	Tell     []string // who is told by mail: group, owner, occupier, team, interested
	Public   bool     // shown on the public journey (with its public note)
}

// Steps are every step of every kind of case.
var Steps = []Step{
	// England: assets of community value.
	{ID: "acv.notify", Kind: KindACV, From: []string{"nominated"}, Who: []string{ByOfficer},
		Tell: []string{"owner", "occupier"}, Public: true},
	{ID: "acv.decide", Kind: KindACV, From: []string{"nominated"}, Outcomes: []string{"listed", "unsuccessful"},
		To: map[string]string{"listed": "listed", "unsuccessful": "unsuccessful"}, Who: []string{ByOfficer}, Fields: []string{"reasons"},
		Starts: []Starting{{Rule: "acv.listing", If: "listed"}, {Rule: "acv.review_request", If: "listed"}}, Meets: []string{"acv.decide"},
		Notice: "decision", Tell: []string{"group", "owner", "occupier"}, Public: true},
	{ID: "acv.review_request", Kind: KindACV, From: []string{"listed"}, To: map[string]string{"": "review"},
		Who: []string{ByOwner, ByOfficer}, Fields: []string{"reasons"}, Starts: []Starting{{Rule: "acv.review_decide"}},
		Meets: []string{"acv.review_request"}, Tell: []string{"team", "group"}, Public: true},
	{ID: "acv.review_hearing", Kind: KindACV, From: []string{"review"}, Who: []string{ByOfficer}, Public: true},
	{ID: "acv.review_decide", Kind: KindACV, From: []string{"review"}, Outcomes: []string{"upheld", "removed"},
		To: map[string]string{"upheld": "listed", "removed": "removed"}, Who: []string{ByOfficer}, Fields: []string{"reasons"},
		Starts: []Starting{{Rule: "acv.appeal", If: "upheld"}}, Meets: []string{"acv.review_decide"}, Notice: "review",
		Tell: []string{"owner", "group"}, Public: true},
	{ID: "acv.appeal", Kind: KindACV, From: []string{"listed"}, To: map[string]string{"": "appeal"}, Who: []string{ByOwner, ByOfficer},
		Meets: []string{"acv.appeal"}, Tell: []string{"team", "group"}, Public: true},
	{ID: "acv.appeal_decide", Kind: KindACV, From: []string{"appeal"}, Outcomes: []string{"dismissed", "allowed"},
		To: map[string]string{"dismissed": "listed", "allowed": "removed"}, Who: []string{ByOfficer}, Fields: []string{"reasons"},
		Tell: []string{"owner", "group"}, Public: true},
	{ID: "acv.disposal_notice", Kind: KindACV, From: []string{"listed", "review", "appeal"}, Who: []string{ByOwner, ByOfficer},
		Starts: []Starting{{Rule: "acv.interim"}, {Rule: "acv.full"}, {Rule: "crtb.moratorium"}, {Rule: "acv.protected"}},
		Notice: "moratorium", Tell: []string{"group", "team"}, Public: true},
	{ID: "acv.bidder_request", Kind: KindACV, From: []string{"listed", "review", "appeal"}, Who: []string{ByAnyone, ByOfficer},
		Fields: []string{"party", "party_type"}, Tell: []string{"owner", "team"}, Public: true},
	{ID: "acv.disposed", Kind: KindACV, From: []string{"listed", "review", "appeal"}, Outcomes: []string{"community", "other", "exempt"},
		To: map[string]string{"community": "removed", "other": "removed"}, Who: []string{ByOfficer}, Fields: []string{"party"},
		Stops: []string{"acv.listing", "acv.review_request", "acv.review_decide", "acv.appeal"}, Tell: []string{"group"}, Public: true},
	{ID: "acv.compensation_claim", Kind: KindACV, From: []string{"listed", "review", "appeal", "removed"}, Who: []string{ByOwner, ByOfficer},
		Fields: []string{"loss_on", "amount", "reasons"}, Starts: []Starting{{Rule: "acv.compensation", From: "loss_on"}},
		Meets: []string{"acv.compensation"}, Tell: []string{"team"}},
	{ID: "acv.compensation_decide", Kind: KindACV, From: []string{"listed", "review", "appeal", "removed"}, Outcomes: []string{"paid", "refused"},
		Who: []string{ByOfficer}, Fields: []string{"amount", "reasons"}, Tell: []string{"owner"}},
	{ID: "acv.remove", Kind: KindACV, From: []string{"listed"}, Outcomes: []string{"expired", "no_longer", "other"},
		To: map[string]string{"expired": "removed", "no_longer": "removed", "other": "removed"}, Who: []string{ByOfficer}, Fields: []string{"reasons"},
		Stops: []string{"acv.listing", "acv.review_request", "acv.review_decide", "acv.appeal"}, Notice: "removal",
		Tell: []string{"owner", "occupier", "group"}, Public: true},
	{ID: "acv.withdraw", Kind: KindACV, From: []string{"nominated"}, To: map[string]string{"": "withdrawn"}, Who: []string{ByGroup, ByOfficer},
		Stops: []string{"acv.decide"}, Tell: []string{"team"}, Public: true},

	// Scotland: asset transfer requests.
	{ID: "atr.incomplete", Kind: KindATR, From: []string{"received"}, Who: []string{ByOfficer}, Fields: []string{"reasons"},
		Notice: "incomplete", Tell: []string{"group"}},
	{ID: "atr.validate", Kind: KindATR, From: []string{"received"}, Outcomes: []string{"a", "b", "c"}, To: map[string]string{"a": "validated", "b": "validated", "c": "validated"},
		Who: []string{ByOfficer}, Starts: []Starting{{Rule: "atr.decide"}}, Notice: "acknowledgement", Tell: []string{"group"}, Public: true},
	{ID: "atr.notify", Kind: KindATR, From: []string{"validated"}, Who: []string{ByOfficer}, Fields: []string{"until"},
		Notice: "public", Tell: []string{"owner", "occupier"}, Public: true},
	{ID: "atr.representation", Kind: KindATR, From: []string{"validated"}, Who: []string{ByOfficer}, Fields: []string{"party", "reasons"},
		Tell: []string{"group"}, Public: true},
	{ID: "atr.comment", Kind: KindATR, From: []string{"validated"}, Who: []string{ByGroup, ByOfficer}, Fields: []string{"reasons"}, Public: true},
	{ID: "atr.decide", Kind: KindATR, From: []string{"validated"}, Outcomes: []string{"agreed", "refused"},
		To: map[string]string{"agreed": "agreed", "refused": "refused"}, Who: []string{ByOfficer}, Fields: []string{"reasons", "terms", "offer_on"},
		Starts: []Starting{{Rule: "atr.review"}, {Rule: "atr.offer", If: "agreed"}}, Meets: []string{"atr.decide"},
		Notice: "decision", Tell: []string{"group"}, Public: true},
	{ID: "atr.review_request", Kind: KindATR, From: []string{"validated", "agreed", "refused"}, To: map[string]string{"": "review"},
		Who: []string{ByGroup, ByOfficer}, Fields: []string{"reasons"}, Meets: []string{"atr.review"}, Stops: []string{"atr.offer"},
		Tell: []string{"team"}, Public: true},
	{ID: "atr.review_decide", Kind: KindATR, From: []string{"review"}, Outcomes: []string{"confirmed", "modified", "substituted"},
		Who: []string{ByOfficer}, Fields: []string{"resulting", "reasons", "terms", "offer_on"},
		Starts: []Starting{{Rule: "atr.offer", If: "agreed"}}, Notice: "decision", Tell: []string{"group"}, Public: true},
	{ID: "atr.appeal", Kind: KindATR, From: []string{"validated", "agreed", "refused"}, To: map[string]string{"": "appeal"},
		Who: []string{ByGroup, ByOfficer}, Fields: []string{"reasons"}, Meets: []string{"atr.appeal"}, Stops: []string{"atr.offer"},
		Tell: []string{"team"}, Public: true},
	{ID: "atr.appeal_decide", Kind: KindATR, From: []string{"appeal"}, Outcomes: []string{"allowed", "dismissed", "varied"},
		Who: []string{ByOfficer}, Fields: []string{"resulting", "reasons", "terms", "offer_on"},
		Starts: []Starting{{Rule: "atr.offer", If: "agreed"}}, Tell: []string{"group"}, Public: true},
	{ID: "atr.offer", Kind: KindATR, From: []string{"agreed"}, To: map[string]string{"": "offer_made"}, Who: []string{ByGroup, ByOfficer},
		Fields: []string{"amount", "reasons"}, Meets: []string{"atr.offer"}, Stops: []string{"atr.review"}, Tell: []string{"team", "group"}, Public: true},
	{ID: "atr.contract", Kind: KindATR, From: []string{"offer_made"}, Outcomes: []string{"ownership", "lease", "rights"},
		To: map[string]string{"ownership": "transferred", "lease": "transferred", "rights": "transferred"}, Who: []string{ByOfficer},
		Tell: []string{"group"}, Public: true},
	{ID: "atr.lapse", Kind: KindATR, From: []string{"agreed"}, To: map[string]string{"": "lapsed"}, Who: []string{ByOfficer},
		Stops: []string{"atr.offer", "atr.review"}, Tell: []string{"group"}, Public: true},
	{ID: "atr.withdraw", Kind: KindATR, From: []string{"received", "validated"}, To: map[string]string{"": "withdrawn"}, Who: []string{ByGroup, ByOfficer},
		Stops: []string{"atr.decide"}, Tell: []string{"team"}, Public: true},

	// A community asset transfer under the council's policy.
	{ID: "cat.eoi_reply", Kind: KindCAT, From: []string{"eoi"}, Outcomes: []string{"invited", "declined"},
		To: map[string]string{"invited": "application", "declined": "declined"}, Who: []string{ByOfficer}, Fields: []string{"reasons"},
		Meets: []string{"cat.eoi_reply"}, Tell: []string{"group"}, Public: true},
	{ID: "cat.application", Kind: KindCAT, From: []string{"application"}, To: map[string]string{"": "assessment"}, Who: []string{ByGroup, ByOfficer},
		Fields: []string{"reasons"}, Starts: []Starting{{Rule: "cat.assessment"}}, Tell: []string{"team"}, Public: true},
	{ID: "cat.score", Kind: KindCAT, From: []string{"assessment"}, Who: []string{ByOfficer}, Fields: []string{"scores"}},
	{ID: "cat.decide", Kind: KindCAT, From: []string{"assessment"}, Outcomes: []string{"approved", "refused"},
		To: map[string]string{"approved": "approved", "refused": "refused"}, Who: []string{ByOfficer}, Fields: []string{"reasons", "request_type", "terms"},
		Starts: []Starting{{Rule: "cat.completion", If: "approved"}}, Meets: []string{"cat.assessment"}, Notice: "decision",
		Tell: []string{"group"}, Public: true},
	{ID: "cat.complete", Kind: KindCAT, From: []string{"approved"}, Outcomes: []string{"lease", "ownership", "rights"},
		To: map[string]string{"lease": "transferred", "ownership": "transferred", "rights": "transferred"}, Who: []string{ByOfficer},
		Meets: []string{"cat.completion"}, Tell: []string{"group"}, Public: true},
	{ID: "cat.monitor", Kind: KindCAT, From: []string{"transferred"}, Who: []string{ByGroup, ByOfficer}, Fields: []string{"reasons"}, Public: true},
	{ID: "cat.withdraw", Kind: KindCAT, From: []string{"eoi", "application", "assessment"}, To: map[string]string{"": "withdrawn"},
		Who: []string{ByGroup, ByOfficer}, Stops: []string{"cat.eoi_reply", "cat.assessment"}, Tell: []string{"team"}, Public: true},
}

// StepByID finds a step.
func StepByID(id string) (Step, bool) {
	for _, s := range Steps {
		if s.ID == id {
			return s, true
		}
	}
	return Step{}, false
}

// Asks reports whether the step's form asks for the field.
func (s Step) Asks(field string) bool { return slices.Contains(s.Fields, field) }

// FirstStatus is the status a new case starts in.
func FirstStatus(kind string) string {
	switch kind {
	case KindATR:
		return "received"
	case KindCAT:
		return "eoi"
	}
	return "nominated"
}

// FirstClock is the clock a new case starts (from the date it was received).
func FirstClock(kind string) string {
	switch kind {
	case KindACV:
		return "acv.decide"
	case KindCAT:
		return "cat.eoi_reply"
	}
	return "" // Scotland's clock starts at validation
}
