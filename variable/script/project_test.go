package script

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wsstudio/project"
)

func TestSaveWritesTheScriptAtomically(t *testing.T) {
	p, pv := newProject(t, "ws://127.0.0.1:1/x", "", nil)
	if err := Save(p, pv, []byte("Page.a = function () {};\n")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(p.Dir, "src", "main", "webapp", "pages", "Main", "Main.js"))
	if err != nil || string(got) != "Page.a = function () {};\n" {
		t.Fatalf("script = %q, %v", got, err)
	}
	if src, err := Read(p, pv); err != nil || string(src) != string(got) {
		t.Fatalf("Read = %q, %v", src, err)
	}
}

func TestSaveStaysInsideTheProject(t *testing.T) {
	p, pv := newProject(t, "ws://127.0.0.1:1/x", "", nil)
	pv.Page = "../../../../outside"
	if err := Save(p, pv, []byte("x")); err == nil || !strings.Contains(err.Error(), `save the script of page "../../../../outside"`) {
		t.Fatalf("Save with a page name leaving the folder = %v", err)
	}
	pv.Page = "Main"
	outside := t.TempDir()
	pages := filepath.Join(p.Dir, "src", "main", "webapp", "pages")
	if err := os.MkdirAll(pages, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(pages, "Main")); err != nil {
		t.Fatal(err)
	}
	err := Save(p, pv, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "leads outside the project folder through a symbolic link") {
		t.Fatalf("Save through a link = %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("something was written outside: %v", entries)
	}
}

func TestRegistryHandsOutAndReloads(t *testing.T) {
	p, pv := newProject(t, "ws://127.0.0.1:1/x", `Page.QuotesonMessageReceive = function () { return 1; };`, nil)
	lb := &logBook{}
	r := NewRegistry(Options{Log: lb.log})
	defer r.Forget(p)
	h := r.Handlers(p, pv)
	if got, _ := h.MessageReceive(nil, []byte(`0`)); string(got) != "1" {
		t.Fatalf("MessageReceive = %q", got)
	}
	if err := Save(p, pv, []byte(`Page.QuotesonMessageReceive = function () { return 2; };`)); err != nil {
		t.Fatal(err)
	}
	r.Reload(p, pv)
	if got, _ := h.MessageReceive(nil, []byte(`0`)); string(got) != "2" {
		t.Fatalf("after Reload MessageReceive = %q", got)
	}
	app := &project.Variable{Name: "Feed", Owner: project.OwnerApp}
	if err := os.MkdirAll(ScriptFile(p, app), 0o755); err != nil {
		t.Fatal(err)
	}
	h = r.Handlers(p, app)
	if got, drop := h.MessageReceive(nil, []byte(`0`)); got != nil || drop || !h.BeforeOpen(nil) {
		t.Fatalf("the handlers of an unreadable script did something: MessageReceive = %q, %v", got, drop)
	}
	if !strings.HasPrefix(lb.text(), "read script "+ScriptFile(p, app)) {
		t.Fatalf("log = %q", lb.text())
	}
}
