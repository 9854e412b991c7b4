package budgeting

import (
	"bytes"
	"image/png"
	"testing"
)

// The demo's picture is a valid PNG the photo check accepts, the same bytes every time for the
// same n, and different for a different n.
func TestDemoPicture(t *testing.T) {
	a, b, c := demoPicture(1), demoPicture(1), demoPicture(2)
	if !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Fatal("the demo picture is not deterministic per n")
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil || img.Bounds().Dx() != 240 || img.Bounds().Dy() != 160 {
		t.Fatalf("decode: %v", err)
	}
	if ct, err := CheckPhoto(PhotoInput{Data: a, Alt: demoPictureAlt}); err != nil || ct != "image/png" {
		t.Fatalf("CheckPhoto: %q %v", ct, err)
	}
}
