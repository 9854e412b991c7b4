package network

import (
	"net/http"

	"commons/internal/platform/web"
)

type memberPage struct {
	web.Page
	Group Group
	View  MemberPage
}

// Member is a member's page in a group (where their @mentions lead).
func (h *Handlers) Member(w http.ResponseWriter, r *http.Request) error {
	groupID, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	accountID, err := web.ID(r, "account")
	if err != nil {
		return err
	}
	v, g, err := h.Svc.GroupMember(r.Context(), web.CurrentUser(r), groupID, accountID)
	if err != nil {
		return err
	}
	h.Kit.Render(w, r, http.StatusOK, "network/member", &memberPage{Page: h.Kit.NewPage(r, "network.member.title", "name", v.Member.Name), Group: g, View: v})
	return nil
}
