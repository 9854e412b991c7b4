package network

import (
	"net/http"

	"commons/internal/platform/errs"
	"commons/internal/platform/web"
)

type invitationPage struct {
	web.Page
	Token      string
	Invitation Invitation
}

// InvitationForm shows an invitation by email: signed in, a button to join; signed out, the way
// to register (joining when the invited address is confirmed) or to sign in and come back.
func (h *Handlers) InvitationForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	in, err := h.Svc.InvitationByToken(r.Context(), token)
	if errs.Is(err, errs.NotFound) {
		h.Kit.Render(w, r, http.StatusGone, "network/invitation_gone", &invitationPage{Page: h.Kit.NewPage(r, "network.invitation.gone")})
		return nil
	}
	if err != nil {
		return err
	}
	p := &invitationPage{Page: h.Kit.NewPage(r, "network.invitation.title", "group", in.GroupName), Token: token, Invitation: in}
	h.Kit.Render(w, r, http.StatusOK, "network/invitation", p)
	return nil
}

// AcceptInvitation joins the group.
func (h *Handlers) AcceptInvitation(w http.ResponseWriter, r *http.Request) error {
	groupID, err := h.Svc.AcceptInvitation(r.Context(), web.CurrentUser(r), r.PathValue("token"))
	if errs.Is(err, errs.NotFound) {
		h.Kit.Render(w, r, http.StatusGone, "network/invitation_gone", &invitationPage{Page: h.Kit.NewPage(r, "network.invitation.gone")})
		return nil
	}
	if err != nil {
		return err
	}
	h.Kit.Flash(w, "network.flash.joined")
	web.Redirect(w, r, "/groups/"+groupID)
	return nil
}
