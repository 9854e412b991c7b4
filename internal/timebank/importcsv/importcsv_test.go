package importcsv

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMembersFile(t *testing.T) {
	f, err := Parse(strings.NewReader("\ufeffMember name,ID,E-mail,Balance (hours),Type\r\n" +
		"Ann Jones,17,ann@example.org,2.5,individual\r\n" +
		"Nant Hall,18,,-1:30,organisation\r\n" +
		",19,,1,\r\n" +
		"Bob,20,not-an-address,x,\r\n" +
		"\r\n" +
		"Cai,21,,0.01,\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind != Members || f.Rows != 5 || len(f.Members) != 2 {
		t.Fatalf("%+v", f)
	}
	if m := f.Members[0]; m.Name != "Ann Jones" || m.Ref != "17" || m.Balance != 150 || m.Kind != "person" || m.Line != 2 {
		t.Fatalf("%+v", m)
	}
	if m := f.Members[1]; m.Balance != -90 || m.Kind != "organisation" {
		t.Fatalf("%+v", m)
	}
	want := []Problem{{4, "name", "name_missing"}, {5, "email", "email_bad"}, {5, "balance", "amount_bad"}, {7, "balance", "amount_bad"}}
	if len(f.Problems) != len(want) {
		t.Fatalf("problems %+v", f.Problems)
	}
	for i, p := range want {
		if f.Problems[i] != p {
			t.Errorf("problem %d: %+v, want %+v", i, f.Problems[i], p)
		}
	}
}

func TestTimeOverflowTransfers(t *testing.T) {
	// TimeOverflow keeps amounts in seconds and names the accounts source and destination.
	f, err := Parse(strings.NewReader("source_id,source_type,destination_id,destination_type,amount (seconds),created_at,reason\n" +
		"17,Member,18,Member,5400,2025-03-01 10:00:00,Garden\n" +
		"18,Member,17,Member,90,2025-03-02 10:00:00,Not whole minutes\n" +
		"18,Member,18,Member,60,2025-03-02,Self\n" +
		"17,Member,18,Member,60,31/13/2025,Bad date\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind != Transfers || len(f.Transfers) != 1 {
		t.Fatalf("%+v", f)
	}
	if tr := f.Transfers[0]; tr.From != "17" || tr.To != "18" || tr.Minutes != 90 || tr.Date != "2025-03-01" || tr.Note != "Garden" {
		t.Fatalf("%+v", tr)
	}
	codes := ""
	for _, p := range f.Problems {
		codes += p.Code + " "
	}
	if codes != "amount_bad same_party date_bad " {
		t.Fatalf("problems: %q", codes)
	}
}

func TestGiverAndReceiverHeadings(t *testing.T) {
	// "Given by" and "Received by" name people: the time goes out of the receiver's account.
	f, err := Parse(strings.NewReader("Date;Given by;Received by;Hours;Category\n2025-01-01;Ann;Bob;1,5;gardening\n"))
	if err != nil || len(f.Transfers) != 1 {
		t.Fatalf("%+v %v", f, err)
	}
	if tr := f.Transfers[0]; tr.From != "Bob" || tr.To != "Ann" || tr.Minutes != 90 || tr.Category != "gardening" {
		t.Fatalf("%+v", tr)
	}
}

func TestUnreadableFiles(t *testing.T) {
	for name, c := range map[string]struct {
		in   string
		want error
	}{
		"empty":     {"", ErrEmpty},
		"headings":  {"foo,bar\n1,2\n", ErrColumns},
		"no rows":   {"name,balance\n", ErrEmpty},
		"not utf-8": {"name\n\xff\xfe\n", ErrEncoding},
		"no amount": {"date,from,to\n2025-01-01,a,b\n", ErrColumns},
		"too big":   {"name\n" + strings.Repeat("x", MaxBytes), ErrTooBig},
		"many rows": {"name\n" + strings.Repeat("Ann\n", MaxRows+1), ErrTooMany},
	} {
		if _, err := Parse(strings.NewReader(c.in)); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

func TestAmounts(t *testing.T) {
	for _, c := range []struct {
		in, unit string
		signed   bool
		want     int64
		ok       bool
	}{
		{"1", "hours", false, 60, true}, {"1.25", "hours", false, 75, true}, {"0:45", "hours", false, 45, true},
		{"1,5", "hours", false, 90, true}, {"-2", "hours", true, -120, true}, {"−2", "hours", true, -120, true},
		{"-2", "hours", false, 0, false}, {"1.01", "hours", false, 0, false}, {"90", "minutes", false, 90, true},
		{"120", "seconds", false, 2, true}, {"121", "seconds", false, 0, false}, {"1001", "hours", false, 0, false},
		{"1:60", "hours", false, 0, false}, {"abc", "hours", false, 0, false}, {"", "hours", false, 0, false},
	} {
		got, ok := amount(c.in, c.unit, c.signed)
		if got != c.want || ok != c.ok {
			t.Errorf("amount(%q, %s) = %d, %v; want %d, %v", c.in, c.unit, got, ok, c.want, c.ok)
		}
	}
}

// FuzzParse: no file makes Parse panic, and every row it accepts is within bounds.
func FuzzParse(f *testing.F) {
	f.Add([]byte("name,balance\nAnn,1.5\n"))
	f.Add([]byte("date,from,to,minutes,note\n2025-01-01,a,b,30,\"x, y\"\n"))
	f.Add([]byte("source_id,destination_id,amount (seconds),created_at\n1,2,3600,2025-01-01T10:00:00Z\n"))
	f.Add([]byte("Name;Balance\n\"Ann\"\"s\";-0:30\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		if file.Rows > MaxRows {
			t.Fatalf("%d rows", file.Rows)
		}
		for _, m := range file.Members {
			if m.Name == "" || utf8.RuneCountInString(m.Name) > MaxName || m.Balance > MaxMinutes || m.Balance < -MaxMinutes || !utf8.ValidString(m.Name) {
				t.Fatalf("accepted member %+v", m)
			}
		}
		for _, tr := range file.Transfers {
			if tr.Minutes <= 0 || tr.Minutes > MaxMinutes || tr.From == "" || tr.To == "" || tr.From == tr.To || len(tr.Date) != 10 {
				t.Fatalf("accepted transfer %+v", tr)
			}
			if _, ok := Date(tr.Date); !ok {
				t.Fatalf("accepted date %q", tr.Date)
			}
		}
	})
}
