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
	"unicode/utf8"

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
	p := &jsonParser{data: data}
	p.skip()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skip()
	if p.i != len(data) {
		return nil, p.fail("there is more after the JSON value")
	}
	return n, nil
}

// jsonParser reads JSON straight into YAML nodes, keeping key order and
// number literals. Nodes are allocated in blocks: a large document has
// hundreds of thousands of them.
type jsonParser struct {
	data []byte
	i    int
	slab []yaml.Node
}

func (p *jsonParser) node(kind yaml.Kind, tag, value string) *yaml.Node {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]yaml.Node, 0, 1024)
	}
	p.slab = append(p.slab, yaml.Node{Kind: kind, Tag: tag, Value: value})
	return &p.slab[len(p.slab)-1]
}

func (p *jsonParser) skip() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) fail(msg string) error {
	at := min(p.i, len(p.data))
	line := 1 + bytes.Count(p.data[:at], []byte("\n"))
	return fmt.Errorf("line %d: %s", line, msg)
}

func (p *jsonParser) value(depth int) (*yaml.Node, error) {
	if depth > maxJSONDepth {
		return nil, p.fail(fmt.Sprintf("it nests deeper than %d levels", maxJSONDepth))
	}
	if p.i >= len(p.data) {
		return nil, p.fail("the JSON ends too early")
	}
	switch c := p.data[p.i]; {
	case c == '{':
		n := p.node(yaml.MappingNode, "!!map", "")
		p.i++
		p.skip()
		if p.i < len(p.data) && p.data[p.i] == '}' {
			p.i++
			return n, nil
		}
		for {
			p.skip()
			if p.i >= len(p.data) || p.data[p.i] != '"' {
				return nil, p.fail("a key in double quotes was expected")
			}
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.skip()
			if p.i >= len(p.data) || p.data[p.i] != ':' {
				return nil, p.fail("a colon after the key was expected")
			}
			p.i++
			p.skip()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, k, v)
			p.skip()
			if p.i < len(p.data) && p.data[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.data) && p.data[p.i] == '}' {
				p.i++
				return n, nil
			}
			return nil, p.fail("a comma or } was expected")
		}
	case c == '[':
		n := p.node(yaml.SequenceNode, "!!seq", "")
		p.i++
		p.skip()
		if p.i < len(p.data) && p.data[p.i] == ']' {
			p.i++
			return n, nil
		}
		for {
			p.skip()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, v)
			p.skip()
			if p.i < len(p.data) && p.data[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.data) && p.data[p.i] == ']' {
				p.i++
				return n, nil
			}
			return nil, p.fail("a comma or ] was expected")
		}
	case c == '"':
		return p.str()
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if bytes.HasPrefix(p.data[p.i:], []byte(lit)) {
				p.i += len(lit)
				tag := "!!bool"
				if lit == "null" {
					tag = "!!null"
				}
				return p.node(yaml.ScalarNode, tag, lit), nil
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		j := p.i + 1
		for j < len(p.data) && strings.IndexByte("0123456789.eE+-", p.data[j]) >= 0 {
			j++
		}
		lit := string(p.data[p.i:j])
		if !isJSONNumber(lit) {
			return nil, p.fail(fmt.Sprintf("%q is not a number", lit))
		}
		p.i = j
		tag := "!!int"
		if strings.ContainsAny(lit, ".eE") {
			tag = "!!float"
		}
		return p.node(yaml.ScalarNode, tag, lit), nil
	}
	return nil, p.fail(fmt.Sprintf("invalid character %q", p.data[p.i]))
}

// str reads a string at p.i.
func (p *jsonParser) str() (*yaml.Node, error) {
	start := p.i
	escaped := false
	for j := p.i + 1; j < len(p.data); j++ {
		switch c := p.data[j]; {
		case c == '\\':
			escaped = true
			j++
		case c == '"':
			p.i = j + 1
			raw := p.data[start+1 : j]
			if !escaped && utf8.Valid(raw) {
				return p.node(yaml.ScalarNode, "!!str", string(raw)), nil
			}
			var s string
			if err := json.Unmarshal(p.data[start:j+1], &s); err != nil {
				p.i = start
				return nil, p.fail("a string has a bad escape or character")
			}
			return p.node(yaml.ScalarNode, "!!str", s), nil
		case c < 0x20:
			p.i = j
			return nil, p.fail("a string holds a control character")
		}
	}
	p.i = len(p.data)
	return nil, p.fail("a string is not closed")
}
