package timebank

import (
	"context"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/platform/mail"
)

// locate finds a postcode's point, if a locator is there; a postcode it does not know is the
// person's to correct, and with no locator the listing is simply found by area.
func (s *Service) locate(ctx context.Context, field, postcode string) (*float64, *float64, error) {
	if postcode == "" || s.Locate == nil {
		return nil, nil, nil
	}
	p, err := s.Locate.LocatePostcode(ctx, postcode)
	if err != nil {
		switch errs.CodeOf(err) {
		case errs.NotFound, errs.Invalid:
			return nil, nil, errs.FieldErrors(map[string]string{field: "timebank.err.postcode_unknown"})
		}
		return nil, nil, err
	}
	return &p.Lat, &p.Lng, nil
}

// listingOwner finds the member a person lists as.
func (s *Service) listingOwner(v *Viewer, as string) (Member, error) {
	own := v.Own()
	if len(own) == 0 {
		return Member{}, errs.E(errs.Forbidden, "timebank.err.members_only")
	}
	if as == "" {
		return own[0], nil
	}
	i := slices.IndexFunc(own, func(m Member) bool { return m.ID == as })
	if i < 0 {
		return Member{}, errs.FieldErrors(map[string]string{"as": "timebank.err.as"})
	}
	return own[i], nil
}

// CreateListing puts up an offer or request, open until the bank's listing period ends.
func (s *Service) CreateListing(ctx context.Context, a *actor.Actor, bankID string, in ListingInput) (Listing, error) {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return Listing{}, err
	}
	owner, err := s.listingOwner(v, in.As)
	if err != nil {
		return Listing{}, err
	}
	est, f := in.validate()
	if err := s.checkArea(ctx, in.AreaID); err != nil {
		f["area_id"] = "timebank.err.area"
	}
	if err := fieldErr(f); err != nil {
		return Listing{}, err
	}
	lat, lng, err := s.locate(ctx, "postcode", in.Postcode)
	if err != nil {
		return Listing{}, err
	}
	l := Listing{ID: ids.New(), BankID: bankID, MemberID: owner.ID, Kind: in.Kind, Title: clip(in.Title, maxTitle),
		Description: clip(in.Description, maxDescription), Category: in.Category, AreaID: in.AreaID, Mode: in.Mode,
		Postcode: in.Postcode, Lat: lat, Lng: lng, Estimate: est}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		l.CreatedAt = s.DB.Now(ctx)
		l.ExpiresAt = l.CreatedAt.AddDate(0, 0, v.Bank.ListingDays)
		return insertListing(ctx, s.DB, l)
	})
	if err != nil {
		return Listing{}, s.DB.Err(err, "timebank.err.save")
	}
	return s.listing(ctx, bankID, l.ID)
}

func (s *Service) listing(ctx context.Context, bankID, id string) (Listing, error) {
	l, err := listingByID(ctx, s.DB, id)
	if err != nil {
		return l, s.DB.Err(err, "timebank.err.listing_not_found")
	}
	if l.BankID != bankID {
		return l, errs.E(errs.NotFound, "timebank.err.listing_not_found")
	}
	return l, nil
}

// ListingView is a listing with what the person looking at it may see and do.
type ListingView struct {
	Listing
	// ShowName: the person may see who listed it (a member of the bank or of a partner
	// bank, or anyone when the lister chose to show their name).
	ShowName bool
	Mine     bool // the person listed it (or acts for the organisation that did)
	Member   bool // the person may exchange with the lister
	Expired  bool
}

// ListingFor returns a listing as a person may see it. Closed and expired listings are shown
// only to their owner and the bank's brokers.
func (s *Service) ListingFor(ctx context.Context, a *actor.Actor, bankID, id string) (ListingView, error) {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return ListingView{}, err
	}
	l, err := s.listing(ctx, bankID, id)
	if err != nil {
		return ListingView{}, err
	}
	owner, err := memberByID(ctx, s.DB, l.MemberID)
	if err != nil {
		return ListingView{}, errs.Wrap(err, "listing owner")
	}
	now := s.DB.Now(ctx)
	lv := ListingView{Listing: l, Mine: ActsFor(a, owner), Expired: l.Expired(now)}
	if !l.Open(now) && !lv.Mine && !v.Broker {
		return ListingView{}, errs.E(errs.NotFound, "timebank.err.listing_not_found")
	}
	lv.Member = v.Member()
	if !lv.Member {
		// A member of a partner bank may exchange with this bank's members too.
		ok, err := s.partnerMember(ctx, a, bankID)
		if err != nil {
			return ListingView{}, err
		}
		lv.Member = ok
	}
	lv.ShowName = lv.Member || v.Broker || l.PublicName && l.MemberKind == KindPerson || l.MemberKind == KindOrganisation
	return lv, nil
}

