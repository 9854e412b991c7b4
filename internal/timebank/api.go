package timebank

import (
	"encoding/json"
	"io"
	"net/http"

	"commons/internal/identity"
	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

// The JSON API under /api/v1/timebanks. Exchanges and statements are for their parties and the
// banks' brokers only; lists of members and insights for brokers.

// APIBank is a bank as the API gives it.
type APIBank struct {
	Bank
	Stats BankStats `json:"stats"`
}

// APIBanks lists the time banks.
func (h *Handlers) APIBanks(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	bs, err := h.Svc.Banks(r.Context())
	if err != nil {
		return err
	}
	var out []APIBank
	for i, b := range bs {
		if i < offset || i > offset+limit {
			continue
		}
		st, err := h.Svc.Stats(r.Context(), b.ID)
		if err != nil {
			return err
		}
		out = append(out, APIBank{Bank: b, Stats: st})
	}
	web.JSON(w, http.StatusOK, identity.List(r, out, limit, offset))
	return nil
}

// APIBank is one bank.
func (h *Handlers) APIBank(w http.ResponseWriter, r *http.Request) error {
	id, err := bankID(r)
	if err != nil {
		return err
	}
	b, err := h.Svc.Bank(r.Context(), id)
	if err != nil {
		return err
	}
	st, err := h.Svc.Stats(r.Context(), id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, APIBank{Bank: b, Stats: st})
	return nil
}

// APIListings searches a bank's open offers and requests (?kind, category, area_id, q, near,
// within, partners=yes). The lister's name is given where the person may see it.
func (h *Handlers) APIListings(w http.ResponseWriter, r *http.Request) error {
	v, limit, offset, err := h.viewerPaging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	ls, err := h.Svc.Search(r.Context(), v.Bank.ID, ListingQuery{Kind: q.Get("kind"), Category: q.Get("category"), AreaID: q.Get("area_id"),
		Q: q.Get("q"), Near: q.Get("near"), Within: q.Get("within"), Partners: q.Get("partners") == "yes"})
	if err != nil {
		return err
	}
	var page []Listing
	for i, l := range ls {
		if i < offset || i > offset+limit {
			continue
		}
		if !(v.Member() || v.Broker || l.MemberKind == KindOrganisation || l.PublicName && l.MemberKind == KindPerson) {
			l.MemberName, l.MemberID = "", "" // not even which listings are one person's
		}
		if l.Miles < 0 {
			l.Miles = 0
		}
		page = append(page, l)
	}
	web.JSON(w, http.StatusOK, identity.List(r, page, limit, offset))
	return nil
}

// APIMembers lists a bank's members with their balances, for its brokers.
func (h *Handlers) APIMembers(w http.ResponseWriter, r *http.Request) error {
	id, err := bankID(r)
	if err != nil {
		return err
	}
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return err
	}
	ms, err := h.Svc.Members(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, identity.List(r, window(ms, limit, offset), limit, offset))
	return nil
}

func window[T any](xs []T, limit, offset int) []T {
	if offset >= len(xs) {
		return nil
	}
	return xs[offset:min(len(xs), offset+limit+1)]
}

// APIExchanges lists exchanges: a bank's, for its brokers; the person's own, for a member.
func (h *Handlers) APIExchanges(w http.ResponseWriter, r *http.Request) error {
	v, limit, offset, err := h.viewerPaging(r)
	if err != nil {
		return err
	}
	var es []Exchange
	switch {
	case v.Broker:
		es, err = h.Svc.BankExchanges(r.Context(), web.CurrentUser(r), v.Bank.ID, r.URL.Query().Get("status"), limit+1, offset)
	case v.Member():
		es, err = h.Svc.Recent(r.Context(), v.Own(), offset+limit+1)
		es = window(es, limit, offset)
	default:
		return errs.E(errs.Forbidden, "timebank.err.members_only")
	}
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, identity.List(r, es, limit, offset))
	return nil
}

// APIExchangeInput is an exchange as the API takes it: a member's (role and other), or a
// broker's for two members (giver and receiver, with the channel).
type APIExchangeInput struct {
	As         string `json:"as"`
	Role       string `json:"role"`
	Other      string `json:"other"`
	Giver      string `json:"giver"`
	Receiver   string `json:"receiver"`
	Minutes    int64  `json:"minutes"`
	Category   string `json:"category"`
	Note       string `json:"note"`
	HappenedOn string `json:"happened_on"`
	Channel    string `json:"channel"`
	AssistNote string `json:"assist_note"`
	Listing    string `json:"listing"`
}

func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, web.MaxBody))
	if err := dec.Decode(v); err != nil && err != io.EOF {
		return errs.E(errs.Invalid, "timebank.err.json")
	}
	return nil
}

