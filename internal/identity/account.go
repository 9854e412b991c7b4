package identity

import (
	"context"
	"encoding/json"
	"time"

	"commons/internal/platform/audit"
	"commons/internal/platform/capability"
	"commons/internal/platform/errs"
)

// FormerMember is the account that what a deleted account's person wrote for others (a post
// others replied to, a chapter a group drafted together) points at once the account is gone:
// it is shown as "a former member". Nobody can sign in as it; it has no email address.
const FormerMember = "ffffffff-ffff-4fff-bfff-ffffffffffff"

// IsFormerMember reports whether an account id is the former member's.
func IsFormerMember(id string) bool { return id == FormerMember }

// Holder is one capability's account hooks, under the capability's name. The composition root
// gives the identity service every capability's, so the data download and account deletion
// reach all of them (and any capability added later).
type Holder struct {
	Name  string
	Hooks *capability.AccountHooks
}

// identityTables says what deletion does to identity's own tables that point at a person (the
// platform's included), as each capability's AccountHooks.Tables does for its own.
var identityTables = map[string]string{
	"accounts":              "removed",
	"account_roles":         "removed",
	"account_tokens":        "removed",
	"account_email_changes": "removed",
	"api_tokens":            "removed",
	"organisation_members":  "removed",
	"sessions":              "removed: the person is signed out everywhere",
	"account_sign_in_links": "removed",
	"account_devices":       "removed",
	"name_consents":         "removed",
	"audit_log":             "kept: entries the account made keep the name it acted under but no longer point at it; entries about it lose its id and name",
}

// Tables is what deletion does to each table identity and the platform keep about a person.
func Tables() map[string]string { return identityTables }

// Data is everything Commons holds about a person: identity's part, then each capability's
// under its name.
type Data struct {
	ExportedAt    time.Time      `json:"exported_at"`
	Account       Account        `json:"account"`
	Organisations []Organisation `json:"organisations"`
	APITokens     []APIToken     `json:"api_tokens"`
	EmailChanges  []EmailChange  `json:"email_changes"`
	AuditLog      []audit.Entry  `json:"audit_log"`
	NameConsents  []NameConsent  `json:"name_consents"`
	Browsers      []Browser      `json:"remembered_browsers"`
	Capabilities  map[string]any `json:"-"`
	order         []string
}

