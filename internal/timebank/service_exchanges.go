package timebank

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"commons/internal/platform/actor"
	"commons/internal/platform/db"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/timebank/ledger"
)

// ExchangeInput is an exchange a member records: as the one who gave the time (Role giver) or
// the one who received it (Role receiver, a request for the giver to approve).
type ExchangeInput struct {
	As                                  string // the member the person acts as: their own membership or an organisation's
	Role                                string // giver or receiver
	Other                               string // the other member, in this bank or one it has an agreement with
	Hours                               string // as typed in the form
	Mins                                string
	Minutes                             int64 // from the API; used when Hours and Mins are empty
	Category, Note, HappenedOn, Listing string
	// Key makes a double submit one exchange: the same key from the same person returns the
	// exchange the first submit made.
	Key string
}

// BrokerInput is an exchange a broker records for members, one of whom may have no internet.
type BrokerInput struct {
	Giver, Receiver            string // member ids
	Hours, Mins                string
	Minutes                    int64
	Category, Note, HappenedOn string
	Channel                    string // how the broker heard of it: phone, paper, in_person, email
	AssistNote                 string // who helped and how ("Mrs Jones phoned on Tuesday")
	Key                        string
}

// GroupInput is one account paying several helpers (Direction pay) or several people charged
// for a session (Direction charge), in one transaction.
type GroupInput struct {
	Direction                  string // pay or charge
	One                        string // the member who pays or is paid, or "pool" for the bank's pool account
	People                     []GroupPerson
	Category, Note, HappenedOn string
	Channel, AssistNote        string
	Key                        string
}

// GroupPerson is one helper or attendee of a group exchange.
type GroupPerson struct {
	Member  string
	Minutes int64
}

func (s *Service) checkCommon(f map[string]string, minutes int64, category, note, day string) {
	if minutes < 1 || minutes > MaxExchangeMinutes {
		f["minutes"] = "timebank.err.minutes"
	}
	if !ValidCategory(category) {
		f["category"] = "timebank.err.category"
	}
	if n := len([]rune(strings.TrimSpace(note))); n < 1 || n > maxNote {
		f["note"] = "timebank.err.note"
	}
	if !validDay(day, s.DB.Clock().Now().In(London)) {
		f["happened_on"] = "timebank.err.happened_on"
	}
}

func formMinutes(hours, mins string, api int64) (int64, bool) {
	if strings.TrimSpace(hours) == "" && strings.TrimSpace(mins) == "" {
		return api, api > 0
	}
	return readMinutes(hours, mins)
}

// idemKey scopes a person's key so that nobody can find or replay another's exchange with it.
func idemKey(a *actor.Actor, key string) string {
	key = strings.TrimSpace(key)
	if key == "" || len(key) > 200 {
		return ""
	}
	return IdemKey(a.ID, key)
}

// IdemKey is how an idempotency key is stored: a hash of the person and their key, so the
// column never holds who they are.
func IdemKey(accountID, key string) string {
	sum := sha256.Sum256([]byte(accountID + "\x00" + key))
	return hex.EncodeToString(sum[:])
}

// replay returns the exchange an earlier submit with the same key made, if any.
func (s *Service) replay(ctx context.Context, bankID, key string) (Exchange, bool, error) {
	if key == "" {
		return Exchange{}, false, nil
	}
	var e Exchange
	err := s.DB.Read(ctx, func(ctx context.Context) (err error) {
		e, err = exchangeByKey(ctx, s.DB, key)
		return err
	})
	if db.IsNoRows(err) {
		return Exchange{}, false, nil
	}
	if err != nil {
		return Exchange{}, false, errs.Wrap(err, "idempotency key")
	}
	if e.BankID != bankID {
		return Exchange{}, false, errs.E(errs.Conflict, "timebank.err.key_reused")
	}
	e, err = s.fill(ctx, e)
	return e, true, err
}

// begin is where every way of recording an exchange starts: the caller's view of the bank (a
// broker's, with broker set), the idempotency key, and, when that key was used before, the
// exchange it made (found).
func (s *Service) begin(ctx context.Context, a *actor.Actor, bankID, formKey string, broker bool) (v *Viewer, key string, old Exchange, found bool, err error) {
	view := s.Viewer
	if broker {
		view = s.broker
	}
	if v, err = view(ctx, a, bankID); err != nil {
		return nil, "", Exchange{}, false, err
	}
	key = idemKey(a, formKey)
	old, found, err = s.replay(ctx, bankID, key)
	return v, key, old, found, err
}

