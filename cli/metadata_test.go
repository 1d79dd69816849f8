package cli

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/BurntSushi/toml"

	"wsstudio/ui"
)

// detailsOf reads Name, ID, Version and Build of FyneApp.toml's [Details]
// line by line, the way a person reads the file, as the reference the
// studio's reading is checked against.
func detailsOf(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, details, ok := strings.Cut(string(b), "[Details]")
	if !ok {
		t.Fatalf("%s has no [Details]", path)
	}
	details, _, _ = strings.Cut(details, "\n[")
	line := regexp.MustCompile(`(?m)^\s*(Name|ID|Version|Build)\s*=\s*"?([^"\n]*?)"?\s*$`)
	out := map[string]string{}
	for _, m := range line.FindAllStringSubmatch(details, -1) {
		out[m[1]] = m[2]
	}
	for _, k := range []string{"Name", "ID", "Version", "Build"} {
		if out[k] == "" {
			t.Fatalf("%s: [Details] has no %s", path, k)
		}
	}
	return out
}

// texts collects the text of every label under o.
func texts(o fyne.CanvasObject, out *[]string) {
	switch x := o.(type) {
	case *widget.Label:
		*out = append(*out, x.Text)
	case *fyne.Container:
		for _, c := range x.Objects {
			texts(c, out)
		}
	case fyne.Widget:
		r := x.CreateRenderer()
		for _, c := range r.Objects() {
			texts(c, out)
		}
	}
}

// TestTheAboutDialogShowsFyneAppToml: the window's app and its About
// dialog (opened from the menu, as a person does) carry the name, id,
// version and build written in FyneApp.toml.
func TestTheAboutDialogShowsFyneAppToml(t *testing.T) {
	want := detailsOf(t, fyneAppPath)
	meta, err := useMetadata(testOptions.FyneApp)
	if err != nil {
		t.Fatal(err)
	}
	fa := newStudioApp(meta)
	got := fa.Metadata()
	if got.ID != want["ID"] || got.Name != want["Name"] || got.Version != want["Version"] || strconv.Itoa(got.Build) != want["Build"] {
		t.Fatalf("the app's metadata is %s %s %s %d, FyneApp.toml says %v", got.ID, got.Name, got.Version, got.Build, want)
	}
	if fa.UniqueID() != want["ID"] {
		t.Errorf("the app's id is %q, FyneApp.toml says %q", fa.UniqueID(), want["ID"])
	}
	if got.Icon == nil {
		t.Error("the metadata has no icon")
	}

	a := newSoftwareApp(meta.ID)
	win := a.NewWindow(ui.AppName)
	win.Resize(fyne.NewSize(1024, 700))
	st := ui.New(a, win, ui.Options{NoAutoConnect: true})
	defer st.Shutdown()
	var about *fyne.MenuItem
	for _, m := range win.MainMenu().Items {
		for _, it := range m.Items {
			if strings.HasPrefix(it.Label, "About ") {
				about = it
			}
		}
	}
	if about == nil || about.Label != "About "+want["Name"] {
		t.Fatalf("the menu has no About %s item (%v)", want["Name"], about)
	}
	about.Action()
	var shown []string
	for _, o := range win.Canvas().Overlays().List() {
		texts(o, &shown)
	}
	all := strings.Join(shown, "\n")
	for _, w := range []string{"About " + want["Name"], want["Name"] + "\nVersion " + want["Version"] + " (build " + want["Build"] + ")"} {
		if !strings.Contains(all, w) {
			t.Errorf("the About dialog lacks %q; it shows:\n%s", w, all)
		}
	}
}

func TestAppMetadataErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"[Details\nName = 1", "read FyneApp.toml: toml: "},
		{"[Details]\nID = \"a.b\"\nVersion = \"1\"\n", "read FyneApp.toml: [Details] has no Name"},
		{"", "read FyneApp.toml: [Details] has no ID, Name, Version"},
		{"[Details]\nName = 3\n", "read FyneApp.toml: toml: "},
	} {
		_, err := appMetadata([]byte(tc.text))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %v, want one line starting %q", tc.text, err, tc.want)
		}
	}
}

// FuzzAppMetadata: whatever the [Details] hold, the metadata read back is
// what was written (Build below 1 read as 1), or the error names the
// fields that are blank; no other outcome.
func FuzzAppMetadata(f *testing.F) {
	f.Add("io.wsstudio.studio", "WebSocket Studio", "0.1.0", 1)
	f.Add("", "x", "1", 0)
	f.Add("a\"b", "n\\m\n", " ", -3)
	f.Fuzz(func(t *testing.T, id, name, version string, build int) {
		if !utf8.ValidString(id) || !utf8.ValidString(name) || !utf8.ValidString(version) {
			t.Skip() // TOML files are UTF-8
		}
		var buf bytes.Buffer
		doc := map[string]any{"Website": "https://example.com", "Details": map[string]any{"ID": id, "Name": name, "Version": version, "Build": build}}
		if err := toml.NewEncoder(&buf).Encode(doc); err != nil {
			t.Skip() // not representable in TOML
		}
		m, err := appMetadata(buf.Bytes())
		var blank []string
		for _, k := range []struct{ name, v string }{{"ID", id}, {"Name", name}, {"Version", version}} {
			if strings.TrimSpace(k.v) == "" {
				blank = append(blank, k.name)
			}
		}
		if len(blank) > 0 {
			if err == nil || err.Error() != "read FyneApp.toml: [Details] has no "+strings.Join(blank, ", ") {
				t.Fatalf("blank %v: error %v", blank, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", buf.String(), err)
		}
		wantBuild := max(build, 1)
		if m.ID != id || m.Name != name || m.Version != version || m.Build != wantBuild {
			t.Fatalf("%q read back as %q %q %q %d", buf.String(), m.ID, m.Name, m.Version, m.Build)
		}
	})
}
