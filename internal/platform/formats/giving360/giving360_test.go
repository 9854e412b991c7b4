package giving360

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const (
	grantURL143   = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json"
	grantURL142   = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"
	packageURL143 = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-package-schema.json"
)

func loadJSON(t testing.TB, path string) any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

// packageSchema compiles the official package schema from testdata. The
// package schema refers to the grant schema by its 1.4.2 URL while the grant
// schema calls itself 1.4.3, so the grant schema is registered under both.
func packageSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	grant := loadJSON(t, "testdata/schema/360-giving-schema.json")
	for _, u := range []string{grantURL143, grantURL142} {
		if err := c.AddResource(u, grant); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.AddResource(packageURL143, loadJSON(t, "testdata/schema/360-giving-package-schema.json")); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(packageURL143)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func schemaCheck(t *testing.T, data []byte) error {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return packageSchema(t).Validate(doc)
}

func pbGrant() Grant {
	months := 6.0
	return Grant{
		ID:            GrantID("360G-examplecouncil", "PB2025/Ward 3/001"),
		Title:         "Offer garddio cymunedol / Community garden tools",
		Description:   "Winning project from the Ward 3 participatory budgeting vote",
		Currency:      "GBP",
		AmountAwarded: Amount(250050),
		AwardDate:     DateOf(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)),
		FundingOrganization: []Organization{
			{ID: "GB-LAE-LDS", Name: "Leeds City Council"},
		},
		RecipientOrganization: []Organization{{ID: "GB-CHC-1164883", Name: "Friends of the Park"}},
		GrantProgramme:        []GrantProgramme{{Code: "PB2025", Title: "Ward 3 Participatory Budgeting 2025"}},
		FromOpenCall:          FromOpenCallYes,
		BeneficiaryLocation:   []Location{{Name: "Headingley & Hyde Park", GeoCode: "E05011385", GeoCodeType: "WD"}},
		PlannedDates:          []PlannedDates{{StartDate: "2025-07-01", EndDate: "2025-12", Duration: &months}},
		AmountAppliedFor:      Amount(300000),
		DataSource:            "https://commons.example/budgets/7f3c/results",
		DateModified:          time.Date(2025, 7, 1, 9, 30, 0, 0, time.UTC),
	}
}

func TestEncodeValidatesAgainstSchema(t *testing.T) {
	person := pbGrant()
	person.ID = GrantID("360G-examplecouncil", "PB2025-002")
	person.RecipientOrganization = nil
	person.RecipientIndividual = &Individual{ID: "360G-examplecouncil-IND-2", Name: "Individual Recipient"}
	minimal := Grant{
		ID: "360G-examplecouncil-3", Title: "t", Description: "d", Currency: "GBP",
		AmountAwarded: Amount(0), AwardDate: "2025-06-30T12:00:00Z",
		FundingOrganization:   []Organization{{ID: "GB-LAE-LDS", Name: "Leeds City Council"}},
		RecipientOrganization: []Organization{{ID: "360G-examplecouncil-ORG-9", Name: "Grŵp Cymunedol"}},
	}
	p := Package{
		Grants:  []Grant{pbGrant(), person, minimal},
		Version: Version, Title: "PB 2025 winners", Issued: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
		License: "https://creativecommons.org/licenses/by/4.0/",
	}
	var buf bytes.Buffer
	if err := Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	if err := schemaCheck(t, buf.Bytes()); err != nil {
		t.Fatalf("schema: %v\n%s", err, buf.String())
	}
	if !strings.Contains(buf.String(), `"amountAwarded": 2500.5,`) {
		t.Errorf("amount not written as an exact number:\n%s", buf.String())
	}
}

func TestSharedSamples(t *testing.T) {
	for file, wantValid := range map[string]bool{
		"testdata/sample-pb-grants-valid.json": true,
		"testdata/sample-grants-invalid.json":  false,
	} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := schemaCheck(t, data); (err == nil) != wantValid {
				t.Errorf("schema: valid=%v, got %v", wantValid, err)
			}
			var p Package
			err = json.Unmarshal(data, &p)
			if err == nil {
				err = p.Validate()
			}
			if (err == nil) != wantValid {
				t.Errorf("Go: valid=%v, got %v", wantValid, err)
			}
		})
	}
}

