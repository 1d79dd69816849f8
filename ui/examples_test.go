package ui

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/gorilla/websocket"

	"wsstudio/assets"
	"wsstudio/demo"
	"wsstudio/project"
)

// readTree reads every file of fsys, by slash path.
func readTree(t *testing.T, fsys fs.FS) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		out[path] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTree reports every file that differs between got and want.
func sameTree(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	var names []string
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if g, ok := got[n]; !ok {
			t.Errorf("%s: %s is missing", what, n)
		} else if !bytes.Equal(g, want[n]) {
			t.Errorf("%s: %s differs:\n%s\nwant:\n%s", what, n, g, want[n])
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("%s: %s should not be there", what, n)
		}
	}
}

func TestNewFromExampleDialogGolden(t *testing.T) {
	p := quotesProject(t, "127.0.0.1:1")
	p.Dir = "/projects/quotes" // the picture must not show a temporary folder
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.s.exampleForm()
	test.AssertImageMatches(t, "dialog_new_from_example.png", h.w.Canvas().Capture())
}

func TestExampleFolderNames(t *testing.T) {
	for title, want := range map[string]string{
		"Heart-rate monitor": "HeartRateMonitor",
		"Chat room":          "ChatRoom",
		"Live dashboard":     "LiveDashboard",
		"  ":                 "Example",
		"ünïcode 2 rooms":    "Ünïcode2Rooms",
	} {
		if got := exampleFolder(title); got != want {
			t.Errorf("exampleFolder(%q) = %q, want %q", title, got, want)
		}
	}
}

// TestCreateFromExampleRunsLive makes a project from every bundled example
// in a studio opened without the built-in feeds: the folder holds exactly
// the example's files, and every variable that connects on page load
// receives data, from feeds the studio starts itself.
func TestCreateFromExampleRunsLive(t *testing.T) {
	for _, ex := range assets.Examples() {
		t.Run(ex.Name, func(t *testing.T) {
			h := newHarness(t, nil, Options{})
			parent := t.TempDir()
			if err := h.s.CreateFromExample(ex.Name, parent, exampleFolder(ex.Title)); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(parent, exampleFolder(ex.Title))
			if h.s.proj == nil || h.s.proj.Dir != dir {
				t.Fatalf("the studio did not open %s", dir)
			}
			bundled, err := assets.ExampleNamed(ex.Name)
			if err != nil {
				t.Fatal(err)
			}
			sameTree(t, "the new project", readTree(t, os.DirFS(dir)), readTree(t, bundled))
			for _, v := range h.s.proj.Variables {
				if !v.StartUpdate {
					continue
				}
				h.waitFor(t, v.Name+"'s first message", func() bool { return h.dataLen(v.Name) > 0 })
			}
			if h.s.opts.Demo == nil {
				t.Fatal("the studio started no feeds for the example")
			}
		})
	}
}

func TestCreateFromExampleRefusals(t *testing.T) {
	h := newHarness(t, nil, Options{NoAutoConnect: true})
	parent := t.TempDir()
	busy := filepath.Join(parent, "Busy")
	if err := os.MkdirAll(busy, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, folder, want string }{
		{"dashboard", "Busy", "the folder " + busy + " already exists and is not empty"},
		{"dashboard", "../up", `"../up" is not a folder name`},
		{"dashboard", "", `"" is not a folder name`},
		{"nosuch", "New", `there is no example called "nosuch"; the examples are dashboard`},
	} {
		err := h.s.CreateFromExample(tc.name, parent, tc.folder)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CreateFromExample(%q, %q) = %v, want an error saying %q", tc.name, tc.folder, err, tc.want)
		}
	}
	// a copy that cannot be made says where it was going
	file := filepath.Join(parent, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := h.s.CreateFromExample("chatroom", file, "Chat")
	if want := "new from example: copy chatroom to " + filepath.Join(file, "Chat"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a copy under a file = %v, want an error saying %q", err, want)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "x" {
		t.Errorf("the failed copy touched %s: %q %v", file, b, err)
	}
	os.Remove(file)
	if b, err := os.ReadFile(filepath.Join(busy, "notes.txt")); err != nil || string(b) != "mine" {
		t.Fatalf("a refused example touched the folder: %q %v", b, err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Fatalf("refused examples left %d entries in the parent folder, want only Busy", len(entries))
	}
	if h.s.proj != nil {
		t.Fatal("a refused example opened a project")
	}
}

// TestExampleUsesTheStudiosFeeds: a studio whose feeds already run on
// another address than the examples name points the new project there
// instead of starting feeds of its own, and leaves other projects alone.
func TestExampleUsesTheStudiosFeeds(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := newHarness(t, nil, Options{Demo: srv})
	if err := h.s.CreateFromExample("chatroom", t.TempDir(), "Chat"); err != nil {
		t.Fatal(err)
	}
	if h.s.feeds.own != nil {
		t.Fatal("the studio started feeds of its own beside the running ones")
	}
	h.waitFor(t, "the room's welcome", func() bool { return h.dataLen("Chatroom") > 0 })
	env := h.s.envFor(h.s.proj)
	if got := env(project.EnvName("chatroom", "host")); got != srv.Addr {
		t.Fatalf("the chat room's host is %q, want the running feeds' %s", got, srv.Addr)
	}
	other := &project.Project{Dir: t.TempDir()}
	if h.s.feeds.envFor(other) != nil {
		t.Fatal("the example's hosts apply to another project too")
	}
}

// TestExampleFeedsStopWithTheStudio: feeds the studio started for an
// example are gone after Shutdown and Wait.
func TestExampleFeedsStopWithTheStudio(t *testing.T) {
	h := newHarness(t, nil, Options{})
	if err := h.s.CreateFromExample("heartrate", t.TempDir(), "Pulse"); err != nil {
		t.Fatal(err)
	}
	own := h.s.feeds.own
	if own == nil {
		t.Fatal("the studio started no feeds for the example")
	}
	h.waitFor(t, "a pulse", func() bool { return h.dataLen("HeartRate") > 0 })
	h.s.Shutdown()
	if !h.s.Wait(10 * time.Second) {
		t.Fatal("the studio did not finish")
	}
	if c, _, err := websocket.DefaultDialer.Dial(own.URL("/heartrate"), nil); err == nil {
		c.Close()
		t.Fatal("the example's feeds still answer after Shutdown")
	}
}
