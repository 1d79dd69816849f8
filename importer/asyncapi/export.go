package asyncapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"wsstudio/importer"
	"wsstudio/project"
)

// ExportVersion is the AsyncAPI version Export writes.
const ExportVersion = "3.0.0"

// Object is a JSON or YAML object whose members keep their order. Values
// are string, bool, int, json.Number, nil, []any and Object.
type Object []Member

// Member is one key and value of an Object.
type Member struct {
	Key   string
	Value any
}

// Get returns the value of key, or nil.
func (o Object) Get(key string) any {
	for _, m := range o {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

func (o Object) add(k string, v any) Object { return append(o, Member{k, v}) }

// MarshalJSON writes the members in order.
func (o Object) MarshalJSON() ([]byte, error) { return appendValue(nil, o) }

// appendValue writes a value as compact JSON in one pass.
func appendValue(b []byte, v any) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case Object:
		b = append(b, '{')
		for i, m := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.Key)
			b = append(b, ':')
			if b, err = appendValue(b, m.Value); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendValue(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case string:
		return appendString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case json.Number:
		if !isJSONNumber(string(x)) {
			return nil, fmt.Errorf("%q is not a JSON number", string(x))
		}
		return append(b, x...), nil
	case nil:
		return append(b, "null"...), nil
	}
	return nil, fmt.Errorf("cannot write a %T as JSON", v)
}

// Marshal writes a document as "yaml" or "json" (indented, ending in a
// newline).
func Marshal(doc Object, format string) ([]byte, error) {
	switch format {
	case "json":
		raw, err := doc.MarshalJSON()
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := json.Indent(&b, raw, "", "  "); err != nil {
			return nil, err
		}
		b.WriteByte('\n')
		return b.Bytes(), nil
	case "yaml", "yml":
		var b bytes.Buffer
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(yamlNode(doc)); err != nil {
			return nil, err
		}
		if err := enc.Close(); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	return nil, fmt.Errorf("format %q is not yaml or json", format)
}

func yamlNode(v any) *yaml.Node {
	switch x := v.(type) {
	case Object:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, m := range x {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: m.Key}, yamlNode(m.Value))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, e := range x {
			n.Content = append(n.Content, yamlNode(e))
		}
		return n
	case string:
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x}
		if strings.Contains(x, "\n") {
			n.Style = yaml.LiteralStyle
		}
		return n
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}
	case int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(x)}
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(string(x), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(x)}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

// ExportError is a project that cannot be exported, or an unknown profile;
// the command line exits with status 2 on it.
type ExportError struct{ Reason string }

func (e *ExportError) Error() string { return e.Reason }

