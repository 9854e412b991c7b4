package timebank

import (
	"net/http"
	"strconv"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/ids"
	"commons/internal/platform/web"
)

// brokerView is the bank of the path when the person coordinates it.
func (h *Handlers) brokerView(r *http.Request) (*Viewer, error) {
	v, err := h.viewer(r)
	if err != nil {
		return nil, err
	}
	if !v.Broker {
		return nil, errNotBroker
	}
	return v, nil
}

// memberView is the viewer of the bank in the path, who must be one of its members.
func (h *Handlers) memberView(r *http.Request) (*Viewer, error) {
	v, err := h.viewer(r)
	if err != nil {
		return nil, err
	}
	if !v.Member() {
		return nil, errs.E(errs.Forbidden, "timebank.err.members_only")
	}
	return v, nil
}

// viewerAndID is the viewer of the bank in the path (who must be a broker, with broker set)
// and the id named name in the path.
func (h *Handlers) viewerAndID(r *http.Request, name string, broker bool) (*Viewer, string, error) {
	get := h.viewer
	if broker {
		get = h.brokerView
	}
	v, err := get(r)
	if err != nil {
		return nil, "", err
	}
	id, err := web.ID(r, name)
	return v, id, err
}

// viewerPaging is the viewer of the bank in the path and the API's paging (?limit, offset).
func (h *Handlers) viewerPaging(r *http.Request) (v *Viewer, limit, offset int, err error) {
	if v, err = h.viewer(r); err != nil {
		return nil, 0, 0, err
	}
	limit, offset, err = identity.Paging(r)
	return v, limit, offset, err
}

type managePage struct {
	page
	V        *Viewer
	Pending  []Member
	Members  []Member
	Waiting  []Exchange
	Pool     Account
	Books    BookCheck
	Offline  *web.Form
	OrgForm  *web.Form
	Areas    []identity.Area
	Orgs     []identity.Organisation
	Proposed int
}

// Manage is a broker's page: people asking to join, exchanges waiting for members without
// internet, every member with their balance and limit, the pool, and adding members.
func (h *Handlers) Manage(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	return h.renderManage(w, r, http.StatusOK, v, web.EmptyForm(), web.EmptyForm())
}

func (h *Handlers) renderManage(w http.ResponseWriter, r *http.Request, status int, v *Viewer, offline, org *web.Form) error {
	ctx := r.Context()
	u := web.CurrentUser(r)
	all, err := h.Svc.Members(ctx, u, v.Bank.ID)
	if err != nil {
		return err
	}
	p := &managePage{page: h.newPage(r, "timebank.manage.title", "name", v.Bank.Local(web.Lang(r))), V: v, Offline: offline, OrgForm: org}
	for _, m := range all {
		if m.Status == StatusPending {
			p.Pending = append(p.Pending, m)
		} else {
			p.Members = append(p.Members, m)
		}
	}
	if p.Waiting, err = h.Svc.WaitingForBrokers(ctx, u, v.Bank.ID); err != nil {
		return err
	}
	if p.Pool, err = h.Svc.Pool(ctx, v.Bank); err != nil {
		return err
	}
	if p.Books, err = h.Svc.BookCheckFor(ctx, u, v.Bank.ID); err != nil {
		return err
	}
	if p.Areas, err = h.areas(r); err != nil {
		return err
	}
	if p.Orgs, err = h.ID.Organisations(ctx, "", 1000, 0); err != nil {
		return err
	}
	gs, err := h.Svc.Agreements(ctx, u, v.Bank.ID)
	if err != nil {
		return err
	}
	for _, g := range gs {
		if g.Status == "proposed" && g.Proposer != v.Bank.ID {
			p.Proposed++
		}
	}
	if status != http.StatusOK {
		if !offline.Valid() {
			p.Errors = offline
		} else {
			p.Errors = org
		}
	}
	h.Kit.Render(w, r, status, "timebank/manage", p)
	return nil
}

