package pabulib

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead checks that no input makes Read panic, that every failure is an
// *Error, and that whatever Read accepts survives a write and a re-read.
func FuzzRead(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte("META\r\nkey;value\r\nbudget;5\r\nvote_type;ordinal\r\nPROJECTS\r\nproject_id;cost\r\na;1\r\nVOTES\r\nvoter_id;vote\r\nx;a\r\n"))
	if b, err := os.ReadFile(filepath.Join("testdata", "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Read(bytes.NewReader(data))
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		var out bytes.Buffer
		if err := Write(&out, e); err != nil {
			t.Fatalf("Write: %v", err)
		}
		e2, err := Read(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("re-reading what was written: %v\n%q", err, out.String())
		}
		assertSameElection(t, "fuzz", e, e2)
	})
}
