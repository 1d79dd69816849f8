package asyncapi

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"wsstudio/importer"
	"wsstudio/project"
)

// Options choose what Services imports.
type Options struct {
	// Channels are channel names (3.x channel ids, 2.x addresses) or
	// addresses to import; none = every WebSocket channel.
	Channels []string
	// Server is the server to connect to; "" = each channel's first
	// WebSocket server.
	Server string
}

// Service is one imported channel: the project service, ready for
// importer.Add or importer.Commit, and where it came from.
type Service struct {
	*project.Service
	Channel string // the channel's name in the document
	Server  string // the server its URL was built from
	// Enums lists the values the document offers for path and query
	// parameters, by parameter name; the parameter's value is one of them.
	Enums map[string][]string
}

// Services turns the document's WebSocket channels into services: the URL
// from the server and the channel address, {name} segments as path
// parameters, query parameters and headers from the channel's ws bindings,
// the received message as RootResponse, the sent one as RootRequest, and a
// message example (or one made from the schema) as each sample.
//
// warnings lists what was skipped or not imported, each in one sentence.
// A channel or server that is not there, or a document with no channel that
// can be imported, is a *DocumentError.
func (d *Document) Services(opts Options) (out []Service, warnings []string, err error) {
	d.r.work = 0
	d.ops = nil
	d.r.unsupported, d.r.seen = append([]string(nil), d.loadNotes...), map[string]bool{}
	for _, n := range d.loadNotes {
		d.r.seen[n] = true
	}
	var ws []string
	for _, s := range d.Servers {
		if s.WebSocket() {
			ws = append(ws, s.Name)
		}
	}
	if opts.Server != "" {
		s := d.server(opts.Server)
		switch {
		case s == nil:
			return nil, nil, docErr(d.Name, ErrUnknownServer, "has no server %q; its WebSocket servers are %s", opts.Server, strings.Join(ws, ", "))
		case !s.WebSocket():
			return nil, nil, docErr(d.Name, ErrUnknownServer, "server %q uses %s, not ws or wss; its WebSocket servers are %s", opts.Server, s.Protocol, strings.Join(ws, ", "))
		case s.URL == "":
			return nil, nil, docErr(d.Name, ErrNoWebSocket, "server %q has no usable address: %s", opts.Server, s.Problem)
		}
	}
	chosen := d.Channels
	explicit := len(opts.Channels) > 0
	if explicit {
		chosen = nil
		for _, name := range opts.Channels {
			c := d.channel(name)
			if c == nil {
				return nil, nil, docErr(d.Name, ErrUnknownChannel, "has no channel %q; its channels are %s", name, d.channelNames())
			}
			chosen = append(chosen, *c)
		}
	}
	if len(d.Channels) == 0 {
		return nil, nil, docErr(d.Name, ErrNoWebSocket, "has no channels, so there is nothing to import")
	}
	ids := map[string]bool{}
	var skipped []string
	for _, c := range chosen {
		svc, reason, err := d.service(c, opts.Server, ids)
		if err != nil {
			return nil, nil, err
		}
		if reason != "" {
			if explicit {
				return nil, nil, docErr(d.Name, ErrNoWebSocket, "channel %q cannot be imported: %s", c.Name, reason)
			}
			skipped = append(skipped, fmt.Sprintf("%s (%s)", c.Name, reason))
			continue
		}
		out = append(out, *svc)
	}
	if len(out) == 0 {
		return nil, nil, docErr(d.Name, ErrNoWebSocket, "has no channel on a WebSocket server that can be imported: %s", strings.Join(skipped, "; "))
	}
	if len(skipped) > 0 {
		warnings = append(warnings, fmt.Sprintf("%s: skipped channels %s.", d.Name, strings.Join(skipped, "; ")))
	}
	if len(d.r.unsupported) > 0 {
		warnings = append(warnings, fmt.Sprintf("%s: not imported, as the studio has no place for them: %s.", d.Name, strings.Join(d.r.unsupported, "; ")))
	}
	return out, warnings, nil
}

func (d *Document) server(name string) *Server {
	for i := range d.Servers {
		if d.Servers[i].Name == name {
			return &d.Servers[i]
		}
	}
	return nil
}

func (d *Document) channel(name string) *Channel {
	for i := range d.Channels {
		if d.Channels[i].Name == name {
			return &d.Channels[i]
		}
	}
	for i := range d.Channels {
		if d.Channels[i].Address == name || channelID(d.Channels[i].Name) == name {
			return &d.Channels[i]
		}
	}
	return nil
}

