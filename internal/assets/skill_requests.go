package assets

import (
	"commons/internal/platform/actor"
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"commons/internal/platform/errs"
	"commons/internal/platform/ids"
)

// Statuses of a request for a skill.
const (
	RequestSent      = "sent"
	RequestAccepted  = "accepted"
	RequestDeclined  = "declined"
	RequestWithdrawn = "withdrawn" // the person stopped sharing the skill before answering
)

// SkillRequest is a signed-in member asking a person for a skill they share, through Commons:
// the person sees the request and the asker's name, never their address, and the asker sees
// the person's address only if they choose to share it in their answer.
type SkillRequest struct {
	ID, SkillID, SkillTitle string
	FromID, FromName        string
	ToID, ToName            string
	Message, Status, Reply  string
	SharedEmail             string // the person's address, when they chose to share it
	CreatedAt               time.Time
	AnsweredAt              *time.Time
}

// MaxRequest is the longest request or answer, in characters.
const MaxRequest = 1000

// Skill is one skill u may see.
func (s *Service) Skill(ctx context.Context, u *actor.Actor, id string) (Skill, error) {
	sk, err := skillByID(ctx, s.DB, id)
	if err != nil {
		return sk, s.DB.Err(err, "assets.skills.not_found")
	}
	if !slices.Contains(visibleTo(u), sk.Visibility) && (u == nil || u.ID != sk.AccountID) {
		return Skill{}, errs.E(errs.NotFound, "assets.skills.not_found")
	}
	return sk, nil
}

// RequestSkill sends the person who shares a skill a request from u, by email and on their
// requests page. It is limited per person (RequestLimit), one open request per skill.
func (s *Service) RequestSkill(ctx context.Context, u *actor.Actor, skillID, message string) (SkillRequest, error) {
	if u == nil {
		return SkillRequest{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	message = strings.TrimSpace(message)
	switch {
	case message == "":
		return SkillRequest{}, errs.FieldErrors(map[string]string{"message": "assets.request.err.message"})
	case utf8.RuneCountInString(message) > MaxRequest:
		return SkillRequest{}, errs.FieldErrors(map[string]string{"message": "assets.request.err.message_long"})
	}
	var r SkillRequest
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		sk, err := s.Skill(ctx, u, skillID)
		if err != nil {
			return err
		}
		if sk.AccountID == u.ID {
			return errs.E(errs.Invalid, "assets.request.err.own")
		}
		open, err := openRequest(ctx, s.DB, skillID, u.ID)
		if err != nil {
			return err
		}
		if open {
			return errs.FieldErrors(map[string]string{"message": "assets.request.err.open"})
		}
		if s.RequestLimit != nil {
			n, err := s.RequestLimit.Hit(ctx, "skill-request:"+u.ID)
			if err != nil {
				return err
			}
			if n > s.RequestLimit.Limit {
				return errs.E(errs.RateLimited, "assets.request.err.too_many")
			}
		}
		r = SkillRequest{ID: ids.New(), SkillID: sk.ID, SkillTitle: sk.Title, FromID: u.ID, FromName: u.Name, ToID: sk.AccountID,
			ToName: sk.PersonName, Message: message, Status: RequestSent, CreatedAt: s.DB.Now(ctx)}
		if err := insertRequest(ctx, s.DB, r); err != nil {
			return err
		}
		to, err := s.people(ctx, []string{sk.AccountID})
		if err != nil {
			return err
		}
		return s.tell(ctx, to, func(p person) string {
			return s.T(p.lang, "assets.mail.request.subject", "from", u.Name, "title", sk.Title)
		}, func(p person) string {
			return s.T(p.lang, "assets.mail.request.body", "person", p.name, "from", u.Name, "title", sk.Title, "message", message,
				"link", s.BaseURL+"/assets/skills/"+sk.ID+"/requests/"+r.ID)
		})
	})
	return r, err
}

