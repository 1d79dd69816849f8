package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"wsstudio/importer"
	"wsstudio/project"
	"wsstudio/wire"
	"wsstudio/wire/frame"
)

// importCommand is the import command.
func importCommand() *command {
	return &command{
		name:    "import",
		summary: "import a WebSocket service into a project (the import wizard without a window)",
		usage: "wsstudio import DIR (--url URL | --asyncapi FILE [--channel NAME]... [--server NAME]) [--name ID] [--query k=v]... [--path k=v]... [--header 'K: V']... " +
			"[--subprotocol P]... [--sample-request JSON|@file] [--sample-response JSON|@file] " +
			"[--test | --proceed-without-test] [--ca-file F] [--insecure-skip-verify] " +
			"[--variable NAME [--strategy refresh|append|prepend] [--limit N] [--no-start-update]]",
		help: `Imports the WebSocket service at URL into the project folder DIR, as the
import wizard does: it checks the URL, optionally tests the connection, infers
the service's metadata from the sample payloads, writes the service's files
and profile entries, and optionally adds a WebSocket variable bound to it on
the home page. DIR is created as a new project when it is missing or empty.
On any failure the project on disk is left as it was.

Flags:
  --url URL                 the endpoint, ws:// or wss://; {name} path segments
                            become path parameters, its query becomes query
                            parameters (required)
  --name ID                 the service id (letters, digits and _; default:
                            suggested from the host, or the path on loopback).
                            An existing WebSocket service with that id is
                            replaced, keeping its API id.
  --query k=v               a query parameter and its sample value; repeat for
                            more. When given, these replace the URL's query.
  --path k=v                the sample value of the {k} path parameter; repeat
  --header 'K: V'           a header sent when connecting; repeat for more.
                            Secret values (Authorization, tokens) are masked in
                            every message.
  --subprotocol P           a WebSocket subprotocol to offer; repeat for more
  --sample-request JSON     the message sent after connecting, or @file to read
                            it from a file; its shape becomes RootRequest
  --sample-response JSON    a message the service sends, or @file; its shape
                            becomes RootResponse
  --test                    connect now, send the sample request, collect
                            messages for --window (or --max of them); without
                            --sample-response the first message is the sample
  --proceed-without-test    required to import a ws:// URL to a host that is
                            not this machine: such a connection is not
                            encrypted, browsers block it from https pages, and
                            it is not tested
  --window D                how long --test collects messages (default 3s)
  --max N                   stop --test after N messages (default 20)
  --timeout D               the handshake timeout of --test (default 10s)
  --ca-file F               a CA certificate (PEM) to trust for wss://, saved
                            with the service
  --insecure-skip-verify    do not verify the server's certificate (testing
                            only; saved with the service and shown as a warning)
  --variable NAME           also add a WebSocket variable NAME on the home page
  --strategy S              its dataUpdateStrategy: refresh (default), append
                            or prepend
  --limit N                 its dataLimit for append and prepend (default 20;
                            0 = no limit)
  --no-start-update         do not connect the variable when the page loads
  --asyncapi FILE           instead of --url: import every WebSocket channel of
                            an AsyncAPI 2.x or 3.x document (YAML or JSON) as a
                            service, with its parameters, headers, metadata and
                            samples; --variable then needs exactly one channel
  --channel NAME            with --asyncapi: import only this channel (name,
                            address or service id); repeat for more
  --server NAME             with --asyncapi: the server whose host the services
                            use (default: the first WebSocket server)

Exit status: 0 on success, 2 for bad usage or input (one sentence says what
is wrong), 1 when the connection test or writing the project fails.

Examples:
  wsstudio import ~/projects/quotes --url 'ws://127.0.0.1:8765/ticker?symbols=ACME' \
      --test --variable Quotes --strategy append --limit 100
  wsstudio import ~/projects/quotes --url wss://quotes.example.com/feeds/ticker \
      --header 'Authorization: Bearer xyz' --sample-response @quote.json
  wsstudio import ~/projects/chat --asyncapi chat.yaml --channel rooms \
      --variable Chat --strategy append`,
		run: runImport,
	}
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// importArgs is a checked import command line.
type importArgs struct {
	dir                 string
	url                 string
	name                string
	queries, paths      multi
	headers, subprotos  multi
	sampleReq, sampleRs string
	test, noTest        bool
	window, timeout     time.Duration
	max                 int
	caFile              string
	insecure            bool
	variable, strategy  string
	limit               int
	noStartUpdate       bool
	asyncapi, server    string
	channels            multi
	set                 map[string]bool
}

func parseImportArgs(args []string) (*importArgs, error) {
	a := &importArgs{set: map[string]bool{}}
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.url, "url", "", "")
	fs.StringVar(&a.name, "name", "", "")
	fs.Var(&a.queries, "query", "")
	fs.Var(&a.paths, "path", "")
	fs.Var(&a.headers, "header", "")
	fs.Var(&a.subprotos, "subprotocol", "")
	fs.StringVar(&a.sampleReq, "sample-request", "", "")
	fs.StringVar(&a.sampleRs, "sample-response", "", "")
	fs.BoolVar(&a.test, "test", false, "")
	fs.BoolVar(&a.noTest, "proceed-without-test", false, "")
	fs.DurationVar(&a.window, "window", importer.DefaultWindow, "")
	fs.IntVar(&a.max, "max", importer.DefaultMax, "")
	fs.DurationVar(&a.timeout, "timeout", wire.DefaultHandshakeTimeout, "")
	fs.StringVar(&a.caFile, "ca-file", "", "")
	fs.BoolVar(&a.insecure, "insecure-skip-verify", false, "")
	fs.StringVar(&a.variable, "variable", "", "")
	fs.StringVar(&a.strategy, "strategy", project.StrategyRefresh, "")
	fs.IntVar(&a.limit, "limit", 20, "")
	fs.BoolVar(&a.noStartUpdate, "no-start-update", false, "")
	fs.StringVar(&a.asyncapi, "asyncapi", "", "")
	fs.Var(&a.channels, "channel", "")
	fs.StringVar(&a.server, "server", "", "")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("import: %v; see 'wsstudio import --help'", err)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	fs.Visit(func(f *flag.Flag) { a.set[f.Name] = true })
	switch {
	case len(pos) == 0:
		return nil, usagef("import needs the project folder DIR; see 'wsstudio import --help'")
	case len(pos) > 1:
		return nil, usagef("import takes one project folder, got %q and %q", pos[0], pos[1])
	case a.url != "" && a.asyncapi != "":
		return nil, usagef("--url and --asyncapi exclude each other: import one address, or the channels of one document")
	case a.url == "" && a.asyncapi == "":
		return nil, usagef("import needs --url, the ws:// or wss:// address of the service, or --asyncapi FILE")
	case a.asyncapi == "" && (a.set["channel"] || a.set["server"]):
		return nil, usagef("--channel and --server choose from an AsyncAPI document: add --asyncapi FILE")
	case a.asyncapi != "" && (a.set["name"] || a.set["query"] || a.set["path"] || a.set["header"] || a.set["subprotocol"] || a.set["sample-request"] || a.set["sample-response"] || a.set["test"]):
		return nil, usagef("with --asyncapi the document gives each service its id, parameters, headers and samples: leave out --name, --query, --path, --header, --subprotocol, --sample-request, --sample-response and --test")
	case a.test && a.noTest:
		return nil, usagef("--test and --proceed-without-test exclude each other: choose one")
	case a.window <= 0 || a.max <= 0 || a.timeout <= 0:
		return nil, usagef("--window, --max and --timeout must be more than zero")
	case a.variable == "" && (a.set["strategy"] || a.set["limit"] || a.set["no-start-update"]):
		return nil, usagef("--strategy, --limit and --no-start-update describe the variable: add --variable NAME")
	case a.limit < 0:
		return nil, usagef("--limit %d is negative: use 0 for no limit, or a number of records", a.limit)
	}
	switch a.strategy {
	case project.StrategyRefresh, project.StrategyAppend, project.StrategyPrepend:
	default:
		return nil, usagef("--strategy %q is not refresh, append or prepend", a.strategy)
	}
	a.dir = pos[0]
	var err error
	if a.sampleReq, err = readSample("--sample-request", a.sampleReq); err != nil {
		return nil, err
	}
	if a.sampleRs, err = readSample("--sample-response", a.sampleRs); err != nil {
		return nil, err
	}
	return a, nil
}

