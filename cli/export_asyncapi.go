package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"wsstudio/importer/asyncapi"
	"wsstudio/project"
)

// exportAsyncAPICommand is the export-asyncapi command.
func exportAsyncAPICommand() *command {
	return &command{
		name:    "export-asyncapi",
		summary: "write a project's WebSocket services as an AsyncAPI 3.0 document",
		usage:   "wsstudio export-asyncapi DIR [--out FILE] [--format yaml|json] [--profile P]",
		help: `Describes the WebSocket services of the project folder DIR as an AsyncAPI
3.0 document:

  servers     one per distinct scheme and host, as the profile sets them
  channels    one per service (named by its id): the address, its {name}
              path parameters, and a ws binding with the query parameters
              and headers (the subprotocols as Sec-WebSocket-Protocol)
  operations  send_ID for the messages the service sends, and receive_ID for
              the message the studio sends, when the service has one
  components  the messages, with JSON Schema payloads from the service's
              metadata and its samples as examples

The document describes the services themselves, so "send" is what the
studio receives. Secret header and query values (Authorization, tokens,
keys) are not written. 'wsstudio import DIR --asyncapi FILE' reads such a
document back into the same services.

Flags:
  --out FILE        write the document to FILE instead of stdout
  --format F        yaml (default) or json; default json when FILE ends in .json
  --profile P       take scheme, host and base path from profile P (default:
                    development)

Exit status: 0 on success, 2 when DIR is not a project, has no WebSocket
service, or the profile or format is unknown, 1 when FILE cannot be written.

Example:
  wsstudio export-asyncapi ~/projects/quotes --profile deployment --out quotes.asyncapi.yaml`,
		run: runExportAsyncAPI,
	}
}

func runExportAsyncAPI(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export-asyncapi", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("out", "", "")
	format := fs.String("format", "", "")
	profile := fs.String("profile", "", "")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return usagef("export-asyncapi: %v; see 'wsstudio export-asyncapi --help'", err)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(pos) == 0:
		return usagef("export-asyncapi needs the project folder DIR; see 'wsstudio export-asyncapi --help'")
	case len(pos) > 1:
		return usagef("export-asyncapi takes one project folder, got %q and %q", pos[0], pos[1])
	}
	f := strings.ToLower(*format)
	switch {
	case f == "" && strings.EqualFold(filepath.Ext(*out), ".json"):
		f = "json"
	case f == "":
		f = "yaml"
	case f == "yml":
		f = "yaml"
	case f != "yaml" && f != "json":
		return usagef("--format %q is not yaml or json", *format)
	}
	p, err := project.Open(pos[0])
	if err != nil {
		return usagef("export-asyncapi: %v", err)
	}
	doc, err := asyncapi.Export(p, *profile)
	if err != nil {
		var ee *asyncapi.ExportError
		if errors.As(err, &ee) {
			return usagef("export-asyncapi: %v", err)
		}
		return err
	}
	data, err := asyncapi.Marshal(doc, f)
	if err != nil {
		return fmt.Errorf("export-asyncapi: %w", err)
	}
	if *out == "" {
		_, err := stdout.Write(data)
		return err
	}
	if err := project.WriteFileAtomic(*out, data); err != nil {
		return fmt.Errorf("export-asyncapi: %w", err)
	}
	channels, _ := doc.Get("channels").(asyncapi.Object)
	fmt.Fprintf(stdout, "Wrote AsyncAPI %s document %s: %d channels.\n", asyncapi.ExportVersion, *out, len(channels))
	return nil
}