// save inserts an exchange and, when nothing waits for confirmation, posts it, all in one
// transaction. A second submit with the same key returns the first one's exchange.
func (s *Service) save(ctx context.Context, b Bank, e *Exchange, key string, after func(ctx context.Context) error) (bool, error) {
	err := s.atomic(ctx, "timebank_save", func(ctx context.Context) error {
		if old, found, err := s.replay(ctx, b.ID, key); err != nil || found {
			*e = old
			if found {
				return errReplayed
			}
			return err
		}
		e.CreatedAt = s.DB.Now(ctx)
		if err := insertExchange(ctx, s.DB, *e, key); err != nil {
			return err
		}
		if e.Status == ExConfirmed {
			if err := s.postExchange(ctx, *e, e.CreatedBy); err != nil {
				return err
			}
		}
		return after(ctx)
	})
	if err == errReplayed {
		return false, nil
	}
	if err != nil && key != "" {
		// Two submits with one key at the same moment: the second meets the first's row.
		if old, found, rerr := s.replay(ctx, b.ID, key); rerr == nil && found {
			*e = old
			return false, nil
		}
	}
	if err != nil {
		if _, ok := AsLimit(err); ok || errs.CodeOf(err) != errs.Internal {
			return false, err
		}
		return false, s.DB.Err(err, "timebank.err.save")
	}
	return true, nil
}

var errReplayed = errs.E(errs.Conflict, "timebank.err.replayed")

// otherMember finds the other party of an exchange: active, in this bank or one it has an
// active agreement with.
func (s *Service) otherMember(ctx context.Context, bankID, id string) (Member, Bank, error) {
	// Only a member who is not there (or not active), or a bank without an agreement, is the
	// form's error; any other error goes back (on a database at SERIALIZABLE a read may meet a
	// serialization failure, tried again here rather than told to the person as a wrong member).
	var m Member
	var b Bank
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		m, err = memberByID(ctx, s.DB, id)
		if db.IsNoRows(err) || (err == nil && !m.Active()) {
			return errs.FieldErrors(map[string]string{"other": "timebank.err.other"})
		}
		if err != nil {
			return err
		}
		if b, err = s.Bank(ctx, m.BankID); err != nil {
			return err
		}
		if m.BankID != bankID {
			g, err := agreementBetween(ctx, s.DB, bankID, m.BankID)
			if db.IsNoRows(err) || (err == nil && g.Status != "active") {
				return errs.FieldErrors(map[string]string{"other": "timebank.err.no_agreement"})
			}
			return err
		}
		return nil
	})
	if err != nil {
		return Member{}, Bank{}, err
	}
	return m, b, nil
}

func party(m Member, b Bank) Party {
	return Party{Account: m.Account, BankID: m.BankID, MemberID: m.ID, Kind: m.Kind, Name: m.Name, BankName: b.Name}
}

