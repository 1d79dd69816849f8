package main

import (
	"flag"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"wsstudio/project"
	"wsstudio/ui"
)

func init() {
	register("screenshot", &command{
		summary: "render the studio window on a project to a PNG, live data included",
		usage:   "wsstudio screenshot DIR --out FILE.png [--wait 2s] [--size 1280x800] [--dark] [--select NODE]",
		help: `Opens the studio on the project folder DIR without a screen (software
rendering, no OpenGL), connects the variables that "Connect on page load",
lets live data flow, and writes the window as a PNG. Secrets are masked as
they are in the window. A project made on the demo feeds (services on
127.0.0.1:8765) gets them in-process.

Flags:
  --out FILE.png   where to write the picture (required)
  --wait D         how long live data flows before the picture is taken, after
                   the first message arrived (default 2s)
  --size WxH       window size in pixels (default 1280x800)
  --dark           use the dark theme variant (default: light)
  --select NODE    select a node first: a variable name, "page/widget", or
                   "service:ID" (default: the first variable)

Example:
  wsstudio screenshot ~/projects/quotes --out quotes.png --wait 3s --size 1440x900`,
		run: runScreenshot,
	})
}

func runScreenshot(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("screenshot", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("out", "", "")
	wait := fs.Duration("wait", 2*time.Second, "")
	size := fs.String("size", "1280x800", "")
	dark := fs.Bool("dark", false, "")
	sel := fs.String("select", "", "")
	dir := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return usagef("screenshot: %v", err)
	}
	if dir == "" && fs.NArg() > 0 {
		dir = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return usagef("screenshot: unexpected argument %q", fs.Arg(0))
	}
	if dir == "" {
		return usagef("screenshot: the project folder DIR is missing; usage: wsstudio screenshot DIR --out FILE.png")
	}
	if *out == "" {
		return usagef("screenshot: --out FILE.png is required")
	}
	if *wait < 0 {
		return usagef("screenshot: --wait %s is negative", *wait)
	}
	sz, err := parseSize(*size)
	if err != nil {
		return err
	}
	// A project folder that cannot be read is bad input (exit 2), as for
	// every other command; the window opens it again below.
	if st, serr := os.Stat(dir); serr == nil && st.IsDir() {
		if _, err := project.Open(dir); err != nil {
			return usagef("screenshot: %v", err)
		}
	}
	if err := renderStudio(renderOptions{dir: dir, out: *out, wait: *wait, size: sz, dark: *dark, selectNode: *sel}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return nil
}

func parseSize(s string) (fyne.Size, error) {
	w, h, ok := strings.Cut(strings.ToLower(s), "x")
	wi, err1 := strconv.Atoi(w)
	hi, err2 := strconv.Atoi(h)
	if !ok || err1 != nil || err2 != nil || wi < 320 || hi < 240 || wi > 8192 || hi > 8192 {
		return fyne.Size{}, usagef("--size %q: give WIDTHxHEIGHT in pixels, from 320x240 to 8192x8192", s)
	}
	return fyne.NewSize(float32(wi), float32(hi)), nil
}

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
// lets live data flow and writes the window to a PNG.
func renderStudio(o renderOptions) error {
	a := test.NewApp()
	variant := theme.VariantLight
	if o.dark {
		variant = theme.VariantDark
	}
	a.Settings().SetTheme(fixedVariant{Theme: theme.DefaultTheme(), variant: variant})

	sess, err := openSession(o.dir, nil)
	if err != nil {
		return err
	}
	defer sess.close()

	q := &ui.Queue{}
	win := a.NewWindow(ui.AppName)
	win.Resize(o.size)
	st := ui.New(a, win, ui.Options{EnvFor: sess.envFor, Demo: sess.demo, Do: q.Do, Handlers: studioScripts.Handlers, OnUnload: studioScripts.Forget})
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

// selectNodeFor turns --select into a tree node; "" picks the first variable.
func selectNodeFor(p *project.Project, sel string) string {
	if p == nil {
		return ""
	}
	switch {
	case strings.HasPrefix(sel, "service:"):
		return ui.ServiceNode(strings.TrimPrefix(sel, "service:"))
	case strings.Contains(sel, "/"):
		page, name, _ := strings.Cut(sel, "/")
		return ui.WidgetNode(page, name)
	case sel != "":
		return ui.VariableNode(sel)
	case len(p.Variables) > 0:
		return ui.VariableNode(p.Variables[0].Name)
	}
	return ""
}

// fixedVariant is a theme that always uses one variant (light or dark),
// whatever the settings say.
type fixedVariant struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t fixedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}