// partnerMember reports whether the person is an active member of a bank that has an active
// agreement with this one.
func (s *Service) partnerMember(ctx context.Context, a *actor.Actor, bankID string) (bool, error) {
	if !a.SignedIn() {
		return false, nil
	}
	ms, err := s.Memberships(ctx, a)
	if err != nil {
		return false, err
	}
	for _, m := range ms {
		if !m.Active() || m.BankID == bankID {
			continue
		}
		g, err := agreementBetween(ctx, s.DB, bankID, m.BankID)
		if err == nil && g.Status == "active" {
			return true, nil
		}
	}
	return false, nil
}

// editable returns a listing its owner may change.
func (s *Service) editable(ctx context.Context, a *actor.Actor, bankID, id string) (Listing, Bank, error) {
	lv, err := s.ListingFor(ctx, a, bankID, id)
	if err != nil {
		return Listing{}, Bank{}, err
	}
	if !lv.Mine {
		return Listing{}, Bank{}, errForbidden
	}
	b, err := s.Bank(ctx, bankID)
	return lv.Listing, b, err
}

// UpdateListing changes an offer or request.
func (s *Service) UpdateListing(ctx context.Context, a *actor.Actor, bankID, id string, in ListingInput) error {
	l, _, err := s.editable(ctx, a, bankID, id)
	if err != nil {
		return err
	}
	est, f := in.validate()
	if err := s.checkArea(ctx, in.AreaID); err != nil {
		f["area_id"] = "timebank.err.area"
	}
	if err := fieldErr(f); err != nil {
		return err
	}
	if in.Postcode != l.Postcode || l.Lat == nil {
		if l.Lat, l.Lng, err = s.locate(ctx, "postcode", in.Postcode); err != nil {
			return err
		}
	}
	l.Kind, l.Title, l.Description, l.Category = in.Kind, clip(in.Title, maxTitle), clip(in.Description, maxDescription), in.Category
	l.AreaID, l.Mode, l.Postcode, l.Estimate = in.AreaID, in.Mode, in.Postcode, est
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		l.UpdatedAt = s.DB.Now(ctx)
		return updateListing(ctx, s.DB, l)
	})
}

// RenewListing keeps an offer or request up for another listing period from today.
func (s *Service) RenewListing(ctx context.Context, a *actor.Actor, bankID, id string) error {
	l, b, err := s.editable(ctx, a, bankID, id)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		return renewListing(ctx, s.DB, l.ID, now.AddDate(0, 0, b.ListingDays), now)
	})
}

// CloseListing takes an offer or request down.
func (s *Service) CloseListing(ctx context.Context, a *actor.Actor, bankID, id string) error {
	l, _, err := s.editable(ctx, a, bankID, id)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error { return setListingStatus(ctx, s.DB, l.ID, "closed", s.DB.Now(ctx)) })
}

// SetPhoto puts a photo on a listing (or, with no data, takes it off). A photo needs words
// saying what it shows, for people who cannot see it.
func (s *Service) SetPhoto(ctx context.Context, a *actor.Actor, bankID, id string, data []byte, alt string) error {
	l, _, err := s.editable(ctx, a, bankID, id)
	if err != nil {
		return err
	}
	if data == nil {
		return s.DB.WithTx(ctx, func(ctx context.Context) error { return setListingPhoto(ctx, s.DB, l.ID, "", "", s.DB.Now(ctx)) })
	}
	f := map[string]string{}
	alt = strings.TrimSpace(alt)
	if n := len([]rune(alt)); n < 1 || n > maxAlt {
		f["photo_alt"] = "timebank.err.photo_alt"
	}
	p, err := cleanPhoto(data)
	if err != nil {
		for k, v := range errs.As(err).Fields {
			f[k] = v
		}
	}
	if err := fieldErr(f); err != nil {
		return err
	}
	p.ID, p.MemberID = ids.New(), l.MemberID
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := insertPhoto(ctx, s.DB, p); err != nil {
			return err
		}
		return setListingPhoto(ctx, s.DB, l.ID, p.ID, alt, s.DB.Now(ctx))
	})
}

