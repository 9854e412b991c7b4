package timebank_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"math"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"commons/internal/app/apptest"
	"commons/internal/platform/errs"
	"commons/internal/platform/place"
	"commons/internal/timebank"
)

// postcodes stands in for the asset map's postcode file, which this branch's main does not
// provide yet: a handful of points around Aberhaven.
type postcodes map[string]place.Point

func (p postcodes) LocatePostcode(_ context.Context, pc string) (place.Point, error) {
	if pt, ok := p[pc]; ok {
		return pt, nil
	}
	return place.Point{}, errs.E(errs.NotFound, "error.not_found")
}

var listingRE = regexp.MustCompile(`/listings/([0-9a-f-]{36})$`)

func TestListingsSearchAndPrivacy(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		w := newWorld(t, a, true)
		w.svc.Locate = postcodes{"AH1 1AA": {Lat: 51.620, Lng: -3.940}, "AH1 2BB": {Lat: 51.625, Lng: -3.945}, "AH9 9ZZ": {Lat: 51.900, Lng: -3.400}}
		post := func(c *apptest.Client, form url.Values) string {
			t.Helper()
			c.Get("/timebanks/" + w.bank.ID + "/listings/new")
			r := c.PostForm("/timebanks/"+w.bank.ID+"/listings", form)
			apptest.MustStatus(t, r, http.StatusSeeOther)
			return listingRE.FindStringSubmatch(r.Location())[1]
		}
		garden := post(w.ann, url.Values{"kind": {"offer"}, "title": {"Help in your garden"}, "description": {"Weeding and mowing, weekends."},
			"category": {"gardening"}, "mode": {"in_person"}, "postcode": {"ah1 1aa"}, "estimate": {"2"}})
		post(w.bob, url.Values{"kind": {"request"}, "title": {"Lift to the surgery"}, "description": {"Tuesdays at ten."},
			"category": {"transport"}, "mode": {"in_person"}, "postcode": {"AH9 9ZZ"}})
		post(w.bob, url.Values{"kind": {"offer"}, "title": {"Phone befriending"}, "description": {"A chat on the phone."},
			"category": {"befriending"}, "mode": {"from_home"}})
		// A postcode the locator does not know is the person's to correct; what they typed stays.
		w.ann.Get("/timebanks/" + w.bank.ID + "/listings/new")
		r := w.ann.PostForm("/timebanks/"+w.bank.ID+"/listings", url.Values{"kind": {"offer"}, "title": {"Cakes"}, "description": {"Birthday cakes"},
			"category": {"cooking"}, "mode": {"in_person"}, "postcode": {"ZZ1 1ZZ"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "We do not know that postcode", "Birthday cakes")

		search := func(c *apptest.Client, q string) string {
			t.Helper()
			r := c.Get("/timebanks/" + w.bank.ID + "/listings?" + q)
			apptest.MustStatus(t, r, http.StatusOK)
			return r.Body
		}
		if b := search(w.bob, "category=gardening"); !strings.Contains(b, "Help in your garden") || strings.Contains(b, "Lift to the surgery") {
			t.Error("search by category")
		}
		if b := search(w.bob, "kind=request"); !strings.Contains(b, "Lift to the surgery") || strings.Contains(b, "Help in your garden") {
			t.Error("search by kind")
		}
		if b := search(w.bob, "q=mowing"); !strings.Contains(b, "Help in your garden") || strings.Contains(b, "Phone befriending") {
			t.Error("search by words")
		}
		// Within a mile of AH1 2BB: the garden (about 0.4 miles) and the phone befriending
		// (from home), not the lift 25 miles away.
		b := search(w.bob, "near=AH1+2BB&within=1")
		if !strings.Contains(b, "Help in your garden") || !strings.Contains(b, "Phone befriending") || strings.Contains(b, "Lift to the surgery") {
			t.Errorf("search by distance:\n%s", apptest.Excerpt(b))
		}
		if !strings.Contains(b, "under half a mile away") {
			t.Error("the distance is not shown")
		}
		// A visitor sees the offer but not who made it: Ann did not choose to show her name.
		visitor := a.Client(t)
		r = visitor.Get("/timebanks/" + w.bank.ID + "/listings/" + garden)
		apptest.MustStatus(t, r, http.StatusOK)
		apptest.MustContain(t, r, "Help in your garden", "A member")
		apptest.MustNotContain(t, r, "Ann Jones", "AH1 1AA")
		r = w.bob.Get("/timebanks/" + w.bank.ID + "/listings/" + garden)
		apptest.MustContain(t, r, "Ann Jones", "Write to Ann Jones")
		apptest.MustNotContain(t, r, "AH1 1AA")

		// Bob writes to Ann through Commons: she gets the message without his address.
		w.bob.Get("/timebanks/" + w.bank.ID + "/contact/" + w.annMember.ID + "?listing=" + garden)
		r = w.bob.PostForm("/timebanks/"+w.bank.ID+"/contact/"+w.annMember.ID, url.Values{"listing": {garden}, "body": {"Could you mow on Saturday?"}})
		apptest.MustStatus(t, r, http.StatusSeeOther)
		msg := a.MustMailTo(t, "ann@example.org", "Bob Evans wrote about")
		if !strings.Contains(msg, "Could you mow on Saturday?") || strings.Contains(msg, "bob@example.org") || !strings.Contains(msg, "/contact/"+w.bobMemb.ID) {
			t.Fatalf("relayed message:\n%s", msg)
		}
		// Once Bob chooses to share his address, it is given.
		w.bob.Get("/timebanks/" + w.bank.ID + "/me")
		apptest.MustStatus(t, w.bob.PostForm("/timebanks/"+w.bank.ID+"/me", url.Values{"share_email": {"yes"}}), http.StatusSeeOther)
		w.bob.Get("/timebanks/" + w.bank.ID + "/contact/" + w.annMember.ID)
		apptest.MustStatus(t, w.bob.PostForm("/timebanks/"+w.bank.ID+"/contact/"+w.annMember.ID, url.Values{"body": {"Me again"}}), http.StatusSeeOther)
		msg = a.MustMailTo(t, "ann@example.org", "Bob Evans has written")
		if !strings.Contains(msg, "bob@example.org") {
			t.Fatalf("a shared address is not given:\n%s", msg)
		}
		// Messages are limited per day.
		for i := 0; i < 18; i++ {
			w.bob.PostForm("/timebanks/"+w.bank.ID+"/contact/"+w.annMember.ID, url.Values{"body": {"again"}})
		}
		r = w.bob.PostForm("/timebanks/"+w.bank.ID+"/contact/"+w.annMember.ID, url.Values{"body": {"one too many"}})
		apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
		apptest.MustContain(t, r, "as many messages as you can today")

		// A listing comes down after the bank's 60 days; its owner is reminded a week before,
		// once, and can renew it.
		a.Clock.Advance(54 * 24 * time.Hour)
		n, err := w.svc.RemindExpiring(context.Background())
		if err != nil || n != 3 {
			t.Fatalf("reminders: %d, %v (want the three listings)", n, err)
		}
		if n, _ := w.svc.RemindExpiring(context.Background()); n != 0 {
			t.Fatalf("reminded twice: %d", n)
		}
		a.MustMailTo(t, "ann@example.org", "\"Help in your garden\" comes down on")
		a.Clock.Advance(7 * 24 * time.Hour)
		if b := search(w.bob, ""); strings.Contains(b, "Help in your garden") {
			t.Error("an expired listing is still found")
		}
		apptest.MustStatus(t, visitor.Get("/timebanks/"+w.bank.ID+"/listings/"+garden), http.StatusNotFound)
		w.ann.SignIn("ann@example.org", pw) // two months on, her session has ended
		w.bob.SignIn("bob@example.org", pw)
		r = w.ann.Get("/timebanks/" + w.bank.ID + "/listings/" + garden)
		apptest.MustContain(t, r, "passed its date")
		apptest.MustStatus(t, w.ann.PostForm("/timebanks/"+w.bank.ID+"/listings/"+garden+"/renew", nil), http.StatusSeeOther)
		if b := search(w.bob, ""); !strings.Contains(b, "Help in your garden") {
			t.Error("a renewed listing is not found")
		}
		// Only its owner may change it.
		apptest.MustStatus(t, w.bob.PostForm("/timebanks/"+w.bank.ID+"/listings/"+garden+"/close", nil), http.StatusForbidden)
	})
}