// Export describes the project's WebSocket services as an AsyncAPI 3.0
// document: one server per distinct scheme and host (as the profile sets
// them; "" is the development profile), one channel per service with its
// address, path parameters and ws bindings for query parameters and
// headers, a send operation for the messages the service sends (its
// RootResponse) and a receive operation for the message the studio sends
// (when the service has a request sample), and the messages with JSON
// Schema payloads from the metadata and the samples as examples.
//
// Secret header and query values (tokens, keys, Authorization) are left
// out: the document says the parameter exists, not its value.
func Export(p *project.Project, profile string) (Object, error) {
	if p == nil {
		return nil, &ExportError{"no project to export"}
	}
	if profile == "" {
		profile = project.DefaultProfile
	}
	var values map[string]string
	if pr := p.Profile(profile); pr != nil {
		values = pr.Values
	} else if profile != project.DefaultProfile {
		return nil, &ExportError{fmt.Sprintf("the project has no profile %q; its profiles are %s", profile, strings.Join(p.ProfileNames(), ", "))}
	}
	title := p.DisplayName
	if title == "" {
		title = "WebSocket services"
	}
	servers, channels, operations := Object{}, Object{}, Object{}
	messages, schemas := Object{}, Object{}
	serverOf := map[string]string{} // scheme://host → server name
	usedServer := map[string]bool{}
	n := 0
	for _, s := range p.Services {
		if !s.IsWebSocket() {
			continue
		}
		n++
		ep, err := project.SplitEndpoint(s.Endpoint)
		if err != nil {
			return nil, &ExportError{fmt.Sprintf("service %s: %v", s.ID, err)}
		}
		scheme, host, base, rel := ep.Scheme, ep.Host, ep.BasePath, ep.RelativePath
		if s.Scheme != "" && s.Host != "" {
			scheme, host, base, rel = s.Scheme, s.Host, s.BasePath, s.RelativePath
		}
		pick := func(part, def string) string {
			if v, ok := values["websocket."+s.ID+"."+part]; ok && v != "" {
				return v
			}
			return def
		}
		scheme, host, base = strings.ToLower(pick("scheme", scheme)), pick("host", host), pick("basepath", base)
		key := scheme + "://" + host
		srv, ok := serverOf[key]
		if !ok {
			srv = serverName(host, scheme, usedServer)
			serverOf[key] = srv
			servers = servers.add(srv, Object{{"host", host}, {"protocol", scheme}})
		}
		address := base + rel
		if address == "" {
			address = "/"
		}
		query, path := s.QueryParams, s.PathParams
		if query == nil {
			query = ep.Query
		}
		if path == nil {
			path = ep.PathParams
		}

		ch := Object{{"address", address}}
		if s.Title != "" && s.Title != s.ID {
			ch = ch.add("title", s.Title)
		}
		ch = ch.add("servers", []any{Object{{"$ref", "#/servers/" + srv}}})
		if len(path) > 0 {
			params := Object{}
			for _, pp := range path {
				po := Object{}
				if pp.Value != "" {
					po = po.add("default", pp.Value)
				}
				params = params.add(pp.Name, po)
			}
			ch = ch.add("parameters", params)
		}
		chMsgs := Object{{"response", Object{{"$ref", "#/components/messages/" + s.ID + "_response"}}}}
		hasRequest := s.SampleRequest != "" || len(s.Request) > 0
		if hasRequest {
			chMsgs = chMsgs.add("request", Object{{"$ref", "#/components/messages/" + s.ID + "_request"}})
		}
		ch = ch.add("messages", chMsgs)
		if b := wsBinding(query, s.Headers, s.Subprotocols); b != nil {
			ch = ch.add("bindings", Object{{"ws", b}})
		}
		channels = channels.add(s.ID, ch)

		chRef := Object{{"$ref", "#/channels/" + s.ID}}
		operations = operations.add("send_"+s.ID, Object{
			{"action", "send"}, {"channel", chRef},
			{"summary", "Messages the service sends to the studio."},
			{"messages", []any{Object{{"$ref", "#/channels/" + s.ID + "/messages/response"}}}},
		})
		if hasRequest {
			operations = operations.add("receive_"+s.ID, Object{
				{"action", "receive"}, {"channel", chRef},
				{"summary", "The message the studio sends after connecting."},
				{"messages", []any{Object{{"$ref", "#/channels/" + s.ID + "/messages/request"}}}},
			})
		}

		seen := map[string]bool{}
		for _, d := range [][]*project.Definition{s.Response, s.Request} {
			for _, def := range d {
				if seen[def.Name] {
					continue
				}
				seen[def.Name] = true
				schemas = schemas.add(s.ID+"_"+def.Name, defSchema(s, def))
			}
		}
		if len(s.Response) == 0 {
			schemas = schemas.add(s.ID+"_RootResponse", Object{{"type", "object"}, {"title", "RootResponse"}})
		}
		messages = messages.add(s.ID+"_response", message(s, "RootResponse", s.SampleResponse, s.Response))
		if hasRequest {
			if len(s.Request) == 0 && !seen["RootRequest"] {
				schemas = schemas.add(s.ID+"_RootRequest", Object{{"type", "object"}, {"title", "RootRequest"}})
			}
			messages = messages.add(s.ID+"_request", message(s, "RootRequest", s.SampleRequest, s.Request))
		}
	}
	if n == 0 {
		return nil, &ExportError{fmt.Sprintf("the project in %s has no WebSocket services to export", p.Dir)}
	}
	doc := Object{
		{"asyncapi", ExportVersion},
		{"info", Object{{"title", title}, {"version", "1.0.0"},
			{"description", fmt.Sprintf("The WebSocket services of %s, with the addresses of its %s profile.", title, profile)}}},
		{"defaultContentType", "application/json"},
		{"servers", servers},
		{"channels", channels},
		{"operations", operations},
		{"components", Object{{"messages", messages}, {"schemas", schemas}}},
	}
	return doc, nil
}

// serverName names a server after its host: "quotes_example_com_443".
func serverName(host, scheme string, used map[string]bool) string {
	base := strings.TrimLeft(importer.SafeName(host), "_")
	if base == "" || base[0] >= '0' && base[0] <= '9' {
		base = "server_" + base
	}
	name := base
	if used[name] {
		name += "_" + scheme
	}
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	used[name] = true
	return name
}

// wsBinding is the ws channel binding of a service's query parameters,
// headers and subprotocols; nil when it has none.
func wsBinding(query, headers []project.Param, subprotocols []string) Object {
	b := Object{}
	if len(query) > 0 {
		b = b.add("query", paramsSchema(query))
	}
	if len(headers) > 0 || len(subprotocols) > 0 {
		h := paramsSchema(headers)
		if len(subprotocols) > 0 {
			enum := make([]any, len(subprotocols))
			for i, s := range subprotocols {
				enum[i] = s
			}
			props := h.Get("properties").(Object)
			h[indexOf(h, "properties")].Value = props.add("Sec-WebSocket-Protocol", Object{
				{"type", "string"}, {"description", "The subprotocols offered when connecting."}, {"enum", enum}})
		}
		b = b.add("headers", h)
	}
	if len(b) == 0 {
		return nil
	}
	return b.add("bindingVersion", "0.1.0")
}

