package ui

import "testing"

// TestControlShortcutsAreInTheMainMenu: the window runs a main-menu
// shortcut before the focused widget sees it, so Ctrl+Shift+4 … 7 add a
// label, text, textarea or button while a property box has the keyboard
// only because the Project menu carries them.
func TestControlShortcutsAreInTheMainMenu(t *testing.T) {
	p := quotesProject(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
	for _, c := range controls {
		name := controlShortcut(c.key).ShortcutName()
		var found bool
		for _, m := range h.s.menu.main.Items {
			for _, it := range m.Items {
				if it.Shortcut == nil || it.Shortcut.ShortcutName() != name {
					continue
				}
				found = true
				before := len(p.Page("Main").Widgets)
				it.Action()
				ws := p.Page("Main").Widgets
				if len(ws) != before+1 || ws[len(ws)-1].Kind != c.kind {
					t.Errorf("the menu item of %s did not add a %s", name, c.kind)
				}
			}
		}
		if !found {
			t.Errorf("no main-menu item has the shortcut %s (Add %s)", name, c.label)
		}
	}
	if n := len(p.Page("Main").Widgets); n != 2+len(controls) {
		t.Fatalf("the page has %d widgets, want %d", n, 2+len(controls))
	}
}
