package asyncapi

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"wsstudio/importer"
	"wsstudio/project"
)

func services(t *testing.T, path string, opts Options) ([]Service, []string) {
	t.Helper()
	d, err := Read(path)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	svcs, warnings, err := d.Services(opts)
	if err != nil {
		t.Fatalf("Services: %v", err)
	}
	return svcs, warnings
}

func TestImport30YAML(t *testing.T) {
	svcs, warnings := services(t, "testdata/market-3.0.yaml", Options{})
	if len(svcs) != 2 {
		t.Fatalf("%d services, want quotes and trades", len(svcs))
	}
	q := svcs[0]
	checkService(t, q.Service, &project.Service{
		ID: "quotes", Title: "Live quotes",
		Endpoint: "wss://quotes.example.com:443/v1/quotes/{market}",
		Scheme:   "wss", Host: "quotes.example.com:443", BasePath: "/v1/quotes", RelativePath: "/{market}",
		QueryParams: []project.Param{
			{Name: "symbols", Value: "ACME,GLOBEX", Type: "string", Required: true},
			{Name: "interval", Value: "500", Type: "integer"},
			{Name: "depth", Value: "top", Type: "string"},
		},
		PathParams:   []project.Param{{Name: "market", Value: "nyse", Type: "string", Required: true}},
		Headers:      []project.Param{{Name: "X-Client", Value: "studio", Type: "string"}},
		Subprotocols: []string{"quotes.v2", "quotes.v1"},
		// The message example, numbers as written (101.50 stays a double).
		SampleResponse: `{"symbol":"ACME","price":101.50,"change":-0.25,"volume":1200,"time":1717171717171,"bid":{"price":101.25,"size":3}}`,
		// No example: made from the schema, values that read back as its types.
		SampleRequest: `{"subscribe":["string"],"bid":{"limit":0.5}}`,
		Response: project.Definitions{
			{Name: "RootResponse", Properties: []project.Property{
				{Name: "symbol", Type: "string"},
				{Name: "price", Type: "number", Format: "double"},
				{Name: "change", Type: "number", Format: "double"}, // oneOf integer, number
				{Name: "volume", Type: "integer", Format: "int64"}, // quote int32, status int64
				{Name: "time", Type: "integer", Format: "int64"},
				{Name: "bid", Ref: "bid"},
				{Name: "tags", Type: "array", Items: &project.Property{Type: "string", Format: project.FormatWidened}}, // anyOf string, integer
				{Name: "parent", Type: "string"},                                                                       // "not" is not read
				{Name: "halted", Type: "boolean"},                                                                      // from the status message
				{Name: "since", Type: "string", Format: "date-time"},
			}},
			{Name: "bid", Properties: []project.Property{
				{Name: "price", Type: "number", Format: "double"},
				{Name: "size", Type: "integer", Format: "int32"}, // bounded by minimum and maximum
			}},
		},
		Request: project.Definitions{
			{Name: "RootRequest", Properties: []project.Property{
				{Name: "subscribe", Type: "array", Items: &project.Property{Type: "string"}},
				{Name: "bid", Ref: "bidRequest"}, // the response has a bid already
			}},
			{Name: "bidRequest", Properties: []project.Property{{Name: "limit", Type: "number", Format: "double"}}},
		},
	})
	if q.Channel != "quotes" || q.Server != "production" {
		t.Errorf("channel %q server %q", q.Channel, q.Server)
	}
	if want := map[string][]string{"market": {"nasdaq", "nyse"}, "depth": {"top", "full"}}; !reflect.DeepEqual(q.Enums, want) {
		t.Errorf("enums %v", q.Enums)
	}

	// trades: on the local server only, its message in another file whose
	// $refs are relative to that file, a recursive schema.
	tr := svcs[1]
	checkService(t, tr.Service, &project.Service{
		ID: "trades", Title: "trades", Endpoint: "ws://localhost:8765/trades",
		Scheme: "ws", Host: "localhost:8765", RelativePath: "/trades",
		SampleResponse: `{"id":"00000000-0000-0000-0000-000000000000","legs":[{"qty":1,"side":"buy"}],"node":{"name":"string","next":{}}}`,
		Response: project.Definitions{
			{Name: "RootResponse", Properties: []project.Property{
				{Name: "id", Type: "string", Format: "uuid"},
				{Name: "legs", Type: "array", Items: &project.Property{Ref: "Leg"}, IsList: true}, // named by its title
				{Name: "node", Ref: "node"},
			}},
			{Name: "Leg", Properties: []project.Property{
				{Name: "qty", Type: "integer", Format: "int32"},
				{Name: "side", Type: "string"},
			}},
			{Name: "node", Properties: []project.Property{
				{Name: "name", Type: "string"},
				{Name: "next", Ref: "node"}, // the schema refers to itself
			}},
		},
	})
	want := []string{
		"testdata/market-3.0.yaml: skipped channels kafkaOnly (it is on no WebSocket server).",
		"testdata/market-3.0.yaml: not imported, as the studio has no place for them: not at quote.payload.parent; traits of operation sendTrades.",
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings\n%q\nwant\n%q", warnings, want)
	}
}