// PhotoOf returns a photo of one of a bank's members, for its listing.
func (s *Service) PhotoOf(ctx context.Context, bankID, id string) (Photo, error) {
	p, err := photoOfBank(ctx, s.DB, bankID, id)
	return p, s.DB.Err(err, "timebank.err.not_found")
}

// Search finds a bank's open offers and requests (and its partners', when asked), newest
// first; near a postcode, those within the distance, nearest first, and those given from home.
func (s *Service) Search(ctx context.Context, bankID string, q ListingQuery) ([]Listing, error) {
	if err := fieldErr(q.validate()); err != nil {
		return nil, err
	}
	banks := []string{bankID}
	if q.Partners {
		gs, err := s.ActiveAgreements(ctx, bankID)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			banks = append(banks, g.Partner)
		}
	}
	ls, err := searchListings(ctx, s.DB, banks, q, s.DB.Now(ctx), 500)
	if err != nil {
		return nil, errs.Wrap(err, "search listings")
	}
	if q.Near == "" {
		return ls, nil
	}
	if s.Locate == nil {
		return nil, errs.FieldErrors(map[string]string{"near": "timebank.err.no_distance"})
	}
	lat, lng, err := s.locate(ctx, "near", q.Near)
	if err != nil {
		return nil, err
	}
	within, _ := strconv.ParseFloat(q.Within, 64)
	var out []Listing
	for _, l := range ls {
		if l.Lat != nil {
			l.Miles = Miles(*lat, *lng, *l.Lat, *l.Lng)
		}
		if l.Mode == ModeFromHome || (l.Miles >= 0 && l.Miles <= within) {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		mi, mj := out[i].Miles, out[j].Miles
		if (mi < 0) != (mj < 0) {
			return mj < 0
		}
		return mi < mj
	})
	return out, nil
}

// ListingsOf lists the offers and requests of members (a person's own, for their page).
func (s *Service) ListingsOf(ctx context.Context, members []Member) ([]Listing, error) {
	var ids []string
	for _, m := range members {
		ids = append(ids, m.ID)
	}
	ls, err := listingsOfMembers(ctx, s.DB, ids)
	return ls, errs.Wrap(err, "listings")
}

// CanLocate reports whether listings can be searched by distance.
func (s *Service) CanLocate() bool { return s.Locate != nil }

// ContactInput is a message one member writes to another through Commons.
type ContactInput struct {
	As      string // the member writing: the person's own membership or their organisation's
	Listing string // the offer or request it is about, if any
	Body    string
}