// Record saves an exchange a member records as giver or receiver. Where the bank (or the other
// party's bank) asks for it, it waits for the other party to confirm; otherwise it is posted at
// once. It returns the exchange and whether this call made it (false for a repeated key).
func (s *Service) Record(ctx context.Context, a *actor.Actor, bankID string, in ExchangeInput) (Exchange, bool, error) {
	v, key, old, found, err := s.begin(ctx, a, bankID, in.Key, false)
	if err != nil || found {
		return old, false, err
	}
	own := v.Own()
	if len(own) == 0 {
		return Exchange{}, false, errs.E(errs.Forbidden, "timebank.err.members_only")
	}
	me := own[0]
	if in.As != "" {
		i := slices.IndexFunc(own, func(m Member) bool { return m.ID == in.As })
		if i < 0 {
			return Exchange{}, false, errs.FieldErrors(map[string]string{"as": "timebank.err.as"})
		}
		me = own[i]
	}
	f := map[string]string{}
	minutes, ok := formMinutes(in.Hours, in.Mins, in.Minutes)
	if !ok {
		f["minutes"] = "timebank.err.minutes"
	}
	if in.Role != AsGiver && in.Role != AsReceiver {
		f["role"] = "timebank.err.role_exchange"
	}
	s.checkCommon(f, minutes, in.Category, in.Note, in.HappenedOn)
	var other Member
	var otherBank Bank
	if in.Other == "" || in.Other == me.ID {
		f["other"] = "timebank.err.other"
	} else if ids.Valid(in.Other) {
		var err error
		if other, otherBank, err = s.otherMember(ctx, bankID, in.Other); err != nil {
			if fe := errs.As(err); fe.Code == errs.Invalid {
				for k, v := range fe.Fields {
					f[k] = v
				}
			} else {
				return Exchange{}, false, err
			}
		}
	} else {
		f["other"] = "timebank.err.other"
	}
	if len(f) > 0 {
		return Exchange{}, false, errs.FieldErrors(f)
	}
	mine, theirs := party(me, v.Bank), party(other, otherBank)
	line := ExchangeLine{Payer: theirs, Payee: mine, Minutes: minutes}
	if in.Role == AsReceiver {
		line = ExchangeLine{Payer: mine, Payee: theirs, Minutes: minutes}
	}
	e := Exchange{ID: ids.New(), BankID: bankID, Kind: "single", Status: ExConfirmed, Category: in.Category,
		Note: clip(in.Note, maxNote), Minutes: minutes, HappenedOn: in.HappenedOn, RecordedAs: in.Role, RecordedMember: me.ID,
		CreatedBy: a.ID, Lines: []ExchangeLine{line}}
	if ids.Valid(in.Listing) {
		e.ListingID = in.Listing
	}
	if v.Bank.MustConfirm || otherBank.MustConfirm {
		e.Status, e.AwaitingMember = ExPending, other.ID
		// Refuse at once what could never be confirmed: the payer cannot afford it now.
		payer, err := accountByID(ctx, s.DB, line.Payer.Account)
		if err != nil {
			return Exchange{}, false, errs.Wrap(err, "payer")
		}
		if !ledger.WithinLimit(payer.Balance, payer.Floor, -minutes) {
			return Exchange{}, false, limitError(payer, minutes)
		}
	}
	made, err := s.save(ctx, v.Bank, &e, key, func(ctx context.Context) error {
		link := s.BaseURL + "/timebanks/" + bankID + "/exchanges/" + e.ID
		if e.Status == ExPending {
			if other.Kind == KindOffline {
				return s.tellBrokers(ctx, otherBank, "timebank.mail.confirm_offline", "name", me.Name, "other", other.Name,
					"minutes", minutes, "note", e.Note, "link", link)
			}
			return s.tell(ctx, otherBank, other, "timebank.mail.confirm_"+in.Role, "name", me.Name, "minutes", minutes,
				"note", e.Note, "link", link)
		}
		return s.tell(ctx, otherBank, other, "timebank.mail.recorded_"+in.Role, "name", me.Name, "minutes", minutes,
			"note", e.Note, "link", link)
	})
	if err != nil {
		return Exchange{}, false, err
	}
	if !made {
		return e, false, nil
	}
	e, err = s.fill(ctx, e)
	return e, true, err
}

