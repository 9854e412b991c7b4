package web

import (
	"bytes"
	"io/fs"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"commons/internal/platform/i18n"
)

// A page with its fixed texts filled in at start renders byte for byte as the page that calls
// T on every request, in both languages and in every place a text can stand.
func TestLocalizedPagesRenderTheSame(t *testing.T) {
	msgs := fstest.MapFS{
		"messages/x.en.json": {Data: []byte(`{"x.title":"Tom & Jerry's <page>","x.link":"Go \"there\"","x.hello":"Hello {name}","x.js":"it's"}`)},
		"messages/x.cy.json": {Data: []byte(`{"x.title":"Tudalen Tom & Jerry <y>","x.link":"Ewch \"yno\"","x.hello":"Helo {name}","x.js":"mae"}`)},
	}
	bundle, err := i18n.New(Messages, msgs)
	if err != nil {
		t.Fatal(err)
	}
	tmpls := fstest.MapFS{
		"templates/_bits.html": {Data: []byte(`{{define "bit"}}<em title="{{$.T "x.link"}}">{{.T "x.title"}}</em>{{end}}{{define "part"}}<i>{{.P.T "x.title"}} {{.A}}</i>{{end}}`)},
		"templates/x.html": {Data: []byte(`{{define "content"}}<h1>{{.T "x.title"}}</h1>
<a href="/search?q={{.T "x.link"}}" aria-label="{{.T "x.link"}}">{{.T "x.link"}}</a>
<p>{{.T "x.hello" "name" .Name}}</p><link href="{{.Asset "commons.css"}}">
{{range .Items}}<li data-x="{{$.T "x.title"}}">{{.}} {{$.T "x.link"}}</li>{{end}}
{{if .T "x.title"}}<b>{{printf "%s!" (.T "x.title")}}</b>{{end}}
{{template "bit" .}}{{range .Items}}{{template "part" dict "P" $ "A" .}}{{end}}<button onclick="void 0" data-t='{{.T "x.js"}}'>{{.T "x.missing"}}</button>{{end}}`)},
	}
	k, err := New(Options{PlaceName: "Aberhaven", Bundle: bundle, Templates: map[string]fs.FS{"x": tmpls}})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := k.parsePages("") // T called on every request, as written
	if err != nil {
		t.Fatal(err)
	}
	type data struct {
		Page
		Name  string
		Items []string
	}
	for _, lang := range i18n.Languages {
		r := httptest.NewRequest("GET", "/x", nil)
		d := &data{Page: k.NewPage(r, "x.title"), Name: "<Siân>", Items: []string{"a", "<b>"}}
		d.Lang = lang
		rec := httptest.NewRecorder()
		k.Render(rec, r, 200, "x/x", d)
		var want bytes.Buffer
		if err := plain["x/x"].ExecuteTemplate(&want, "layout", d); err != nil {
			t.Fatal(err)
		}
		if rec.Body.String() != want.String() {
			t.Errorf("%s: localized page differs:\n%s\n--- calling T each time:\n%s", lang, rec.Body.String(), want.String())
		}
		if lang == "cy" && !bytes.Contains(rec.Body.Bytes(), []byte("Tudalen Tom &amp; Jerry &lt;y&gt;")) {
			t.Errorf("cy page:\n%s", rec.Body.String())
		}
	}
}