func TestImport26JSON(t *testing.T) {
	svcs, warnings := services(t, "testdata/chat-2.6.json", Options{})
	if len(svcs) != 2 {
		t.Fatalf("%d services, want rooms and presence", len(svcs))
	}
	checkService(t, svcs[0].Service, &project.Service{
		ID: "rooms_room", Title: "rooms_room",
		// The server variable {stage} takes its first enum value.
		Endpoint: "wss://chat.example.com/live/rooms/{room}",
		Scheme:   "wss", Host: "chat.example.com", BasePath: "/live/rooms", RelativePath: "/{room}",
		QueryParams: []project.Param{
			{Name: "user", Value: "guest", Type: "string", Required: true},
			{Name: "history", Value: "20", Type: "integer"},
			{Name: "api_key", Type: "string"},
		},
		PathParams:     []project.Param{{Name: "room", Value: "lobby", Type: "string", Required: true}},
		Headers:        []project.Param{{Name: "Authorization", Value: "Bearer abc", Type: "string"}},
		SampleResponse: `{"user":{"name":"ada","id":7},"text":"hello","time":1717171717171}`,
		SampleRequest:  `{"text":"hi","user":{"name":"string"}}`, // the schema's default, then made up
		Response: project.Definitions{
			{Name: "RootResponse", Properties: []project.Property{
				{Name: "user", Ref: "user"},
				{Name: "text", Type: "string"},
				{Name: "time", Type: "number", Format: "double"}, // said int64, joined number (oneOf of messages)
				{Name: "joined", Type: "string", Format: "date-time"},
			}},
			{Name: "user", Properties: []project.Property{
				{Name: "name", Type: "string"},
				{Name: "id", Type: "integer", Format: "int32"}, // [integer, null]
			}},
		},
		Request: project.Definitions{
			{Name: "RootRequest", Properties: []project.Property{{Name: "text", Type: "string"}, {Name: "user", Ref: "userRequest"}}},
			{Name: "userRequest", Properties: []project.Property{{Name: "name", Type: "string"}}},
		},
	})
	if want := map[string][]string{"room": {"lobby", "random"}}; !reflect.DeepEqual(svcs[0].Enums, want) {
		t.Errorf("enums %v", svcs[0].Enums)
	}
	checkService(t, svcs[1].Service, &project.Service{
		ID: "presence", Title: "presence", Endpoint: "wss://chat.example.com/live/presence",
		Scheme: "wss", Host: "chat.example.com", BasePath: "/live", RelativePath: "/presence",
		SampleResponse: `[{"user":"string","online":true}]`,
		Response: project.Definitions{
			{Name: "RootResponse", Properties: []project.Property{
				{Name: "items", Type: "array", Items: &project.Property{Ref: "RootResponseItem"}, IsList: true},
			}},
			{Name: "RootResponseItem", Properties: []project.Property{{Name: "user", Type: "string"}, {Name: "online", Type: "boolean"}}},
		},
	})
	want := []string{
		"testdata/chat-2.6.json: skipped channels telemetry (it is on no WebSocket server).",
		"testdata/chat-2.6.json: not imported, as the studio has no place for them: security of server public; headers of message joined.",
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings\n%q\nwant\n%q", warnings, want)
	}
}