// AddOffline adds a member without internet.
func (h *Handlers) AddOffline(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	m, err := h.Svc.AddOffline(r.Context(), web.CurrentUser(r), v.Bank.ID, OfflineInput{Name: f.Get("name"), Contact: f.Get("contact"),
		About: f.Get("about"), AreaID: f.Get("area_id"), Channel: f.Get("channel")})
	return h.Kit.Saved(w, r, f, err, []string{"name", "contact", "area_id", "channel"}, "timebank.flash.member_added", "/timebanks/"+v.Bank.ID+"/members/"+m.ID, func() error {
		return h.renderManage(w, r, http.StatusUnprocessableEntity, v, f, web.EmptyForm())
	})
}

// AddOrganisation adds an organisation.
func (h *Handlers) AddOrganisation(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	_, err = h.Svc.AddOrganisation(r.Context(), web.CurrentUser(r), v.Bank.ID, f.Get("organisation"))
	return h.Kit.Saved(w, r, f, err, []string{"organisation"}, "timebank.flash.member_added", "/timebanks/"+v.Bank.ID+"/manage", func() error {
		return h.renderManage(w, r, http.StatusUnprocessableEntity, v, web.EmptyForm(), f)
	})
}

type memberPage struct {
	page
	V      *Viewer
	M      Member
	Recent []Exchange
	Form   *web.Form
	Areas  []identity.Area
}

func (h *Handlers) renderMember(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	v, mid, err := h.viewerAndID(r, "m", true)
	if err != nil {
		return err
	}
	m, err := h.Svc.MemberFor(r.Context(), web.CurrentUser(r), v.Bank.ID, mid)
	if err != nil {
		return err
	}
	p := &memberPage{page: h.newPage(r, "timebank.member.title", "name", m.Name), V: v, M: m}
	if p.Recent, err = h.Svc.Recent(r.Context(), []Member{m}, 50); err != nil {
		return err
	}
	if p.Areas, err = h.areas(r); err != nil {
		return err
	}
	if f == nil {
		f = web.EmptyForm()
		if m.LimitOverride != nil {
			f.Values.Set("limit", HoursText(*m.LimitOverride))
		}
		f.Values.Set("name", m.Name)
		f.Values.Set("contact", m.Contact)
		f.Values.Set("about", m.About)
		f.Values.Set("area_id", m.AreaID)
	} else {
		p.Errors = f
	}
	p.Form = f
	h.Kit.Render(w, r, status, "timebank/member", p)
	return nil
}

// Member is a broker's page about one member: balance, limit, role, recent exchanges.
func (h *Handlers) Member(w http.ResponseWriter, r *http.Request) error {
	return h.renderMember(w, r, http.StatusOK, nil)
}

// memberAction runs a broker's action on a member and returns to the member's page.
func (h *Handlers) memberAction(w http.ResponseWriter, r *http.Request, flash string, run func(bank, member string, f *web.Form) error) error {
	return h.act(w, r, thingAction{param: "m", path: "members", fields: []string{"limit", "role", "name", "contact", "about", "area_id"},
		again: func(w http.ResponseWriter, r *http.Request, f *web.Form, _ error) error {
			return h.renderMember(w, r, http.StatusUnprocessableEntity, f)
		}}, flash, run)
}

// Approve lets someone in who asked to join.
func (h *Handlers) Approve(w http.ResponseWriter, r *http.Request) error {
	return h.memberAction(w, r, "timebank.flash.approved", func(bank, m string, f *web.Form) error {
		return h.Svc.Decide(r.Context(), web.CurrentUser(r), bank, m, true)
	})
}

// DeclineMember turns a request to join down.
func (h *Handlers) DeclineMember(w http.ResponseWriter, r *http.Request) error {
	return h.memberAction(w, r, "timebank.flash.member_declined", func(bank, m string, f *web.Form) error {
		return h.Svc.Decide(r.Context(), web.CurrentUser(r), bank, m, false)
	})
}

// SetLimit gives a member a limit of their own.
func (h *Handlers) SetLimit(w http.ResponseWriter, r *http.Request) error {
	return h.memberAction(w, r, "timebank.flash.limit", func(bank, m string, f *web.Form) error {
		return h.Svc.SetLimit(r.Context(), web.CurrentUser(r), bank, m, f.Get("limit"))
	})
}

