package timebank

import (
	"context"
	"slices"
	"strings"

	"commons/internal/identity"
	"commons/internal/platform/actor"
	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
	"commons/internal/timebank/ledger"
)

// CanCreate reports whether a person may start a time bank: council officers and admins.
func CanCreate(a *actor.Actor) bool { return a.Has(identity.RoleOfficer, identity.RoleAdmin) }

func (in *BankInput) apply(b *Bank, v bankValues) {
	b.Name, b.NameCy = clip(in.Name, maxName), clip(in.NameCy, maxName)
	b.Summary, b.SummaryCy = clip(in.Summary, maxSummary), clip(in.SummaryCy, maxSummary)
	b.Rules, b.RulesCy = strings.TrimSpace(in.Rules), strings.TrimSpace(in.RulesCy)
	b.AreaID, b.ContactEmail, b.ContactPhone = in.AreaID, strings.TrimSpace(in.ContactEmail), strings.TrimSpace(in.ContactPhone)
	b.JoinMode, b.MustConfirm = in.JoinMode, in.MustConfirm
	b.PersonLimit, b.OrganisationLimit, b.PoolLimit = v.personLimit, v.orgLimit, v.poolLimit
	b.JoiningCredit, b.ListingDays = v.joining, v.listingDays
}

func (s *Service) checkArea(ctx context.Context, areaID string) error {
	if areaID == "" {
		return nil
	}
	if _, err := s.Identity.Area(ctx, areaID); err != nil {
		return errs.FieldErrors(map[string]string{"area_id": "timebank.err.area"})
	}
	return nil
}

// validBank checks a bank's form, its area included.
func (s *Service) validBank(ctx context.Context, in BankInput) (bankValues, error) {
	v, err := in.Validate()
	if err != nil {
		return v, err
	}
	return v, s.checkArea(ctx, in.AreaID)
}

// CreateBank starts a time bank with its pool account; the officer who starts it is its first
// broker.
func (s *Service) CreateBank(ctx context.Context, a *actor.Actor, in BankInput) (Bank, error) {
	if !CanCreate(a) {
		return Bank{}, errForbidden
	}
	v, err := s.validBank(ctx, in)
	if err != nil {
		return Bank{}, err
	}
	b := Bank{ID: ids.New()}
	in.apply(&b, v)
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		b.CreatedAt, b.UpdatedAt = now, now
		if err := insertBank(ctx, s.DB, b, a.ID); err != nil {
			return err
		}
		pool := Account{ID: ids.New(), BankID: b.ID, Kind: AccountPool, Floor: b.PoolLimit}
		if err := insertAccount(ctx, s.DB, pool, now); err != nil {
			return err
		}
		b.PoolAccount = pool.ID
		m := Member{ID: ids.New(), BankID: b.ID, Kind: KindPerson, AccountID: a.ID, Name: a.Name, Role: RoleBroker,
			Status: StatusActive, JoinedAt: now}
		if err := s.addMember(ctx, b, &m); err != nil {
			return err
		}
		return s.record(ctx, a, "bank.create", "timebank", b.ID, b.Name)
	})
	if err != nil {
		return Bank{}, s.DB.Err(err, "timebank.err.save")
	}
	return s.Bank(ctx, b.ID)
}

// UpdateBank changes a bank's page, rules and limits; accounts without a limit of their own
// follow the bank's new limits at once.
func (s *Service) UpdateBank(ctx context.Context, a *actor.Actor, id string, in BankInput) (Bank, error) {
	vw, err := s.broker(ctx, a, id)
	if err != nil {
		return Bank{}, err
	}
	v, err := s.validBank(ctx, in)
	if err != nil {
		return Bank{}, err
	}
	b := vw.Bank
	in.apply(&b, v)
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		b.UpdatedAt = s.DB.Now(ctx)
		if err := updateBank(ctx, s.DB, b); err != nil {
			return err
		}
		if err := setBankFloors(ctx, s.DB, b); err != nil {
			return err
		}
		return s.record(ctx, a, "bank.update", "timebank", b.ID, b.Name)
	})
	if err != nil {
		return Bank{}, s.DB.Err(err, "timebank.err.save")
	}
	return s.Bank(ctx, id)
}

// floorFor is the limit a new member's account starts with.
func floorFor(b Bank, m Member) int64 {
	if m.LimitOverride != nil {
		return *m.LimitOverride
	}
	if m.Kind == KindOrganisation {
		return b.OrganisationLimit
	}
	return b.PersonLimit
}

