// Package asyncapi reads AsyncAPI documents (2.0–2.6 and 3.0–3.1, YAML or
// JSON) into WebSocket services of a project, and writes a project's
// WebSocket services back out as an AsyncAPI 3.0 document.
//
// Reading is in two steps, so that the command line and the import wizard
// can share them: Read (or Parse) loads a document and lists its servers and
// channels; Document.Services turns the chosen WebSocket channels into
// services, ready for importer.Add or importer.Commit.
//
// A document is read as the description of the server: messages the server
// sends (2.x subscribe, 3.x send) are what the studio receives, its
// RootResponse; messages the server receives (2.x publish, 3.x receive) are
// what the studio sends, its RootRequest. Export writes the same way round,
// so reading an exported document gives back the services it came from.
package asyncapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxDocumentSize is the largest document Read accepts.
const MaxDocumentSize = 64 << 20

// Errors a bad document is reported with; a *DocumentError matches one of
// them with errors.Is.
var (
	ErrUnreadable     = errors.New("the document cannot be read")
	ErrNotAsyncAPI    = errors.New("not an AsyncAPI document")
	ErrVersion        = errors.New("unsupported AsyncAPI version")
	ErrNoWebSocket    = errors.New("no WebSocket server")
	ErrUnknownChannel = errors.New("unknown channel")
	ErrUnknownServer  = errors.New("unknown server")
	ErrBadRef         = errors.New("bad $ref")
	ErrTooComplex     = errors.New("document too complex")
)

// DocumentError is a document the studio cannot import, or a choice of
// channel or server it does not have. Its text is one sentence naming the
// document and what is wrong; the command line exits with status 2 on it.
type DocumentError struct {
	Name   string // the document, as given
	Kind   error  // one of the Err… values above
	Reason string // the sentence after the document's name
}

func (e *DocumentError) Error() string { return e.Name + ": " + e.Reason }

// Is matches the error's kind.
func (e *DocumentError) Is(target error) bool { return target == e.Kind }

func docErr(name string, kind error, format string, a ...any) *DocumentError {
	return &DocumentError{Name: name, Kind: kind, Reason: fmt.Sprintf(format, a...)}
}

// Document is a parsed AsyncAPI document.
type Document struct {
	Name     string // the path or name it was read from
	Version  string // the asyncapi field, "2.6.0" or "3.0.0"
	Title    string
	Servers  []Server  // every server, in document order
	Channels []Channel // every channel, in document order

	major     int
	r         *resolver
	loadNotes []string                // what load found not importable
	ops       map[*yaml.Node][]member // 3.x operations by channel, built by Services
	root      loc
}

// Server is one server of the document.
type Server struct {
	Name     string
	Protocol string // as written, lower-cased: "ws", "wss", "mqtt" …
	URL      string // scheme://host/pathname with server variables filled in; "" when it could not be built
	Problem  string // why URL is empty, for a WebSocket server
}

// WebSocket reports whether the server speaks ws or wss.
func (s Server) WebSocket() bool { return s.Protocol == "ws" || s.Protocol == "wss" }

// Channel is one channel of the document.
type Channel struct {
	Name       string   // the key under channels (2.x: the address itself)
	Address    string   // "/ticker/{symbol}"; "" for a 3.x channel whose address is null
	Title      string   // 3.x title, or ""
	Servers    []string // the servers it is on; nil = every server
	Parameters []Parameter

	node loc
}

// Parameter is one {name} parameter of a channel address.
type Parameter struct {
	Name    string
	Type    string   // "string" unless the 2.x schema says otherwise
	Default string   // default, else the first example, else the first enum value
	Enum    []string // the values offered, when the document lists them
}

// Read loads the document at path. $refs to other files are resolved
// relative to it, within its folder.
func Read(path string) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, docErr(path, ErrUnreadable, "cannot be read: %v", unwrapPathErr(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxDocumentSize+1))
	if err != nil {
		return nil, docErr(path, ErrUnreadable, "cannot be read: %v", unwrapPathErr(err))
	}
	if len(data) > MaxDocumentSize {
		return nil, docErr(path, ErrTooComplex, "is larger than %d MiB, more than an AsyncAPI document should be", MaxDocumentSize>>20)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, docErr(path, ErrUnreadable, "cannot be read: %v", err)
	}
	return parse(data, path, abs)
}

// Parse reads a document held in memory; name is how errors name it. $refs
// to other files are not followed (they are listed as not imported).
func Parse(data []byte, name string) (*Document, error) {
	return parse(data, name, "")
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func parse(data []byte, name, abs string) (*Document, error) {
	root, err := decode(data)
	if err != nil {
		return nil, docErr(name, ErrNotAsyncAPI, "is neither YAML nor JSON (%v)", err)
	}
	dir := ""
	if abs != "" {
		dir = filepath.Dir(abs)
	}
	r := newResolver(name, abs, dir, root)
	d := &Document{Name: name, r: r, root: loc{file: abs, n: root}}
	if err := d.load(); err != nil {
		return nil, err
	}
	d.loadNotes = r.unsupported
	return d, nil
}

// decode parses YAML or JSON into a node tree. JSON goes through a JSON
// reader of its own: it accepts what YAML does not (tabs), keeps number
// literals as written and is faster on large files.
func decode(data []byte) (*yaml.Node, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return decodeJSON(trimmed)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		return nil, errors.New(msg)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, errors.New("it is empty")
	}
	return doc.Content[0], nil
}

// maxJSONDepth bounds the nesting of a JSON document.
const maxJSONDepth = 1000

func decodeJSON(data []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		n     *yaml.Node
		keyed bool // a mapping waiting for its value
		isMap bool
	}
	var stack []*frame
	var root *yaml.Node
	add := func(n *yaml.Node) {
		if len(stack) == 0 {
			root = n
			return
		}
		top := stack[len(stack)-1]
		top.n.Content = append(top.n.Content, n)
		if top.isMap {
			top.keyed = !top.keyed
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, jsonErr(data, dec, err)
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(stack) >= maxJSONDepth {
					return nil, fmt.Errorf("it nests deeper than %d levels", maxJSONDepth)
				}
				n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
				if t == '[' {
					n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
				}
				add(n)
				stack = append(stack, &frame{n: n, isMap: t == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			add(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t})
		case json.Number:
			tag := "!!int"
			if strings.ContainsAny(string(t), ".eE") {
				tag = "!!float"
			}
			add(&yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(t)})
		case bool:
			v := "false"
			if t {
				v = "true"
			}
			add(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v})
		case nil:
			add(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"})
		}
		if len(stack) == 0 && root != nil {
			break
		}
	}
	if root == nil || len(stack) > 0 {
		return nil, errors.New("the JSON ends too early")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("there is more after the JSON value (byte %d)", dec.InputOffset())
	}
	return root, nil
}

func jsonErr(data []byte, dec *json.Decoder, err error) error {
	off := int(dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
	}
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	msg := err.Error()
	if err == io.ErrUnexpectedEOF {
		msg = "the JSON ends too early"
	}
	return fmt.Errorf("line %d: %s", line, msg)
}