// readSample reads "@file" samples; other values are the sample itself.
func readSample(flagName, v string) (string, error) {
	file, ok := strings.CutPrefix(v, "@")
	if !ok {
		return v, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", usagef("%s: cannot read %s: %v", flagName, file, unwrapPathErr(err))
	}
	return string(b), nil
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// params turns k=v values into parameters.
func params(flagName string, vals []string) ([]project.Param, error) {
	var out []project.Param
	for _, kv := range vals {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, usagef("%s %q is not name=value", flagName, kv)
		}
		out = append(out, project.Param{Name: strings.TrimSpace(k), Value: v, Type: "string"})
	}
	return out, nil
}

// headerParams turns 'Name: value' flags into headers, each checked by the
// project's header rule; a malformed one is named without its value.
func headerParams(vals []string) ([]project.Param, error) {
	var out []project.Param
	for _, kv := range vals {
		k, v, ok := strings.Cut(kv, ":")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" {
			// No colon: the first word may be a name, the rest a secret.
			name, rest, _ := strings.Cut(strings.TrimSpace(kv), " ")
			shown := shownHeaderName(name)
			if rest != "" {
				shown += " " + project.Masked
			}
			return nil, usagef("--header %q is not 'Name: value': put a colon after the header name", shown)
		}
		if err := project.CheckHeader(k, v); err != nil {
			return nil, usagef("--header: %v", err)
		}
		out = append(out, project.Param{Name: k, Value: v, Type: "string"})
	}
	return out, nil
}

