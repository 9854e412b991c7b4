package timebank

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/timebank/importcsv"
	"commons/internal/timebank/ledger"
)

// ImportLine is one row of an import's report.
type ImportLine struct {
	Line     int      `json:"line"`
	What     string   `json:"what"`     // the row in a few words
	Problems []string `json:"problems"` // message keys; none when the row is right
	// For a transfer: the members it was matched to.
	From, To string `json:"-"`
}

// ImportReport is a checked file, row by row.
type ImportReport struct {
	ID       string       `json:"id"`
	Kind     string       `json:"kind"`
	Filename string       `json:"filename"`
	Status   string       `json:"status"`
	Rows     int          `json:"rows"`
	Problems int          `json:"rows_with_problems"`
	Lines    []ImportLine `json:"lines"`
}

// OK reports whether every row is right.
func (r ImportReport) OK() bool { return r.Problems == 0 && r.Rows > 0 }

var errImportFile = map[error]string{
	importcsv.ErrEmpty: "timebank.err.import_empty", importcsv.ErrTooBig: "timebank.err.import_big",
	importcsv.ErrNotCSV: "timebank.err.import_csv", importcsv.ErrColumns: "timebank.err.import_columns",
	importcsv.ErrTooMany: "timebank.err.import_rows", importcsv.ErrEncoding: "timebank.err.import_encoding",
}

// plan is what importing a file would do: members to add and transactions to post, in order.
type plan struct {
	report  ImportReport
	members []Member
	opening map[string]int64 // member id → opening balance
	lines   []planned
}

type planned struct {
	ref       string
	from, to  ledger.Ref
	minutes   int64
	date, cat string
	note      string
}

