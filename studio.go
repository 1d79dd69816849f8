package main

import (
	_ "embed"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"wsstudio/assets"
	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/ui"
)

// processStart is as close to the start of the process as Go lets us get;
// --smoke measures the first live frame from here.
var processStart = time.Now()

//go:embed FyneApp.toml
var fyneAppTOML string

// appID is the application id (preferences, storage).
const appID = "io.wsstudio.studio"

// studioOut is where the window commands report (tests capture it).
var studioOut io.Writer = os.Stdout

// defaultSmokeTimeout bounds --smoke.
const defaultSmokeTimeout = 20 * time.Second

// demoAddr is where the example project's services expect the demo feeds.
const demoAddr = "127.0.0.1:8765"

func init() {
	openStudio = runStudio
	app.SetMetadata(appMetadata())
}

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

func runStudio(dir string, args []string) error {
	a, err := parseStudioArgs(dir, args)
	if err != nil {
		return err
	}
	if !hasScreen() {
		if a.smoke {
			return errors.New("--smoke needs a screen, but neither DISPLAY nor WAYLAND_DISPLAY is set (run it under xvfb-run)")
		}
		out := filepath.Join(os.TempDir(), "wsstudio-studio.png")
		if err := renderStudio(renderOptions{dir: a.dir, out: out, wait: 2 * time.Second, size: defaultWindowSize}); err != nil {
			return err
		}
		fmt.Fprintf(studioOut, "No screen found; rendered the studio to %s\n", out)
		return nil
	}

	fa := app.NewWithID(appID)
	if icon := assets.Icon(); icon != nil {
		fa.SetIcon(icon)
	}
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
	st := ui.New(fa, win, ui.Options{EnvFor: sess.envFor, Demo: sess.demo, Handlers: studioScripts.Handlers,
		OnUnload: studioScripts.Forget, LogFile: logFile()})
	st.Load(sess.proj)
	if !a.smoke && sess.proj != nil {
		st.RememberProject(sess.proj.Dir)
	}
	st.StartTicker()

	var smokeErr error
	if a.smoke {
		smokeErr = errors.New("the window closed before a live frame was drawn")
		armSmoke(fa, win, st, a.smokeTimeout, &smokeErr)
	}
	win.ShowAndRun()
	st.Shutdown()
	st.Wait(3 * time.Second) // the variables' closes, off the finished window loop
	if a.smoke {
		return smokeErr
	}
	return nil
}

// armSmoke waits for every started variable to hold data, then for a frame
// drawn after that; it prints the time from process start and quits. After
// timeout it quits with the reason in *result.
func armSmoke(fa fyne.App, win fyne.Window, st *ui.Studio, timeout time.Duration, result *error) {
	var armed, done atomic.Bool
	// the probe is a one-pixel raster: the GL painter calls its generator
	// only when it draws a frame with the probe invalidated.
	probe := canvas.NewRaster(func(w, h int) image.Image {
		if armed.Load() && done.CompareAndSwap(false, true) {
			elapsed := time.Since(processStart)
			*result = nil
			fmt.Fprintf(studioOut, "first live frame after %.2fs\n", elapsed.Seconds())
			// stop the live parts first: nothing may redraw once the loop is gone
			go fyne.Do(func() { st.Shutdown(); fa.Quit() }) // Shutdown does not wait
		}
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	probe.Resize(fyne.NewSize(1, 1))
	win.SetContent(container.NewStack(win.Content(), container.NewWithoutLayout(probe)))

	go func() {
		deadline := time.Now().Add(timeout)
		tick := time.NewTicker(25 * time.Millisecond)
		defer tick.Stop()
		for range tick.C {
			if done.Load() {
				return
			}
			if time.Now().After(deadline) {
				fyne.Do(func() {
					if done.CompareAndSwap(false, true) {
						_, waiting := st.LiveState()
						reason := "no frame was drawn"
						if len(waiting) > 0 {
							reason = "still waiting for data from " + strings.Join(waiting, ", ")
						} else if len(st.Running()) == 0 {
							reason = "no variable is running"
						}
						*result = fmt.Errorf("no live frame within %s: %s", timeout, reason)
						st.Shutdown()
						fa.Quit()
					}
				})
				return
			}
			fyne.Do(func() {
				if ok, _ := st.LiveState(); ok && len(st.Running()) > 0 && !armed.Load() {
					armed.Store(true)
					probe.Refresh()
				} else if armed.Load() {
					probe.Refresh()
				}
			})
		}
	}()
}

// session is a project ready for the window: the project, the environment
// its variables resolve hosts with, and the demo server it may need.
type session struct {
	proj *project.Project
	env  func(string) string
	demo *demo.Server
}

// envFor is the environment of project p: the demo overrides for the
// session's own project, the process environment for any other.
func (s *session) envFor(p *project.Project) func(string) string {
	if p != nil && s.proj != nil && p.Dir == s.proj.Dir {
		return s.env
	}
	return os.Getenv
}

func (s *session) close() {
	if s.demo != nil {
		s.demo.Close()
	}
}

// openSession opens dir; without dir, the last project, else the bundled
// example (copied to the user's data folder on first use). A project whose
// services live on the demo address gets the demo feeds in-process.
func openSession(dir string, prefs fyne.Preferences) (*session, error) {
	sess := &session{env: os.Getenv}
	var err error
	switch {
	case dir != "":
		st, serr := os.Stat(dir)
		if serr != nil || !st.IsDir() {
			return nil, usagef("%s is not a project folder: it does not exist or is not a folder", dir)
		}
		sess.proj, err = project.Open(dir)
		if err != nil {
			return nil, fmt.Errorf("open project %s: %w", dir, err)
		}
	default:
		if last := ui.LastProject(prefs); last != "" {
			if p, err := project.Open(last); err == nil {
				sess.proj = p
			}
		}
		if sess.proj == nil {
			sess.proj, err = openExample()
			if err != nil {
				return nil, err
			}
		}
	}
	if err := sess.startDemo(); err != nil {
		return nil, err
	}
	return sess, nil
}

// logFile is where the window logs a failure it caught (a panic in a UI
// callback, with its stack): wsstudio/wsstudio.log in the user's data folder.
func logFile() string {
	d, err := dataDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "wsstudio.log")
}

// exampleDir is where the example project is copied on first use.
func exampleDir() (string, error) {
	d, err := dataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "example"), nil
}

