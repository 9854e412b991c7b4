package pabulib

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestReadSharedFiles(t *testing.T) {
	dir := sharedDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.pb"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		e, err := Read(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		var out bytes.Buffer
		if err := Write(&out, e); err != nil {
			t.Fatal(err)
		}
		e2, err := Read(&out)
		if err != nil {
			t.Errorf("%s: reading what we wrote: %v", filepath.Base(f), err)
			continue
		}
		assertSameElection(t, filepath.Base(f), e, e2)
	}
}
