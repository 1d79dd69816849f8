package widgets

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/variable/dataset"
)

// ButtonOptions are the settings of a LiveButton.
type ButtonOptions struct {
	Caption string
	// Icon is WaveMaker's iconclass ("wi wi-send", "fa fa-refresh"); the
	// button shows the nearest theme icon, or none.
	Icon string
	// OnTapped runs on the UI goroutine when the button is pressed.
	OnTapped func()
}

// LiveButton is a page's button. It shows no dataset, so SetSource and
// Stop do nothing; it implements Live so that a page lays it out with the
// other widgets.
type LiveButton struct {
	widget.Button
}

var _ Live = (*LiveButton)(nil)

// NewLiveButton makes a button.
func NewLiveButton(o ButtonOptions) *LiveButton {
	b := &LiveButton{}
	b.ExtendBaseWidget(b)
	b.Text, b.Icon = o.Caption, IconFor(o.Icon)
	b.Importance = widget.HighImportance
	b.OnTapped = o.OnTapped
	return b
}

// SetOnTapped replaces the press callback.
func (b *LiveButton) SetOnTapped(fn func()) { b.OnTapped = fn }

// iconWords map words of an iconclass to theme icons, first match wins.
var iconWords = []struct {
	word string
	icon func() fyne.Resource
}{
	{"send", theme.MailSendIcon}, {"paper-plane", theme.MailSendIcon},
	{"refresh", theme.ViewRefreshIcon}, {"reload", theme.ViewRefreshIcon}, {"sync", theme.ViewRefreshIcon},
	{"play", theme.MediaPlayIcon}, {"connect", theme.MediaPlayIcon}, {"link", theme.MediaPlayIcon},
	{"stop", theme.MediaStopIcon}, {"pause", theme.MediaPauseIcon},
	{"close", theme.CancelIcon}, {"times", theme.CancelIcon}, {"cancel", theme.CancelIcon},
	{"trash", theme.DeleteIcon}, {"delete", theme.DeleteIcon}, {"remove", theme.DeleteIcon},
	{"plus", theme.ContentAddIcon}, {"add", theme.ContentAddIcon},
	{"search", theme.SearchIcon}, {"check", theme.ConfirmIcon}, {"save", theme.DocumentSaveIcon},
	{"chat", theme.MailComposeIcon}, {"comment", theme.MailComposeIcon}, {"message", theme.MailComposeIcon},
	{"envelope", theme.MailComposeIcon}, {"mail", theme.MailComposeIcon},
	{"user", theme.AccountIcon}, {"info", theme.InfoIcon}, {"help", theme.HelpIcon}, {"question", theme.HelpIcon},
	{"settings", theme.SettingsIcon}, {"cog", theme.SettingsIcon},
}

// IconFor is the theme icon nearest to a WaveMaker iconclass, or nil.
func IconFor(iconclass string) fyne.Resource {
	c := strings.ToLower(iconclass)
	if strings.TrimSpace(c) == "" {
		return nil
	}
	for _, w := range iconWords {
		if strings.Contains(c, w.word) {
			return w.icon()
		}
	}
	return nil
}

// SetSource implements Live; a button reads no dataset.
func (b *LiveButton) SetSource(dataset.Source) {}

// Apply implements Live: caption and icon.
func (b *LiveButton) Apply(p Props) {
	b.Text, b.Icon = p.Caption, IconFor(p.Icon)
	b.Refresh()
}

// Redraws implements Live: a button is never redrawn for data.
func (b *LiveButton) Redraws() uint64 { return 0 }

// Stop implements Live.
func (b *LiveButton) Stop() {}
