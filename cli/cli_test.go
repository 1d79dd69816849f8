package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// fyneAppFile is FyneApp.toml at the top of the module, as main.go embeds it.
const fyneAppPath = "../FyneApp.toml"

// testOptions are what main hands the command line, read once by TestMain.
var testOptions Options

func TestMain(m *testing.M) {
	b, err := os.ReadFile(fyneAppPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testOptions = Options{FyneApp: b}
	os.Exit(m.Run())
}

// run is the program as main runs it.
func run(args []string, stdout, stderr io.Writer) int {
	return Run(args, stdout, stderr, testOptions)
}

// TestUsageListsEveryCommand: "wsstudio --help" lists each command of the
// table once, in alphabetical order, with its summary; each command's own
// help starts with its summary and usage and ends with an example.
func TestUsageListsEveryCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	usage := stdout.String()
	table := commands(testOptions)
	last := -1
	for i, c := range table {
		if i > 0 && table[i-1].name >= c.name {
			t.Errorf("the table lists %s after %s", c.name, table[i-1].name)
		}
		line := fmt.Sprintf("  %-29s %s\n", "wsstudio "+c.name, c.summary)
		at := strings.Index(usage, line)
		if at < 0 || strings.Count(usage, line) != 1 {
			t.Errorf("the usage lists %s %d times:\n%s", c.name, strings.Count(usage, line), usage)
			continue
		}
		if at < last {
			t.Errorf("the usage lists %s out of order", c.name)
		}
		last = at

		var out bytes.Buffer
		if code := run([]string{c.name, "--help"}, &out, &stderr); code != 0 {
			t.Fatalf("%s --help: exit %d", c.name, code)
		}
		help := out.String()
		if !strings.HasPrefix(help, c.summary+"\n\nUsage: "+c.usage+"\n\n") {
			t.Errorf("%s --help starts %q", c.name, help[:min(len(help), 120)])
		}
		_, ex, ok := strings.Cut(help, "\nExample")
		if !ok || !strings.Contains(ex, "  wsstudio "+c.name+" ") {
			t.Errorf("%s --help ends without an example of it:\n%s", c.name, help)
		}
	}
	for _, want := range []string{"  wsstudio [DIR]  ", "  wsstudio --smoke [DIR]  "} {
		if !strings.Contains(usage, want) {
			t.Errorf("the usage lacks %q", want)
		}
	}
}
