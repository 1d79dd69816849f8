package cli

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
	"wsstudio/ui"
	"wsstudio/variable/script"
)

// lockedBuffer is an output stream the script engines may write from
// their own goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// findButton returns the first button labelled text under o.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		if x.Text == text {
			return x
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
		return nil
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range test.WidgetRenderer(w).Objects() {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// TestTheWindowReloadsAScriptSavedInTheEventsSection: the window gets its
// handlers and its Events section from one script registry, so a handler
// saved in the Events section reloads the script the running variables
// use (its top-level code runs again, printing to the stderr given), and
// the page's other lines stay.
func TestTheWindowReloadsAScriptSavedInTheEventsSection(t *testing.T) {
	dir := faultProject(t, "ws://127.0.0.1:1/feed", nil, nil, nil)
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	v := p.Variable("Feed")
	file := script.ScriptFile(p, v)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("console.log(\"script loaded\");\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	uo := studioOptions(&session{proj: p, env: os.Getenv}, &stderr)
	uo.NoAutoConnect = true
	q := &ui.Queue{}
	uo.Do = q.Do
	a := newSoftwareApp("io.wsstudio.wiring-test")
	win := a.NewWindow(ui.AppName)
	win.Resize(fyne.NewSize(1280, 800))
	st := ui.New(a, win, uo)
	defer st.Shutdown()
	st.Load(p)
	st.Select(ui.VariableNode("Feed"))

	if h := uo.Handlers(p, v); h == nil {
		t.Fatal("the window gets no handlers for Feed")
	}
	if n := strings.Count(stderr.String(), "script loaded"); n != 1 {
		t.Fatalf("the script ran %d times for its handlers, want once; stderr:\n%s", n, stderr.String())
	}
	edit := findButton(win.Canvas().Content(), "Edit")
	if edit == nil {
		t.Fatal("the variable panel has no Edit button: the Events section is not the script editor's")
	}
	edit.OnTapped()
	var save *widget.Button
	for _, o := range win.Canvas().Overlays().List() {
		if save = findButton(o, "Save"); save != nil {
			break
		}
	}
	if save == nil {
		t.Fatal("Edit opened no editor with a Save button")
	}
	save.OnTapped()
	q.Drain()

	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if name := script.HandlerName(script.Owner(v), v.Name, script.OnBeforeOpen); !strings.Contains(string(src), name) ||
		!strings.HasPrefix(string(src), "console.log(\"script loaded\");\n") {
		t.Fatalf("the script on disk:\n%s", src)
	}
	if n := strings.Count(stderr.String(), "script loaded"); n != 2 {
		t.Fatalf("after the save the script ran %d times in all, want twice (loaded, reloaded); stderr:\n%s", n, stderr.String())
	}
}