func TestListingPhotos(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	w := newWorld(t, a, false)
	w.ann.Get("/timebanks/" + w.bank.ID + "/listings/new")
	r := w.ann.PostForm("/timebanks/"+w.bank.ID+"/listings", url.Values{"kind": {"offer"}, "title": {"Veg boxes"}, "description": {"From my allotment"},
		"category": {"gardening"}, "mode": {"in_person"}})
	apptest.MustStatus(t, r, http.StatusSeeOther)
	id := listingRE.FindStringSubmatch(r.Location())[1]
	w.ann.Get(r.Location())

	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, x%30, color.RGBA{0, 120, 0, 255})
	}
	var jpg bytes.Buffer
	_ = jpeg.Encode(&jpg, img, nil)
	// A camera's EXIF block (with a made-up GPS tag) right after the start of the image.
	exif := append([]byte{0xFF, 0xE1, 0x00, 0x16}, []byte("Exif\x00\x00GPSLatitude51.6")...)
	withExif := append(append(append([]byte{}, jpg.Bytes()[:2]...), exif...), jpg.Bytes()[2:]...)
	upload := func(name string, data []byte, alt string) *apptest.Response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("csrf_token", w.ann.CSRF)
		_ = mw.WriteField("photo_alt", alt)
		fw, _ := mw.CreateFormFile("photo", name)
		_, _ = fw.Write(data)
		_ = mw.Close()
		req := w.ann.Request(http.MethodPost, "/timebanks/"+w.bank.ID+"/listings/"+id+"/photo", nil)
		req.Body = ioNopCloser(&body)
		req.ContentLength = int64(body.Len())
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return w.ann.Do(req)
	}
	var g bytes.Buffer
	_ = gif.Encode(&g, img, nil)
	r = upload("a.gif", g.Bytes(), "Veg")
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "must be a JPEG or a PNG")
	r = upload("a.jpg", withExif, "")
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	apptest.MustContain(t, r, "Say what the photo shows")
	r = upload("a.jpg", bytes.Repeat([]byte{0xFF}, timebank.MaxPhotoBytes+10), "Veg")
	apptest.MustStatus(t, r, http.StatusUnprocessableEntity)
	r = upload("a.jpg", withExif, "A box of carrots and beans")
	apptest.MustStatus(t, r, http.StatusSeeOther)
	page := w.bob.Get("/timebanks/" + w.bank.ID + "/listings/" + id)
	src := regexp.MustCompile(`<img class="commons-photo" src="([^"]+)" alt="A box of carrots and beans"`).FindStringSubmatch(page.Body)
	if src == nil {
		t.Fatalf("no photo with its words on the page:\n%s", apptest.Excerpt(page.Body))
	}
	photo := a.Client(t).Get(src[1])
	apptest.MustStatus(t, photo, http.StatusOK)
	if photo.Header.Get("Content-Type") != "image/jpeg" || strings.Contains(photo.Body, "GPSLatitude") || strings.Contains(photo.Body, "Exif") {
		t.Fatalf("the photo kept its metadata (%s)", photo.Header.Get("Content-Type"))
	}
	if _, err := jpeg.Decode(strings.NewReader(photo.Body)); err != nil {
		t.Fatal(err)
	}
}

func TestMiles(t *testing.T) {
	// Cardiff to Swansea is about 35 miles as the crow flies.
	if d := timebank.Miles(51.4816, -3.1791, 51.6214, -3.9436); math.Abs(d-34.5) > 1.5 {
		t.Fatalf("Cardiff to Swansea: %.1f miles", d)
	}
	for in, want := range map[string]string{"ah1 2ab": "AH1 2AB", "AH12AB": "AH1 2AB", " sw1a  1aa ": "SW1A 1AA"} {
		if got := timebank.NormalisePostcode(in); got != want || !timebank.LooksLikePostcode(got) {
			t.Errorf("%q → %q", in, got)
		}
	}
	for _, bad := range []string{"", "AH1", "12 3AB", "AH1 2A", "AH1-2AB"} {
		if timebank.LooksLikePostcode(timebank.NormalisePostcode(bad)) {
			t.Errorf("%q looks like a postcode", bad)
		}
	}
}

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func ioNopCloser(b *bytes.Buffer) nopCloser { return nopCloser{b} }