// The metadata equals what the studio infers from the sample it made, so
// a user who keeps the generated sample sees the same fields.
func TestGeneratedSampleInfersTheSameMetadata(t *testing.T) {
	svcs, _ := services(t, "testdata/chat-2.6.json", Options{})
	for _, s := range svcs {
		for _, c := range []struct {
			sample string
			defs   project.Definitions
			root   string
		}{{s.SampleResponse, s.Response, "RootResponse"}, {s.SampleRequest, s.Request, "RootRequest"}} {
			if c.sample == "" {
				continue
			}
			got, err := importer.Infer([]byte(c.sample), c.root)
			if err != nil {
				t.Fatal(err)
			}
			// Infer has no string formats; the schema has.
			want := strings.Join(defsText(c.defs), "\n")
			want = strings.ReplaceAll(want, "string/date-time", "string")
			// Alone, the request's nested object keeps its key's name.
			want = strings.ReplaceAll(want, "userRequest", "user")
			if s.ID == "rooms_room" && c.root == "RootResponse" {
				// The example is one of the two messages: it has no joined
				// field, and its time is a whole number.
				want = strings.Replace(want, "RootResponse.time number/double", "RootResponse.time integer/int64", 1)
				want = strings.Replace(want, "\nRootResponse.joined string", "", 1)
			}
			if g := strings.Join(defsText(got), "\n"); g != want {
				t.Errorf("%s %s: inferred from %s\n%s\nwant\n%s", s.ID, c.root, c.sample, g, want)
			}
		}
	}
}

func TestChooseChannelsAndServer(t *testing.T) {
	d, err := Read("testdata/market-3.0.yaml")
	if err != nil {
		t.Fatal(err)
	}
	svcs, _, err := d.Services(Options{Channels: []string{"/quotes/{market}"}, Server: "local"})
	if err != nil {
		t.Fatal(err)
	}
	if len(svcs) != 1 || svcs[0].ID != "quotes" || svcs[0].Endpoint != "ws://localhost:8765/quotes/{market}" || svcs[0].Server != "local" {
		t.Fatalf("by address on server local: %+v", svcs)
	}
	for _, c := range []struct {
		opts Options
		kind error
		msg  string
	}{
		{Options{Channels: []string{"nope"}}, ErrUnknownChannel,
			`testdata/market-3.0.yaml: has no channel "nope"; its channels are quotes, trades, kafkaOnly`},
		{Options{Server: "staging"}, ErrUnknownServer,
			`testdata/market-3.0.yaml: has no server "staging"; its WebSocket servers are production, local`},
		{Options{Server: "events"}, ErrUnknownServer,
			`testdata/market-3.0.yaml: server "events" uses kafka, not ws or wss; its WebSocket servers are production, local`},
		{Options{Channels: []string{"trades"}, Server: "production"}, ErrNoWebSocket,
			`testdata/market-3.0.yaml: channel "trades" cannot be imported: it is not on server production`},
		{Options{Channels: []string{"kafkaOnly"}}, ErrNoWebSocket,
			`testdata/market-3.0.yaml: channel "kafkaOnly" cannot be imported: it is on no WebSocket server`},
	} {
		_, _, err := d.Services(c.opts)
		var de *DocumentError
		if !errors.As(err, &de) || !errors.Is(err, c.kind) || err.Error() != c.msg {
			t.Errorf("%+v: error %v, want %q", c.opts, err, c.msg)
		}
	}
}

