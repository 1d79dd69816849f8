// Command wsstudio is WebSocket Studio: a desktop design studio for building
// real-time screens on third-party WebSocket services. The command line,
// the window included, is package cli.
package main

import (
	_ "embed"
	"os"

	"wsstudio/cli"
)

// fyneApp is the application's metadata, kept beside main.go where the
// packaging tool reads it too.
//
//go:embed FyneApp.toml
var fyneApp []byte

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Options{FyneApp: fyneApp}))
}
