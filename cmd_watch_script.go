package main

import (
	"wsstudio/project"
	"wsstudio/variable"
	"wsstudio/variable/script"
)

// The watched variable runs its handlers from the page script (or app.js
// for an App variable), as in the studio: console output and script
// problems go to stderr, and a script that does not parse is reported there
// while the variable runs without it. Only a script file that exists but
// cannot be read stops the command.
func init() {
	watchHandlers = func(p *project.Project, v *project.Variable, log func(string)) (variable.Handlers, error) {
		return script.ForProject(p, script.Options{Log: log}).Handlers(v)
	}
}
