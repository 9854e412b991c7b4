package charts

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// relativeLuminance follows WCAG 2.2's definition for an sRGB "#rrggbb".
func relativeLuminance(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("bad colour %q", hex)
	}
	channel := func(s string) float64 {
		n, err := strconv.ParseUint(s, 16, 8)
		if err != nil {
			t.Fatalf("bad colour %q", hex)
		}
		c := float64(n) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(hex[1:3]) + 0.7152*channel(hex[3:5]) + 0.0722*channel(hex[5:7])
}

func contrast(t *testing.T, a, b string) float64 {
	la, lb := relativeLuminance(t, a), relativeLuminance(t, b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func TestContrastAgainstWhite(t *testing.T) {
	// Text is drawn in ColourText; the others fill bars, lines, markers and
	// the hatch, so need 3:1 (WCAG 1.4.11). They all pass 4.5:1 too, which
	// keeps them usable for text later.
	for _, c := range []struct {
		name, colour string
		min          float64
	}{
		{"text", ColourText, 4.5},
		{"blue", ColourBlue, 4.5},
		{"green", ColourGreen, 4.5},
		{"red", ColourRed, 4.5},
		{"dark grey", ColourDarkGrey, 4.5},
	} {
		if got := contrast(t, c.colour, ColourWhite); got < c.min {
			t.Errorf("%s %s: %.2f:1 against white, need %.1f:1", c.name, c.colour, got, c.min)
		}
	}
	// Sanity check of the formula itself.
	if got := contrast(t, "#000000", "#ffffff"); math.Abs(got-21) > 1e-9 {
		t.Errorf("black on white = %v", got)
	}
}

func TestSeriesStylesAllDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range seriesStyles {
		if seen[s.dash] || seen[s.marker] {
			t.Errorf("style repeats: %+v", s)
		}
		seen[s.dash], seen[s.marker] = true, true
		if contrast(t, s.colour, ColourWhite) < 3 {
			t.Errorf("series colour %s below 3:1", s.colour)
		}
	}
}

// TestChartsUseOnlyTestedColours walks real output so that a colour added to
// the drawing code cannot skip the contrast check above.
func TestChartsUseOnlyTestedColours(t *testing.T) {
	bars, _ := HorizontalBars("b", "B", "", []Bar{{Label: "a", Value: 2, Emphasis: true}, {Label: "b", Value: -1}}, BarOptions{})
	line, _ := Line("l", "L", "", []Series{
		{Name: "1", Points: []Point{{month(1), 1, ""}}}, {Name: "2", Points: []Point{{month(2), 2, ""}}},
		{Name: "3", Points: []Point{{month(3), 3, ""}}}, {Name: "4", Points: []Point{{month(4), 4, ""}}},
	}, LineOptions{Baseline: ptr(0), Target: ptr(5)})
	tested := map[string]bool{ColourText: true, ColourBlue: true, ColourGreen: true, ColourRed: true, ColourDarkGrey: true}
	for _, h := range []string{string(bars), string(line)} {
		root := mustParse(t, templateHTML(h))
		for _, n := range root.all(func(*node) bool { return true }) {
			for _, attr := range []string{"fill", "stroke"} {
				c, ok := n.Attr[attr]
				switch {
				case !ok, tested[c], c == "none", strings.HasPrefix(c, "url(#"):
				case c == ColourWhite && (n.Name == "rect" || n.Name == "path" || n.Name == "text"):
					// Backgrounds, marker edges and text halos.
				case c == colourGrid && n.Name == "line":
					// Gridlines: decoration, see colourGrid.
				default:
					t.Errorf("<%s %s=%q> uses a colour the contrast test does not cover", n.Name, attr, c)
				}
			}
		}
	}
}