// shownHeaderName is the start of a malformed header flag that may be
// shown: up to the first character that cannot be in a name.
func shownHeaderName(s string) string {
	for i := 0; i < len(s); i++ {
		if project.CheckHeader(s[:i+1], "") != nil {
			return s[:i] + "…"
		}
	}
	return s
}

func runImport(args []string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return importService(ctx, args, stdout, stderr)
}

func importService(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	a, err := parseImportArgs(args)
	if err != nil {
		return err
	}
	if a.asyncapi != "" {
		return importAsyncAPI(a, stdout, stderr)
	}
	ep, err := importer.ParseEndpoint(a.url)
	if err != nil {
		return &usageError{err.Error()}
	}
	if ep.Insecure && !a.noTest {
		return usagef("ws:// to %s is not encrypted and browsers block it from https pages, so it cannot be tested: use wss://, or pass --proceed-without-test to import it with hand-entered samples", strings.Split(ep.Host, ":")[0])
	}
	id := a.name
	if id == "" {
		id = ep.SuggestedID
	}
	if err := project.ValidIdentifier(id); err != nil {
		return usagef("--name: %v", err)
	}
	query := ep.Query
	if a.set["query"] {
		if query, err = params("--query", a.queries); err != nil {
			return err
		}
	}
	paths, err := params("--path", a.paths)
	if err != nil {
		return err
	}
	headers, err := headerParams(a.headers)
	if err != nil {
		return err
	}
	if a.caFile != "" {
		if _, err := os.Stat(a.caFile); err != nil {
			return usagef("--ca-file: cannot read %s: %v", a.caFile, unwrapPathErr(err))
		}
		if abs, err := filepath.Abs(a.caFile); err == nil {
			a.caFile = abs
		}
	}
	tlsOpts := project.TLSOptions{CAFile: a.caFile, InsecureSkipVerify: a.insecure}
	if a.insecure {
		fmt.Fprintf(stderr, "wsstudio: warning: certificate verification is off for service %s\n", id)
	}

	// The project: open it, or note that it must be created. Nothing is
	// written before every check and the test have passed.
	p, create, err := openOrNew(a.dir)
	if err != nil {
		return err
	}
	if a.variable != "" {
		if err := project.ValidIdentifier(a.variable); err != nil {
			return usagef("--variable: %v", err)
		}
		if p != nil && p.Variable(a.variable) != nil {
			return usagef("--variable: the project already has a variable named %s; choose another name", a.variable)
		}
	}
	var existing *project.Service
	if p != nil {
		if existing = p.Service(id); existing != nil && !existing.IsWebSocket() {
			kind := "service of another kind"
			if existing.Type != "" {
				kind = existing.Type + " service"
			}
			return usagef("--name: %s is already a %s in the project, which the studio does not change; choose another id", id, kind)
		}
	}

	spec := importer.Spec{
		ID: id, URL: ep.URL, Query: query, PathParams: paths, Headers: headers,
		Subprotocols: a.subprotos, TLS: tlsOpts,
		SampleRequest: a.sampleReq, SampleResponse: a.sampleRs,
	}
	// Check the spec before connecting: bad parameters and samples are input errors.
	if _, err := importer.Build(spec, existing); err != nil {
		return &usageError{err.Error()}
	}
	for _, smp := range []struct{ flag, text string }{{"--sample-request", a.sampleReq}, {"--sample-response", a.sampleRs}} {
		if msg := importer.SampleWarning(smp.text); msg != "" {
			fmt.Fprintf(stderr, "wsstudio: warning: %s: %s\n", smp.flag, msg)
		}
	}

	if a.test {
		res, err := importer.Test(ctx, importer.TestOptions{
			URL: ep.URL, Query: query, PathParams: paths, Headers: headers,
			Subprotocols: a.subprotos, TLS: tlsOpts, HandshakeTimeout: a.timeout,
			Window: a.window, Max: a.max, SampleRequest: a.sampleReq,
		}, func(m importer.Message) {
			fmt.Fprintf(stderr, "received %s message, %d bytes\n", m.Kind, m.Size)
		})
		if err != nil {
			// What the server said (a close reason, a body) may echo a
			// secret we sent: the message is masked with what we know.
			text := secretsOf(ep.URL, query, headers, a.subprotos).Mask(err.Error())
			var we *wire.Error
			if errors.As(err, &we) || res != nil {
				return errors.New("connection test failed: " + text)
			}
			return &usageError{text}
		}
		sub := ""
		if res.Subprotocol != "" {
			sub = ", subprotocol " + project.MaskValue("Sec-WebSocket-Protocol", res.Subprotocol)
		}
		fmt.Fprintf(stderr, "connection test: %d messages in %s%s\n", len(res.Messages), res.Elapsed.Round(time.Millisecond), sub)
		if spec.SampleResponse == "" {
			for _, m := range res.Messages {
				if m.Kind != frame.Binary {
					spec.SampleResponse = string(m.Data)
					break
				}
			}
			if spec.SampleResponse == "" {
				return fmt.Errorf("the connection test received no text message within %s to use as the sample response: pass --sample-response, a longer --window, or a --sample-request the server answers", a.window)
			}
		}
	}

	svc, err := importer.Build(spec, existing)
	if err != nil {
		return &usageError{err.Error()}
	}
	return writeImport(a, p, create, svc, stdout)
}

