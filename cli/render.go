package cli

import (
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"wsstudio/ui"
)

type renderOptions struct {
	dir        string // "" = the last project or the example
	out        string
	wait       time.Duration
	size       fyne.Size
	dark       bool
	selectNode string
}

// firstDataTimeout bounds the wait for the first message before --wait.
const firstDataTimeout = 10 * time.Second

// renderStudio builds the studio window with the software driver (no GL),
// lets live data flow and writes the window to a PNG. meta is the
// application's; stderr gets what page scripts print outside a console.
func renderStudio(o renderOptions, meta fyne.AppMetadata, stderr io.Writer) error {
	a := newSoftwareApp(meta.ID)
	variant := theme.VariantLight
	if o.dark {
		variant = theme.VariantDark
	}
	a.settings.variant = variant
	a.Settings().SetTheme(fixedVariant{Theme: theme.DefaultTheme(), variant: variant})

	sess, err := openSession(o.dir, nil)
	if err != nil {
		return err
	}
	defer sess.close()

	q := &ui.Queue{}
	win := a.NewWindow(ui.AppName)
	win.Resize(o.size)
	uo := studioOptions(sess, stderr)
	uo.Do = q.Do
	uo.SoftwarePainter = true
	st := ui.New(a, win, uo)
	st.Load(sess.proj)
	if node := selectNodeFor(sess.proj, o.selectNode); node != "" {
		st.Select(node)
	}
	defer st.Shutdown()

	pump := func(until time.Time, stop func() bool) {
		for time.Now().Before(until) {
			q.Drain()
			if stop != nil && stop() {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	pump(time.Now().Add(firstDataTimeout), func() bool {
		ok, _ := st.LiveState()
		return ok
	})
	pump(time.Now().Add(o.wait), nil)
	st.Tick()
	st.FreezeLive()
	q.Drain()
	win.Resize(o.size)
	img := win.Canvas().Capture()

	if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", o.out, err)
	}
	f, err := os.Create(o.out)
	if err != nil {
		return fmt.Errorf("write %s: %w", o.out, err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", o.out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", o.out, err)
	}
	return nil
}
