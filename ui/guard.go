package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// logMu serialises writes to the crash log.
var logMu sync.Mutex

// guard wraps a UI callback: a panic inside fn is caught, written with its
// stack to the studio's log file and shown in an error dialog; the window
// and the open project stay as they are.
func (s *Studio) guard(what string, fn func()) func() {
	if fn == nil {
		return nil
	}
	return func() {
		defer s.recoverUI(what)
		fn()
	}
}

// recoverUI is deferred by UI entry points; see guard.
func (s *Studio) recoverUI(what string) {
	r := recover()
	if r == nil {
		return
	}
	stack := debug.Stack()
	where := s.logPanic(what, r, stack)
	msg := fmt.Sprintf("Something went wrong while %s: %v.\nThe project is still open; save your work.", what, r)
	if where != "" {
		msg += "\nDetails were written to " + where + "."
	}
	defer func() {
		if r2 := recover(); r2 != nil {
			fmt.Fprintf(os.Stderr, "wsstudio: %s\n", msg) // even the dialog failed
		}
	}()
	if s.win != nil {
		s.showDialog(dialog.NewError(fmt.Errorf("%s", msg), s.win))
	}
}

// logPanic appends a panic and its stack to the log file; it returns the
// file's path, or "" when it could not be written (then stderr has it).
func (s *Studio) logPanic(what string, r any, stack []byte) string {
	entry := fmt.Sprintf("%s panic while %s: %v\n%s\n", time.Now().Format(time.RFC3339), what, r, stack)
	path := s.opts.LogFile
	if path == "" {
		fmt.Fprint(os.Stderr, entry)
		return ""
	}
	logMu.Lock()
	defer logMu.Unlock()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err == nil {
			_, werr := f.WriteString(entry)
			cerr := f.Close()
			if werr == nil && cerr == nil {
				return path
			}
		}
	}
	fmt.Fprint(os.Stderr, entry)
	return ""
}

// guardMenu wraps every action of a menu (and its sub-menus) with guard.
func (s *Studio) guardMenu(m *fyne.Menu) *fyne.Menu {
	for _, it := range m.Items {
		if it.Action != nil {
			it.Action = s.guard(menuDoing(it.Label), it.Action)
		}
		if it.ChildMenu != nil {
			s.guardMenu(it.ChildMenu)
		}
	}
	return m
}

func menuDoing(label string) string { return fmt.Sprintf("running %q", trimEllipsis(label)) }

func trimEllipsis(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '.' || s[len(s)-1] == ' ') {
		s = s[:len(s)-1]
	}
	if len(s) >= 3 && s[len(s)-3:] == "…" {
		s = s[:len(s)-3]
	}
	return s
}