// addMember inserts a member with its account, and pays an active member the bank's joining
// credit from the pool when the pool can afford it.
func (s *Service) addMember(ctx context.Context, b Bank, m *Member) error {
	if err := insertMember(ctx, s.DB, *m); err != nil {
		return err
	}
	acc := Account{ID: ids.New(), BankID: b.ID, Kind: AccountMember, MemberID: m.ID, Floor: floorFor(b, *m)}
	if err := insertAccount(ctx, s.DB, acc, m.JoinedAt); err != nil {
		return err
	}
	m.Account, m.Floor = acc.ID, acc.Floor
	if m.Status == StatusActive {
		return s.joiningCredit(ctx, b, *m)
	}
	return nil
}

// joiningCredit pays the bank's joining credit to a member, once: a member who leaves and
// comes back does not get it again.
func (s *Service) joiningCredit(ctx context.Context, b Bank, m Member) error {
	if b.JoiningCredit <= 0 || m.Kind == KindOrganisation || b.PoolAccount == "" {
		return nil
	}
	ref := "timebank/joining/" + m.ID
	if done, err := transactionByRef(ctx, s.DB, ref); err != nil || done != "" {
		return err
	}
	t, err := ledger.Transfer([]ledger.Line{{Payer: ledger.Ref{Account: b.PoolAccount, Bank: b.ID},
		Payee: ledger.Ref{Account: m.Account, Bank: b.ID}, Minutes: b.JoiningCredit}}, nil)
	if err != nil {
		return err
	}
	err = s.post(ctx, txRow{ID: ids.New(), BankID: b.ID, Kind: TxJoining, Ref: ref}, t)
	if errs.Is(err, errs.Conflict) {
		return nil // the pool is at its limit: the member joins without the credit
	}
	return err
}

// JoinInput is what a person says when they join.
type JoinInput struct {
	// Organisation, when set, joins that organisation (the person must belong to it).
	Organisation string
	About        string
	AreaID       string
	ShareEmail   bool
	PublicName   bool
}

// Join makes the person (or their organisation) a member: at once where the bank is open, or
// once a broker approves.
func (s *Service) Join(ctx context.Context, a *actor.Actor, bankID string, in JoinInput) (Member, error) {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return Member{}, err
	}
	if !a.SignedIn() {
		return Member{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if len([]rune(in.About)) > maxAbout {
		return Member{}, errs.FieldErrors(map[string]string{"about": "timebank.err.about"})
	}
	if err := s.checkArea(ctx, in.AreaID); err != nil {
		return Member{}, err
	}
	b := v.Bank
	status := StatusActive
	if b.JoinMode == JoinApproval && !v.Broker {
		status = StatusPending
	}
	var m Member
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		now := s.DB.Now(ctx)
		if in.Organisation != "" {
			if !a.InOrg(in.Organisation) && !a.Has(identity.RoleAdmin) {
				return errs.FieldErrors(map[string]string{"organisation": "timebank.err.not_in_organisation"})
			}
			org, err := s.Identity.Organisation(ctx, in.Organisation)
			if err != nil {
				return errs.FieldErrors(map[string]string{"organisation": "timebank.err.not_in_organisation"})
			}
			ms, err := organisationMemberships(ctx, s.DB, org.ID)
			if err != nil {
				return err
			}
			for _, old := range ms {
				if old.BankID == bankID {
					return s.rejoin(ctx, b, old, status, &m)
				}
			}
			m = Member{ID: ids.New(), BankID: bankID, Kind: KindOrganisation, OrganisationID: org.ID, Name: org.Name,
				About: clip(in.About, maxAbout), AreaID: org.AreaID, Role: RoleMember, Status: status, AddedBy: a.ID, JoinedAt: now}
		} else {
			if v.Self != nil {
				if err := s.rejoin(ctx, b, *v.Self, status, &m); err != nil {
					return err
				}
				m.About, m.AreaID, m.ShareEmail, m.PublicName = clip(in.About, maxAbout), in.AreaID, in.ShareEmail, in.PublicName
				if err := updateMemberProfile(ctx, s.DB, m); err != nil {
					return err
				}
				return s.consent(ctx, m)
			}
			m = Member{ID: ids.New(), BankID: bankID, Kind: KindPerson, AccountID: a.ID, Name: a.Name, About: clip(in.About, maxAbout),
				AreaID: in.AreaID, ShareEmail: in.ShareEmail, PublicName: in.PublicName, Role: RoleMember, Status: status, JoinedAt: now}
		}
		if err := s.addMember(ctx, b, &m); err != nil {
			return err
		}
		if err := s.consent(ctx, m); err != nil {
			return err
		}
		return s.welcome(ctx, b, m)
	})
	if err != nil {
		return Member{}, s.DB.Err(err, "timebank.err.already_member")
	}
	return m, nil
}