// Contact passes a message to a member by mail. Neither sees the other's address unless they
// chose to share it: the writer's address is given (as Reply-To) only if they share it;
// otherwise the reply goes through Commons too. Each member may send a limited number a day.
func (s *Service) Contact(ctx context.Context, a *actor.Actor, bankID, toID string, in ContactInput) error {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return err
	}
	to, err := s.member(ctx, bankID, toID)
	if err != nil || !to.Active() {
		return errs.E(errs.NotFound, "timebank.err.member_not_found")
	}
	if to.Kind == KindOffline {
		return errs.E(errs.Conflict, "timebank.err.offline_contact")
	}
	// Writers are members of this bank, or of a bank with an agreement with it.
	own := v.Own()
	if len(own) == 0 {
		ms, err := s.Memberships(ctx, a)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if g, err := agreementBetween(ctx, s.DB, bankID, m.BankID); err == nil && g.Status == "active" && m.Active() {
				own = append(own, m)
			}
		}
	}
	if len(own) == 0 {
		return errs.E(errs.Forbidden, "timebank.err.members_only")
	}
	from := own[0]
	if in.As != "" {
		i := slices.IndexFunc(own, func(m Member) bool { return m.ID == in.As })
		if i < 0 {
			return errs.FieldErrors(map[string]string{"as": "timebank.err.as"})
		}
		from = own[i]
	}
	if from.ID == to.ID {
		return errs.FieldErrors(map[string]string{"body": "timebank.err.contact_self"})
	}
	body := strings.TrimSpace(in.Body)
	if n := len([]rune(body)); n < 1 || n > 2000 {
		return errs.FieldErrors(map[string]string{"body": "timebank.err.message"})
	}
	var about Listing
	if in.Listing != "" {
		if about, err = s.listing(ctx, bankID, in.Listing); err != nil || about.MemberID != to.ID {
			return errs.E(errs.NotFound, "timebank.err.listing_not_found")
		}
	}
	if s.ContactLimit != nil {
		n, err := s.ContactLimit.Count(ctx, "timebank-contact:"+a.ID)
		if err != nil {
			return errs.Wrap(err, "contact limit")
		}
		if n >= s.ContactLimit.Limit {
			return errs.E(errs.RateLimited, "timebank.err.contact_limit")
		}
	}
	fromBank := v.Bank
	if from.BankID != bankID {
		if fromBank, err = s.Bank(ctx, from.BankID); err != nil {
			return err
		}
	}
	recipients, err := s.recipients(ctx, to)
	if err != nil {
		return errs.Wrap(err, "recipients")
	}
	shared := from.Kind == KindPerson && from.ShareEmail && a.Email != ""
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if s.ContactLimit != nil {
			if _, err := s.ContactLimit.Hit(ctx, "timebank-contact:"+a.ID); err != nil {
				return err
			}
		}
		if err := insertMessage(ctx, s.DB, ids.New(), bankID, about.ID, from.ID, to.ID, body, shared); err != nil {
			return err
		}
		reply := s.BaseURL + "/timebanks/" + from.BankID + "/contact/" + from.ID
		for _, r := range recipients {
			key := "timebank.mail.message"
			args := []any{"name", from.Name, "message", body, "reply", reply, "from_bank", fromBank.Local(r[1])}
			if about.ID != "" {
				key = "timebank.mail.message_about"
				args = append(args, "title", about.Title)
			}
			if shared {
				key += "_shared"
				args = append(args, "email", a.Email)
			}
			full := append([]any{"bank", v.Bank.Local(r[1])}, args...)
			m := mail.Message{To: []string{r[0]}, Subject: s.T(r[1], key+".subject", full...), Text: s.T(r[1], key+".body", full...)}
			if shared {
				m.Headers = map[string]string{"Reply-To": a.Email}
			}
			if err := s.Outbox.EnqueueMessage(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// RemindExpiring mails the owners of listings that run out within a week, once each, with a
// link to renew.
func (s *Service) RemindExpiring(ctx context.Context) (int, error) {
	var n int
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		ids, err := claimReminders(ctx, s.DB, now.AddDate(0, 0, 7), now)
		if err != nil {
			return err
		}
		n = len(ids)
		for _, id := range ids {
			l, err := listingByID(ctx, s.DB, id)
			if err != nil {
				return err
			}
			m, err := memberByID(ctx, s.DB, l.MemberID)
			if err != nil {
				return err
			}
			b, err := bankByID(ctx, s.DB, l.BankID)
			if err != nil {
				return err
			}
			if err := s.tell(ctx, b, m, "timebank.mail.listing_expiring", "title", l.Title,
				"date", day(l.ExpiresAt.In(London).Format("2006-01-02")), "link", s.BaseURL+"/timebanks/"+b.ID+"/listings/"+l.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// RunReminders sends listing reminders every so often until ctx ends.
func (s *Service) RunReminders(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.RemindExpiring(ctx); err != nil && ctx.Err() == nil {
			log.Error("time bank listing reminders", "err", err)
		} else if n > 0 {
			log.Info("time bank listing reminders sent", "listings", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Recipient is a member a person may write to: active, not looked after offline, in a bank
// the person belongs to or one with an agreement with theirs.
func (s *Service) Recipient(ctx context.Context, a *actor.Actor, bankID, id string) (Member, error) {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return Member{}, err
	}
	to, err := s.member(ctx, bankID, id)
	if err != nil || !to.Active() {
		return Member{}, errs.E(errs.NotFound, "timebank.err.member_not_found")
	}
	if to.Kind == KindOffline {
		return Member{}, errs.E(errs.Conflict, "timebank.err.offline_contact")
	}
	if !v.Member() {
		ok, err := s.partnerMember(ctx, a, bankID)
		if err != nil {
			return Member{}, err
		}
		if !ok {
			return Member{}, errs.E(errs.Forbidden, "timebank.err.members_only")
		}
	}
	return to, nil
}
