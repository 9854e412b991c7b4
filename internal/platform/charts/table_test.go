package charts

import (
	"strings"
	"testing"
)

func TestTableHTML(t *testing.T) {
	tb := Table{
		Caption: "Votes & funding",
		Head:    []string{"Project", "Votes"},
		Numeric: []bool{false, true},
		Rows:    [][]string{{"Garden <b>", "412"}},
		Notes:   []string{"Target: 60"},
	}
	root := mustParse(t, tb.HTML())
	if root.Name != "table" || root.Attr["class"] != "govuk-table" {
		t.Fatalf("root %s %v", root.Name, root.Attr)
	}
	if c := root.all(named("caption"))[0]; !strings.HasPrefix(c.Text, "Votes & funding") || c.Children[0].Text != "Target: 60" {
		t.Errorf("caption %q", c.Text)
	}
	ths := root.all(named("th"))
	if len(ths) != 3 || ths[1].Attr["class"] != "govuk-table__header govuk-table__header--numeric" ||
		ths[2].Attr["scope"] != "row" || ths[2].Text != "Garden <b>" {
		t.Errorf("headers %+v", ths)
	}
	if td := root.all(named("td")); len(td) != 1 || td[0].Attr["class"] != "govuk-table__cell govuk-table__cell--numeric" || td[0].Text != "412" {
		t.Errorf("cells %+v", td)
	}
}