// rejoin brings back a member who left; someone a broker removed asks a broker.
func (s *Service) rejoin(ctx context.Context, b Bank, old Member, status string, out *Member) error {
	switch old.Status {
	case StatusActive, StatusPending:
		return errs.E(errs.Conflict, "timebank.err.already_member")
	case StatusRemoved:
		return errs.E(errs.Conflict, "timebank.err.removed")
	}
	if _, err := setMemberStatus(ctx, s.DB, old.ID, StatusLeft, status); err != nil {
		return err
	}
	old.Status = status
	*out = old
	if status == StatusActive {
		if err := s.joiningCredit(ctx, b, old); err != nil {
			return err
		}
	}
	return s.welcome(ctx, b, old)
}

// welcome tells a new member (or one waiting for approval) and the brokers.
func (s *Service) welcome(ctx context.Context, b Bank, m Member) error {
	link := s.BaseURL + "/timebanks/" + b.ID
	if m.Status == StatusPending {
		if err := s.tell(ctx, b, m, "timebank.mail.join_pending", "link", link); err != nil {
			return err
		}
		return s.tellBrokers(ctx, b, "timebank.mail.join_request", "name", m.Name, "link", link+"/manage")
	}
	if b.JoiningCredit > 0 && m.Kind != KindOrganisation {
		return s.tell(ctx, b, m, "timebank.mail.welcome_credit", "link", link+"/me", "minutes", b.JoiningCredit)
	}
	return s.tell(ctx, b, m, "timebank.mail.welcome", "link", link+"/me")
}

// Leave ends the person's (or their organisation's) membership; the account and its history
// stay, and they may join again.
func (s *Service) Leave(ctx context.Context, a *actor.Actor, bankID, memberID string) error {
	m, err := s.member(ctx, bankID, memberID)
	if err != nil {
		return err
	}
	if !ActsFor(a, m) {
		return errForbidden
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.keepABroker(ctx, bankID, m); err != nil {
			return err
		}
		ok, err := setMemberStatus(ctx, s.DB, m.ID, m.Status, StatusLeft)
		if err != nil || !ok {
			return err
		}
		return closeListingsOf(ctx, s.DB, m.ID)
	})
}

// keepABroker refuses to end the membership of a bank's last broker: someone must be left to
// run it.
func (s *Service) keepABroker(ctx context.Context, bankID string, m Member) error {
	if !m.Broker() {
		return nil
	}
	n, err := countBrokers(ctx, s.DB, bankID)
	if err != nil {
		return err
	}
	if n <= 1 {
		return errs.E(errs.Conflict, "timebank.err.last_broker")
	}
	return nil
}

// Decide approves or turns down a request to join.
func (s *Service) Decide(ctx context.Context, a *actor.Actor, bankID, memberID string, approve bool) error {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return err
	}
	m, err := s.member(ctx, bankID, memberID)
	if err != nil {
		return err
	}
	to := StatusRemoved
	if approve {
		to = StatusActive
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		ok, err := setMemberStatus(ctx, s.DB, m.ID, StatusPending, to)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "timebank.err.not_pending")
		}
		m.Status = to
		if err := s.record(ctx, a, "member."+map[bool]string{true: "approve", false: "decline"}[approve], "timebank_member", m.ID, m.Name); err != nil {
			return err
		}
		if !approve {
			return s.tell(ctx, v.Bank, m, "timebank.mail.join_declined", "link", s.BaseURL+"/timebanks/"+bankID)
		}
		if err := s.joiningCredit(ctx, v.Bank, m); err != nil {
			return err
		}
		return s.welcome(ctx, v.Bank, m)
	})
}

// OfflineInput is a person without internet whom a broker adds.
type OfflineInput struct {
	Name, Contact, About, AreaID, Channel string
}

