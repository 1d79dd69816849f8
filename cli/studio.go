package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"wsstudio/ui"
	"wsstudio/ui/scriptedit"
	"wsstudio/variable/script"
)

// defaultSmokeTimeout bounds --smoke.
const defaultSmokeTimeout = 20 * time.Second

// studioArgs are the window's own flags.
type studioArgs struct {
	dir          string
	smoke        bool
	smokeTimeout time.Duration
}

func parseStudioArgs(dir string, args []string) (studioArgs, error) {
	a := studioArgs{dir: dir, smokeTimeout: defaultSmokeTimeout}
	for _, arg := range args {
		switch {
		case arg == "--smoke":
			a.smoke = true
		case strings.HasPrefix(arg, "--smoke="):
			d, err := time.ParseDuration(strings.TrimPrefix(arg, "--smoke="))
			if err != nil || d <= 0 {
				return a, usagef("--smoke=%s: the timeout must be a duration such as 20s", strings.TrimPrefix(arg, "--smoke="))
			}
			a.smoke, a.smokeTimeout = true, d
		case strings.HasPrefix(arg, "-"):
			return a, usagef("unknown flag %q; see 'wsstudio --help'", arg)
		case arg == "":
			return a, usagef("the project folder %q is empty: give the path of a folder", arg)
		case a.dir == "":
			a.dir = arg
		default:
			return a, usagef("one project folder only: %q and %q were given", a.dir, arg)
		}
	}
	return a, nil
}

// hasScreen reports whether a display server is there to open a window on.
func hasScreen() bool {
	if runtime.GOOS != "linux" && runtime.GOOS != "freebsd" && runtime.GOOS != "openbsd" && runtime.GOOS != "netbsd" {
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// defaultWindowSize is the studio window's first size, and the picture's
// when there is no screen: the layout is made to show the example's chart,
// list and table at this size (the window used to open larger than that).
var defaultWindowSize = fyne.NewSize(1280, 800)

// runStudio opens the studio window on dir ("" = the last project or the
// example) with the window's own flags in args; without a screen it renders
// the window to a PNG instead and says where. stdout gets what the window
// reports, stderr what its page scripts print and their engine's failures.
func runStudio(dir string, args []string, stdout, stderr io.Writer, opts Options) error {
	a, err := parseStudioArgs(dir, args)
	if err != nil {
		return err
	}
	meta, err := useMetadata(opts.FyneApp)
	if err != nil {
		return err
	}
	if !hasScreen() {
		if a.smoke {
			return errors.New("--smoke needs a screen, but neither DISPLAY nor WAYLAND_DISPLAY is set (run it under xvfb-run)")
		}
		out := filepath.Join(os.TempDir(), "wsstudio-studio.png")
		if err := renderStudio(renderOptions{dir: a.dir, out: out, wait: 2 * time.Second, size: defaultWindowSize}, meta, stderr); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "No screen found; rendered the studio to %s\n", out)
		return nil
	}

	fa := newStudioApp(meta)
	prefs := fa.Preferences()
	if a.smoke {
		prefs = nil // a smoke test runs on DIR or the bundled example, never on the last project
	}
	sess, err := openSession(a.dir, prefs)
	if err != nil {
		return err
	}
	defer sess.close()

	win := fa.NewWindow(ui.AppName)
	win.Resize(defaultWindowSize)
	uo := studioOptions(sess, stderr)
	uo.LogFile = logFile()
	st := ui.New(fa, win, uo)
	st.Load(sess.proj)
	if !a.smoke && sess.proj != nil {
		st.RememberProject(sess.proj.Dir)
	}
	st.StartTicker()

	var smokeErr error
	if a.smoke {
		smokeErr = errors.New("the window closed before a live frame was drawn")
		armSmoke(fa, win, st, a.smokeTimeout, stdout, &smokeErr)
	}
	win.ShowAndRun()
	st.Shutdown()
	st.Wait(3 * time.Second) // the variables' closes, off the finished window loop
	if a.smoke {
		return smokeErr
	}
	return nil
}

// newStudioApp is the window's application: its id (preferences,
// storage) and icon are the metadata's.
func newStudioApp(meta fyne.AppMetadata) fyne.App {
	fa := app.NewWithID(meta.ID)
	if meta.Icon != nil {
		fa.SetIcon(meta.Icon)
	}
	return fa
}

// studioOptions wires the window to the session and to a script registry
// of its own: running variables get their page-script handlers, a project
// the window lets go of has its scripts forgotten, and a handler saved in
// the Events section is reloaded for the variables already running. What
// a script prints or fails at shows in the console panel of the variable
// concerned, and only there; stderr gets the rest (top-level console
// output, failures of the engine itself).
func studioOptions(sess *session, stderr io.Writer) ui.Options {
	scripts := script.NewRegistry(script.Options{
		Log:           func(s string) { fmt.Fprintln(stderr, s) },
		LogSkipsNotes: true,
	})
	return ui.Options{
		EnvFor:        sess.envFor,
		Demo:          sess.demo,
		Handlers:      scripts.Handlers,
		CallPage:      scripts.CallPage,
		OnUnload:      scripts.Forget,
		EventsSection: scriptedit.Editor{Saved: scripts.Reload}.EventsSection,
	}
}