// APIRecord records an exchange. The Idempotency-Key header makes a repeated request return
// the exchange the first one made (200) instead of making another (201).
func (h *Handlers) APIRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := bankID(r)
	if err != nil {
		return err
	}
	var in APIExchangeInput
	if err := decode(r, &in); err != nil {
		return err
	}
	key := r.Header.Get("Idempotency-Key")
	var e Exchange
	var made bool
	if in.Giver != "" || in.Receiver != "" {
		e, made, err = h.Svc.BrokerRecord(r.Context(), web.CurrentUser(r), id, BrokerInput{Giver: in.Giver, Receiver: in.Receiver,
			Minutes: in.Minutes, Category: in.Category, Note: in.Note, HappenedOn: in.HappenedOn, Channel: in.Channel,
			AssistNote: in.AssistNote, Key: key})
	} else {
		e, made, err = h.Svc.Record(r.Context(), web.CurrentUser(r), id, ExchangeInput{As: in.As, Role: in.Role, Other: in.Other,
			Minutes: in.Minutes, Category: in.Category, Note: in.Note, HappenedOn: in.HappenedOn, Listing: in.Listing, Key: key})
	}
	if err != nil {
		return err
	}
	status := http.StatusOK
	if made {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/timebanks/"+id+"/exchanges/"+e.ID)
	}
	web.JSON(w, status, e)
	return nil
}

// APIExchange is one exchange, for its parties and the brokers.
func (h *Handlers) APIExchange(w http.ResponseWriter, r *http.Request) error {
	id, err := bankID(r)
	if err != nil {
		return err
	}
	ex, err := web.ID(r, "ex")
	if err != nil {
		return err
	}
	ev, err := h.Svc.ExchangeFor(r.Context(), web.CurrentUser(r), id, ex)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, ev.Exchange)
	return nil
}

// apiDecision is the body of confirm, decline and reverse.
type apiDecision struct {
	Channel string `json:"channel"`
	Reason  string `json:"reason"`
}

func (h *Handlers) apiDecide(w http.ResponseWriter, r *http.Request, run func(bank, ex string, d apiDecision) error) error {
	id, err := bankID(r)
	if err != nil {
		return err
	}
	ex, err := web.ID(r, "ex")
	if err != nil {
		return err
	}
	var d apiDecision
	if err := decode(r, &d); err != nil {
		return err
	}
	if err := run(id, ex, d); err != nil {
		return err
	}
	ev, err := h.Svc.ExchangeFor(r.Context(), web.CurrentUser(r), id, ex)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, ev.Exchange)
	return nil
}

// APIConfirm confirms an exchange waiting for the person.
func (h *Handlers) APIConfirm(w http.ResponseWriter, r *http.Request) error {
	return h.apiDecide(w, r, func(bank, ex string, d apiDecision) error {
		return h.Svc.Confirm(r.Context(), web.CurrentUser(r), bank, ex, d.Channel)
	})
}

// APIDecline declines one.
func (h *Handlers) APIDecline(w http.ResponseWriter, r *http.Request) error {
	return h.apiDecide(w, r, func(bank, ex string, d apiDecision) error {
		return h.Svc.Decline(r.Context(), web.CurrentUser(r), bank, ex, d.Reason)
	})
}

// APIReverse reverses a posted exchange, as a broker.
func (h *Handlers) APIReverse(w http.ResponseWriter, r *http.Request) error {
	return h.apiDecide(w, r, func(bank, ex string, d apiDecision) error {
		return h.Svc.Reverse(r.Context(), web.CurrentUser(r), bank, ex, d.Reason)
	})
}

// APIStatement is an account's statement (?from, ?to as yyyy-mm-dd), for its holder and brokers.
func (h *Handlers) APIStatement(w http.ResponseWriter, r *http.Request) error {
	_, st, err := h.statement(r)
	if err != nil {
		return err
	}
	if st.Rows == nil {
		st.Rows = []StatementRow{}
	}
	web.JSON(w, http.StatusOK, st)
	return nil
}

// APIInsights is a bank's insights, for its brokers.
func (h *Handlers) APIInsights(w http.ResponseWriter, r *http.Request) error {
	id, err := bankID(r)
	if err != nil {
		return err
	}
	in, err := h.Svc.Insights(r.Context(), web.CurrentUser(r), id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, in)
	return nil
}

// APIAccounts lists accounts: the caller's own in the bank (theirs and their organisations'),
// or every account of the bank for its brokers.
func (h *Handlers) APIAccounts(w http.ResponseWriter, r *http.Request) error {
	v, limit, offset, err := h.viewerPaging(r)
	if err != nil {
		return err
	}
	as, err := h.Svc.Accounts(r.Context(), v)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, identity.List(r, window(as, limit, offset), limit, offset))
	return nil
}