// TestSchemaAgreesWithValidate breaks one rule at a time: the official
// schema and Validate must both reject it (Validate alone where it is
// stricter).
func TestSchemaAgreesWithValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Grant)
		field  string
		goOnly bool // the schema only asks for the member, so "" passes it
	}{
		{"no title", func(g *Grant) { g.Title = "" }, "title", true},
		{"bad currency", func(g *Grant) { g.Currency = "GPB" }, "currency", false},
		{"amount not a number", func(g *Grant) { g.AmountAwarded = "2,500" }, "amountAwarded", false},
		{"bad award date", func(g *Grant) { g.AwardDate = "30/06/2025" }, "awardDate", false},
		{"no funder", func(g *Grant) { g.FundingOrganization = nil }, "fundingOrganization", false},
		{"funder without name", func(g *Grant) { g.FundingOrganization[0].Name = "" }, "fundingOrganization[0].name", true},
		{"no recipient", func(g *Grant) { g.RecipientOrganization = nil }, "recipientOrganization", false},
		{"both recipients", func(g *Grant) { g.RecipientIndividual = &Individual{ID: "x", Name: "y"} }, "not both", false},
		{"empty recipient list", func(g *Grant) { g.RecipientOrganization = []Organization{} }, "recipientOrganization", false},
		{"open call", func(g *Grant) { g.FromOpenCall = "yes" }, "fromOpenCall", false},
		{"planned date", func(g *Grant) { g.PlannedDates[0].StartDate = "July 2025" }, "plannedDates[0].startDate", false},
		{"negative duration", func(g *Grant) { d := -1.0; g.PlannedDates[0].Duration = &d }, "duration", false},
		{"data source", func(g *Grant) { g.DataSource = "results page" }, "dataSource", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := pbGrant()
			tt.change(&g)
			p := Package{Grants: []Grant{g}}
			err := p.Validate()
			var fe *FieldError
			if err == nil || !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("Validate: got %v, want a FieldError about %s", err, tt.field)
			}
			data, merr := json.Marshal(p)
			if merr != nil || tt.goOnly {
				return // a bad json.Number is not even JSON: nothing for the schema to see
			}
			if err := schemaCheck(t, data); err == nil {
				t.Errorf("the schema accepted what Validate rejects:\n%s", data)
			}
		})
	}
}

func TestValidateGoOnlyRules(t *testing.T) {
	// Stricter than the schema, from the codelists and the standard's guidance.
	g := pbGrant()
	g.BeneficiaryLocation[0].GeoCodeType = "WARD"
	g2 := pbGrant()
	p := Package{Grants: []Grant{g, g2}}
	err := p.Validate()
	for _, want := range []string{"geoCodeType codelist", "ids must be unique"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want it to mention %q", err, want)
		}
	}
	if err := (Package{}).Validate(); err == nil || !strings.Contains(err.Error(), "at least one grant") {
		t.Errorf("empty package: %v", err)
	}
}

func TestAmount(t *testing.T) {
	tests := []struct {
		pence int64
		want  json.Number
	}{
		{0, "0"}, {1, "0.01"}, {7, "0.07"}, {10, "0.1"}, {99, "0.99"}, {100, "1"},
		{1250, "12.5"}, {250000, "2500"}, {250050, "2500.5"}, {123456789, "1234567.89"},
		{-1, "-0.01"}, {-250000, "-2500"},
		{math.MaxInt64, "92233720368547758.07"}, {math.MinInt64, "-92233720368547758.08"},
	}
	for _, tt := range tests {
		if got := Amount(tt.pence); got != tt.want {
			t.Errorf("Amount(%d) = %q, want %q", tt.pence, got, tt.want)
		}
	}
}

func FuzzAmount(f *testing.F) {
	f.Add(int64(250050))
	f.Add(int64(math.MinInt64))
	f.Fuzz(func(t *testing.T, pence int64) {
		got, ok := new(big.Rat).SetString(string(Amount(pence)))
		want := big.NewRat(pence, 100)
		if !ok || got.Cmp(want) != 0 {
			t.Fatalf("Amount(%d) = %s, want %s", pence, Amount(pence), want.FloatString(2))
		}
	})
}

func TestGrantID(t *testing.T) {
	tests := []struct{ prefix, local, want string }{
		{"360G-examplecouncil", "PB2025-001", "360G-examplecouncil-PB2025-001"},
		{"360G-examplecouncil-", "PB 2025/Ward 3/001", "360G-examplecouncil-PB_2025_Ward_3_001"},
		{" 360G-leeds ", " Tŷ Ddewi #4 ", "360G-leeds-T__Ddewi__4"},
		{"360G-x", "a\\b?c&d", "360G-x-a_b_c_d"},
	}
	for _, tt := range tests {
		if got := GrantID(tt.prefix, tt.local); got != tt.want {
			t.Errorf("GrantID(%q, %q) = %q, want %q", tt.prefix, tt.local, got, tt.want)
		}
	}
}

// FuzzGrantID feeds project references as users type them.
func FuzzGrantID(f *testing.F) {
	f.Add("PB 2025/Ward 3/001")
	f.Add("Gardd Tŷ\n\x00")
	f.Fuzz(func(t *testing.T, local string) {
		id := GrantID("360G-examplecouncil", local)
		if !strings.HasPrefix(id, "360G-examplecouncil-") {
			t.Fatalf("prefix lost: %q", id)
		}
		if strings.ContainsAny(id, "/\\ \t\r\n") {
			t.Fatalf("unsafe id %q", id)
		}
		for _, r := range id {
			if r > 0x7e {
				t.Fatalf("non-ASCII in %q", id)
			}
		}
	})
}

func TestCurrenciesMatchSchema(t *testing.T) {
	var schema struct {
		Defs struct {
			Currency struct {
				Enum []string `json:"enum"`
			} `json:"currency"`
		} `json:"$defs"`
	}
	data, err := os.ReadFile("testdata/schema/360-giving-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	want := schema.Defs.Currency.Enum
	var got []string
	for c := range currencies {
		got = append(got, c)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("currencies differ from the schema's enum: %d vs %d codes", len(got), len(want))
	}
}
