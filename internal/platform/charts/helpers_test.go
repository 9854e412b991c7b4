package charts

import (
	"encoding/xml"
	"html/template"
	"io"
	"strings"
	"testing"
)

// node is a parsed XML element, enough to check a chart's structure.
type node struct {
	Name     string
	Attr     map[string]string
	Text     string // character data directly inside
	Children []*node
}

func mustParse(t testing.TB, h template.HTML) *node {
	t.Helper()
	n, err := parseXML(string(h))
	if err != nil {
		t.Fatalf("output is not well-formed XML: %v\n%s", err, h)
	}
	return n
}

func parseXML(s string) (*node, error) {
	d := xml.NewDecoder(strings.NewReader(s))
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{Name: tk.Name.Local, Attr: map[string]string{}}
			for _, a := range tk.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tk)
			}
		}
	}
	if root == nil {
		return nil, io.ErrUnexpectedEOF
	}
	return root, nil
}

// all returns every element below n (and n) that matches.
func (n *node) all(match func(*node) bool) []*node {
	var out []*node
	if match(n) {
		out = append(out, n)
	}
	for _, c := range n.Children {
		out = append(out, c.all(match)...)
	}
	return out
}

func named(name string) func(*node) bool { return func(n *node) bool { return n.Name == name } }

func withClass(name, class string) func(*node) bool {
	return func(n *node) bool { return n.Name == name && n.Attr["class"] == class }
}

func texts(n *node, class string) []string {
	var out []string
	for _, e := range n.all(withClass("text", class)) {
		out = append(out, e.Text)
	}
	return out
}

// checkAccessible asserts what every chart must have.
func checkAccessible(t *testing.T, root *node, id, title string) {
	t.Helper()
	if root.Name != "svg" || root.Attr["role"] != "img" {
		t.Fatalf("root is <%s role=%q>, want <svg role=img>", root.Name, root.Attr["role"])
	}
	if root.Attr["width"] != "100%" || root.Attr["viewBox"] == "" || root.Attr["height"] != "" {
		t.Errorf("not responsive: width=%q viewBox=%q height=%q", root.Attr["width"], root.Attr["viewBox"], root.Attr["height"])
	}
	refs := strings.Fields(root.Attr["aria-labelledby"])
	if len(refs) != 2 || refs[0] != id+"-title" || refs[1] != id+"-desc" {
		t.Fatalf("aria-labelledby = %q", root.Attr["aria-labelledby"])
	}
	if len(root.Children) < 2 || root.Children[0].Name != "title" || root.Children[1].Name != "desc" {
		t.Fatal("title and desc must be the first children")
	}
	if got := root.Children[0]; got.Attr["id"] != refs[0] || got.Text != title {
		t.Errorf("title id=%q text=%q, want %q %q", got.Attr["id"], got.Text, refs[0], title)
	}
	if got := root.Children[1]; got.Attr["id"] != refs[1] || strings.TrimSpace(got.Text) == "" {
		t.Errorf("desc id=%q text=%q", got.Attr["id"], got.Text)
	}
	if root.Attr["font-size"] != "16" {
		t.Errorf("font-size %q, want 16", root.Attr["font-size"])
	}
	for _, tx := range root.all(named("text")) {
		if fs, ok := tx.Attr["font-size"]; ok {
			t.Errorf("text %q overrides font size to %s", tx.Text, fs)
		}
	}
	if !strings.HasPrefix(root.Attr["viewBox"], "0 0 640 ") {
		t.Errorf("viewBox %q", root.Attr["viewBox"])
	}
}

func templateHTML(s string) template.HTML { return template.HTML(s) }
