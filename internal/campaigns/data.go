package campaigns

import (
	"net/http"
	"strconv"
	"time"

	"commons/internal/identity"
	"commons/internal/platform/formats/csvout"
	"commons/internal/platform/web"
)

// Open data: published campaigns with their petitions' counts and their actions. Nothing here
// names a supporter, a signer, a team member or anyone in a conversation: only counts.

// OpenCampaign is a campaign as open data.
type OpenCampaign struct {
	ID             string         `json:"id"`
	URL            string         `json:"url"`
	Title          string         `json:"title"`
	Aim            string         `json:"aim"`
	Issue          string         `json:"issue"`
	AreaID         string         `json:"area_id,omitempty"`
	Area           string         `json:"area,omitempty"`
	OrganisationID string         `json:"organisation_id,omitempty"`
	Organisation   string         `json:"organisation,omitempty"`
	Stage          string         `json:"stage"`
	Supporters     int            `json:"supporters"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	Petitions      []OpenPetition `json:"petitions"`
	Actions        []OpenAction   `json:"actions"`
}

// OpenPetition is a petition as open data.
type OpenPetition struct {
	Petition
	URL string `json:"url"`
}

// OpenAction is an action as open data.
type OpenAction struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	HappensOn string `json:"happens_on"`
	Target    string `json:"target,omitempty"`
	Turnout   *int   `json:"turnout"`
	Outcome   string `json:"outcome,omitempty"`
	EventURL  string `json:"event_url,omitempty"`
}

// JSON is every published campaign with its petitions and actions.
func (h *Handlers) JSON(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Svc.OpenCampaigns(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", csvout.AttachmentDisposition("campaigns.json"))
	web.JSON(w, http.StatusOK, map[string]any{"campaigns": cs})
	return nil
}

// CSV is every published campaign, a row each.
func (h *Handlers) CSV(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Svc.OpenCampaigns(r.Context())
	if err != nil {
		return err
	}
	csvout.Download(w, "campaigns.csv")
	cw := csvout.NewWriter(w, csvout.Options{BOM: true})
	_ = cw.Header([]string{"id", "title", "aim", "area", "organisation", "stage", "supporters", "petitions", "signatures", "actions", "created_at", "url"})
	for _, c := range cs {
		sigs := 0
		for _, p := range c.Petitions {
			sigs += p.Signatures
		}
		_ = cw.Row([]string{c.ID, c.Title, c.Aim, c.Area, c.Organisation, c.Stage, strconv.Itoa(c.Supporters), strconv.Itoa(len(c.Petitions)),
			strconv.Itoa(sigs), strconv.Itoa(len(c.Actions)), c.CreatedAt.UTC().Format(time.RFC3339), c.URL})
	}
	return cw.Flush()
}

// PetitionsCSV is every petition of a published campaign with its count, a row each.
func (h *Handlers) PetitionsCSV(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Svc.OpenCampaigns(r.Context())
	if err != nil {
		return err
	}
	csvout.Download(w, "petitions.csv")
	cw := csvout.NewWriter(w, csvout.Options{BOM: true})
	_ = cw.Header([]string{"campaign_id", "campaign", "petition_id", "title", "target", "status", "signatures", "closes_on", "delivered_on",
		"delivered_to", "delivered_count", "answered_on", "url"})
	for _, c := range cs {
		for _, p := range c.Petitions {
			_ = cw.Row([]string{c.ID, c.Title, p.ID, p.Title, p.Target, p.Status, strconv.Itoa(p.Signatures), p.ClosesOn, p.DeliveredOn,
				p.DeliveredTo, strconv.Itoa(p.DeliveredCount), p.AnsweredOn, p.URL})
		}
	}
	return cw.Flush()
}

// API is the campaigns' part of the JSON API.
type API struct{ Svc *Service }

func paginate[T any](r *http.Request, all []T) (identity.ListBody[T], error) {
	limit, offset, err := identity.Paging(r)
	if err != nil {
		return identity.ListBody[T]{}, err
	}
	offset = min(offset, len(all))
	return identity.List(r, all[offset:min(len(all), offset+limit+1)], limit, offset), nil
}

// List lists the published campaigns.
func (a *API) List(w http.ResponseWriter, r *http.Request) error {
	cs, err := a.Svc.OpenCampaigns(r.Context())
	if err != nil {
		return err
	}
	body, err := paginate(r, cs)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, body)
	return nil
}

func (a *API) campaign(r *http.Request) (OpenCampaign, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return OpenCampaign{}, err
	}
	c, err := a.Svc.Campaign(r.Context(), nil, id) // published ones only, whoever asks
	if err != nil {
		return OpenCampaign{}, err
	}
	return a.Svc.openCampaign(r.Context(), c)
}

// Get is one published campaign with its petitions and actions.
func (a *API) Get(w http.ResponseWriter, r *http.Request) error {
	c, err := a.campaign(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, c)
	return nil
}

// Petitions lists a campaign's petitions with their counts.
func (a *API) Petitions(w http.ResponseWriter, r *http.Request) error {
	c, err := a.campaign(r)
	if err != nil {
		return err
	}
	body, err := paginate(r, c.Petitions)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, body)
	return nil
}

// Actions lists a campaign's actions.
func (a *API) Actions(w http.ResponseWriter, r *http.Request) error {
	c, err := a.campaign(r)
	if err != nil {
		return err
	}
	body, err := paginate(r, c.Actions)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, body)
	return nil
}

// Applications lists place-based social action applications (coordinators).
func (a *API) Applications(w http.ResponseWriter, r *http.Request) error {
	u := web.CurrentUser(r)
	if err := a.Svc.mustCoordinate(r.Context(), u); err != nil {
		return err
	}
	as, err := a.Svc.Applications(r.Context(), u)
	if err != nil {
		return err
	}
	for i := range as {
		if as[i].Links, err = linksOf(r.Context(), a.Svc.DB, as[i].ID); err != nil {
			return err
		}
	}
	body, err := paginate(r, as)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, body)
	return nil
}