func indexOf(o Object, key string) int {
	for i, m := range o {
		if m.Key == key {
			return i
		}
	}
	return -1
}

func paramsSchema(ps []project.Param) Object {
	props := Object{}
	var required []any
	for _, p := range ps {
		typ := p.Type
		if schemaType(typ) == "" {
			typ = "string"
		}
		o := Object{{"type", typ}}
		switch {
		case project.IsSecret(p.Name):
			o = o.add("description", "A secret: its value is not exported.")
		case p.Value != "":
			o = o.add("default", typedValue(typ, p.Value))
		}
		props = props.add(p.Name, o)
		if p.Required {
			required = append(required, p.Name)
		}
	}
	o := Object{{"type", "object"}, {"properties", props}}
	if len(required) > 0 {
		o = o.add("required", required)
	}
	return o
}

// typedValue writes a value as the parameter's type when it reads as one.
func typedValue(typ, v string) any {
	switch typ {
	case "integer", "number":
		if isJSONNumber(v) {
			return json.Number(v)
		}
	case "boolean":
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return v
}

// defSchema is the JSON Schema of one definition; its title keeps the
// definition's name.
func defSchema(s *project.Service, def *project.Definition) Object {
	return schemaObject(serviceDefs(s).DefinitionSchema(def, schemaOptions(s)))
}

func propSchema(s *project.Service, p *project.Property) Object {
	return schemaObject(serviceDefs(s).PropertySchema(p, schemaOptions(s)))
}

// serviceDefs is every definition of the service, response and request:
// a property may refer to either.
func serviceDefs(s *project.Service) project.Definitions {
	return append(append(project.Definitions{}, s.Response...), s.Request...)
}

func schemaOptions(s *project.Service) project.SchemaOptions {
	return project.SchemaOptions{Ref: func(name string) string { return "#/components/schemas/" + s.ID + "_" + name }}
}

// schemaObject writes a schema in the order the document keeps: $ref
// alone, or type, title, format, properties, items. A widened field has no
// type: it accepts any value.
func schemaObject(sc project.Schema) Object {
	if sc.Ref != "" {
		return Object{{"$ref", sc.Ref}}
	}
	o := Object{}
	if sc.Type != "" {
		o = o.add("type", sc.Type)
	}
	if sc.Title != "" {
		o = o.add("title", sc.Title)
	}
	if sc.Format != "" {
		o = o.add("format", sc.Format)
	}
	if sc.Properties != nil {
		props := Object{}
		for _, p := range sc.Properties {
			props = props.add(p.Name, schemaObject(p.Schema))
		}
		o = o.add("properties", props)
	}
	if sc.Items != nil {
		o = o.add("items", schemaObject(*sc.Items))
	}
	return o
}

// message is a service's response or request message: its payload refers
// to the root definition (or, for a sample whose top level is an array or
// a single value, describes that), and the sample is its example.
func message(s *project.Service, root, sample string, defs project.Definitions) Object {
	m := Object{{"name", strings.TrimPrefix(root, "Root")}, {"title", root}}
	trimmed := strings.TrimSpace(sample)
	example, isJSON := parseOrdered(trimmed)
	rootDef := defs.Definition(root)
	var payload Object
	switch {
	case trimmed != "" && !isJSON && (rootDef == nil || len(rootDef.Properties) == 0):
		m = m.add("contentType", "text/plain")
		payload = Object{{"type", "string"}}
		example = trimmed
	case rootDef != nil && len(rootDef.Properties) == 1 && isJSON && wholeValue(rootDef.Properties[0], trimmed):
		// The root holds a top-level array or value under a made-up name.
		payload = propSchema(s, &rootDef.Properties[0])
	default:
		payload = Object{{"$ref", "#/components/schemas/" + s.ID + "_" + root}}
	}
	m = m.add("payload", payload)
	if trimmed != "" {
		m = m.add("examples", []any{Object{{"name", "sample"}, {"payload", example}}})
	}
	return m
}

// wholeValue reports whether the root's one property stands for the whole
// sample: "items" for a top-level array, "value" for a single value.
func wholeValue(p project.Property, sample string) bool {
	switch {
	case p.Name == "items" && strings.HasPrefix(sample, "["):
		return true
	case p.Name == "value" && sample != "" && sample[0] != '{' && sample[0] != '[':
		return true
	}
	return false
}

// parseOrdered reads JSON into Objects that keep key order, numbers as
// written.
func parseOrdered(s string) (any, bool) {
	if s == "" {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	v, err := orderedValue(dec, 0)
	if err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

func orderedValue(dec *json.Decoder, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, errors.New("too deep")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			o := Object{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := orderedValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				o = o.add(k.(string), v)
			}
			_, err := dec.Token()
			return o, err
		}
		a := []any{}
		for dec.More() {
			v, err := orderedValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		return a, err
	}
	return tok, nil
}
