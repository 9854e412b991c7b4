package record

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	good := Input{Name: " Nant Village Hall ", Category: "Spaces", Tags: "Hall, hire ,hall", Postcode: "ah3 4xy",
		Latitude: "51.6420001", Longitude: "-3.965", OpeningHours: "Mo-Fr 09:00-17:00", ContactEmail: "Hall@Example.org",
		Website: "https://nant.example", StepFree: "yes", Ownership: "", Capacity: "120"}
	r, p := Check(good)
	if p != nil {
		t.Fatalf("problems: %v", p)
	}
	if r.Name != "Nant Village Hall" || r.Category != Spaces || strings.Join(r.Tags, "|") != "hall|hire" || r.Postcode != "AH3 4XY" ||
		*r.Lat != 51.642 || !r.StepFree || r.Ownership != "other" || *r.Capacity != 120 || r.ContactEmail != "hall@example.org" {
		t.Fatalf("normalised wrongly: %+v", r)
	}
	for _, tc := range []struct {
		in    Input
		field string
	}{
		{Input{Category: "spaces"}, "name"},
		{Input{Name: "x", Category: "shops"}, "category"},
		{Input{Name: "x", Category: "spaces", Postcode: "AH3"}, "postcode"},
		{Input{Name: "x", Category: "spaces", Latitude: "95", Longitude: "0"}, "latitude"},
		{Input{Name: "x", Category: "spaces", Latitude: "51"}, "latitude"},
		{Input{Name: "x", Category: "spaces", Latitude: "51", Longitude: "east"}, "longitude"},
		{Input{Name: "x", Category: "spaces", OpeningHours: "weekdays"}, "opening_hours"},
		{Input{Name: "x", Category: "spaces", ContactEmail: "not-an-address"}, "contact_email"},
		{Input{Name: "x", Category: "spaces", ContactPhone: "call me"}, "contact_phone"},
		{Input{Name: "x", Category: "spaces", Website: "example/counselling"}, "website"},
		{Input{Name: "x", Category: "spaces", StepFree: "maybe"}, "step_free"},
		{Input{Name: "x", Category: "spaces", Ownership: "crown"}, "ownership"},
		{Input{Name: "x", Category: "spaces", Capacity: "-1"}, "capacity"},
		{Input{Name: strings.Repeat("a", MaxName+1), Category: "spaces"}, "name"},
	} {
		_, p := Check(tc.in)
		if p[tc.field] == "" {
			t.Errorf("%+v: no problem on %s (%v)", tc.in, tc.field, p)
		}
	}
}

func TestReadCSV(t *testing.T) {
	src := "\ufeffName,Category,postcode,extra\nHall,spaces,AH3 4XY,x\n,,,\n\"Quoted, name\",cultural,,\n"
	rows, err := ReadCSV(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Line != 2 || rows[1].Line != 4 || rows[1].In.Name != "Quoted, name" || rows[0].In.Postcode != "AH3 4XY" {
		t.Fatalf("%+v", rows)
	}
	rows, err = ReadCSV(strings.NewReader("name,category,longitude,description\nA,spaces,'-3.9,'nice\n"))
	if err != nil || rows[0].In.Longitude != "-3.9" || rows[0].In.Description != "'nice" {
		t.Errorf("formula guard: %+v %v", rows, err)
	}
	for src, key := range map[string]string{
		"":                          "assets.import.err.empty",
		"name\nx\n":                 "assets.import.err.header",
		"name,category\n":           "assets.import.err.no_rows",
		"name,category\n\"x,spaces": "assets.import.err.syntax",
		"name,name,category\nx,y,z": "assets.import.err.duplicate_column",
	} {
		_, err := ReadCSV(strings.NewReader(src))
		var fe *FileError
		if !errors.As(err, &fe) || fe.Key != key {
			t.Errorf("%q: got %v, want %s", src, err, key)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add("name,category\nHall,spaces\n")
	f.Add("name,category,latitude,longitude,opening_hours\n\"a\"\"b\",spaces,51.6,-3.9,Mo 09:00-10:00\n")
	f.Add("\ufeffname;category\n")
	f.Add("name,category\n\"unterminated\n")
	f.Fuzz(func(t *testing.T, src string) {
		rows, err := ReadCSV(strings.NewReader(src))
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Key == "" {
				t.Fatalf("error without a message key: %v", err)
			}
			return
		}
		if len(rows) == 0 || len(rows) > MaxRows {
			t.Fatalf("%d rows without an error", len(rows))
		}
		last := 1
		for _, r := range rows {
			if r.Line <= last {
				t.Fatalf("line numbers not increasing: %d after %d", r.Line, last)
			}
			last = r.Line
			rec, p := Check(r.In)
			if p == nil && (rec.Name == "" || !has(Categories, rec.Category)) {
				t.Fatalf("row accepted without name or category: %+v", rec)
			}
		}
	})
}