// SetRole makes a member a broker, or not.
func (h *Handlers) SetRole(w http.ResponseWriter, r *http.Request) error {
	return h.memberAction(w, r, "timebank.flash.role", func(bank, m string, f *web.Form) error {
		return h.Svc.SetRole(r.Context(), web.CurrentUser(r), bank, m, f.Get("role"))
	})
}

// RemoveMember ends a membership.
func (h *Handlers) RemoveMember(w http.ResponseWriter, r *http.Request) error {
	return h.memberAction(w, r, "timebank.flash.removed", func(bank, m string, f *web.Form) error {
		return h.Svc.Remove(r.Context(), web.CurrentUser(r), bank, m)
	})
}

// SaveMember changes an offline member's details.
func (h *Handlers) SaveMember(w http.ResponseWriter, r *http.Request) error {
	return h.memberAction(w, r, "timebank.flash.saved", func(bank, m string, f *web.Form) error {
		return h.Svc.UpdateProfile(r.Context(), web.CurrentUser(r), bank, m, ProfileInput{Name: f.Get("name"), Contact: f.Get("contact"),
			About: f.Get("about"), AreaID: f.Get("area_id")})
	})
}

type brokerFormPage struct {
	page
	V        *Viewer
	Form     *web.Form
	Members  []Member
	Partners []PartnerMembers
	Limit    *LimitError
	Rows     []int
}

func (h *Handlers) renderBrokerForm(w http.ResponseWriter, r *http.Request, status int, tmpl, title string, v *Viewer, f *web.Form, err error) error {
	ms, derr := h.Svc.Directory(r.Context(), web.CurrentUser(r), v.Bank.ID)
	if derr != nil {
		return derr
	}
	p := &brokerFormPage{page: h.newPage(r, title), V: v, Form: f, Members: ms}
	if p.Partners, derr = h.Svc.Partners(r.Context(), v.Bank.ID); derr != nil {
		return derr
	}
	for i := 0; i < groupRows(f); i++ {
		p.Rows = append(p.Rows, i)
	}
	if le, ok := AsLimit(err); ok {
		p.Limit = le
	}
	if status != http.StatusOK {
		p.Errors = f
	}
	h.Kit.Render(w, r, status, tmpl, p)
	return nil
}

// groupRows is how many people a group form has room for: eight, or more once asked.
func groupRows(f *web.Form) int {
	n, _ := strconv.Atoi(f.Get("rows"))
	return min(max(n, 8), MaxGroup)
}

// BrokerForm is the form a broker records an exchange with for members (one may have no
// internet), saying how they heard of it.
func (h *Handlers) BrokerForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	f.Values.Set("giver", trimmed(r, "giver"))
	f.Values.Set("receiver", trimmed(r, "receiver"))
	f.Values.Set("happened_on", today(h.Svc.DB.Now(r.Context())))
	f.Values.Set("key", key())
	return h.renderBrokerForm(w, r, http.StatusOK, "timebank/broker_form", "timebank.broker.title", v, f, nil)
}

// BrokerRecord records it.
func (h *Handlers) BrokerRecord(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	e, _, err := h.Svc.BrokerRecord(r.Context(), web.CurrentUser(r), v.Bank.ID, BrokerInput{Giver: f.Get("giver"), Receiver: f.Get("receiver"),
		Hours: f.Get("hours"), Mins: f.Get("mins"), Category: f.Get("category"), Note: f.Get("note"), HappenedOn: f.Get("happened_on"),
		Channel: f.Get("channel"), AssistNote: f.Get("assist_note"), Key: f.Get("key")})
	return h.Kit.Saved(w, r, f, err, []string{"giver", "receiver", "minutes", "category", "happened_on", "note", "channel", "assist_note"}, "timebank.flash.recorded", "/timebanks/"+v.Bank.ID+"/exchanges/"+e.ID, func() error {
		return h.renderBrokerForm(w, r, http.StatusUnprocessableEntity, "timebank/broker_form", "timebank.broker.title", v, f, err)
	})
}