// BrokerRecord saves an exchange a broker records for two members (one may have no internet),
// posted at once, with how the broker heard of it.
func (s *Service) BrokerRecord(ctx context.Context, a *actor.Actor, bankID string, in BrokerInput) (Exchange, bool, error) {
	v, key, old, found, err := s.begin(ctx, a, bankID, in.Key, true)
	if err != nil || found {
		return old, false, err
	}
	f := map[string]string{}
	minutes, ok := formMinutes(in.Hours, in.Mins, in.Minutes)
	if !ok {
		f["minutes"] = "timebank.err.minutes"
	}
	s.checkCommon(f, minutes, in.Category, in.Note, in.HappenedOn)
	if !slices.Contains(Channels, in.Channel) {
		f["channel"] = "timebank.err.channel"
	}
	if len([]rune(in.AssistNote)) > maxNote {
		f["assist_note"] = "timebank.err.note"
	}
	var giver, receiver Member
	var giverBank, receiverBank Bank
	if !ids.Valid(in.Giver) {
		f["giver"] = "timebank.err.giver"
	} else if giver, giverBank, err = s.otherMember(ctx, bankID, in.Giver); errs.As(err).Code == errs.Invalid {
		f["giver"] = "timebank.err.giver"
	} else if err != nil {
		return Exchange{}, false, err
	}
	if !ids.Valid(in.Receiver) || in.Receiver == in.Giver {
		f["receiver"] = "timebank.err.receiver"
	} else if receiver, receiverBank, err = s.otherMember(ctx, bankID, in.Receiver); errs.As(err).Code == errs.Invalid {
		f["receiver"] = "timebank.err.receiver"
	} else if err != nil {
		return Exchange{}, false, err
	}
	if f["giver"] == "" && f["receiver"] == "" && giver.BankID != bankID && receiver.BankID != bankID {
		f["giver"] = "timebank.err.one_here"
	}
	if len(f) > 0 {
		return Exchange{}, false, errs.FieldErrors(f)
	}
	e := Exchange{ID: ids.New(), BankID: bankID, Kind: "single", Status: ExConfirmed, Category: in.Category,
		Note: clip(in.Note, maxNote), Minutes: minutes, HappenedOn: in.HappenedOn, RecordedAs: AsBroker, CreatedBy: a.ID,
		AssistedChannel: in.Channel, AssistedNote: clip(in.AssistNote, maxNote),
		Lines: []ExchangeLine{{Payer: party(receiver, receiverBank), Payee: party(giver, giverBank), Minutes: minutes}}}
	made, err := s.save(ctx, v.Bank, &e, key, func(ctx context.Context) error {
		if err := s.record(ctx, a, "exchange.broker", "timebank_exchange", e.ID, in.Channel+": "+e.AssistedNote); err != nil {
			return err
		}
		return s.tellParties(ctx, v.Bank, e, "timebank.mail.broker_recorded")
	})
	if err != nil || !made {
		return e, false, err
	}
	e, err = s.fill(ctx, e)
	return e, true, err
}

// Group saves a group exchange, posted at once as one transaction: a broker may record either
// direction; a member may pay helpers from their own (or their organisation's) account.
func (s *Service) Group(ctx context.Context, a *actor.Actor, bankID string, in GroupInput) (Exchange, bool, error) {
	v, key, old, found, err := s.begin(ctx, a, bankID, in.Key, false)
	if err != nil || found {
		return old, false, err
	}
	f := map[string]string{}
	if in.Direction != "pay" && in.Direction != "charge" {
		f["direction"] = "timebank.err.direction"
	}
	var one Party
	if in.One == "pool" {
		if !v.Broker {
			return Exchange{}, false, errNotBroker
		}
		one = Party{Account: v.Bank.PoolAccount, BankID: bankID, Kind: AccountPool, Name: v.Bank.Name, BankName: v.Bank.Name}
	} else if m, err := s.member(ctx, bankID, in.One); err != nil && errs.CodeOf(err) != errs.NotFound {
		return Exchange{}, false, err
	} else if err != nil || !m.Active() {
		f["one"] = "timebank.err.one"
	} else {
		if !v.Broker && !(in.Direction == "pay" && ActsFor(a, m)) {
			return Exchange{}, false, errNotBroker
		}
		one = party(m, v.Bank)
	}
	if !v.Broker && in.Channel != "" {
		in.Channel, in.AssistNote = "", ""
	}
	if in.Channel != "" && !slices.Contains(Channels, in.Channel) {
		f["channel"] = "timebank.err.channel"
	}
	var total int64
	var lines []ExchangeLine
	seen := map[string]bool{}
	if len(in.People) < 1 || len(in.People) > MaxGroup {
		f["people"] = "timebank.err.people"
	}
	for _, p := range in.People {
		m, err := s.member(ctx, bankID, p.Member)
		if err != nil && errs.CodeOf(err) != errs.NotFound {
			return Exchange{}, false, err // a failed look-up is not an unknown member
		}
		if err != nil || !m.Active() || seen[m.ID] || m.ID == in.One {
			f["people"] = "timebank.err.people"
			continue
		}
		seen[m.ID] = true
		if p.Minutes < 1 || p.Minutes > MaxExchangeMinutes {
			f["people"] = "timebank.err.people_minutes"
			continue
		}
		total += p.Minutes
		them := party(m, v.Bank)
		if in.Direction == "pay" {
			lines = append(lines, ExchangeLine{Payer: one, Payee: them, Minutes: p.Minutes})
		} else {
			lines = append(lines, ExchangeLine{Payer: them, Payee: one, Minutes: p.Minutes})
		}
	}
	s.checkCommon(f, min(total, 1), in.Category, in.Note, in.HappenedOn)
	if total > ledger.MaxMinutes {
		f["people"] = "timebank.err.people_minutes"
	}
	if len(f) > 0 {
		return Exchange{}, false, errs.FieldErrors(f)
	}
	as := AsBroker
	e := Exchange{ID: ids.New(), BankID: bankID, Kind: "group", Status: ExConfirmed, Category: in.Category, Note: clip(in.Note, maxNote),
		Minutes: total, HappenedOn: in.HappenedOn, CreatedBy: a.ID, AssistedChannel: in.Channel, AssistedNote: clip(in.AssistNote, maxNote),
		Lines: lines}
	if !v.Broker {
		as, e.RecordedMember = AsReceiver, one.MemberID
	}
	e.RecordedAs = as
	made, err := s.save(ctx, v.Bank, &e, key, func(ctx context.Context) error {
		if v.Broker {
			if err := s.record(ctx, a, "exchange.group", "timebank_exchange", e.ID, in.Direction); err != nil {
				return err
			}
		}
		return s.tellParties(ctx, v.Bank, e, "timebank.mail.group_"+in.Direction)
	})
	if err != nil || !made {
		return e, false, err
	}
	e, err = s.fill(ctx, e)
	return e, true, err
}