// SkillRequest is one request, for the person asked or the person asking.
func (s *Service) SkillRequest(ctx context.Context, u *actor.Actor, id string) (SkillRequest, error) {
	r, err := requestByID(ctx, s.DB, id)
	if err != nil {
		return r, s.DB.Err(err, "assets.request.not_found")
	}
	if u == nil || (u.ID != r.FromID && u.ID != r.ToID) {
		return SkillRequest{}, errs.E(errs.NotFound, "assets.request.not_found")
	}
	return r, nil
}

// SkillRequests are the requests u received and sent, newest first.
func (s *Service) SkillRequests(ctx context.Context, u *actor.Actor) (received, sent []SkillRequest, err error) {
	if received, err = requestsWhere(ctx, s.DB, "r.to_id = $1", u.ID); err != nil {
		return nil, nil, err
	}
	sent, err = requestsWhere(ctx, s.DB, "r.from_id = $1", u.ID)
	return received, sent, err
}

// AnswerSkillRequest is the person's answer: yes (sharing their email address with the asker
// only if they tick to) or no thank you, with a message. The asker is told by email.
func (s *Service) AnswerSkillRequest(ctx context.Context, u *actor.Actor, id string, accept bool, reply string, shareEmail bool) error {
	reply = strings.TrimSpace(reply)
	if utf8.RuneCountInString(reply) > MaxRequest {
		return errs.FieldErrors(map[string]string{"reply": "assets.request.err.message_long"})
	}
	if !accept {
		shareEmail = false
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.SkillRequest(ctx, u, id)
		if err != nil {
			return err
		}
		if r.ToID != u.ID {
			return errs.E(errs.Forbidden, "error.forbidden")
		}
		if r.Status != RequestSent {
			return errs.E(errs.Conflict, "assets.request.err.answered")
		}
		status := RequestDeclined
		if accept {
			status = RequestAccepted
		}
		if err := answerRequest(ctx, s.DB, id, status, reply, shareEmail, s.DB.Now(ctx)); err != nil {
			return s.DB.Err(err, "assets.request.err.answered")
		}
		to, err := s.people(ctx, []string{r.FromID})
		if err != nil {
			return err
		}
		return s.tell(ctx, to, func(p person) string {
			return s.T(p.lang, "assets.mail.request_"+status+".subject", "person", u.Name, "title", r.SkillTitle)
		}, func(p person) string {
			extra := ""
			if reply != "" {
				extra = s.T(p.lang, "assets.mail.request.reply", "person", u.Name, "reply", reply)
			}
			if shareEmail {
				extra += s.T(p.lang, "assets.mail.request.email", "person", u.Name, "email", u.Email)
			}
			return s.T(p.lang, "assets.mail.request_"+status+".body", "from", p.name, "person", u.Name, "title", r.SkillTitle, "extra", extra,
				"link", s.BaseURL+"/assets/skills/requests#request-"+r.ID)
		})
	})
}

// closeRequests marks a withdrawn skill's open requests and tells the people who asked.
func (s *Service) closeRequests(ctx context.Context, sk Skill) error {
	open, err := requestsWhere(ctx, s.DB, "r.skill_id = $1 AND r.status = 'sent'", sk.ID)
	if err != nil {
		return err
	}
	for _, r := range open {
		if err := answerRequest(ctx, s.DB, r.ID, RequestWithdrawn, "", false, s.DB.Now(ctx)); err != nil {
			return err
		}
		to, err := s.people(ctx, []string{r.FromID})
		if err != nil {
			return err
		}
		if err := s.tell(ctx, to, func(p person) string {
			return s.T(p.lang, "assets.mail.request_withdrawn.subject", "title", r.SkillTitle)
		}, func(p person) string {
			return s.T(p.lang, "assets.mail.request_withdrawn.body", "from", p.name, "person", sk.PersonName, "title", r.SkillTitle)
		}); err != nil {
			return err
		}
	}
	return nil
}
