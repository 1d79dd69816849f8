// Package cli is the wsstudio command line: with no arguments, or a project
// folder, it opens the studio window; each sub-command does part of the
// same work without a window, and lives in a file of its own with its
// flags, its help and an example.
package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Options are what the program hands the command line besides its
// arguments and output streams.
type Options struct {
	// FyneApp is the text of FyneApp.toml: the application's name, id,
	// version and build, shown by the About dialog.
	FyneApp []byte
}

// command is one sub-command. run returns a usageError for bad usage or
// input (exit 2) and any other error for a failure at run time (exit 1).
type command struct {
	name    string
	summary string
	usage   string // one line: "wsstudio inspect DIR [--show-secrets]"
	help    string // every flag explained, and an example; shown by "wsstudio CMD --help"
	run     func(args []string, stdout, stderr io.Writer) error
}

// commands is the command table, in the order the usage lists it. The
// window's own flags are not a command: they are parsed in studio.go.
func commands(opts Options) []*command {
	return []*command{
		exportAsyncAPICommand(),
		importCommand(),
		inspectCommand(),
		newCommand(),
		screenshotCommand(opts),
		serveDemoCommand(),
		watchCommand(),
	}
}

// lookup finds the command called name, or nil.
func lookup(table []*command, name string) *command {
	for _, c := range table {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usageError is bad usage or bad input: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// statusError ends the program with an exit status of its own.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

// Run runs the command line args (without the program's name), writing to
// stdout and stderr, and returns the exit status: 0 on success, 2 for bad
// usage or input, 1 for a failure at run time (or a command's own status).
// A panic is reported as an internal error, never as a Go trace.
func Run(args []string, stdout, stderr io.Writer, opts Options) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "wsstudio: internal error: %v\n", r)
			status = 1
		}
	}()
	table := commands(opts)
	var err error
	var c *command
	if len(args) > 0 {
		c = lookup(table, args[0])
	}
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help"):
		printUsage(stdout, table)
		return 0
	case c != nil && len(args) > 1 && (args[1] == "-h" || args[1] == "--help"):
		fmt.Fprintf(stdout, "%s\n\nUsage: %s\n", c.summary, c.usage)
		if c.help != "" {
			fmt.Fprintf(stdout, "\n%s\n", strings.TrimRight(c.help, "\n"))
		}
		return 0
	case c != nil:
		err = c.run(args[1:], stdout, stderr)
	case len(args) > 0 && strings.HasPrefix(args[0], "-") && !isStudioFlag(args[0]):
		err = usagef("unknown flag %q; see 'wsstudio --help'", args[0])
	default:
		dir := ""
		rest := args
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			dir, rest = args[0], args[1:]
		}
		err = runStudio(dir, rest, stdout, stderr, opts)
	}
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "wsstudio: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) {
		return 2
	}
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	return 1
}

// isStudioFlag lists the flags the window itself takes.
func isStudioFlag(f string) bool {
	return f == "--smoke" || strings.HasPrefix(f, "--smoke=")
}

func printUsage(w io.Writer, table []*command) {
	fmt.Fprintln(w, "WebSocket Studio: design real-time screens on WebSocket services.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  wsstudio [DIR]                open the studio on DIR, the last project, or the example")
	fmt.Fprintln(w, "  wsstudio --smoke [DIR]        open a real window, exit 0 once live data was drawn")
	for _, c := range table {
		fmt.Fprintf(w, "  %-29s %s\n", "wsstudio "+c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'wsstudio COMMAND --help' for a command's flags and an example.")
}