func TestBadDocuments(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const head = "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nservers: {s: {host: h.example.com, protocol: wss}}\n"
	write("other/outside.yaml", "x: {type: string}\n")
	cases := []struct {
		name, body string
		kind       error
		reason     string
	}{
		{"text.yaml", "just: [unclosed", ErrNotAsyncAPI, "is neither YAML nor JSON ("},
		{"bad.json", `{"asyncapi": "3.0.0",}`, ErrNotAsyncAPI, "is neither YAML nor JSON (line 1: a key in double quotes was expected)"},
		{"openapi.yaml", "openapi: 3.1.0\ninfo: {title: t}\n", ErrNotAsyncAPI, "is an OpenAPI (Swagger) document, not AsyncAPI"},
		{"list.yaml", "- a\n- b\n", ErrNotAsyncAPI, "is not an AsyncAPI document: its top level is not an object"},
		{"plain.yaml", "title: hello\n", ErrNotAsyncAPI, "is not an AsyncAPI document: it has no asyncapi field at the top"},
		{"old.yaml", "asyncapi: 1.2.0\n", ErrVersion, "is AsyncAPI 1.2.0; the studio reads AsyncAPI 2.0 to 2.6 and 3.0 to 3.1"},
		{"future.yaml", "asyncapi: 4.0.0\n", ErrVersion, "is AsyncAPI 4.0.0;"},
		{"noservers.yaml", "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels: {}\n", ErrNoWebSocket, "has no servers, so it gives no WebSocket address"},
		{"mqtt.yaml", "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nservers: {a: {url: x, protocol: mqtt}, b: {url: y, protocol: amqp}}\n", ErrNoWebSocket,
			"has no WebSocket server: its servers use mqtt, amqp, not ws or wss"},
		{"cycle.yaml", head + "channels:\n  a: {$ref: '#/channels/b'}\n  b: {$ref: '#/channels/a'}\n", ErrBadRef, "has a $ref chain longer than 64 steps"},
		{"remote.yaml", head + "channels:\n  a: {$ref: 'https://example.com/c.yaml#/a'}\n", ErrBadRef, `refers to "https://example.com/c.yaml#/a", on another machine`},
		{"sub/escape.yaml", head + "channels:\n  a: {$ref: '../other/outside.yaml#/x'}\n", ErrBadRef, `refers to "../other/outside.yaml", outside the document's folder`},
		{"missing.yaml", head + "channels:\n  a: {$ref: '#/components/channels/a'}\n", ErrBadRef, `has the $ref "#/components/channels/a", which points at nothing`},
		{"nofile.yaml", head + "channels:\n  a: {$ref: 'gone.yaml'}\n", ErrBadRef, `refers to the file "gone.yaml", which cannot be read: no such file or directory`},
		{"nochannels.yaml", head, ErrNoWebSocket, "has no channels, so there is nothing to import"},
	}
	for _, c := range cases {
		p := write(c.name, c.body)
		d, err := Read(p)
		if err == nil {
			_, _, err = d.Services(Options{})
		}
		var de *DocumentError
		if !errors.As(err, &de) || !errors.Is(err, c.kind) || de.Name != p || !strings.HasPrefix(de.Reason, c.reason) {
			t.Errorf("%s: error %v, want %v %q", c.name, err, c.kind, c.reason)
		}
		if err != nil && strings.Count(err.Error(), "\n") > 0 {
			t.Errorf("%s: error is more than one line: %q", c.name, err)
		}
	}
	if _, err := Read(filepath.Join(dir, "absent.yaml")); !errors.Is(err, ErrUnreadable) || !strings.HasSuffix(err.Error(), "cannot be read: no such file or directory") {
		t.Errorf("absent file: %v", err)
	}
}