// openOrNew opens the project in dir; for a missing or empty folder it
// returns create = true and no project.
func openOrNew(dir string) (*project.Project, bool, error) {
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, true, nil
	case err != nil:
		var pe *os.PathError
		if errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "not a directory") {
			return nil, false, usagef("%s is a file, not a project folder", dir)
		}
		return nil, false, fmt.Errorf("read %s: %w", dir, err)
	case len(ents) == 0:
		return nil, true, nil
	}
	p, err := project.Open(dir)
	if err != nil {
		if errors.Is(err, project.ErrNotProject) {
			return nil, false, usagef("%s is not empty and is not a project: import into a project folder or an empty one", dir)
		}
		// A project file that cannot be read is bad input, as for inspect.
		return nil, false, usagef("%v", err)
	}
	return p, false, nil
}

// writeImport creates the project if needed, adds the service (and the
// variable) and saves. If anything fails, a project it created is removed
// again, so the folder is as it was.
func writeImport(a *importArgs, p *project.Project, create bool, svc *project.Service, stdout io.Writer) (err error) {
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
	replaced := p.Service(svc.ID) != nil
	plan := importer.Plan{Service: svc}
	if a.variable != "" {
		plan.Variable = project.NewVariable(a.variable, svc, project.OwnerPage, p.HomePage)
		plan.Variable.StartUpdate, plan.Variable.Strategy, plan.Variable.DataLimit = !a.noStartUpdate, a.strategy, a.limit
	}
	if err = importer.Commit(p, plan); err != nil {
		// One sentence: what failed, and that the folder is as it was.
		return fmt.Errorf("the import into %s failed, and the project is as it was: %s", a.dir, strings.TrimPrefix(err.Error(), "save: "))
	}
	v := plan.Variable
	verb := "Imported"
	if replaced {
		verb = "Updated"
	}
	fmt.Fprintf(stdout, "%s service %s (%s) into %s: %d response fields", verb, svc.ID, project.MaskURL(svc.Endpoint), p.Dir, len(svc.Response.Fields()))
	if svc.Request != nil {
		fmt.Fprintf(stdout, ", %d request fields", len(svc.Request.Fields()))
	}
	fmt.Fprintln(stdout, ".")
	if v != nil {
		fmt.Fprintf(stdout, "Added variable %s on page %s (%s, limit %d, connect on page load: %v).\n", v.Name, v.Page, v.Strategy, v.DataLimit, v.StartUpdate)
	}
	if svc.TLS.InsecureSkipVerify {
		fmt.Fprintf(stdout, "Warning: certificate verification is off for %s.\n", svc.ID)
	}
	return nil
}

// secretsOf is what an import's connection carries that must never be
// shown: by the project's one rule, as the variable masks its own.
func secretsOf(rawURL string, query, headers []project.Param, subprotocols []string) project.Secrets {
	var s project.Secrets
	s.AddURL(rawURL)
	for _, q := range query {
		if project.IsSecret(q.Name) {
			s.Add(q.Value)
		}
	}
	for _, h := range headers {
		if project.IsSecret(h.Name) {
			s.Add(h.Value)
		}
	}
	s.Add(subprotocols...)
	return s
}

// createForImport creates a new project in dir (missing or empty) and
// returns what takes it away again if the import then fails.
func createForImport(dir string) (*project.Project, func(), error) {
	_, statErr := os.Stat(dir)
	existed := statErr == nil
	p, err := project.Create(dir, "")
	if err != nil {
		return nil, nil, fmt.Errorf("create the project in %s: %w", dir, err)
	}
	return p, func() { undoCreate(dir, existed) }, nil
}

// undoCreate removes a project this command created in dir: the folder
// itself when it did not exist, its contents when it was empty.
func undoCreate(dir string, existed bool) {
	if !existed {
		os.RemoveAll(dir)
		return
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
