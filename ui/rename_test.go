package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// renameButton is the Rename button next to an entry in a panel.
func renameButton(t *testing.T, o fyne.CanvasObject) *widget.Button {
	t.Helper()
	var b *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if bb, ok := o.(*widget.Button); ok && bb.Text == "Rename" && b == nil {
			b = bb
		}
	})
	if b == nil {
		t.Fatal("no Rename button in the panel")
	}
	return b
}

func TestRenameServiceFromItsPanel(t *testing.T) {
	p := projectOnDisk(t, fixedFeed(t))
	h := newHarness(t, p, Options{})
	h.waitFor(t, "quotes from the ticker", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
	before := h.s.runtime(p.Variable("Quotes"))

	h.s.Select(ServiceNode("ticker"))
	sp := newServicePanel(h.s, p.Service("ticker"))
	b := renameButton(t, sp.object())
	if !b.Disabled() {
		t.Fatal("Rename is enabled before the name was edited")
	}
	sp.name.SetText("")
	test.Type(sp.name, "prices")
	if b.Disabled() {
		t.Fatal("Rename stays disabled after the name was edited")
	}
	test.Tap(b)

	if p.Service("prices") == nil || p.Service("ticker") != nil {
		t.Fatalf("services after rename: %v", p.Services)
	}
	v := p.Variable("Quotes")
	if v.Service != "prices" || v.OperationID != "prices_WebSocketServiceVirtualController-invoke" || v.Type != "prices.RootResponse" {
		t.Fatalf("bound variable after rename: service %q, operation %q, type %q", v.Service, v.OperationID, v.Type)
	}
	if h.s.selected != ServiceNode("prices") || !h.s.Modified() {
		t.Fatalf("selection %q, modified %v", h.s.selected, h.s.Modified())
	}
	if kids := h.s.tree.children(nodeAPIs); len(kids) != 1 || kids[0] != ServiceNode("prices") {
		t.Fatalf("Imported APIs = %v", kids)
	}
	// the variable reconnects under the new name and its data flows again
	after := h.s.runtime(v)
	if after == nil || after == before {
		t.Fatal("the running variable was not restarted for the renamed service")
	}
	h.waitFor(t, "quotes after the rename", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })

	if err := h.s.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(p.Dir, "services", "prices", "designtime", "service-info.json")); err != nil {
		t.Errorf("renamed service folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(p.Dir, "services", "ticker")); !os.IsNotExist(err) {
		t.Errorf("the old service folder is still there (%v)", err)
	}
	vars, err := os.ReadFile(filepath.Join(p.Dir, "src/main/webapp/pages", p.HomePage, p.HomePage+".variables.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(vars), `"service": "prices"`) || strings.Contains(string(vars), `"service": "ticker"`) {
		t.Errorf("page variables after rename:\n%s", vars)
	}
}

func TestRenameServiceRefusesATakenOrInvalidName(t *testing.T) {
	p := projectOnDisk(t, "127.0.0.1:1")
	other := *p.Service("ticker")
	other.ID = "news"
	if err := p.AddService(&other); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, p, Options{NoAutoConnect: true})
	for _, c := range []struct{ name, want string }{
		{"news", "rename service ticker: a service named news exists already"},
		{"9lives", "rename service ticker: service id"},
		{"has space", "rename service ticker: service id"},
	} {
		err := h.s.RenameService(p.Service("ticker"), c.name)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("rename to %q: error %v, want %q", c.name, err, c.want)
		}
	}
	if p.Service("ticker") == nil || p.Variable("Quotes").Service != "ticker" || h.s.Modified() {
		t.Fatalf("a refused rename changed the project (modified %v)", h.s.Modified())
	}
	// the panel puts the old name back after a refused rename
	sp := newServicePanel(h.s, p.Service("ticker"))
	sp.name.SetText("bad name")
	sp.rename()
	if sp.name.Text != "ticker" {
		t.Fatalf("name entry after a refused rename = %q", sp.name.Text)
	}
}