func (d *Document) channelNames() string {
	var names []string
	for _, c := range d.Channels {
		names = append(names, c.Name)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// channelID makes a service id of a channel name: "/rooms/{room}" →
// "rooms_room".
func channelID(name string) string {
	id := importer.SafeName(name)
	if id == "" {
		return "channel"
	}
	if len(id) > 90 {
		id = id[:90]
	}
	return id
}

// service builds the service of one channel; reason says why a channel
// cannot be imported.
func (d *Document) service(c Channel, serverName string, ids map[string]bool) (*Service, string, error) {
	if c.Address == "" {
		return nil, "it has no address", nil
	}
	var srv *Server
	candidates := c.Servers
	if candidates == nil {
		for _, s := range d.Servers {
			candidates = append(candidates, s.Name)
		}
	}
	var problems []string
	for _, name := range candidates {
		s := d.server(name)
		if s == nil || !s.WebSocket() || serverName != "" && name != serverName {
			continue
		}
		if s.URL == "" {
			problems = append(problems, fmt.Sprintf("server %s: %s", name, s.Problem))
			continue
		}
		srv = s
		break
	}
	if srv == nil {
		switch {
		case len(problems) > 0:
			return nil, strings.Join(problems, ", "), nil
		case serverName != "":
			return nil, "it is not on server " + serverName, nil
		}
		return nil, "it is on no WebSocket server", nil
	}
	addr := c.Address
	if !strings.HasPrefix(addr, "/") {
		addr = "/" + addr
	}
	rawURL := srv.URL + addr
	ep, err := importer.ParseEndpoint(rawURL)
	if err != nil {
		return nil, err.Error(), nil
	}

	id := channelID(c.Name)
	for i := 2; ids[id]; i++ {
		id = fmt.Sprintf("%s%d", channelID(c.Name), i)
	}
	ids[id] = true
	svc, err := project.NewService(id, strings.SplitN(ep.URL, "?", 2)[0])
	if err != nil {
		return nil, err.Error(), nil
	}
	if c.Title != "" {
		svc.Title = c.Title
	}
	out := &Service{Service: svc, Channel: c.Name, Server: srv.Name, Enums: map[string][]string{}}
	byName := map[string]Parameter{}
	for _, p := range c.Parameters {
		byName[p.Name] = p
	}
	for i := range svc.PathParams {
		pp := &svc.PathParams[i]
		pp.Required, pp.Type = true, "string"
		if p, ok := byName[pp.Name]; ok {
			pp.Type, pp.Value = p.Type, p.Default
			if len(p.Enum) > 0 {
				out.Enums[p.Name] = p.Enum
			}
		}
	}
	svc.QueryParams = append([]project.Param{}, svc.QueryParams...)
	if err := d.bindings(c, out); err != nil {
		return nil, "", err
	}
	if d.r.work > maxWork {
		return nil, "", d.r.tooComplex()
	}
	recv, sent, err := d.messages(c)
	if err != nil {
		return nil, "", err
	}
	names := importer.NewDefinitionNames()
	if svc.Response, svc.SampleResponse, err = d.payload(recv, "RootResponse", names, false); err != nil {
		return nil, "", err
	}
	if len(sent) > 0 {
		if svc.Request, svc.SampleRequest, err = d.payload(sent, "RootRequest", names, true); err != nil {
			return nil, "", err
		}
	}
	return out, "", nil
}

// bindings reads the channel's ws binding: query parameters and headers,
// each an object schema whose properties are the parameters.
func (d *Document) bindings(c Channel, out *Service) error {
	b, err := d.r.deref(field(c.node, "bindings"))
	if err != nil {
		return err
	}
	ws, err := d.r.deref(field(b, "ws"))
	if err != nil || !ws.ok() {
		return err
	}
	if m := strings.ToUpper(str(field(ws, "method"))); m != "" && m != "GET" {
		d.r.note("the %s handshake method of channel %s (the studio connects with GET)", m, c.Name)
	}
	for _, part := range []string{"query", "headers"} {
		sch, err := d.r.deref(field(ws, part))
		if err != nil {
			return err
		}
		if !sch.ok() {
			continue
		}
		required := map[string]bool{}
		for _, r := range items(field(sch, "required")) {
			required[str(r)] = true
		}
		props, err := d.r.deref(field(sch, "properties"))
		if err != nil {
			return err
		}
		if !props.ok() && isMap(sch) {
			d.r.note("ws binding %s of channel %s without properties", part, c.Name)
		}
		for _, m := range members(props) {
			ps, err := d.r.deref(m.val)
			if err != nil {
				return err
			}
			p := project.Param{Name: m.key, Type: "string", Value: d.r.firstValue(ps), Required: required[m.key]}
			if t := schemaType(str(field(ps, "type"))); t != "" {
				p.Type = t
			}
			var enum []string
			for _, e := range items(field(ps, "enum")) {
				enum = append(enum, d.r.scalarText(e))
			}
			switch {
			case part == "headers" && strings.EqualFold(m.key, "Sec-WebSocket-Protocol"):
				subs := enum
				if p.Value != "" && p.Value != firstOf(enum) || len(enum) == 0 {
					subs = nil
					for _, s := range strings.Split(p.Value, ",") {
						if s = strings.TrimSpace(s); s != "" {
							subs = append(subs, s)
						}
					}
				}
				out.Subprotocols = append(out.Subprotocols, subs...)
			case part == "headers":
				out.Headers = append(out.Headers, p)
			default:
				out.QueryParams = append(out.QueryParams, p)
				if len(enum) > 0 {
					out.Enums[m.key] = enum
				}
			}
		}
	}
	return nil
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// messages lists what the studio receives on a channel (what the server
// sends) and what it sends.
func (d *Document) messages(c Channel) (recv, sent []loc, err error) {
	if d.major == 2 {
		for _, op := range []struct {
			key string
			to  *[]loc
		}{{"subscribe", &recv}, {"publish", &sent}} {
			o, err := d.r.deref(field(c.node, op.key))
			if err != nil {
				return nil, nil, err
			}
			if !o.ok() {
				continue
			}
			if get(o.n, "traits") != nil {
				d.r.note("operation traits of channel %s", c.Name)
			}
			if get(o.n, "security") != nil {
				d.r.note("security of the %s operation of channel %s", op.key, c.Name)
			}
			m, err := d.r.deref(field(o, "message"))
			if err != nil {
				return nil, nil, err
			}
			if alts := items(field(m, "oneOf")); len(alts) > 0 {
				*op.to = append(*op.to, alts...)
			} else if m.ok() {
				*op.to = append(*op.to, m)
			}
		}
		return recv, sent, nil
	}
	chMsgs, err := d.r.deref(field(c.node, "messages"))
	if err != nil {
		return nil, nil, err
	}
	var all []loc
	for _, m := range members(chMsgs) {
		all = append(all, m.val)
	}
	if d.ops == nil {
		if err := d.indexOperations(); err != nil {
			return nil, nil, err
		}
	}
	ops := d.ops[c.node.n]
	for _, m := range ops {
		o := m.val
		msgs := items(field(o, "messages"))
		if !field(o, "messages").ok() {
			msgs = all
		}
		to, back := &recv, &sent
		if str(field(o, "action")) == "receive" {
			to, back = &sent, &recv
		}
		*to = append(*to, msgs...)
		for _, k := range []string{"traits", "security"} {
			if get(o.n, k) != nil {
				d.r.note("%s of operation %s", k, m.key)
			}
		}
		reply, err := d.r.deref(field(o, "reply"))
		if err != nil {
			return nil, nil, err
		}
		if reply.ok() {
			rm := items(field(reply, "messages"))
			if !field(reply, "messages").ok() {
				rc, err := d.r.deref(field(reply, "channel"))
				if err != nil {
					return nil, nil, err
				}
				rcm, err := d.r.deref(field(rc, "messages"))
				if err != nil {
					return nil, nil, err
				}
				for _, x := range members(rcm) {
					rm = append(rm, x.val)
				}
			}
			*back = append(*back, rm...)
		}
	}
	if len(ops) == 0 {
		recv = all
	}
	return dedupe(d, recv), dedupe(d, sent), nil
}

// indexOperations lists the 3.x operations by the channel they are on.
func (d *Document) indexOperations() error {
	d.ops = map[*yaml.Node][]member{}
	ops, err := d.r.deref(field(d.root, "operations"))
	if err != nil {
		return err
	}
	for _, m := range members(ops) {
		o, err := d.r.deref(m.val)
		if err != nil {
			return err
		}
		ch, err := d.r.deref(field(o, "channel"))
		if err != nil {
			return err
		}
		d.ops[ch.n] = append(d.ops[ch.n], member{m.key, o})
	}
	return nil
}

// dedupe drops messages listed twice (by two operations).
func dedupe(d *Document, ls []loc) []loc {
	seen := map[*yaml.Node]bool{}
	var out []loc
	for _, l := range ls {
		m, err := d.r.deref(l)
		if err != nil {
			out = append(out, l)
			continue
		}
		if !seen[m.n] {
			seen[m.n] = true
			out = append(out, l)
		}
	}
	return out
}

// jsonSchemaFormat reports whether a schemaFormat is JSON Schema or the
// AsyncAPI schema, which the studio reads.
func jsonSchemaFormat(f string) bool {
	f = strings.ToLower(f)
	return f == "" || strings.HasPrefix(f, "application/vnd.aai.asyncapi") ||
		strings.HasPrefix(f, "application/schema+json") || strings.HasPrefix(f, "application/schema+yaml")
}

// payload merges the payloads of the messages into one definition tree
// (oneOf of messages widens like oneOf of schemas) and picks a sample: the
// first message example, else the schema's example, else one generated
// from the schema.
func (d *Document) payload(msgs []loc, root string, names *importer.DefinitionNames, request bool) (project.Definitions, string, error) {
	var merged *shape
	sample := ""
	haveSchema, textOnly := false, len(msgs) > 0
	for _, ml := range msgs {
		m, err := d.r.deref(ml)
		if err != nil {
			return nil, "", err
		}
		name := str(field(m, "name"))
		if name == "" {
			name = str(field(m, "title"))
		}
		if name == "" {
			name = "message"
		}
		for _, k := range []string{"traits", "headers", "correlationId"} {
			if get(m.n, k) != nil {
				d.r.note("%s of message %s", k, name)
			}
		}
		ct := str(field(m, "contentType"))
		if ct == "" {
			ct = str(field(d.root, "defaultContentType"))
		}
		isText := ct != "" && !strings.Contains(strings.ToLower(ct), "json")
		if !isText {
			textOnly = false
		}
		pl, err := d.r.deref(field(m, "payload"))
		if err != nil {
			return nil, "", err
		}
		format := str(field(m, "schemaFormat"))
		if d.major == 3 && isMap(pl) && get(pl.n, "schemaFormat") != nil && get(pl.n, "schema") != nil {
			format = str(field(pl, "schemaFormat"))
			if pl, err = d.r.deref(field(pl, "schema")); err != nil {
				return nil, "", err
			}
		}
		if sample == "" {
			if ex := items(field(m, "examples")); len(ex) > 0 {
				p := field(ex[0], "payload")
				if n := alias(p.n); n != nil && n.Kind == yaml.ScalarNode && isText {
					sample = n.Value
				} else if p.ok() {
					if b, err := appendJSON(nil, p.n, 0, &d.r.work); err == nil {
						sample = string(b)
					}
				}
			}
		}
		if !pl.ok() || isText {
			continue
		}
		if !jsonSchemaFormat(format) {
			d.r.note("the %s payload of %s (only JSON Schema payloads are read; the example is used instead)", format, name)
			continue
		}
		s, err := d.schema(pl, name+".payload", 0, map[*yaml.Node]*shape{})
		if err != nil {
			return nil, "", err
		}
		haveSchema = true
		merged = merge(merged, s)
	}
	if d.r.work > maxWork {
		return nil, "", d.r.tooComplex()
	}
	if !haveSchema || textOnly {
		if textOnly {
			return project.Definitions{{Name: root}}, sample, nil
		}
		defs, err := importer.Infer([]byte(sample), root)
		if err != nil {
			return project.Definitions{{Name: root}}, sample, nil
		}
		renameAll(defs, root, names, request)
		return defs, sample, nil
	}
	defs := merged.Definitions(root, names, request)
	if sample == "" && !(merged.Kind == importer.KindObject && len(merged.Keys) == 0 || merged.Kind == importer.KindNone) {
		sample = string(generate(nil, merged, 0))
	}
	return defs, sample, nil
}

// renameAll gives inferred nested definitions names the builder has not
// used yet (a request's nested objects may share a response's names).
func renameAll(defs project.Definitions, root string, names *importer.DefinitionNames, request bool) {
	renamed := map[string]string{}
	for _, def := range defs {
		if def.Name != root {
			n := names.Unique(def.Name, request)
			renamed[def.Name], def.Name = n, n
		}
	}
	importer.RenameRefs(defs, renamed)
}
