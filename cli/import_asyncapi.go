package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"wsstudio/importer"
	"wsstudio/importer/asyncapi"
	"wsstudio/project"
)

// importAsyncAPI imports the WebSocket channels of the AsyncAPI document
// a.asyncapi as services, in one save: either every one of them is in the
// project afterwards, or none is and the folder is as it was.
func importAsyncAPI(a *importArgs, stdout, stderr io.Writer) (err error) {
	doc, err := asyncapi.Read(a.asyncapi)
	if err != nil {
		return asyncapiErr(err)
	}
	svcs, warnings, err := doc.Services(asyncapi.Options{Channels: a.channels, Server: a.server})
	if err != nil {
		return asyncapiErr(err)
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "wsstudio: warning: %s\n", w)
	}
	if a.variable != "" && len(svcs) != 1 {
		return usagef("--variable binds one service, but %s gives %d channels: choose one with --channel", a.asyncapi, len(svcs))
	}

	p, create, err := openOrNew(a.dir)
	if err != nil {
		return err
	}
	if p != nil {
		for _, s := range svcs {
			if old := p.Service(s.ID); old != nil && !old.IsWebSocket() {
				return usagef("channel %s would become service %s, but the project has a %s service of that id, which the studio does not change", s.Channel, s.ID, orKind(old.Type))
			}
		}
		if a.variable != "" && p.Variable(a.variable) != nil {
			return usagef("--variable: the project already has a variable named %s; choose another name", a.variable)
		}
	}
	if a.variable != "" {
		if err := project.ValidIdentifier(a.variable); err != nil {
			return usagef("--variable: %v", err)
		}
	}
	if create {
		var undo func()
		if p, undo, err = createForImport(a.dir); err != nil {
			return err
		}
		defer func() {
			if err != nil {
				undo()
			}
		}()
	}
	plans := make([]importer.Plan, len(svcs))
	for i, s := range svcs {
		plans[i] = importer.Plan{Service: s.Service}
		if a.variable != "" {
			v := project.NewVariable(a.variable, s.Service, project.OwnerPage, p.HomePage)
			v.StartUpdate, v.Strategy, v.DataLimit = !a.noStartUpdate, a.strategy, a.limit
			plans[i].Variable = v
		}
	}
	if err = importer.Commit(p, plans...); err != nil {
		return fmt.Errorf("the import into %s failed, and the project is as it was: %s", a.dir, strings.TrimPrefix(err.Error(), "save: "))
	}
	for i, s := range svcs {
		fmt.Fprintf(stdout, "Imported channel %s as service %s (%s): %d response fields", s.Channel, s.ID, project.MaskURL(s.Endpoint), len(s.Response.Fields()))
		if s.Request != nil {
			fmt.Fprintf(stdout, ", %d request fields", len(s.Request.Fields()))
		}
		fmt.Fprintln(stdout, ".")
		if v := plans[i].Variable; v != nil {
			fmt.Fprintf(stdout, "Added variable %s on page %s (%s, limit %d, connect on page load: %v).\n", v.Name, v.Page, v.Strategy, v.DataLimit, v.StartUpdate)
		}
	}
	return nil
}

// asyncapiErr makes a document's fault a usage error (exit 2); anything
// else is a failure at run time.
func asyncapiErr(err error) error {
	var de *asyncapi.DocumentError
	if errors.As(err, &de) {
		return &usageError{err.Error()}
	}
	return err
}

func orKind(t string) string {
	if t == "" {
		return "non-WebSocket"
	}
	return t
}
