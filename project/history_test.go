package project

import (
	"testing"
)

// TestUndoGivesBackTheBytes applies each edit, undoes it with Restore and
// saves: the folder must be exactly as it was. Redoing (restoring the state
// taken after the edit) and saving must give the edit's own bytes.
func TestUndoGivesBackTheBytes(t *testing.T) {
	edits := []struct {
		name string
		do   func(t *testing.T, p *Project)
	}{
		{"add service", func(t *testing.T, p *Project) {
			s, err := NewService("chat", "wss://chat.example.com/rooms/lobby?user=ann")
			if err != nil {
				t.Fatal(err)
			}
			noErr(t, p.AddService(s))
		}},
		{"edit service", func(t *testing.T, p *Project) {
			p.Service("ticker").SampleRequest = `{"subscribe":"GLOBEX"}`
		}},
		{"rename service", func(t *testing.T, p *Project) { noErr(t, p.RenameService("ticker", "quotes")) }},
		{"delete service", func(t *testing.T, p *Project) {
			_, err := p.DeleteService("echo")
			noErr(t, err)
		}},
		{"add variable", func(t *testing.T, p *Project) {
			noErr(t, p.AddVariable(NewVariable("Weather2", p.Service("echo"), OwnerPage, "Main")))
		}},
		{"edit variable", func(t *testing.T, p *Project) {
			v := p.Variable("Quotes")
			v.DataLimit, v.Strategy = 7, StrategyPrepend
			v.DataBinding = append(v.DataBinding, Binding{Target: "RequestBody", Value: "{}"})
		}},
		{"rename variable", func(t *testing.T, p *Project) { noErr(t, p.RenameVariable("Quotes", "Prices")) }},
		{"delete variable", func(t *testing.T, p *Project) {
			_, err := p.DeleteVariable("Sensors")
			noErr(t, err)
		}},
		{"add widget", func(t *testing.T, p *Project) {
			noErr(t, p.AddWidget(DefaultWidget(KindTable, "readingsTable", p.Variable("Sensors"), p.Service("sensors").Response)))
		}},
		{"edit widget", func(t *testing.T, p *Project) {
			w := widget(t, p, "Main", "quotesChart")
			w.Title, w.YKeys = "Prices", []string{"price", "volume"}
		}},
		{"rename widget", func(t *testing.T, p *Project) { noErr(t, p.RenameWidget("Main", "quotesChart", "pricesChart")) }},
		{"move widget", func(t *testing.T, p *Project) { noErr(t, p.MoveWidget("Main", "echoList", 0)) }},
		{"delete widget", func(t *testing.T, p *Project) { noErr(t, p.DeleteWidget("Main", "quotesTable")) }},
		{"profile value", func(t *testing.T, p *Project) {
			noErr(t, p.SetProfile("qa", "websocket.ticker.host", "qa.example.com"))
		}},
		{"display name", func(t *testing.T, p *Project) { p.DisplayName = "Market 2" }},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			dir := copyFixture(t, "market")
			p := mustOpen(t, dir)
			// Save once, so that what the save fills in on its own is on
			// disk and the comparisons below see only the edit.
			noErr(t, p.Save())
			before := tree(t, dir)

			// Undo before any save: the save writes nothing.
			st := p.Snapshot()
			e.do(t, p)
			p.Restore(st)
			noErr(t, p.Save())
			if c := changed(before, tree(t, dir)); len(c) > 0 {
				t.Fatalf("edit, undo, save changed %v", c)
			}

			// Edit and save; then undo and redo before the next save: that
			// save writes nothing.
			e.do(t, p)
			after := p.Snapshot()
			noErr(t, p.Save())
			edited := tree(t, dir)
			if len(changed(before, edited)) == 0 {
				t.Fatalf("the edit changed no file: the test does not test anything")
			}
			p.Restore(st)
			p.Restore(after)
			noErr(t, p.Save())
			if c := changed(edited, tree(t, dir)); len(c) > 0 {
				t.Errorf("edit, save, undo, redo, save changed %v", c)
			}
		})
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