// AddOffline adds a member who does not use the internet: a broker records their exchanges,
// and notes how they are reached (only brokers see it) and how they asked to join.
func (s *Service) AddOffline(ctx context.Context, a *actor.Actor, bankID string, in OfflineInput) (Member, error) {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return Member{}, err
	}
	f := map[string]string{}
	if n := len([]rune(strings.TrimSpace(in.Name))); n < 1 || n > maxName {
		f["name"] = "timebank.err.member_name"
	}
	if len([]rune(in.Contact)) > 300 {
		f["contact"] = "timebank.err.contact"
	}
	if !slices.Contains(Channels, in.Channel) {
		f["channel"] = "timebank.err.channel"
	}
	if len(f) > 0 {
		return Member{}, errs.FieldErrors(f)
	}
	if err := s.checkArea(ctx, in.AreaID); err != nil {
		return Member{}, err
	}
	var m Member
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		m = Member{ID: ids.New(), BankID: bankID, Kind: KindOffline, Name: clip(in.Name, maxName), Contact: clip(in.Contact, 300),
			About: clip(in.About, maxAbout), AreaID: in.AreaID, Role: RoleMember, Status: StatusActive, AddedBy: a.ID,
			AddedHow: in.Channel, JoinedAt: s.DB.Now(ctx)}
		if err := s.addMember(ctx, v.Bank, &m); err != nil {
			return err
		}
		return s.record(ctx, a, "member.add_offline", "timebank_member", m.ID, m.Name+" ("+in.Channel+")")
	})
	return m, s.DB.Err(err, "timebank.err.save")
}

// AddOrganisation makes an organisation a member, as a broker.
func (s *Service) AddOrganisation(ctx context.Context, a *actor.Actor, bankID, orgID string) (Member, error) {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return Member{}, err
	}
	org, err := s.Identity.Organisation(ctx, orgID)
	if err != nil {
		return Member{}, errs.FieldErrors(map[string]string{"organisation": "timebank.err.organisation"})
	}
	var m Member
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		ms, err := organisationMemberships(ctx, s.DB, orgID)
		if err != nil {
			return err
		}
		for _, old := range ms {
			if old.BankID == bankID {
				if old.Status == StatusActive {
					return errs.FieldErrors(map[string]string{"organisation": "timebank.err.already_member"})
				}
				if _, err := setMemberStatus(ctx, s.DB, old.ID, old.Status, StatusActive); err != nil {
					return err
				}
				m = old
				return nil
			}
		}
		m = Member{ID: ids.New(), BankID: bankID, Kind: KindOrganisation, OrganisationID: org.ID, Name: org.Name, AreaID: org.AreaID,
			Role: RoleMember, Status: StatusActive, AddedBy: a.ID, JoinedAt: s.DB.Now(ctx)}
		if err := s.addMember(ctx, v.Bank, &m); err != nil {
			return err
		}
		return s.record(ctx, a, "member.add_organisation", "timebank_member", m.ID, m.Name)
	})
	return m, s.DB.Err(err, "timebank.err.save")
}

// SetRole makes a member a broker or takes it away; a bank always keeps one broker.
func (s *Service) SetRole(ctx context.Context, a *actor.Actor, bankID, memberID, role string) error {
	if _, err := s.broker(ctx, a, bankID); err != nil {
		return err
	}
	if role != RoleBroker && role != RoleMember {
		return errs.FieldErrors(map[string]string{"role": "timebank.err.role"})
	}
	m, err := s.member(ctx, bankID, memberID)
	if err != nil {
		return err
	}
	if role == RoleBroker && (m.Kind != KindPerson || !m.Active()) {
		return errs.FieldErrors(map[string]string{"role": "timebank.err.broker_person"})
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if m.Broker() && role == RoleMember {
			n, err := countBrokers(ctx, s.DB, bankID)
			if err != nil {
				return err
			}
			if n <= 1 {
				return errs.E(errs.Conflict, "timebank.err.last_broker")
			}
		}
		if err := setMemberRole(ctx, s.DB, m.ID, role); err != nil {
			return err
		}
		return s.record(ctx, a, "member.role", "timebank_member", m.ID, m.Name+": "+role)
	})
}

// SetLimit gives a member a credit limit of their own (hours, as typed), or, with "", puts
// them back on the bank's.
func (s *Service) SetLimit(ctx context.Context, a *actor.Actor, bankID, memberID, hours string) error {
	v, err := s.broker(ctx, a, bankID)
	if err != nil {
		return err
	}
	m, err := s.member(ctx, bankID, memberID)
	if err != nil {
		return err
	}
	var limit *int64
	if strings.TrimSpace(hours) != "" {
		mins, err := ParseHours(hours)
		if err != nil || mins > 1000*60 {
			return errs.FieldErrors(map[string]string{"limit": "timebank.err.limit"})
		}
		mins = -mins
		limit = &mins
	}
	m.LimitOverride = limit
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := setLimitOverride(ctx, s.DB, m.ID, limit); err != nil {
			return err
		}
		floor := floorFor(v.Bank, m)
		if err := setFloor(ctx, s.DB, m.Account, floor); err != nil {
			return err
		}
		return s.record(ctx, a, "member.limit", "timebank_member", m.ID, m.Name+": "+itoa64(floor))
	})
}