// check reads a file and works out, against the bank as it is now, what importing it would do
// and what is wrong with each row. Nothing is saved.
func (s *Service) check(ctx context.Context, b Bank, importID string, data []byte) (plan, error) {
	f, err := importcsv.Parse(bytes.NewReader(data))
	if err != nil {
		for e, key := range errImportFile {
			if errors.Is(err, e) {
				return plan{}, errs.FieldErrors(map[string]string{"file": key})
			}
		}
		return plan{}, errs.FieldErrors(map[string]string{"file": "timebank.err.import_csv"})
	}
	p := plan{report: ImportReport{ID: importID, Kind: string(f.Kind), Rows: f.Rows}, opening: map[string]int64{}}
	lines := map[int]*ImportLine{}
	line := func(n int, what string) *ImportLine {
		if l, ok := lines[n]; ok {
			if l.What == "" {
				l.What = what
			}
			return l
		}
		l := &ImportLine{Line: n, What: what, Problems: []string{}}
		lines[n] = l
		return l
	}
	for _, pr := range f.Problems {
		key := "timebank.import.p." + pr.Code
		if pr.Field != "" {
			key += "." + pr.Field
		}
		l := line(pr.Line, "")
		l.Problems = append(l.Problems, key)
	}
	existing, err := membersOfBank(ctx, s.DB, b.ID)
	if err != nil {
		return plan{}, errs.Wrap(err, "members")
	}
	book := ledger.NewBook()
	accounts, err := accountsOfBank(ctx, s.DB, b.ID)
	if err != nil {
		return plan{}, errs.Wrap(err, "accounts")
	}
	for _, a := range accounts {
		book.Seed(ledger.Ref{Account: a.ID, Bank: b.ID}, a.Balance, a.Floor)
	}
	pool := ledger.Ref{Account: b.PoolAccount, Bank: b.ID}
	post := func(l *ImportLine, id string, from, to ledger.Ref, m int64) bool {
		tx, err := ledger.Transfer([]ledger.Line{{Payer: from, Payee: to, Minutes: m}}, nil)
		if err == nil {
			err = book.Post(id, tx)
		}
		var le *ledger.LimitError
		switch {
		case errors.As(err, &le) && le.Account == pool.Account:
			l.Problems = append(l.Problems, "timebank.import.p.pool_limit")
		case errors.As(err, &le):
			l.Problems = append(l.Problems, "timebank.import.p.below_limit")
		case err != nil:
			l.Problems = append(l.Problems, "timebank.import.p.amount_bad.amount")
		}
		return err == nil
	}
	switch f.Kind {
	case importcsv.Members:
		refs := map[string]bool{}
		names := map[string]bool{}
		for _, m := range existing {
			if m.ImportedRef != "" {
				refs[m.ImportedRef] = true
			}
		}
		for _, row := range f.Members {
			l := line(row.Line, row.Name)
			switch {
			case row.Ref != "" && refs[row.Ref]:
				l.Problems = append(l.Problems, "timebank.import.p.duplicate_ref")
			case row.Ref == "" && names[strings.ToLower(row.Name)]:
				l.Problems = append(l.Problems, "timebank.import.p.duplicate_name")
			}
			refs[row.Ref], names[strings.ToLower(row.Name)] = row.Ref != "", true
			contact := strings.TrimSpace(strings.Join([]string{row.Email, row.Phone}, " "))
			m := Member{ID: ids.New(), BankID: b.ID, Kind: KindOffline, Name: row.Name, Contact: clip(contact, 300), Role: RoleMember,
				Status: StatusActive, AddedHow: "import", ImportedRef: row.Ref}
			floor := b.PersonLimit
			if row.Kind == "organisation" {
				floor = b.OrganisationLimit
			}
			mref := ledger.Ref{Account: "new:" + m.ID, Bank: b.ID}
			book.Open(mref, floor)
			if row.Balance > 0 && !post(l, "open:"+m.ID, pool, mref, row.Balance) ||
				row.Balance < 0 && !post(l, "open:"+m.ID, mref, pool, -row.Balance) {
				continue
			}
			if len(l.Problems) == 0 {
				m.LimitOverride = nil
				if row.Kind == "organisation" {
					lim := b.OrganisationLimit
					m.LimitOverride = &lim
				}
				p.members = append(p.members, m)
				p.opening[m.ID] = row.Balance
			}
		}
	case importcsv.Transfers:
		byRef, byName := map[string][]Member{}, map[string][]Member{}
		for _, m := range existing {
			if m.ImportedRef != "" {
				byRef[m.ImportedRef] = append(byRef[m.ImportedRef], m)
			}
			byName[strings.ToLower(m.Name)] = append(byName[strings.ToLower(m.Name)], m)
		}
		find := func(l *ImportLine, field, who string) (Member, bool) {
			ms := byRef[who]
			if len(ms) == 0 {
				ms = byName[strings.ToLower(who)]
			}
			switch len(ms) {
			case 0:
				l.Problems = append(l.Problems, "timebank.import.p.unknown_member."+field)
			case 1:
				return ms[0], true
			default:
				l.Problems = append(l.Problems, "timebank.import.p.ambiguous."+field)
			}
			return Member{}, false
		}
		today := s.DB.Now(ctx).In(London).Format("2006-01-02")
		seen := map[string]int{}
		var refs []string
		for _, row := range f.Transfers {
			refs = append(refs, transferRef(b.ID, row, seen))
		}
		taken, err := refsTaken(ctx, s.DB, refs)
		if err != nil {
			return plan{}, errs.Wrap(err, "import refs")
		}
		for i, row := range f.Transfers {
			l := line(row.Line, row.Date+": "+row.From+" → "+row.To+" ("+HoursText(row.Minutes)+")")
			from, ok1 := find(l, "from", row.From)
			to, ok2 := find(l, "to", row.To)
			l.From, l.To = from.Name, to.Name
			if row.Date > today {
				l.Problems = append(l.Problems, "timebank.import.p.date_future")
			}
			if taken[refs[i]] {
				l.Problems = append(l.Problems, "timebank.import.p.already_imported")
			}
			if ok1 && ok2 && from.ID == to.ID {
				l.Problems = append(l.Problems, "timebank.import.p.same_party.to")
			}
			if len(l.Problems) > 0 {
				continue
			}
			fromRef, toRef := ledger.Ref{Account: from.Account, Bank: b.ID}, ledger.Ref{Account: to.Account, Bank: b.ID}
			if !post(l, refs[i], fromRef, toRef, row.Minutes) {
				continue
			}
			cat := row.Category
			if !ValidCategory(cat) {
				cat = "other"
			}
			p.lines = append(p.lines, planned{ref: refs[i], from: fromRef, to: toRef, minutes: row.Minutes, date: row.Date, cat: cat,
				note: clip(row.Note, maxNote)})
		}
	}
	for _, n := range slices.Sorted(maps.Keys(lines)) {
		l := lines[n]
		p.report.Lines = append(p.report.Lines, *l)
		if len(l.Problems) > 0 {
			p.report.Problems++
		}
	}
	return p, nil
}

// transferRef names an imported transfer in the ledger, so the same row imported twice (in
// this file or an earlier one) is found: the bank, the row's content and how many identical
// rows came before it.
func transferRef(bankID string, t importcsv.Transfer, seen map[string]int) string {
	key := strings.Join([]string{bankID, t.Date, t.From, t.To, strconv.FormatInt(t.Minutes, 10), t.Note}, "\x00")
	seen[key]++
	sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
	return "import/" + hex.EncodeToString(sum[:16])
}

// CheckImport reads a file from another system and reports each row, saving only the file, so
// the broker can import it once every row is right.
func (s *Service) CheckImport(ctx context.Context, a *actor.Actor, bankID, filename string, data []byte) (ImportReport, error) {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return ImportReport{}, err
	}
	id := ids.New()
	p, err := s.check(ctx, v.Bank, id, data)
	if err != nil {
		return ImportReport{}, err
	}
	filename = clip(strings.Map(func(r rune) rune {
		if r < 0x20 || r == '/' || r == '\\' {
			return '_'
		}
		return r
	}, filename), 200)
	p.report.Filename, p.report.Status = filename, "checked"
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		return insertImport(ctx, s.DB, importRow{ID: id, BankID: bankID, Kind: p.report.Kind, Filename: filename, Data: data,
			Rows: p.report.Rows, Problems: p.report.Problems, CreatedAt: s.DB.Now(ctx)}, a.ID)
	})
	if err != nil {
		return ImportReport{}, s.DB.Err(err, "timebank.err.save")
	}
	return p.report, nil
}

