package identity_test

import (
	"context"
	"testing"

	"commons/internal/app/apptest"
)

// A name is shown with a subject only after its owner agreed; withdrawing takes it back, and
// deleting the account deletes the agreement.
func TestNameConsents(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		rhys := a.MustAccount(t, "Rhys Resident", "rhys@example.org", "correct horse battery")
		siân := a.MustAccount(t, "Siân Resident", "sian@example.org", "correct horse battery")
		if err := a.Identity.ShowName(ctx, rhys, "budget_idea:1", true); err != nil {
			t.Fatal(err)
		}
		if err := a.Identity.ShowName(ctx, rhys, "budget_idea:1", true); err != nil {
			t.Fatalf("agreeing twice: %v", err)
		}
		if err := a.Identity.ShowName(ctx, siân, "budget_idea:2", true); err != nil {
			t.Fatal(err)
		}
		shown, err := a.Identity.NamesShown(ctx, []string{"budget_idea:1", "budget_idea:2", "budget_idea:3"})
		if err != nil || !shown[rhys+"|budget_idea:1"] || !shown[siân+"|budget_idea:2"] || shown[rhys+"|budget_idea:2"] || len(shown) != 2 {
			t.Fatalf("shown: %v %v", shown, err)
		}
		if err := a.Identity.ShowName(ctx, rhys, "budget_idea:1", false); err != nil {
			t.Fatal(err)
		}
		if shown, _ := a.Identity.NamesShown(ctx, []string{"budget_idea:1"}); len(shown) != 0 {
			t.Errorf("after withdrawing: %v", shown)
		}
		if list, err := a.Identity.NameConsents(ctx, siân); err != nil || len(list) != 1 || list[0] != "budget_idea:2" {
			t.Errorf("Siân's consents: %v %v", list, err)
		}
	})
}