// exchange reads an exchange of a bank (one of another bank is not found).
func (s *Service) exchange(ctx context.Context, bankID, id string) (Exchange, error) {
	e, err := exchangeByID(ctx, s.DB, id)
	if err != nil {
		return e, s.DB.Err(err, "timebank.err.exchange_not_found")
	}
	if e.BankID != bankID {
		return e, errs.E(errs.NotFound, "timebank.err.exchange_not_found")
	}
	return s.fill(ctx, e)
}

// fill adds an exchange's lines and its place in the ledger. Its reads run in a transaction (the
// caller's, or one of their own that is tried again: on a database at SERIALIZABLE even a read
// after the exchange was saved can meet a serialization failure).
func (s *Service) fill(ctx context.Context, e Exchange) (Exchange, error) {
	var out Exchange
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		out, err = s.fillOnce(ctx, e)
		return err
	})
	if err != nil {
		return e, err
	}
	return out, nil
}

func (s *Service) fillOnce(ctx context.Context, e Exchange) (Exchange, error) {
	ls, err := exchangeLines(ctx, s.DB, e.ID)
	if err != nil {
		return e, errs.Wrap(err, "exchange lines")
	}
	e.Lines = ls
	if e.TransactionID, e.ReversalID, e.ReversalNote, err = exchangeTransaction(ctx, s.DB, e.ID); err != nil {
		return e, errs.Wrap(err, "exchange transaction")
	}
	return e, nil
}

// ExchangeView is an exchange with what the person looking at it may do.
type ExchangeView struct {
	Exchange
	Awaiting                                      *Member
	CanConfirm, CanDecline, CanCancel, CanReverse bool
	// OnBehalf: the person confirms as a broker for someone else, so says how they heard.
	OnBehalf bool
}

// parties are the members named on an exchange's lines.
func (s *Service) parties(ctx context.Context, e Exchange) ([]Member, error) {
	var out []Member
	seen := map[string]bool{}
	for _, l := range e.Lines {
		for _, p := range []Party{l.Payer, l.Payee} {
			if p.MemberID == "" || seen[p.MemberID] {
				continue
			}
			seen[p.MemberID] = true
			m, err := memberByID(ctx, s.DB, p.MemberID)
			if err != nil {
				return nil, errs.Wrap(err, "party")
			}
			out = append(out, m)
		}
	}
	return out, nil
}

// brokerOf reports whether the person coordinates a bank.
func (s *Service) brokerOf(ctx context.Context, a *actor.Actor, bankID string) (bool, error) {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return false, err
	}
	return v.Broker, nil
}

