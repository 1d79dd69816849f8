package cli

import (
	"fmt"
	"io"
	"os"
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