// A $ref bomb (each level refers to the one below twice) is stopped by the
// work limit instead of expanding 2^40 schemas.
func TestRefBombIsBounded(t *testing.T) {
	defer func(n int) { maxWork = n }(maxWork)
	maxWork = 1 << 16 // the same stop, sooner
	var b strings.Builder
	b.WriteString("asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nservers: {s: {host: h.example.com, protocol: wss}}\n")
	b.WriteString("channels: {c: {address: /c, messages: {m: {payload: {$ref: '#/components/schemas/s0'}}}}}\ncomponents:\n  schemas:\n")
	for i := 0; i < 40; i++ {
		b.WriteString("    s" + itoa(i) + ": {type: object, properties: {a: {$ref: '#/components/schemas/s" + itoa(i+1) + "'}, b: {$ref: '#/components/schemas/s" + itoa(i+1) + "'}}}\n")
	}
	b.WriteString("    s40: {type: string}\n")
	d, err := Parse([]byte(b.String()), "bomb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = d.Services(Options{})
	if !errors.Is(err, ErrTooComplex) {
		t.Fatalf("error %v, want the document to be too complex", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// A document held in memory cannot reach files; a channel that needs one
// is an error that says so.
func TestParseInMemoryRefusesFiles(t *testing.T) {
	data, err := os.ReadFile("testdata/market-3.0.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(data, "pasted")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = d.Services(Options{Channels: []string{"trades"}})
	if !errors.Is(err, ErrBadRef) || err.Error() != `pasted: refers to the file "schemas/trade.yaml", which cannot be read from a document held in memory` {
		t.Fatalf("error %v", err)
	}
}

// AsyncAPI 2.0 (a server url with its scheme, no channel servers) and 3.1
// (a receive operation whose reply the studio receives) read the same way.
func TestImport20And31(t *testing.T) {
	dir := t.TempDir()
	v20 := filepath.Join(dir, "v20.yaml")
	if err := os.WriteFile(v20, []byte(`asyncapi: 2.0.0
info: {title: Old, version: '1'}
servers:
  dev: {url: 'ws://localhost:8080/api/', protocol: ws}
channels:
  echo:
    publish:
      message: {payload: {type: object, properties: {say: {type: string}}}}
    subscribe:
      security: [{key: []}]
      message:
        payload: {type: object, properties: {said: {type: string}, n: {type: integer, format: int32}}}
        examples: [{payload: {said: hi, n: 1}}]
`), 0o644); err != nil {
		t.Fatal(err)
	}
	svcs, warnings := services(t, v20, Options{})
	if len(svcs) != 1 {
		t.Fatalf("%d services", len(svcs))
	}
	checkService(t, svcs[0].Service, &project.Service{
		ID: "echo", Title: "echo", Endpoint: "ws://localhost:8080/api/echo", Scheme: "ws", Host: "localhost:8080",
		BasePath: "/api", RelativePath: "/echo",
		SampleResponse: `{"said":"hi","n":1}`, SampleRequest: `{"say":"string"}`,
		Response: project.Definitions{{Name: "RootResponse", Properties: []project.Property{
			{Name: "said", Type: "string"}, {Name: "n", Type: "integer", Format: "int32"}}}},
		Request: project.Definitions{{Name: "RootRequest", Properties: []project.Property{{Name: "say", Type: "string"}}}},
	})
	if want := v20 + ": not imported, as the studio has no place for them: security of the subscribe operation of channel echo."; len(warnings) != 1 || warnings[0] != want {
		t.Errorf("warnings %q", warnings)
	}

	v31 := filepath.Join(dir, "v31.json")
	if err := os.WriteFile(v31, []byte(`{"asyncapi": "3.1.0", "info": {"title": "RPC", "version": "1"},
  "servers": {"s": {"host": "rpc.example.com", "protocol": "wss"}},
  "channels": {"rpc": {"address": "/rpc", "messages": {
    "call": {"payload": {"type": "object", "properties": {"method": {"type": "string"}}}},
    "result": {"payload": {"type": "object", "properties": {"result": {"type": "number"}}},
               "examples": [{"payload": {"result": 2.5}}]}}}},
  "operations": {"call": {"action": "receive", "channel": {"$ref": "#/channels/rpc"},
    "messages": [{"$ref": "#/channels/rpc/messages/call"}],
    "reply": {"messages": [{"$ref": "#/channels/rpc/messages/result"}]}}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	svcs, warnings = services(t, v31, Options{})
	if len(svcs) != 1 || len(warnings) != 0 {
		t.Fatalf("%d services, warnings %q", len(svcs), warnings)
	}
	checkService(t, svcs[0].Service, &project.Service{
		ID: "rpc", Title: "rpc", Endpoint: "wss://rpc.example.com/rpc", Scheme: "wss", Host: "rpc.example.com",
		RelativePath: "/rpc", SampleResponse: `{"result":2.5}`, SampleRequest: `{"method":"string"}`,
		Response: project.Definitions{{Name: "RootResponse", Properties: []project.Property{{Name: "result", Type: "number", Format: "double"}}}},
		Request:  project.Definitions{{Name: "RootRequest", Properties: []project.Property{{Name: "method", Type: "string"}}}},
	})
}

// YAML merge keys (<<: *anchor), common in hand-written documents, merge
// the anchored mapping under the keys the mapping has itself.
func TestYAMLMergeKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "merge.yaml")
	if err := os.WriteFile(path, []byte(`asyncapi: 3.0.0
info: {title: t, version: '1'}
servers: {s: {host: h.example.com, protocol: wss}}
components:
  base: &base
    type: object
    properties:
      time: {type: integer, format: int64}
      kind: {type: string}
channels:
  c:
    address: /c
    messages:
      m:
        payload:
          <<: *base
          properties:
            price: {type: number}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	svcs, _ := services(t, path, Options{})
	if got := strings.Join(defsText(svcs[0].Response), ", "); got != "RootResponse.price number/double" {
		t.Errorf("own properties win over merged ones: %s", got)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(mustRead(t, path), "          properties:\n            price: {type: number}\n", "          title: merged\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	svcs, _ = services(t, path, Options{})
	if got := strings.Join(defsText(svcs[0].Response), ", "); got != "RootResponse.time integer/int64, RootResponse.kind string" {
		t.Errorf("merged properties: %s", got)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
