package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"wsstudio/assets"
	"wsstudio/project"
)

// newCommand is the new command.
func newCommand() *command {
	var names, list []string
	for _, e := range assets.Examples() {
		names = append(names, e.Name)
		list = append(list, fmt.Sprintf("                     %-12s %s", e.Name, e.Title))
	}
	example := "NAME"
	if len(names) > 0 {
		example = names[0]
	}
	return &command{
		name:    "new",
		summary: "create a project: an empty one, or a copy of a bundled example",
		usage:   "wsstudio new DIR [--example NAME]",
		help: `Creates a WaveMaker-layout project in the folder DIR, which must not exist
or must be empty. Without --example it is the empty project File → New
makes: one page, Main, its script, style and variables files, and the
development and deployment profiles, named after DIR. With --example it is
a copy of the bundled example NAME, which connects to the built-in demo
feeds when opened.

Flags:
  --example NAME   copy the bundled example NAME instead, one of:
` + strings.Join(list, "\n") + `

Exit status: 0 on success, 2 when DIR exists and is not an empty folder, or
NAME is not an example, 1 when the files cannot be written.

Examples:
  wsstudio new ~/projects/quotes
  wsstudio new ~/projects/demo --example ` + example,
		run: runNew,
	}
}

func runNew(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("new", flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	example := fset.String("example", "", "")
	var pos []string
	for {
		if err := fset.Parse(args); err != nil {
			return usagef("new: %v; see 'wsstudio new --help'", err)
		}
		if fset.NArg() == 0 {
			break
		}
		pos = append(pos, fset.Arg(0))
		args = fset.Args()[1:]
	}
	exampleSet := false
	fset.Visit(func(f *flag.Flag) { exampleSet = exampleSet || f.Name == "example" })
	switch {
	case len(pos) == 0:
		return usagef("new: the project folder DIR is missing; usage: wsstudio new DIR [--example NAME]")
	case len(pos) > 1:
		return usagef("new: one project folder only, got %q and %q", pos[0], pos[1])
	case pos[0] == "":
		return usagef("new: the project folder \"\" is empty: give the path of a folder")
	}
	dir := pos[0]
	var src fs.FS
	if exampleSet {
		var err error
		if src, err = assets.ExampleNamed(*example); err != nil {
			return usagef("new: --example: %v", err)
		}
	}
	existed, err := checkNewFolder(dir)
	if err != nil {
		return err
	}
	if src == nil {
		p, err := project.Create(dir, "")
		if err != nil {
			undoCreate(dir, existed)
			return fmt.Errorf("new: %w", err)
		}
		fmt.Fprintf(stdout, "Created the empty project %s in %s.\n", p.DisplayName, p.Dir)
		return nil
	}
	p, err := project.CreateFrom(dir, src)
	if err != nil {
		undoCreate(dir, existed)
		return fmt.Errorf("new: copy the example %s to %s: %w", *example, dir, unwrapPathErr(err))
	}
	fmt.Fprintf(stdout, "Created the project %s in %s from the example %s.\n", p.DisplayName, p.Dir, *example)
	return nil
}

// checkNewFolder accepts a folder that does not exist or is empty, and says
// which of the two it was; anything else is one sentence naming dir.
func checkNewFolder(dir string) (existed bool, err error) {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, usagef("new: cannot use %s: %v", dir, unwrapPathErr(err))
	case !st.IsDir():
		return false, usagef("new: %s is a file; give a folder that does not exist yet or is empty", dir)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, usagef("new: cannot read the folder %s: %v", dir, unwrapPathErr(err))
	}
	if len(ents) > 0 {
		return false, usagef("new: %s is not empty; give a folder that does not exist yet or is empty", dir)
	}
	return true, nil
}
