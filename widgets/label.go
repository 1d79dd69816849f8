package widgets

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"wsstudio/variable/dataset"
)

// LabelOptions are what a LiveLabel shows: a caption, literal or bound,
// and the display format of a bound value.
type LabelOptions struct {
	Options
	// Caption is literal text, or a binding read from the source on each
	// change: "bind:Variables.HeartRate.lastRecord.value",
	// "bind:Variables.X.firstRecord.time", "bind:Variables.X.dataSet.length".
	Caption string
	// Format is the display format of a bound value (see ParsePattern):
	// "hh:mm:ss a", "2"; "" shows the value as it is.
	Format string
}

// NoValue is what a bound label shows while its binding has no value (an
// empty dataset, a field the record lacks).
const NoValue = "–"

// LiveLabel is a label whose caption is literal text or a value bound from
// a dataset (lastRecord, firstRecord, dataSet), shown in a display format.
// Redraws are coalesced through the frame clock like the other live
// widgets'.
type LiveLabel struct {
	widget.BaseWidget
	refresher

	label *widget.Label

	loc     *time.Location
	caption string
	binding dataset.Binding
	bound   bool
	pattern Pattern
	err     error // the caption's or the format's, shown in place of a value
}

var _ Live = (*LiveLabel)(nil)

// NewLiveLabel makes a label reading src (nil = no data yet).
func NewLiveLabel(src dataset.Source, o LabelOptions) *LiveLabel {
	l := &LiveLabel{label: widget.NewLabel(""), loc: o.Location}
	l.label.Wrapping = fyne.TextWrapWord
	l.ExtendBaseWidget(l)
	l.refresher.init(l.redraw, o.Options)
	l.setCaption(o.Caption, o.Format)
	l.label.SetText(l.compute())
	l.bind(src)
	return l
}

// SetSource implements Live.
func (l *LiveLabel) SetSource(src dataset.Source) { l.bind(src) }

// Apply implements Live: the widget's caption and format.
func (l *LiveLabel) Apply(p Props) {
	l.SetCaption(p.Caption, p.Format)
}

// SetCaption changes what the label shows. A caption starting with "bind:"
// that is not a binding, or a format that does not parse, is returned as
// the error and shown in place of the value.
func (l *LiveLabel) SetCaption(caption, format string) error {
	l.mu.Lock()
	l.setCaption(caption, format)
	err := l.err
	l.mu.Unlock()
	l.invalidate()
	return err
}

// setCaption parses caption and format; l.mu is held (or l is new).
func (l *LiveLabel) setCaption(caption, format string) {
	l.caption, l.bound, l.err = caption, false, nil
	l.pattern = Pattern{decimals: -1}
	if strings.HasPrefix(strings.TrimSpace(caption), "bind:") {
		b, err := dataset.ParseBinding(strings.TrimSpace(caption))
		switch {
		case err != nil:
			l.err = err
		case b.Target != dataset.BindVariable:
			l.err = &dataset.BindingError{Expr: caption, Reason: "a label shows a variable's lastRecord, firstRecord or dataSet"}
		default:
			l.binding, l.bound = b, true
		}
	}
	if p, err := ParsePattern(format); err != nil {
		if l.err == nil {
			l.err = err
		}
	} else {
		l.pattern = p
	}
}

// Text is what the label shows now.
func (l *LiveLabel) Text() string { return l.label.Text }

// compute reads the value the label shows.
func (l *LiveLabel) compute() string {
	l.mu.Lock()
	caption, bound, b, p, err, src := l.caption, l.bound, l.binding, l.pattern, l.err, l.src
	l.mu.Unlock()
	switch {
	case err != nil:
		return err.Error()
	case !bound:
		return caption
	}
	v, ok := b.Eval(src)
	if !ok {
		return NoValue
	}
	if s := p.Format(v, l.loc); s != "" {
		return oneLine(s, 500)
	}
	return NoValue
}

func (l *LiveLabel) redraw() {
	if s := l.compute(); s != l.label.Text {
		l.label.SetText(s)
	}
}

// CreateRenderer implements fyne.Widget.
func (l *LiveLabel) CreateRenderer() fyne.WidgetRenderer {
	l.label.SetText(l.compute()) // what came before the widget was shown
	return widget.NewSimpleRenderer(l.label)
}
