package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"wsstudio/project"
	"wsstudio/ui"
)

// screenshotCommand is the screenshot command.
func screenshotCommand(opts Options) *command {
	return &command{
		name:    "screenshot",
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
		run: func(args []string, stdout, stderr io.Writer) error {
			return runScreenshot(args, stdout, stderr, opts)
		},
	}
}

func runScreenshot(args []string, stdout, stderr io.Writer, opts Options) error {
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
	meta, err := useMetadata(opts.FyneApp)
	if err != nil {
		return err
	}
	if err := renderStudio(renderOptions{dir: dir, out: *out, wait: *wait, size: sz, dark: *dark, selectNode: *sel}, meta, stderr); err != nil {
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