// EmailChange is a change of address waiting for its link to be followed (or done, or expired).
type EmailChange struct {
	NewEmail  string     `json:"new_email"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	UsedAt    *time.Time `json:"used_at"`
}

// NameConsent is something the person agreed to be named with on public pages ("kind:id").
type NameConsent struct {
	Subject string    `json:"subject"`
	GivenAt time.Time `json:"created_at"`
}

// Browser is a browser the account signed in from, remembered so that its owner can sign in
// from it while strangers' guesses hold the account's sign-in elsewhere.
type Browser struct {
	FirstSignIn time.Time `json:"first_sign_in"`
	LastSignIn  time.Time `json:"last_sign_in"`
}

// Names are the capabilities in the download, in the order they were built.
func (d *Data) Names() []string { return d.order }

// Export is everything Commons holds about a person, for their data download.
func (s *Service) Export(ctx context.Context, id string) (*Data, error) {
	a, err := s.Account(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &Data{ExportedAt: s.DB.Now(ctx), Account: a, Organisations: []Organisation{}, Capabilities: map[string]any{}}
	ids, err := orgIDsOf(ctx, s.DB, id)
	if err != nil {
		return nil, errs.Wrap(err, "export")
	}
	for _, oid := range ids {
		o, err := orgByID(ctx, s.DB, oid)
		if err != nil {
			return nil, errs.Wrap(err, "export")
		}
		d.Organisations = append(d.Organisations, o)
	}
	if d.APITokens, err = s.APITokens(ctx, id); err != nil {
		return nil, err
	}
	if d.EmailChanges, err = emailChangesOf(ctx, s.DB, id); err != nil {
		return nil, errs.Wrap(err, "export")
	}
	if d.AuditLog, err = audit.About(ctx, s.DB, id); err != nil {
		return nil, errs.Wrap(err, "export")
	}
	if d.NameConsents, err = nameConsentsOf(ctx, s.DB, id); err != nil {
		return nil, errs.Wrap(err, "export")
	}
	if d.Browsers, err = devicesOf(ctx, s.DB, id); err != nil {
		return nil, errs.Wrap(err, "export")
	}
	for _, h := range s.Holders {
		if h.Hooks == nil || h.Hooks.Export == nil {
			continue
		}
		v, err := h.Hooks.Export(ctx, id)
		if err != nil {
			return nil, errs.Wrap(err, "export "+h.Name)
		}
		d.Capabilities[h.Name] = v
		d.order = append(d.order, h.Name)
	}
	return d, nil
}

// MarshalJSON writes identity's part and then each capability's under its name.
func (d *Data) MarshalJSON() ([]byte, error) {
	m := map[string]any{
		"exported_at": d.ExportedAt, "account": d.Account, "organisations": d.Organisations,
		"api_tokens": d.APITokens, "email_changes": d.EmailChanges, "audit_log": d.AuditLog, "name_consents": d.NameConsents,
		"remembered_browsers": d.Browsers,
	}
	for k, v := range d.Capabilities {
		m[k] = v
	}
	return json.Marshal(m)
}

// Delete removes the signed-in person's account after checking their password.
func (s *Service) Delete(ctx context.Context, id, password string) error {
	a, err := accountByID(ctx, s.DB, id)
	if err != nil {
		return s.DB.Err(err, "error.not_found")
	}
	if password == "" {
		return errs.FieldErrors(map[string]string{"password": "delete.err.password"})
	}
	if err := s.passwordCheck(ctx, a, "password", password); err != nil {
		return err
	}
	return s.deleteAccount(ctx, a, nil)
}

// AssistDelete is an admin deleting an account for its person, who asked them to (by phone, in
// person, ...); the audit log records who helped and how, and the person is told by mail.
func (s *Service) AssistDelete(ctx context.Context, help Assist, id string) error {
	if err := help.check(); err != nil {
		return err
	}
	if id == help.Actor.ID {
		return errs.E(errs.Conflict, "assist.err.self_delete")
	}
	a, err := accountByID(ctx, s.DB, id)
	if err != nil || IsFormerMember(id) {
		return errs.E(errs.NotFound, "error.not_found")
	}
	return s.deleteAccount(ctx, a, &help)
}

// deleteAccount runs every capability's Delete hook, then identity's own, in one transaction:
// either everything about the person goes, or nothing does.
func (s *Service) deleteAccount(ctx context.Context, a Account, help *Assist) error {
	if IsFormerMember(a.ID) {
		return errs.E(errs.NotFound, "error.not_found")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		for _, h := range s.Holders {
			if h.Hooks == nil || h.Hooks.Delete == nil {
				continue
			}
			if err := h.Hooks.Delete(ctx, a.ID); err != nil {
				return errs.Wrap(err, "delete account: "+h.Name)
			}
		}
		if err := audit.Forget(ctx, s.DB, a.ID, a.Name, FormerMember, s.T("en", "account.former_member")); err != nil {
			return err
		}
		if err := s.SignInLimit.Reset(ctx, "signin:account:"+a.Email); err != nil {
			return err
		}
		// The count of mails sent to the address by the sign-in and reset forms holds the address:
		// it goes too (no mail goes to an address without an account, so nothing can be flooded).
		if s.MailLimit != nil {
			if err := s.MailLimit.Reset(ctx, "mailto:"+NormaliseEmail(a.Email)); err != nil {
				return err
			}
		}
		if f, ok := s.Outbox.(interface {
			Forget(ctx context.Context, address string) error
		}); ok {
			if err := f.Forget(ctx, a.Email); err != nil {
				return err
			}
		}
		if err := s.Sessions.EndSessions(ctx, a.ID); err != nil {
			return err
		}
		if err := deleteAccountRow(ctx, s.DB, a.ID); err != nil {
			return err
		}
		body := s.T(a.Language, "mail.deleted.body", "name", a.Name)
		if help != nil {
			body = s.T(a.Language, "mail.deleted_assisted.body", "name", a.Name, "by", help.Actor.Name)
			if err := s.record(ctx, help.Actor, "account.delete", "account", FormerMember,
				s.T("en", "assist.how."+help.How)); err != nil {
				return err
			}
		}
		return s.Outbox.Enqueue(ctx, a.Email, s.T(a.Language, "mail.deleted.subject"), body)
	})
}

// HolderTables is what deletion does to every table that points at a person, by table: the
// platform's and identity's, then each capability's.
func (s *Service) HolderTables() map[string]string {
	out := map[string]string{}
	for k, v := range identityTables {
		out[k] = v
	}
	for _, h := range s.Holders {
		if h.Hooks != nil {
			for k, v := range h.Hooks.Tables {
				out[k] = v
			}
		}
	}
	return out
}
