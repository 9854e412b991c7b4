package knowledge

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"commons/internal/platform/capability"
	"commons/internal/platform/errs"
)

// AccountData is what the knowledge hub holds about a person, for their data download: the
// versions of methods they wrote or reviewed.
type AccountData struct {
	MethodVersions []VersionData `json:"method_versions"`
	Cases          []APICase     `json:"cases"`
	Media          []APIMedia    `json:"media"`
	Training       *TrainingData `json:"training"`
	Toolkits       []APIToolkit  `json:"toolkits"`
	DocumentFiles  []APIVersion  `json:"document_files"`
}

// VersionData is one version of a method the person wrote or reviewed, with their part in it.
type VersionData struct {
	ID          string     `json:"id"`
	MethodID    string     `json:"method_id"`
	Number      int        `json:"number"`
	Status      string     `json:"status"`
	Title       string     `json:"title"`
	TitleCy     string     `json:"title_cy"`
	Wrote       bool       `json:"wrote"`
	Reviewed    bool       `json:"reviewed"`
	ChangeNote  string     `json:"change_note"`
	ReviewNote  string     `json:"review_note"`
	CreatedAt   time.Time  `json:"created_at"`
	ReviewedAt  *time.Time `json:"reviewed_at,omitempty"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
}

// accountHooks let the data download and account deletion reach the knowledge hub.
func (s *Service) accountHooks() *capability.AccountHooks {
	return &capability.AccountHooks{
		Export: s.exportAccount,
		Delete: func(ctx context.Context, accountID string) error {
			if err := forgetTrainingHook(ctx, s.DB, accountID); err != nil {
				return err
			}
			if err := forgetToolkitAuthor(ctx, s.DB, accountID); err != nil {
				return err
			}
			return forgetAccount(ctx, s.DB, accountID)
		},
		Tables: map[string]string{
			"knowledge_method_versions":   "kept: a method belongs to the library, no longer naming who wrote or reviewed it",
			"knowledge_cases":             "kept: a case study belongs to the library, no longer naming who wrote it",
			"knowledge_media":             "kept: a film or recording belongs to the library, no longer naming who added it",
			"knowledge_media_files":       "kept: an uploaded recording belongs to the library, no longer naming who uploaded it",
			"knowledge_toolkits":          "kept: a toolkit belongs to the library, no longer naming who started it",
			"knowledge_document_versions": "kept: a document's file belongs to its toolkit, no longer naming who uploaded it",
			"knowledge_courses":           trainingTables["knowledge_courses"],
			"knowledge_enrolments":        trainingTables["knowledge_enrolments"],
		},
		Seed: s.seedAccount,
	}
}

func (s *Service) exportAccount(ctx context.Context, accountID string) (any, error) {
	vs, err := versionsOf(ctx, s.DB, accountID)
	if err != nil {
		return nil, errs.Wrap(err, "export method versions")
	}
	out := AccountData{MethodVersions: []VersionData{}, Cases: []APICase{}}
	cs, err := casesBy(ctx, s.DB, accountID)
	if err != nil {
		return nil, errs.Wrap(err, "export cases")
	}
	for _, c := range cs {
		out.Cases = append(out.Cases, s.apiCase(c))
	}
	ms, err := mediaBy(ctx, s.DB, accountID)
	if err != nil {
		return nil, errs.Wrap(err, "export media")
	}
	out.Media = []APIMedia{}
	for _, m := range ms {
		out.Media = append(out.Media, s.apiMedia(m))
	}
	if out.Training, err = s.exportTraining(ctx, accountID); err != nil {
		return nil, errs.Wrap(err, "export training")
	}
	if err := s.exportToolkits(ctx, accountID, &out); err != nil {
		return nil, err
	}
	for _, v := range vs {
		out.MethodVersions = append(out.MethodVersions, VersionData{ID: v.ID, MethodID: v.MethodID, Number: v.Number, Status: v.Status,
			Title: v.Title.En, TitleCy: v.Title.Cy, Wrote: v.AuthorID == accountID, Reviewed: v.ReviewerID == accountID,
			ChangeNote: v.ChangeNote, ReviewNote: v.ReviewNote, CreatedAt: v.CreatedAt, ReviewedAt: v.ReviewedAt, SubmittedAt: v.SubmittedAt})
	}
	return out, nil
}

// seedAccount writes a method as the person, which the officer reviews and publishes, and
// reviews one the officer wrote: the person is then an author and a reviewer.
func (s *Service) seedAccount(ctx context.Context, p capability.SeedPeople) error {
	step := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("knowledge seed: %s: %w", what, err)
		}
		return nil
	}
	me, err := s.Identity.User(ctx, p.Person)
	if err := step("person", err); err != nil {
		return err
	}
	officer, err := s.Identity.User(ctx, p.Officer)
	if err := step("officer", err); err != nil {
		return err
	}
	in := MethodInput{IAP2: "involve", Duration: "hours", Cost: "low", Setting: "in_person", PeopleMin: "6", PeopleMax: "30",
		Title: Text{En: "Kitchen table conversations"}, Summary: Text{En: "Small conversations in people's homes."}, Steps: Text{En: "1. Find a host.\n2. Talk."}}
	mine, err := s.CreateMethod(ctx, me, in)
	if err := step("write", err); err != nil {
		return err
	}
	if err := step("submit", s.Submit(ctx, me, mine.V.ID)); err != nil {
		return err
	}
	if _, err := s.Review(ctx, officer, mine.V.ID, true, ""); err != nil {
		return step("publish", err)
	}
	in.Title = Text{En: "Walking interviews"}
	theirs, err := s.CreateMethod(ctx, officer, in)
	if err := step("officer writes", err); err != nil {
		return err
	}
	if err := step("officer submits", s.Submit(ctx, officer, theirs.V.ID)); err != nil {
		return err
	}
	if _, err = s.Review(ctx, me, theirs.V.ID, false, "Say who it suits."); err != nil {
		return step("review", err)
	}
	c, err := s.SaveCase(ctx, me, "", CaseInput{Title: Text{En: "Kitchen tables in Harbourside"}, Summary: Text{En: "Forty conversations."},
		Story: Text{En: "Hosts invited neighbours."}, Year: strconv.Itoa(s.DB.Now(ctx).Year()), Methods: []string{mine.ID}})
	if err := step("case", err); err != nil {
		return err
	}
	if err := step("publish case", s.SetCasePublished(ctx, me, c.ID, true)); err != nil {
		return err
	}
	_, err = s.SaveMedia(ctx, me, "", MediaInput{Kind: "film", URL: "https://video.example.org/kitchen-tables", Minutes: "4",
		Title: Text{En: "Kitchen tables, the film"}, Description: Text{En: "Hosts talk about it."}, Transcript: Text{En: "We put the kettle on."}})
	if err := step("film", err); err != nil {
		return err
	}
	if err := step("toolkit", s.seedToolkits(ctx, me)); err != nil {
		return err
	}
	return s.seedTraining(ctx, me, officer)
}
