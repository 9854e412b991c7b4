package assets

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"commons/internal/assets/geo"
	"commons/internal/assets/postcodes"
	"commons/internal/platform/capability"
	"commons/internal/platform/errs"
	"commons/internal/platform/i18n"
	"commons/internal/platform/place"
)

// Location is where a postcode search starts: a full postcode's own point when the council has
// loaded it, otherwise the middle of its district.
type Location struct {
	Point    geo.Point
	Postcode string // as normalised, "AH3 4XY" or "AH3"
	Exact    bool   // the full postcode's own point
}

// Locate finds a postcode or postcode district. A full postcode that the loaded postcode file
// does not hold falls back to its district, with Exact false, so the page can say so.
func (s *Service) Locate(ctx context.Context, text string) (Location, bool, error) {
	pc, ok := geo.NormalisePostcode(text)
	if !ok {
		return Location{}, false, nil
	}
	if strings.Contains(pc, " ") {
		p, found, err := postcodePoint(ctx, s.DB, pc)
		if err != nil || found {
			return Location{Point: p, Postcode: pc, Exact: true}, found, err
		}
	}
	district := geo.District(pc)
	p, found, err := districtPoint(ctx, s.DB, district)
	if err != nil {
		return Location{}, false, err
	}
	if !found {
		if p, found = geo.Centroids[district]; !found {
			return Location{}, false, nil
		}
	}
	return Location{Point: p, Postcode: district}, true, nil
}

// Postcodes are the loaded postcodes in order, a page at a time.
func (s *Service) Postcodes(ctx context.Context, limit, offset int) ([]postcodes.Point, error) {
	return loadedPostcodes(ctx, s.DB, limit, offset)
}

// PostcodeBatch is how many postcodes one transaction of an import writes.
const PostcodeBatch = 500

// ImportPostcodes loads postcode points from an ONS Postcode Directory or Code-Point Open CSV,
// replacing the points of postcodes loaded before, a batch per transaction (a file of a few
// million rows does not hold one transaction open). Afterwards assets that have a full postcode
// but no point are placed at their postcode's. It returns what the file held and how many
// assets were placed.
func (s *Service) ImportPostcodes(ctx context.Context, r io.Reader, o postcodes.Options) (postcodes.Stats, string, int, error) {
	var batch []postcodes.Point
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.DB.WithTx(ctx, func(ctx context.Context) error { return savePostcodes(ctx, s.DB, batch) })
		batch = batch[:0]
		return err
	}
	st, layout, err := postcodes.Read(r, o, func(p postcodes.Point) error {
		batch = append(batch, p)
		if len(batch) == PostcodeBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return st, layout, 0, err
	}
	placed, err := s.placeByPostcode(ctx)
	return st, layout, placed, err
}

// placeByPostcode puts assets with a full postcode and no point at their postcode's point,
// noting it in their history.
func (s *Service) placeByPostcode(ctx context.Context) (int, error) {
	n := 0
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		n = 0
		ids, err := unplacedWithKnownPostcode(ctx, s.DB)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := placeAtPostcode(ctx, s.DB, id); err != nil {
				return err
			}
			if err := insertChange(ctx, s.DB, id, "", "edited", []string{"location"}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// postcodesCommand is commons postcodes import [--areas AH,SA] FILE.
var postcodesCommand = capability.Command{
	Name: "postcodes", Args: "import [--areas AH,SA] FILE",
	Summary: "load postcode points (ONS Postcode Directory or Code-Point Open CSV) for the asset map",
	Run:     runPostcodes,
}

func runPostcodes(ctx context.Context, env *capability.Env, args []string, stdout, stderr io.Writer) error {
	usage := func() error {
		fmt.Fprintln(stderr, "usage: commons postcodes [--db URL] import [--areas AH,SA] FILE\n\n"+
			"FILE is the ONS Postcode Directory's CSV (or one of its per-area files) or a Code-Point Open\n"+
			"CSV; - reads standard input. --areas keeps only postcodes in these areas or districts.")
		return capability.ErrUsage
	}
	if len(args) == 0 || args[0] != "import" {
		return usage()
	}
	fs := flag.NewFlagSet("postcodes import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	areas := fs.String("areas", "", "comma-separated postcode areas or districts to keep, like AH,SA1")
	if err := fs.Parse(args[1:]); err != nil {
		return usage()
	}
	if fs.NArg() != 1 {
		return usage()
	}
	svc, ok := capability.Find[*Service](env)
	if !ok {
		return errors.New("postcodes: the asset map is not built")
	}
	var in io.Reader = os.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("postcodes: %w", err)
		}
		defer f.Close()
		in = f
	}
	var o postcodes.Options
	for _, a := range strings.Split(*areas, ",") {
		if a = strings.TrimSpace(a); a != "" {
			o.Areas = append(o.Areas, a)
		}
	}
	st, layout, placed, err := svc.ImportPostcodes(ctx, in, o)
	if err != nil {
		return fmt.Errorf("postcodes: %w", err)
	}
	fmt.Fprintf(stdout, "commons postcodes: read %s rows of %s; loaded %s postcodes.\n", i18n.Grouped(int64(st.Read)), layout, i18n.Grouped(int64(st.Located)))
	fmt.Fprintf(stdout, "Skipped %s terminated, %s without a point, %s in other areas, %s unreadable.\n",
		i18n.Grouped(int64(st.Terminated)), i18n.Grouped(int64(st.NoPoint)), i18n.Grouped(int64(st.Elsewhere)), i18n.Grouped(int64(st.Bad)))
	fmt.Fprintf(stdout, "Assets with a postcode but no point, now placed on the map: %s.\n", i18n.Grouped(int64(placed)))
	return nil
}

// LocatePostcode is a postcode's point for other capabilities searching by distance (CONTRACTS:
// volunteering's search near a postcode): a full postcode's own point where the council has
// loaded it, otherwise its district's middle. errs.Invalid when the text is not a postcode,
// errs.NotFound when neither the postcode nor its district is known.
func (s *Service) LocatePostcode(ctx context.Context, text string) (place.Point, error) {
	if _, ok := geo.NormalisePostcode(text); !ok {
		return place.Point{}, errs.E(errs.Invalid, "assets.postcode.invalid")
	}
	loc, found, err := s.Locate(ctx, text)
	if err != nil {
		return place.Point{}, err
	}
	if !found {
		return place.Point{}, errs.E(errs.NotFound, "assets.postcode.unknown")
	}
	return place.Point{Lat: loc.Point.Lat, Lng: loc.Point.Lon}, nil
}