// ExchangeFor returns an exchange to its parties (and those who act for them) and to the
// brokers of the banks it touches; to anyone else it is not found.
func (s *Service) ExchangeFor(ctx context.Context, a *actor.Actor, bankID, id string) (ExchangeView, error) {
	e, err := s.exchange(ctx, bankID, id)
	if err != nil {
		return ExchangeView{}, err
	}
	ev := ExchangeView{Exchange: e}
	ps, err := s.parties(ctx, e)
	if err != nil {
		return ev, err
	}
	party, broker := false, false
	banks := map[string]bool{e.BankID: true}
	for _, m := range ps {
		party = party || ActsFor(a, m)
		banks[m.BankID] = true
	}
	for b := range banks {
		ok, err := s.brokerOf(ctx, a, b)
		if err != nil {
			return ev, err
		}
		broker = broker || ok
	}
	if !party && !broker {
		return ev, errs.E(errs.NotFound, "timebank.err.exchange_not_found")
	}
	if e.Status == ExPending && e.AwaitingMember != "" {
		w, err := memberByID(ctx, s.DB, e.AwaitingMember)
		if err != nil {
			return ev, errs.Wrap(err, "awaiting")
		}
		ev.Awaiting = &w
		mine := ActsFor(a, w)
		theirBroker, err := s.brokerOf(ctx, a, w.BankID)
		if err != nil {
			return ev, err
		}
		ev.CanConfirm = mine || theirBroker
		ev.CanDecline = ev.CanConfirm
		ev.OnBehalf = !mine && theirBroker
		if e.RecordedMember != "" {
			if r, err := memberByID(ctx, s.DB, e.RecordedMember); err == nil && ActsFor(a, r) {
				ev.CanCancel = true
			}
		}
		ev.CanCancel = ev.CanCancel || broker
	}
	if e.Status == ExConfirmed {
		ev.CanReverse, err = s.brokerOf(ctx, a, e.BankID)
		if err != nil {
			return ev, err
		}
	}
	return ev, nil
}

// Confirm posts an exchange waiting for the person (or, as a broker, for a member they look
// after, saying how they heard). A confirmation the payer's limit cannot take is refused and the
// exchange keeps waiting.
func (s *Service) Confirm(ctx context.Context, a *actor.Actor, bankID, id, channel string) error {
	ev, err := s.ExchangeFor(ctx, a, bankID, id)
	if err != nil {
		return err
	}
	if !ev.CanConfirm {
		if ev.Status != ExPending {
			return errs.E(errs.Conflict, "timebank.err.decided")
		}
		return errForbidden
	}
	if ev.OnBehalf && !slices.Contains(Channels, channel) {
		return errs.FieldErrors(map[string]string{"channel": "timebank.err.channel"})
	}
	if !ev.OnBehalf {
		channel = ""
	}
	b, err := s.Bank(ctx, bankID)
	if err != nil {
		return err
	}
	return s.atomic(ctx, "timebank_confirm", func(ctx context.Context) error {
		ok, err := decideExchange(ctx, s.DB, id, ExPending, ExConfirmed, a.ID, channel, "", s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "timebank.err.decided")
		}
		if err := s.postExchange(ctx, ev.Exchange, a.ID); err != nil {
			return err
		}
		return s.tellRecorder(ctx, b, ev.Exchange, "timebank.mail.confirmed", "name", ev.Awaiting.Name)
	})
}

// Decline turns down an exchange waiting for the person; the one who recorded it is told why.
func (s *Service) Decline(ctx context.Context, a *actor.Actor, bankID, id, reason string) error {
	ev, err := s.ExchangeFor(ctx, a, bankID, id)
	if err != nil {
		return err
	}
	if !ev.CanDecline {
		if ev.Status != ExPending {
			return errs.E(errs.Conflict, "timebank.err.decided")
		}
		return errForbidden
	}
	if len([]rune(reason)) > maxNote {
		return errs.FieldErrors(map[string]string{"reason": "timebank.err.reason"})
	}
	b, err := s.Bank(ctx, bankID)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		ok, err := decideExchange(ctx, s.DB, id, ExPending, ExDeclined, a.ID, "", clip(reason, maxNote), s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "timebank.err.decided")
		}
		return s.tellRecorder(ctx, b, ev.Exchange, "timebank.mail.declined", "name", ev.Awaiting.Name, "reason", clip(reason, maxNote))
	})
}

// Cancel withdraws an exchange the person recorded that still waits for the other party.
func (s *Service) Cancel(ctx context.Context, a *actor.Actor, bankID, id string) error {
	ev, err := s.ExchangeFor(ctx, a, bankID, id)
	if err != nil {
		return err
	}
	if !ev.CanCancel {
		if ev.Status != ExPending {
			return errs.E(errs.Conflict, "timebank.err.decided")
		}
		return errForbidden
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		ok, err := decideExchange(ctx, s.DB, id, ExPending, ExCancelled, a.ID, "", "", s.DB.Now(ctx))
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "timebank.err.decided")
		}
		return nil
	})
}

