package cli

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/ui"
)

// demoAddr is where the example project's services expect the demo feeds.
const demoAddr = demo.DefaultAddr

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

// usesDemo reports whether the project's services point at the demo feeds.
func usesDemo(p *project.Project) bool {
	if p == nil {
		return false
	}
	for _, svc := range p.Services {
		if svc.IsWebSocket() && demo.AtDefaultAddr(svc.Scheme, svc.Host) {
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
			if svc.IsWebSocket() && demo.AtDefaultAddr(svc.Scheme, svc.Host) {
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
