package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// commitEntry is a property entry that applies its text when the user is
// done with it: on Enter, when it loses the focus, or on its ✓ button; not
// on every keystroke (a data limit typed as 50 must not pass through 5).
type commitEntry struct {
	widget.Entry
	onCommit  func(text string)
	committed string
	apply     *tipButton
	row       fyne.CanvasObject
	// check, when set, refuses text that cannot be applied; the ✓ turns
	// into an error mark whose tooltip says why, and nothing is applied.
	check func(text string) error
}

// newCommitEntry makes the entry and its row (entry and ✓); onCommit gets
// the text each time it differs from the last one applied.
func newCommitEntry(text string, multi bool, onCommit func(string)) *commitEntry {
	e := &commitEntry{onCommit: onCommit, committed: text}
	e.MultiLine = multi
	e.ExtendBaseWidget(e)
	e.SetText(text)
	e.apply = newTipButton("", theme.ConfirmIcon(), "Apply (Enter)", e.Commit)
	e.apply.Disable()
	e.OnChanged = func(string) { e.syncApply() }
	if !multi {
		e.OnSubmitted = func(string) { e.Commit() }
	}
	e.row = container.NewBorder(nil, nil, nil, e.apply, e)
	return e
}

// Row is the entry with its ✓ button, for a form.
func (e *commitEntry) Row() fyne.CanvasObject { return e.row }

// Commit applies the text now if it changed.
func (e *commitEntry) Commit() {
	if e.Text == e.committed {
		return
	}
	if e.check != nil && e.check(e.Text) != nil {
		e.syncApply()
		return
	}
	e.committed = e.Text
	e.syncApply()
	if e.onCommit != nil {
		e.onCommit(e.Text)
	}
}

// Reset shows text as the applied value (after an undo, or a refusal).
func (e *commitEntry) Reset(text string) {
	e.committed = text
	e.SetText(text)
	e.syncApply()
}

func (e *commitEntry) syncApply() {
	if e.apply == nil {
		return
	}
	icon, tip := theme.ConfirmIcon(), "Apply (Enter)"
	if e.check != nil {
		if err := e.check(e.Text); err != nil {
			icon, tip = theme.ErrorIcon(), err.Error()
		}
	}
	if e.apply.Icon != icon || e.apply.tip != tip {
		e.apply.Icon, e.apply.tip = icon, tip
		e.apply.Refresh()
	}
	if e.Text != e.committed && !e.Disabled() {
		e.apply.Enable()
	} else {
		e.apply.Disable()
	}
}

// Problem is why the text cannot be applied, or "".
func (e *commitEntry) Problem() string {
	if e.check != nil {
		if err := e.check(e.Text); err != nil {
			return err.Error()
		}
	}
	return ""
}

// FocusLost implements fyne.Focusable: leaving the entry applies it.
func (e *commitEntry) FocusLost() {
	e.Entry.FocusLost()
	e.Commit()
}

// Disable also disables the ✓.
func (e *commitEntry) Disable() {
	e.Entry.Disable()
	e.syncApply()
}

// Enable also re-enables the ✓ when there is something to apply.
func (e *commitEntry) Enable() {
	e.Entry.Enable()
	e.syncApply()
}