// dataDir is the studio's folder in the user's data folder.
func dataDir() (string, error) {
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("find the user's data folder: %w", err)
			}
			base = filepath.Join(home, ".local", "share")
		} else {
			d, err := os.UserConfigDir()
			if err != nil {
				return "", fmt.Errorf("find the user's data folder: %w", err)
			}
			base = d
		}
	}
	return filepath.Join(base, "wsstudio"), nil
}

func openExample() (*project.Project, error) {
	dir, err := exampleDir()
	if err != nil {
		return nil, err
	}
	if err := assets.CopyExample(dir); err != nil {
		return nil, fmt.Errorf("copy the example project to %s: %w", dir, err)
	}
	p, err := project.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open the example project %s: %w", dir, err)
	}
	return p, nil
}

// usesDemo reports whether the project's services point at the demo feeds.
func usesDemo(p *project.Project) bool {
	if p == nil {
		return false
	}
	for _, svc := range p.Services {
		if svc.IsWebSocket() && svc.Scheme == "ws" && (svc.Host == demoAddr || svc.Host == "localhost:8765") {
			return true
		}
	}
	return false
}

// startDemo serves the demo feeds in-process for a project made on them:
// on 127.0.0.1:8765 if free, else on any free port with the services'
// hosts overridden for this run.
func (s *session) startDemo() error {
	if !usesDemo(s.proj) {
		return nil
	}
	srv, err := demo.Start(demoAddr, false)
	if err != nil {
		srv, err = demo.Start("127.0.0.1:0", false)
		if err != nil {
			return fmt.Errorf("start the demo feeds: %w", err)
		}
	}
	s.demo = srv
	if srv.Addr != demoAddr {
		over := map[string]string{}
		for _, svc := range s.proj.Services {
			if svc.IsWebSocket() && (svc.Host == demoAddr || svc.Host == "localhost:8765") {
				over[project.EnvName(svc.ID, "host")] = srv.Addr
			}
		}
		s.env = func(k string) string {
			if v, ok := over[k]; ok {
				return v
			}
			return os.Getenv(k)
		}
	}
	return nil
}

// appMetadata reads FyneApp.toml's [Details] for the About dialog.
func appMetadata() fyne.AppMetadata {
	m := fyne.AppMetadata{ID: appID, Name: ui.AppName, Version: "0.0.0", Build: 1, Custom: map[string]string{}}
	section := ""
	for _, line := range strings.Split(fyneAppTOML, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] ")
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || section != "Details" {
			continue
		}
		k, v = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), `"`)
		switch k {
		case "ID":
			m.ID = v
		case "Name":
			m.Name = v
		case "Version":
			m.Version = v
		case "Build":
			if n, err := strconv.Atoi(v); err == nil {
				m.Build = n
			}
		}
	}
	m.Icon = assets.Icon()
	return m
}
