package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// CreateFrom writes a bundled project's files byte for byte, connection settings 0600,
// and refuses a folder that holds anything, leaving it as it was.
func TestCreateFrom(t *testing.T) {
	src := fstest.MapFS{
		".wmproject.properties":                                  {Data: newProperties("Feeds", "Main")},
		"profiles/development.properties":                        {Data: []byte("# mine\nfeed.token=s3cret\n")},
		"src/main/webapp/app.variables.json":                     {Data: []byte("{ }\n")},
		"src/main/webapp/pages/Main/Main.html":                   {Data: []byte(pageMarkup)},
		"src/main/webapp/pages/Main/Main.variables.json":         {Data: []byte("{ }\n")},
		"services/feed/designtime/feed_apiTarget.json":           {Data: []byte("{ }\n")},
		"services/feed/designtime/feed_connection_settings.json": {Data: []byte("{ }\n")},
	}
	dir := filepath.Join(t.TempDir(), "Feeds")
	p, err := CreateFrom(dir, src)
	if err != nil {
		t.Fatal(err)
	}
	if p.DisplayName != "Feeds" {
		t.Errorf("opened as %q", p.DisplayName)
	}
	for rel, f := range src {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil || string(got) != string(f.Data) {
			t.Errorf("%s = %q %v, want %q", rel, got, err, f.Data)
		}
	}
	if st, err := os.Stat(filepath.Join(dir, "services/feed/designtime/feed_connection_settings.json")); err != nil {
		t.Error(err)
	} else if st.Mode().Perm() != 0o600 {
		t.Errorf("the connection settings are %v, not kept private", st.Mode().Perm())
	}

	busy := t.TempDir()
	os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("mine"), 0o644)
	if _, err := CreateFrom(busy, src); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("a folder with a file in it: %v", err)
	}
	if ents, _ := os.ReadDir(busy); len(ents) != 1 {
		t.Fatalf("a refused create left %d entries", len(ents))
	}
}
