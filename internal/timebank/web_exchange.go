package timebank

import (
	"net/http"
	"strconv"
	"strings"

	"commons/internal/platform/errs"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

type exchangeFormPage struct {
	page
	V        *Viewer
	Form     *web.Form
	Own      []Member
	Members  []Member
	Partners []PartnerMembers
	Limit    *LimitError
}

var exchangeFields = []string{"as", "role", "other", "minutes", "category", "happened_on", "note"}

func (h *Handlers) renderExchangeForm(w http.ResponseWriter, r *http.Request, status int, v *Viewer, f *web.Form, err error) error {
	ms, derr := h.Svc.Directory(r.Context(), web.CurrentUser(r), v.Bank.ID)
	if derr != nil {
		return derr
	}
	p := &exchangeFormPage{page: h.newPage(r, "timebank.record.title"), V: v, Form: f, Own: v.Own(), Members: ms}
	if p.Partners, derr = h.Svc.Partners(r.Context(), v.Bank.ID); derr != nil {
		return derr
	}
	if le, ok := AsLimit(err); ok {
		p.Limit = le
	}
	return h.renderForm(w, r, status, "timebank/exchange_form", p, f)
}

// NewExchange is the form a member records an exchange with: as giver, or as receiver asking
// the giver to approve (?role=receiver), optionally answering a listing (?listing=, ?other=).
func (h *Handlers) NewExchange(w http.ResponseWriter, r *http.Request) error {
	v, err := h.memberView(r)
	if err != nil {
		return err
	}
	f := web.EmptyForm()
	role := trimmed(r, "role")
	if role != AsReceiver {
		role = AsGiver
	}
	f.Values.Set("role", role)
	f.Values.Set("other", trimmed(r, "other"))
	f.Values.Set("listing", trimmed(r, "listing"))
	f.Values.Set("category", trimmed(r, "category"))
	f.Values.Set("happened_on", today(h.Svc.DB.Now(r.Context())))
	f.Values.Set("key", key())
	return h.renderExchangeForm(w, r, http.StatusOK, v, f, nil)
}

// CreateExchange records it.
func (h *Handlers) CreateExchange(w http.ResponseWriter, r *http.Request) error {
	v, err := h.viewer(r)
	if err != nil {
		return err
	}
	f := web.NewForm(r)
	e, _, err := h.Svc.Record(r.Context(), web.CurrentUser(r), v.Bank.ID, ExchangeInput{As: f.Get("as"), Role: f.Get("role"),
		Other: f.Get("other"), Hours: f.Get("hours"), Mins: f.Get("mins"), Category: f.Get("category"), Note: f.Get("note"),
		HappenedOn: f.Get("happened_on"), Listing: f.Get("listing"), Key: f.Get("key")})
	if err != nil {
		if !failForm(f, err, exchangeFields...) {
			return err
		}
		return h.renderExchangeForm(w, r, http.StatusUnprocessableEntity, v, f, err)
	}
	if e.Status == ExPending {
		h.Kit.Flash(w, "timebank.flash.recorded_pending")
	} else {
		h.Kit.Flash(w, "timebank.flash.recorded")
	}
	web.Redirect(w, r, "/timebanks/"+v.Bank.ID+"/exchanges/"+e.ID)
	return nil
}

type exchangePage struct {
	page
	V     *Viewer
	E     ExchangeView
	Form  *web.Form
	Limit *LimitError
}

func (h *Handlers) renderExchange(w http.ResponseWriter, r *http.Request, status int, f *web.Form, err error) error {
	v, verr := h.viewer(r)
	if verr != nil {
		return verr
	}
	id, verr := web.ID(r, "ex")
	if verr != nil {
		return verr
	}
	ev, verr := h.Svc.ExchangeFor(r.Context(), web.CurrentUser(r), v.Bank.ID, id)
	if verr != nil {
		return verr
	}
	if f == nil {
		f = web.EmptyForm()
	}
	p := &exchangePage{page: h.newPage(r, "timebank.exchange.title"), V: v, E: ev, Form: f}
	if le, ok := AsLimit(err); ok {
		p.Limit = le
	}
	return h.renderForm(w, r, status, "timebank/exchange", p, f)
}

// Exchange shows one exchange to its parties and brokers, with what they may do.
func (h *Handlers) Exchange(w http.ResponseWriter, r *http.Request) error {
	return h.renderExchange(w, r, http.StatusOK, nil, nil)
}

// decide runs one of the actions on an exchange and returns to it.
func (h *Handlers) decide(w http.ResponseWriter, r *http.Request, flash string, run func(bank, id string, f *web.Form) error) error {
	return h.act(w, r, thingAction{param: "ex", path: "exchanges", fields: []string{"channel", "reason", "minutes"},
		again: func(w http.ResponseWriter, r *http.Request, f *web.Form, err error) error {
			return h.renderExchange(w, r, http.StatusUnprocessableEntity, f, err)
		}}, flash, run)
}

// ConfirmExchange posts an exchange waiting for the person.
func (h *Handlers) ConfirmExchange(w http.ResponseWriter, r *http.Request) error {
	return h.decide(w, r, "timebank.flash.confirmed", func(bank, id string, f *web.Form) error {
		return h.Svc.Confirm(r.Context(), web.CurrentUser(r), bank, id, f.Get("channel"))
	})
}

// DeclineExchange turns it down.
func (h *Handlers) DeclineExchange(w http.ResponseWriter, r *http.Request) error {
	return h.decide(w, r, "timebank.flash.declined", func(bank, id string, f *web.Form) error {
		return h.Svc.Decline(r.Context(), web.CurrentUser(r), bank, id, f.Get("reason"))
	})
}

// CancelExchange withdraws one the person recorded.
func (h *Handlers) CancelExchange(w http.ResponseWriter, r *http.Request) error {
	return h.decide(w, r, "timebank.flash.cancelled", func(bank, id string, f *web.Form) error {
		return h.Svc.Cancel(r.Context(), web.CurrentUser(r), bank, id)
	})
}

// ReverseExchange puts a posted exchange right, as a broker.
func (h *Handlers) ReverseExchange(w http.ResponseWriter, r *http.Request) error {
	return h.decide(w, r, "timebank.flash.reversed", func(bank, id string, f *web.Form) error {
		return h.Svc.Reverse(r.Context(), web.CurrentUser(r), bank, id, f.Get("reason"))
	})
}

type statementPage struct {
	page
	V    *Viewer
	S    Statement
	Qs   string
	Form *web.Form
	// Own: the person reads their own statement (their volunteering links to their record).
	Own bool
}

// VolunteeringRef reports whether a posting came from confirmed volunteering.
func (p *statementPage) VolunteeringRef(ref string) bool {
	return strings.HasPrefix(ref, "volunteering/")
}

func (h *Handlers) statement(r *http.Request) (*Viewer, Statement, error) {
	v, err := h.viewer(r)
	if err != nil {
		return nil, Statement{}, err
	}
	acc, err := web.ID(r, "acc")
	if err != nil {
		return nil, Statement{}, err
	}
	st, err := h.Svc.StatementFor(r.Context(), web.CurrentUser(r), v.Bank.ID, acc, trimmed(r, "from"), trimmed(r, "to"))
	return v, st, err
}

// Statement is an account's statement with its running balance, printable.
func (h *Handlers) Statement(w http.ResponseWriter, r *http.Request) error {
	v, st, err := h.statement(r)
	if err != nil && errs.CodeOf(err) != errs.Invalid {
		return err
	}
	f := web.EmptyForm()
	f.Values = r.URL.Query()
	p := &statementPage{page: h.newPage(r, "timebank.statement.title", "name", st.Account.Name), V: v, S: st, Qs: r.URL.RawQuery, Form: f}
	for _, m := range v.Own() {
		p.Own = p.Own || m.Account == st.Account.ID
	}
	status := http.StatusOK
	if err != nil {
		f.Take(err, "from", "to")
		p.Errors = f
		status = http.StatusUnprocessableEntity
	}
	h.Kit.Render(w, r, status, "timebank/statement", p)
	return nil
}

// StatementCSV is the same statement for a spreadsheet: one row per posting, minutes and
// hours, the running balance after each.
func (h *Handlers) StatementCSV(w http.ResponseWriter, r *http.Request) error {
	v, st, err := h.statement(r)
	if err != nil {
		return err
	}
	lang := web.Lang(r)
	tr := func(k string) string { return h.Kit.T(r, k) }
	csvout.Download(w, st.Account.Name+" – "+v.Bank.Local(lang)+" – "+tr("timebank.statement.file"))
	cw := csvout.NewWriter(w, csvout.Options{BOM: true})
	_ = cw.Header([]string{tr("timebank.csv.posted"), tr("timebank.csv.happened"), tr("timebank.csv.kind"), tr("timebank.csv.category"),
		tr("timebank.csv.with"), tr("timebank.csv.note"), tr("timebank.csv.minutes"), tr("timebank.csv.hours"),
		tr("timebank.csv.balance_minutes"), tr("timebank.csv.balance_hours"), tr("timebank.csv.transaction"), tr("timebank.csv.reverses"), tr("timebank.csv.ref")})
	for _, row := range st.Rows {
		cat := ""
		if row.Category != "" {
			cat = tr("timebank.cat." + row.Category)
		}
		_ = cw.Row([]string{row.At.In(London).Format("2006-01-02 15:04"), row.HappenedOn, tr("timebank.tx." + row.Kind), cat, row.With, row.Note,
			strconv.FormatInt(row.Amount, 10), DecimalHours(row.Amount), strconv.FormatInt(row.Balance, 10), DecimalHours(row.Balance),
			row.TxID, row.ReversesID, row.Ref})
	}
	return cw.Flush()
}