// GroupForm is the form for a group exchange: one account paying several helpers, or several
// attendees charged for a session.
func (h *Handlers) GroupForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	if !v.Broker && !v.Member() {
		return errs.E(errs.Forbidden, "timebank.err.members_only")
	}
	f := web.EmptyForm()
	f.Values.Set("direction", "pay")
	f.Values.Set("happened_on", today(h.Svc.DB.Now(r.Context())))
	f.Values.Set("key", key())
	f.Values.Set("rows", trimmed(r, "rows"))
	return h.renderBrokerForm(w, r, http.StatusOK, "timebank/group_form", "timebank.group.title", v, f, nil)
}

// Group records a group exchange. "Add more rows" posts the form back with room for more.
func (h *Handlers) Group(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	if f.Get("more") != "" {
		f.Values.Set("rows", strconv.Itoa(groupRows(f)+8))
		return h.renderBrokerForm(w, r, http.StatusOK, "timebank/group_form", "timebank.group.title", v, f, nil)
	}
	in := GroupInput{Direction: f.Get("direction"), One: f.Get("one"), Category: f.Get("category"), Note: f.Get("note"),
		HappenedOn: f.Get("happened_on"), Channel: f.Get("channel"), AssistNote: f.Get("assist_note"), Key: f.Get("key")}
	bad := false
	for i := 0; i < groupRows(f); i++ {
		n := strconv.Itoa(i)
		who := f.Get("person_" + n)
		if who == "" {
			continue
		}
		m, ok := readMinutes(f.Get("hours_"+n), f.Get("mins_"+n))
		if !ok || !ids.Valid(who) {
			bad = true
		}
		in.People = append(in.People, GroupPerson{Member: who, Minutes: m})
	}
	var e Exchange
	if bad {
		err = errs.FieldErrors(map[string]string{"people": "timebank.err.people_minutes"})
	} else {
		e, _, err = h.Svc.Group(r.Context(), web.CurrentUser(r), v.Bank.ID, in)
	}
	return h.Kit.Saved(w, r, f, err, []string{"direction", "one", "people", "category", "happened_on", "note", "channel"}, "timebank.flash.recorded", "/timebanks/"+v.Bank.ID+"/exchanges/"+e.ID, func() error {
		return h.renderBrokerForm(w, r, http.StatusUnprocessableEntity, "timebank/group_form", "timebank.group.title", v, f, err)
	})
}

type exchangesPage struct {
	page
	V         *Viewer
	Statuses  []string
	Exchanges []Exchange
	Status    string
	Next      int
	Prev      int
}

// Exchanges lists a bank's exchanges for its brokers (?status=, ?offset=).
func (h *Handlers) Exchanges(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	status := trimmed(r, "status")
	offset, _ := strconv.Atoi(trimmed(r, "offset"))
	offset = max(offset, 0)
	es, err := h.Svc.BankExchanges(r.Context(), web.CurrentUser(r), v.Bank.ID, status, 51, offset)
	if err != nil {
		return err
	}
	p := &exchangesPage{page: h.newPage(r, "timebank.exchanges.title", "name", v.Bank.Local(web.Lang(r))), V: v, Status: status, Prev: -1, Next: -1,
		Statuses: []string{ExPending, ExConfirmed, ExDeclined, ExCancelled, ExReversed}}
	if len(es) > 50 {
		es, p.Next = es[:50], offset+50
	}
	if offset > 0 {
		p.Prev = max(offset-50, 0)
	}
	p.Exchanges = es
	h.Kit.Render(w, r, http.StatusOK, "timebank/exchanges", p)
	return nil
}