// Remove ends a membership as a broker; the account and its history stay.
func (s *Service) Remove(ctx context.Context, a *actor.Actor, bankID, memberID string) error {
	if _, err := s.broker(ctx, a, bankID); err != nil {
		return err
	}
	m, err := s.member(ctx, bankID, memberID)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.keepABroker(ctx, bankID, m); err != nil {
			return err
		}
		if _, err := setMemberStatus(ctx, s.DB, m.ID, m.Status, StatusRemoved); err != nil {
			return err
		}
		if err := closeListingsOf(ctx, s.DB, m.ID); err != nil {
			return err
		}
		return s.record(ctx, a, "member.remove", "timebank_member", m.ID, m.Name)
	})
}

// ProfileInput is what a member says about themselves to other members.
type ProfileInput struct {
	About, AreaID          string
	ShareEmail, PublicName bool
	// Name and Contact are changed only by a broker, for a member without internet.
	Name, Contact string
}

// UpdateProfile changes what a member tells others; a broker changes an offline member's.
func (s *Service) UpdateProfile(ctx context.Context, a *actor.Actor, bankID, memberID string, in ProfileInput) error {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return err
	}
	m, err := s.member(ctx, bankID, memberID)
	if err != nil {
		return err
	}
	if !ActsFor(a, m) && !(v.Broker && m.Kind == KindOffline) {
		return errForbidden
	}
	f := map[string]string{}
	if len([]rune(in.About)) > maxAbout {
		f["about"] = "timebank.err.about"
	}
	if m.Kind == KindOffline {
		if n := len([]rune(strings.TrimSpace(in.Name))); n < 1 || n > maxName {
			f["name"] = "timebank.err.member_name"
		}
		m.Name, m.Contact = clip(in.Name, maxName), clip(in.Contact, 300)
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	if err := s.checkArea(ctx, in.AreaID); err != nil {
		return err
	}
	m.About, m.AreaID = clip(in.About, maxAbout), in.AreaID
	if m.Kind == KindPerson {
		m.ShareEmail, m.PublicName = in.ShareEmail, in.PublicName
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := updateMemberProfile(ctx, s.DB, m); err != nil {
			return err
		}
		return s.consent(ctx, m)
	})
}

// consent records in identity whether a person agreed to be named on their public offers and
// requests (subject "timebank_member:ID"), so their data download lists it and the check of
// public pages knows it.
func (s *Service) consent(ctx context.Context, m Member) error {
	if m.Kind != KindPerson || m.AccountID == "" {
		return nil
	}
	return s.Identity.ShowName(ctx, m.AccountID, "timebank_member:"+m.ID, m.PublicName)
}

// Members lists a bank's members for its brokers (every status), with balances.
func (s *Service) Members(ctx context.Context, a *actor.Actor, bankID string) ([]Member, error) {
	if _, err := s.broker(ctx, a, bankID); err != nil {
		return nil, err
	}
	ms, err := membersOfBank(ctx, s.DB, bankID)
	return ms, errs.Wrap(err, "members")
}

// Directory lists a bank's active members, for its members to find each other.
func (s *Service) Directory(ctx context.Context, a *actor.Actor, bankID string) ([]Member, error) {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return nil, err
	}
	if !v.Member() && !v.Broker {
		return nil, errs.E(errs.Forbidden, "timebank.err.members_only")
	}
	ms, err := membersOfBank(ctx, s.DB, bankID, StatusActive)
	return ms, errs.Wrap(err, "members")
}

// MemberFor returns one member of a bank, for a broker or the member themselves.
func (s *Service) MemberFor(ctx context.Context, a *actor.Actor, bankID, memberID string) (Member, error) {
	v, err := s.Viewer(ctx, a, bankID)
	if err != nil {
		return Member{}, err
	}
	m, err := s.member(ctx, bankID, memberID)
	if err != nil {
		return Member{}, err
	}
	if !v.Broker && !ActsFor(a, m) {
		return Member{}, errs.E(errs.NotFound, "timebank.err.member_not_found")
	}
	return m, nil
}
