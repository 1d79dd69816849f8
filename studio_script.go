package main

import (
	"fmt"
	"os"

	"wsstudio/ui"
	"wsstudio/ui/scriptedit"
	"wsstudio/variable/script"
)

// studioScripts runs the page scripts of the projects the studio opens;
// pass studioScripts.Handlers as ui.Options.Handlers so running variables
// get their JavaScript handlers. What a script prints or fails at shows in
// the console panel of the variable concerned, and only there; stderr gets
// the rest (top-level console output, failures of the engine itself).
var studioScripts = script.NewRegistry(script.Options{
	Log:           func(s string) { fmt.Fprintln(os.Stderr, s) },
	LogSkipsNotes: true,
})

// The variable panel's Events section edits the handlers in the page
// script; a saved script is reloaded for the variables already running.
func init() {
	ui.EventsSection = scriptedit.EventsSection
	scriptedit.Saved = studioScripts.Reload
}
