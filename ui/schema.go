package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/importer"
	"wsstudio/project"
	"wsstudio/variable"
)

// schemaCounts are the running variable's schema check counts: messages
// checked against the service's RootResponse and those that did not match.
func (s *Studio) schemaCounts(v *project.Variable) (checked, mismatched uint64) {
	rv := s.runtime(v)
	if rv == nil {
		return 0, 0
	}
	st := rv.Stats()
	return st.SchemaChecked, st.SchemaMismatched
}

// DriftBadge is the tree's mark of a variable whose messages did not match
// the schema: the count and its tooltip; "" when every message matched.
func (s *Studio) DriftBadge(v *project.Variable) (count, tip string) {
	_, bad := s.schemaCounts(v)
	if bad == 0 {
		return "", ""
	}
	tip = "1 message did not match the schema"
	if bad != 1 {
		tip = strconv.FormatUint(bad, 10) + " messages did not match the schema"
	}
	return strconv.FormatUint(bad, 10), tip
}

// SchemaLine is the panel's summary of the schema check of v.
func (s *Studio) SchemaLine(v *project.Variable) string {
	if s.runtime(v) == nil {
		return "Checked while the variable is open"
	}
	checked, bad := s.schemaCounts(v)
	if checked == 0 {
		return "No message checked yet"
	}
	return fmt.Sprintf("%d of %d messages matched", checked-bad, checked)
}

// WidenSchema widens the RootResponse metadata of v's service so that the
// messages the schema check kept as mismatches conform, as one undoable
// edit; the service's running variables reconnect with the new schema.
func (s *Studio) WidenSchema(v *project.Variable) error {
	svc := s.proj.Service(v.Service)
	if svc == nil {
		return fmt.Errorf("update metadata of %s: its service %q is not in the project", v.Name, v.Service)
	}
	rv := s.runtime(v)
	if rv == nil {
		return fmt.Errorf("update metadata of %s: the variable is not open", svc.ID)
	}
	drift := rv.Drift()
	if len(drift) == 0 {
		return errors.New("update metadata of " + svc.ID + ": every message matched the schema")
	}
	// the kept messages are shortened for display; one cut short is no
	// longer JSON and cannot be learnt from
	var msgs [][]byte
	for _, m := range drift {
		if !json.Valid([]byte(m.Message)) {
			continue
		}
		msgs = append(msgs, []byte(m.Message))
	}
	if len(msgs) == 0 {
		return fmt.Errorf("update metadata of %s: the messages that did not match are too long to keep whole; import the service again with one of them as its sample", svc.ID)
	}
	defs, err := importer.Widen(svc.Response, msgs...)
	if err != nil {
		return fmt.Errorf("update metadata of %s: %w", svc.ID, err)
	}
	if reflect.DeepEqual(defs, svc.Response) {
		return fmt.Errorf("update metadata of %s: the metadata holds these messages already", svc.ID)
	}
	svc.Response = defs
	s.changedAs("Update metadata of "+svc.ID, true)
	s.syncRunning() // the schema is part of a connection's settings
	s.showProps()
	return nil
}

// schemaBox is the Schema part of a variable's panel: the counts, the
// first mismatches and the button that widens the metadata.
type schemaBox struct {
	s     *Studio
	v     *project.Variable
	line  *widget.Label
	drift *fyne.Container
	widen *widget.Button
	shown int // mismatches listed
	box   *fyne.Container
}

func newSchemaBox(s *Studio, v *project.Variable) *schemaBox {
	b := &schemaBox{s: s, v: v, line: widget.NewLabel(""), drift: container.NewVBox(), shown: -1}
	b.line.Wrapping = fyne.TextWrapWord
	b.widen = widget.NewButtonWithIcon("Update metadata from this message", theme.ViewRefreshIcon(),
		s.guard("updating the metadata", func() { s.showError(s.WidenSchema(v)) }))
	b.box = container.NewVBox(b.line, b.drift, container.NewHBox(b.widen))
	b.refresh()
	return b
}

// refresh shows the current counts; the list is rebuilt only when the
// variable kept a new mismatch.
func (b *schemaBox) refresh() {
	if t := b.s.SchemaLine(b.v); b.line.Text != t {
		b.line.SetText(t)
	}
	var drift []variable.Mismatch
	if rv := b.s.runtime(b.v); rv != nil {
		drift = rv.Drift()
	}
	if len(drift) == b.shown {
		return
	}
	b.shown = len(drift)
	b.drift.RemoveAll()
	form := widget.NewForm()
	for _, m := range drift {
		got := "expected " + m.Expected + ", got " + m.Actual
		if m.More > 0 {
			got += " (and " + strconv.Itoa(m.More) + " more)"
		}
		l := widget.NewLabel(got)
		l.Wrapping = fyne.TextWrapWord
		form.Append(m.Path, l)
	}
	if len(drift) > 0 {
		b.drift.Add(form)
	}
	if len(drift) > 1 {
		b.widen.SetText("Update metadata from these messages")
	} else {
		b.widen.SetText("Update metadata from this message")
	}
	if len(drift) == 0 {
		b.widen.Hide()
	} else {
		b.widen.Show()
	}
	b.box.Refresh()
}
