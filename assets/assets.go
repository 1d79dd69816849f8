// Package assets holds the files the studio embeds: the application icon and
// the bundled example projects (the default one is copied to the user's
// data folder on first use).
package assets

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
)

// files holds the icon and the example projects (all: keeps their
// dot-files, such as .wmproject.properties).
//
//go:embed icon.png all:example all:heartrate all:chatroom
var files embed.FS

// Icon is the application icon, or nil when the build has none.
func Icon() fyne.Resource {
	b, err := files.ReadFile("icon.png")
	if err != nil {
		return nil
	}
	return fyne.NewStaticResource("icon.png", b)
}

// Example is the bundled example project as a file system rooted at the
// project folder; ok is false when the build carries none.
func Example() (fsys fs.FS, ok bool) {
	if _, err := fs.Stat(files, "example/.wmproject.properties"); err != nil {
		return nil, false
	}
	sub, err := fs.Sub(files, "example")
	if err != nil {
		return nil, false
	}
	return sub, true
}

// ExampleInfo describes one bundled example project.
type ExampleInfo struct {
	Name    string // as given to "wsstudio new DIR --example NAME": "dashboard"
	Title   string // as shown in File → New from example: "Live dashboard"
	Summary string // one sentence on what it shows
	dir     string // folder in the embedded files
}

// examples are the bundled examples, the default first.
var examples = []ExampleInfo{
	{Name: "dashboard", Title: "Live dashboard", Summary: "A ticker, sensor readings and random numbers from the built-in feeds, charted and tabled live.", dir: "example"},
	{Name: "heartrate", Title: "Heart-rate monitor", Summary: "A patient's pulse every half second: the last 20 values in a table and a line chart, and labels with the latest reading.", dir: "heartrate"},
	{Name: "chatroom", Title: "Chat room", Summary: "Messages from everyone in the room, live in a list; type in the text area and press Send to post as user1.", dir: "chatroom"},
}

// Examples lists the bundled example projects, the default first.
func Examples() []ExampleInfo {
	var out []ExampleInfo
	for _, e := range examples {
		if _, err := fs.Stat(files, e.dir+"/.wmproject.properties"); err == nil {
			out = append(out, e)
		}
	}
	return out
}

// ExampleNamed returns the bundled example called name as a file system
// rooted at its project folder. The error names the examples there are.
func ExampleNamed(name string) (fs.FS, error) {
	var names []string
	for _, e := range Examples() {
		if e.Name == name {
			return fs.Sub(files, e.dir)
		}
		names = append(names, e.Name)
	}
	return nil, fmt.Errorf("there is no example called %q; the examples are %s", name, strings.Join(names, ", "))
}

// CopyExample writes the bundled example project into dst. An existing
// project in dst is left as it is (the user may have changed it), so the
// copy happens on first use only.
func CopyExample(dst string) error {
	src, ok := Example()
	if !ok {
		return errors.New("this build carries no example project")
	}
	if _, err := os.Stat(filepath.Join(dst, ".wmproject.properties")); err == nil {
		return nil
	}
	return fs.WalkDir(src, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dst, filepath.FromSlash(path))
		if d.IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return fmt.Errorf("copy the example project: %w", err)
			}
			return nil
		}
		b, err := fs.ReadFile(src, path)
		if err != nil {
			return fmt.Errorf("copy the example project: %w", err)
		}
		if err := os.WriteFile(target, b, 0o644); err != nil {
			return fmt.Errorf("copy the example project: %w", err)
		}
		return nil
	})
}
