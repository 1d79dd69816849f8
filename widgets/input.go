package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"wsstudio/variable/dataset"
)

// InputOptions are the settings of a LiveInput.
type InputOptions struct {
	Multiline   bool   // a textarea rather than a one-line text input
	Placeholder string // shown while the input is empty
	Value       string // the text it starts with
	// OnChanged is called on the UI goroutine with the text after every
	// change the user makes (typing, pasting, clearing).
	OnChanged func(value string)
}

// LiveInput is a text input or a textarea whose value other parts of a
// page read (WaveMaker's datavalue). It shows no dataset, so SetSource
// and Stop do nothing; it implements Live so that a page lays it out with
// the other widgets.
type LiveInput struct {
	widget.Entry
}

var _ Live = (*LiveInput)(nil)

// NewLiveInput makes a text input (or, with Multiline, a textarea).
func NewLiveInput(o InputOptions) *LiveInput {
	in := &LiveInput{}
	in.ExtendBaseWidget(in)
	in.MultiLine = o.Multiline
	if o.Multiline {
		in.Wrapping = fyne.TextWrapWord
		in.SetMinRowsVisible(3)
	}
	in.PlaceHolder = o.Placeholder
	in.SetText(o.Value)
	in.OnChanged = o.OnChanged
	return in
}

// Value is the input's text: its datavalue.
func (in *LiveInput) Value() string { return in.Text }

// SetOnChanged replaces the change callback.
func (in *LiveInput) SetOnChanged(fn func(value string)) { in.OnChanged = fn }

// SetSource implements Live; an input reads no dataset.
func (in *LiveInput) SetSource(dataset.Source) {}

// Apply implements Live: the placeholder. The text the user typed stays.
func (in *LiveInput) Apply(p Props) {
	if p.Placeholder != in.PlaceHolder {
		in.SetPlaceHolder(p.Placeholder)
	}
}

// Redraws implements Live: an input is never redrawn for data.
func (in *LiveInput) Redraws() uint64 { return 0 }

// Stop implements Live.
func (in *LiveInput) Stop() {}
