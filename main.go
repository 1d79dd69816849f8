// Command wsstudio is WebSocket Studio: a desktop design studio for building
// real-time screens on third-party WebSocket services.
//
// With no arguments, or a project folder, it opens the studio window; the
// sub-commands below do the same work without a window.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one sub-command. run returns a usageError for bad usage or
// input (exit 2) and any other error for a failure at run time (exit 1).
type command struct {
	summary string
	usage   string // one line: "wsstudio inspect DIR [--show-secrets]"
	help    string // every flag explained, and an example; shown by "wsstudio CMD --help"
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]*command{}

// register adds a sub-command; each cmd_*.go file registers its own.
func register(name string, c *command) { commands[name] = c }

// usageError is bad usage or bad input: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// openStudio opens the window on a folder (may be empty); set by the ui
// wiring in studio.go.
var openStudio func(dir string, args []string) error

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "wsstudio: internal error: %v\n", r)
			status = 1
		}
	}()
	var err error
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help"):
		printUsage(stdout)
		return 0
	case len(args) > 1 && commands[args[0]] != nil && (args[1] == "-h" || args[1] == "--help"):
		c := commands[args[0]]
		fmt.Fprintf(stdout, "%s\n\nUsage: %s\n", c.summary, c.usage)
		if c.help != "" {
			fmt.Fprintf(stdout, "\n%s\n", strings.TrimRight(c.help, "\n"))
		}
		return 0
	case len(args) > 0 && commands[args[0]] != nil:
		err = commands[args[0]].run(args[1:], stdout, stderr)
	case len(args) > 0 && strings.HasPrefix(args[0], "-") && !isStudioFlag(args[0]):
		err = usagef("unknown flag %q; see 'wsstudio --help'", args[0])
	default:
		if openStudio == nil {
			printUsage(stdout)
			return 0
		}
		dir := ""
		rest := args
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			dir, rest = args[0], args[1:]
		}
		err = openStudio(dir, rest)
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

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "WebSocket Studio: design real-time screens on WebSocket services.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  wsstudio [DIR]                open the studio on DIR, the last project, or the example")
	fmt.Fprintln(w, "  wsstudio --smoke [DIR]        open a real window, exit 0 once live data was drawn")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-29s %s\n", "wsstudio "+n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'wsstudio COMMAND --help' for a command's flags and an example.")
}