// ImportFor returns a stored import's report, checked again against the bank as it is now.
func (s *Service) ImportFor(ctx context.Context, a *actor.Actor, bankID, id string) (ImportReport, error) {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return ImportReport{}, err
	}
	im, err := importByID(ctx, s.DB, id)
	if err != nil || im.BankID != bankID {
		return ImportReport{}, errs.E(errs.NotFound, "timebank.err.import_not_found")
	}
	if im.Status == "applied" {
		return ImportReport{ID: im.ID, Kind: im.Kind, Filename: im.Filename, Status: im.Status, Rows: im.Rows}, nil
	}
	p, err := s.check(ctx, v.Bank, id, im.Data)
	if err != nil {
		return ImportReport{}, err
	}
	p.report.Filename, p.report.Status = im.Filename, im.Status
	return p.report, nil
}

// Imports lists a bank's recent imports.
func (s *Service) Imports(ctx context.Context, a *actor.Actor, bankID string) ([]ImportReport, error) {
	if _, err := s.broker(ctx, a, bankID); err != nil {
		return nil, err
	}
	ims, err := importsOf(ctx, s.DB, bankID)
	if err != nil {
		return nil, errs.Wrap(err, "imports")
	}
	var out []ImportReport
	for _, im := range ims {
		out = append(out, ImportReport{ID: im.ID, Kind: im.Kind, Filename: im.Filename, Status: im.Status, Rows: im.Rows, Problems: im.Problems})
	}
	return out, nil
}

// ApplyImport imports a checked file in one transaction: it is checked again first, and
// refused unless every row is still right; a file is imported once.
func (s *Service) ApplyImport(ctx context.Context, a *actor.Actor, bankID, id string) (int, error) {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.atomic(ctx, "timebank_import", func(ctx context.Context) error {
		im, err := importByID(ctx, s.DB, id)
		if err != nil || im.BankID != bankID {
			return errs.E(errs.NotFound, "timebank.err.import_not_found")
		}
		now := s.DB.Now(ctx)
		ok, err := markApplied(ctx, s.DB, id, now)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "timebank.err.import_applied")
		}
		p, err := s.check(ctx, v.Bank, id, im.Data)
		if err != nil {
			return err
		}
		if !p.report.OK() {
			return errs.E(errs.Conflict, "timebank.err.import_problems")
		}
		day := today(now)
		for _, m := range p.members {
			m.AddedBy, m.JoinedAt = a.ID, now
			if err := s.addImported(ctx, v.Bank, &m); err != nil {
				return err
			}
			if bal := p.opening[m.ID]; bal != 0 {
				from, to := ledger.Ref{Account: v.Bank.PoolAccount, Bank: bankID}, ledger.Ref{Account: m.Account, Bank: bankID}
				if bal < 0 {
					from, to, bal = to, from, -bal
				}
				t, err := ledger.Transfer([]ledger.Line{{Payer: from, Payee: to, Minutes: bal}}, nil)
				if err != nil {
					return errs.Wrap(err, "opening balance")
				}
				if err := s.post(ctx, txRow{ID: ids.New(), BankID: bankID, Kind: TxImport, Ref: "import/" + id + "/" + m.ID,
					Note: im.Filename, HappenedOn: day, CreatedBy: a.ID}, t); err != nil {
					return err
				}
			}
			n++
		}
		for _, l := range p.lines {
			t, err := ledger.Transfer([]ledger.Line{{Payer: l.from, Payee: l.to, Minutes: l.minutes}}, nil)
			if err != nil {
				return errs.Wrap(err, "imported transfer")
			}
			if err := s.post(ctx, txRow{ID: ids.New(), BankID: bankID, Kind: TxImport, Ref: l.ref, Category: l.cat, Note: l.note,
				HappenedOn: l.date, CreatedBy: a.ID}, t); err != nil {
				return err
			}
			n++
		}
		return s.record(ctx, a, "import.apply", "timebank_import", id, im.Filename+": "+strconv.Itoa(n)+" rows")
	})
	if _, limited := AsLimit(err); limited {
		return 0, errs.E(errs.Conflict, "timebank.err.import_problems")
	}
	return n, err
}

// addImported inserts a member brought over from another system, with an account at the
// bank's limit for its kind.
func (s *Service) addImported(ctx context.Context, b Bank, m *Member) error {
	if err := insertMember(ctx, s.DB, *m); err != nil {
		return err
	}
	acc := Account{ID: ids.New(), BankID: b.ID, Kind: AccountMember, MemberID: m.ID, Floor: floorFor(b, *m)}
	if err := insertAccount(ctx, s.DB, acc, m.JoinedAt); err != nil {
		return err
	}
	m.Account = acc.ID
	return nil
}