// ExchangesCSV is every exchange of a bank, one row per line, for its brokers.
func (h *Handlers) ExchangesCSV(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	es, err := h.Svc.BankExchanges(r.Context(), web.CurrentUser(r), v.Bank.ID, "", 100000, 0)
	if err != nil {
		return err
	}
	tr := func(k string) string { return h.Kit.T(r, k) }
	csvout.Download(w, v.Bank.Local(web.Lang(r))+" – "+tr("timebank.exchanges.file"))
	cw := csvout.NewWriter(w, csvout.Options{BOM: true})
	_ = cw.Header([]string{tr("timebank.csv.exchange"), tr("timebank.csv.recorded"), tr("timebank.csv.happened"), tr("timebank.csv.status"),
		tr("timebank.csv.category"), tr("timebank.csv.receiver"), tr("timebank.csv.receiver_bank"), tr("timebank.csv.giver"),
		tr("timebank.csv.giver_bank"), tr("timebank.csv.minutes"), tr("timebank.csv.hours"), tr("timebank.csv.recorded_as"),
		tr("timebank.csv.channel"), tr("timebank.csv.note")})
	for _, e := range es {
		for _, l := range e.Lines {
			ch := ""
			if e.AssistedChannel != "" {
				ch = tr("timebank.channel." + e.AssistedChannel)
			}
			_ = cw.Row([]string{e.ID, e.CreatedAt.In(London).Format("2006-01-02 15:04"), e.HappenedOn, tr("timebank.status." + e.Status),
				tr("timebank.cat." + e.Category), partyName(l.Payer, ""), l.Payer.BankName, partyName(l.Payee, ""), l.Payee.BankName,
				strconv.FormatInt(l.Minutes, 10), DecimalHours(l.Minutes), tr("timebank.as." + e.RecordedAs), ch, e.Note})
		}
	}
	return cw.Flush()
}

type agreementsPage struct {
	page
	V          *Viewer
	Agreements []Agreement
	Banks      []Bank
	Form       *web.Form
}

func (h *Handlers) renderAgreements(w http.ResponseWriter, r *http.Request, status int, v *Viewer, f *web.Form) error {
	gs, err := h.Svc.Agreements(r.Context(), web.CurrentUser(r), v.Bank.ID)
	if err != nil {
		return err
	}
	banks, err := h.Svc.Banks(r.Context())
	if err != nil {
		return err
	}
	p := &agreementsPage{page: h.newPage(r, "timebank.agreements.title", "name", v.Bank.Local(web.Lang(r))), V: v, Agreements: gs, Form: f}
	for _, b := range banks {
		if b.ID != v.Bank.ID {
			p.Banks = append(p.Banks, b)
		}
	}
	return h.renderForm(w, r, status, "timebank/agreements", p, f)
}

// Agreements lists a bank's agreements with other banks and proposes new ones.
func (h *Handlers) Agreements(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	f.Values.Set("limit", "20")
	return h.renderAgreements(w, r, http.StatusOK, v, f)
}

// Propose proposes an agreement.
func (h *Handlers) Propose(w http.ResponseWriter, r *http.Request) error {
	v, err := h.brokerView(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	_, err = h.Svc.Propose(r.Context(), web.CurrentUser(r), v.Bank.ID, AgreementInput{Partner: f.Get("partner"), Limit: f.Get("limit"), Note: f.Get("note")})
	return h.Kit.Saved(w, r, f, err, []string{"partner", "limit", "note"}, "timebank.flash.proposed", "/timebanks/"+v.Bank.ID+"/agreements", func() error {
		return h.renderAgreements(w, r, http.StatusUnprocessableEntity, v, f)
	})
}

func (h *Handlers) agreementAction(w http.ResponseWriter, r *http.Request, flash string, run func(bank, id string) error) error {
	bank, err := bankID(r)
	if err != nil {
		return err
	}
	id, err := web.ID(r, "ag")
	if err != nil {
		return err
	}
	if err := run(bank, id); err != nil {
		return err
	}
	h.Kit.Flash(w, flash)
	web.Redirect(w, r, "/timebanks/"+bank+"/agreements")
	return nil
}

// Accept accepts a proposed agreement.
func (h *Handlers) Accept(w http.ResponseWriter, r *http.Request) error {
	return h.agreementAction(w, r, "timebank.flash.agreed", func(bank, id string) error {
		return h.Svc.Answer(r.Context(), web.CurrentUser(r), bank, id, true)
	})
}

// Refuse declines one.
func (h *Handlers) Refuse(w http.ResponseWriter, r *http.Request) error {
	return h.agreementAction(w, r, "timebank.flash.agreement_declined", func(bank, id string) error {
		return h.Svc.Answer(r.Context(), web.CurrentUser(r), bank, id, false)
	})
}

// EndAgreement ends one.
func (h *Handlers) EndAgreement(w http.ResponseWriter, r *http.Request) error {
	return h.agreementAction(w, r, "timebank.flash.agreement_ended", func(bank, id string) error {
		return h.Svc.End(r.Context(), web.CurrentUser(r), bank, id)
	})
}
