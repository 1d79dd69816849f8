package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"wsstudio/assets"
	"wsstudio/demo"
	"wsstudio/project"
)

// newFromExample asks which bundled example to start from and where to put
// the new project, then creates and opens it.
func (s *Studio) newFromExample() {
	s.confirmDiscard("creating a project from an example", s.exampleForm)
}

// exampleForm is the New from example dialog: the examples with their
// summaries, the new folder's name and the folder to make it in.
func (s *Studio) exampleForm() {
	list := assets.Examples()
	if len(list) == 0 {
		s.showError(fmt.Errorf("new from example: this build carries no example projects"))
		return
	}
	chosen := list[0]
	above := func(nameE *escEntry) []*widget.FormItem {
		titles := make([]string, len(list))
		for i, e := range list {
			titles[i] = e.Title
		}
		summary := widget.NewLabel("")
		summary.Wrapping = fyne.TextWrapWord
		pick := widget.NewRadioGroup(titles, nil)
		pick.Required = true
		pick.OnChanged = func(title string) {
			for _, e := range list {
				if e.Title == title {
					chosen = e
					summary.SetText(e.Summary)
					nameE.SetText(exampleFolder(e.Title))
					return
				}
			}
		}
		pick.SetSelected(list[0].Title)
		return []*widget.FormItem{widget.NewFormItem("Example", pick), widget.NewFormItem("", summary)}
	}
	s.folderFormWith("New from example", "Create", exampleFolder(list[0].Title), above, func(parent, name string) error {
		return s.CreateFromExample(chosen.Name, parent, name)
	})
}

// exampleFolder makes a folder name of an example's title: "Heart-rate
// monitor" → "HeartRateMonitor".
func exampleFolder(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r := []rune(w)
		b.WriteString(string(unicode.ToUpper(r[0])) + string(r[1:]))
	}
	if b.Len() == 0 {
		return "Example"
	}
	return b.String()
}

// CreateFromExample copies the bundled example called name into a new
// folder called folder inside parent and opens it, its services on the
// built-in feeds.
func (s *Studio) CreateFromExample(name, parent, folder string) error {
	if folder == "" || folder == "." || folder == ".." || strings.ContainsAny(folder, `/\`) {
		return fmt.Errorf("new from example: %q is not a folder name", folder)
	}
	src, err := assets.ExampleNamed(name)
	if err != nil {
		return fmt.Errorf("new from example: %w", err)
	}
	dir, err := filepath.Abs(filepath.Join(parent, folder))
	if err != nil {
		return fmt.Errorf("new from example: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err == nil && len(entries) > 0 {
		return fmt.Errorf("new from example: the folder %s already exists and is not empty; choose another name", dir)
	}
	made := err != nil // the folder is ours to remove if the copy fails
	p, err := project.CreateFrom(dir, src)
	if err != nil {
		if made {
			os.RemoveAll(dir)
		}
		return fmt.Errorf("new from example: copy %s to %s: %w", name, dir, err)
	}
	// without its feeds the project still opens: its variables then say
	// that nothing answers
	feedsErr := s.feeds.serve(s, p)
	s.Load(p)
	s.addRecent(p.Dir)
	s.notify("Created " + p.Dir)
	if feedsErr != nil {
		return fmt.Errorf("new from example: created %s, but %w", p.Dir, feedsErr)
	}
	return nil
}

// exampleFeeds brings the built-in feeds to projects made from an example:
// their services live on the demo address, and the studio may have been
// started on a project that needed no feeds.
type exampleFeeds struct {
	mu  sync.Mutex
	own *demo.Server // started for an example, closed on Shutdown
	// env is the lookup of each such project (by folder) when the feeds
	// run on another address than the one its services name.
	env map[string]func(string) string
}

// demoHost reports whether a service's host is the demo address.
func demoHost(svc *project.Service) bool {
	return svc.IsWebSocket() && demo.AtDefaultAddr(svc.Scheme, svc.Host)
}

// serve makes sure the feeds run for p, when its services use them.
func (f *exampleFeeds) serve(s *Studio, p *project.Project) error {
	var hosts []string
	for _, svc := range p.Services {
		if demoHost(svc) {
			hosts = append(hosts, project.EnvName(svc.ID, "host"))
		}
	}
	if len(hosts) == 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	srv := s.opts.Demo
	if srv == nil {
		srv = f.own
	}
	if srv == nil {
		var err error
		if srv, err = demo.Start(demo.DefaultAddr, false); err != nil {
			if srv, err = demo.Start("127.0.0.1:0", false); err != nil {
				return fmt.Errorf("start the built-in feeds: %w", err)
			}
		}
		f.own = srv
		s.opts.Demo = srv // the import wizard offers them too
	}
	if srv.Addr == demo.DefaultAddr {
		return nil
	}
	base := s.baseEnv(p)
	over := map[string]bool{}
	for _, h := range hosts {
		over[h] = true
	}
	addr := srv.Addr
	if f.env == nil {
		f.env = map[string]func(string) string{}
	}
	f.env[p.Dir] = func(k string) string {
		if over[k] {
			return addr
		}
		return base(k)
	}
	return nil
}

// envFor is the lookup serve arranged for p, or nil.
func (f *exampleFeeds) envFor(p *project.Project) func(string) string {
	if p == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.env[p.Dir]
}

// close stops the feeds serve started.
func (f *exampleFeeds) close() {
	f.mu.Lock()
	srv := f.own
	f.own = nil
	f.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// baseEnv is the lookup p's variables would use without the example's
// feeds.
func (s *Studio) baseEnv(p *project.Project) func(string) string {
	if s.opts.EnvFor != nil {
		if env := s.opts.EnvFor(p); env != nil {
			return env
		}
	}
	if s.opts.Env != nil {
		return s.opts.Env
	}
	return os.Getenv
}