// tellParties mails every member on an exchange (offline members' brokers see it on their
// page instead).
func (s *Service) tellParties(ctx context.Context, b Bank, e Exchange, key string, args ...any) error {
	ps, err := s.parties(ctx, e)
	if err != nil {
		return err
	}
	link := s.BaseURL + "/timebanks/" + e.BankID + "/exchanges/" + e.ID
	for _, m := range ps {
		mb := b
		if m.BankID != b.ID {
			if mb, err = s.Bank(ctx, m.BankID); err != nil {
				return err
			}
		}
		mins := e.Minutes
		for _, l := range e.Lines {
			if l.Payer.MemberID == m.ID || l.Payee.MemberID == m.ID {
				mins = l.Minutes
			}
		}
		all := append([]any{"minutes", mins, "note", e.Note, "link", link}, args...)
		if err := s.tell(ctx, mb, m, key, all...); err != nil {
			return err
		}
	}
	return nil
}

// tellRecorder mails the member who recorded an exchange.
func (s *Service) tellRecorder(ctx context.Context, b Bank, e Exchange, key string, args ...any) error {
	if e.RecordedMember == "" {
		return nil
	}
	m, err := memberByID(ctx, s.DB, e.RecordedMember)
	if err != nil {
		return errs.Wrap(err, "recorder")
	}
	link := s.BaseURL + "/timebanks/" + e.BankID + "/exchanges/" + e.ID
	return s.tell(ctx, b, m, key, append([]any{"minutes", e.Minutes, "note", e.Note, "link", link}, args...)...)
}

// Waiting lists the exchanges waiting for any of the members to confirm.
func (s *Service) Waiting(ctx context.Context, members []Member) ([]Exchange, error) {
	var out []Exchange
	for _, m := range members {
		es, err := queryExchanges(ctx, s.DB, `WHERE e.awaiting_member = $1 AND e.status = 'pending' ORDER BY e.created_at`, m.ID)
		if err != nil {
			return nil, errs.Wrap(err, "waiting")
		}
		for _, e := range es {
			if e, err = s.fill(ctx, e); err != nil {
				return nil, err
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// Recent lists the latest exchanges of members' accounts.
func (s *Service) Recent(ctx context.Context, members []Member, limit int) ([]Exchange, error) {
	var accs []string
	for _, m := range members {
		accs = append(accs, m.Account)
	}
	es, err := exchangesOfAccounts(ctx, s.DB, accs, limit)
	if err != nil {
		return nil, errs.Wrap(err, "recent")
	}
	for i := range es {
		if es[i], err = s.fill(ctx, es[i]); err != nil {
			return nil, err
		}
	}
	return es, nil
}

// BankExchanges lists a bank's exchanges for its brokers.
func (s *Service) BankExchanges(ctx context.Context, a *actor.Actor, bankID, status string, limit, offset int) ([]Exchange, error) {
	if _, err := s.broker(ctx, a, bankID); err != nil {
		return nil, err
	}
	es, err := exchangesOfBank(ctx, s.DB, bankID, status, limit, offset)
	if err != nil {
		return nil, errs.Wrap(err, "exchanges")
	}
	for i := range es {
		if es[i], err = s.fill(ctx, es[i]); err != nil {
			return nil, err
		}
	}
	return es, nil
}

// WaitingForBrokers lists a bank's exchanges waiting for a member without internet, whom a
// broker confirms for.
func (s *Service) WaitingForBrokers(ctx context.Context, a *actor.Actor, bankID string) ([]Exchange, error) {
	if _, err := s.broker(ctx, a, bankID); err != nil {
		return nil, err
	}
	es, err := queryExchanges(ctx, s.DB, `WHERE e.status = 'pending' AND e.awaiting_member IN
		(SELECT id FROM timebank_members WHERE bank_id = $1 AND kind = 'offline') ORDER BY e.created_at`, bankID)
	if err != nil {
		return nil, errs.Wrap(err, "waiting")
	}
	for i := range es {
		if es[i], err = s.fill(ctx, es[i]); err != nil {
			return nil, err
		}
	}
	return es, nil
}
