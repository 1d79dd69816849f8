package asyncapi

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// load reads the version, servers and channels.
func (d *Document) load() error {
	root := d.root
	if !isMap(root) {
		return docErr(d.Name, ErrNotAsyncAPI, "is not an AsyncAPI document: its top level is not an object with an asyncapi field")
	}
	d.Version = str(field(root, "asyncapi"))
	if d.Version == "" {
		switch {
		case get(root.n, "openapi") != nil || get(root.n, "swagger") != nil:
			return docErr(d.Name, ErrNotAsyncAPI, "is an OpenAPI (Swagger) document, not AsyncAPI: it describes HTTP requests, not WebSocket channels")
		default:
			return docErr(d.Name, ErrNotAsyncAPI, "is not an AsyncAPI document: it has no asyncapi field at the top")
		}
	}
	major, minor, ok := version(d.Version)
	if !ok || !(major == 2 && minor <= 6 || major == 3 && minor <= 1) {
		return docErr(d.Name, ErrVersion, "is AsyncAPI %s; the studio reads AsyncAPI 2.0 to 2.6 and 3.0 to 3.1", d.Version)
	}
	d.major = major
	info, err := d.r.deref(field(root, "info"))
	if err != nil {
		return err
	}
	d.Title = str(field(info, "title"))

	servers, err := d.r.deref(field(root, "servers"))
	if err != nil {
		return err
	}
	byNode := map[*yaml.Node]string{}
	var protocols []string
	ws := 0
	for _, m := range members(servers) {
		sv, err := d.r.deref(m.val)
		if err != nil {
			return err
		}
		s := Server{Name: m.key, Protocol: strings.ToLower(str(field(sv, "protocol")))}
		byNode[sv.n] = m.key
		if s.WebSocket() {
			ws++
			s.URL, s.Problem = d.serverURL(sv, s.Protocol)
		} else if s.Protocol != "" {
			protocols = append(protocols, s.Protocol)
		}
		for _, k := range []string{"security", "bindings"} {
			if get(sv.n, k) != nil && s.WebSocket() {
				d.r.note("%s of server %s", k, m.key)
			}
		}
		d.Servers = append(d.Servers, s)
	}
	switch {
	case len(d.Servers) == 0:
		return docErr(d.Name, ErrNoWebSocket, "has no servers, so it gives no WebSocket address to connect to: add a server with protocol ws or wss")
	case ws == 0:
		return docErr(d.Name, ErrNoWebSocket, "has no WebSocket server: its servers use %s, not ws or wss", strings.Join(uniq(protocols), ", "))
	}

	channels, err := d.r.deref(field(root, "channels"))
	if err != nil {
		return err
	}
	for _, m := range members(channels) {
		cl, err := d.r.deref(m.val)
		if err != nil {
			return err
		}
		c := Channel{Name: m.key, node: cl}
		if d.major == 2 {
			c.Address = m.key
			for _, s := range items(field(cl, "servers")) {
				c.Servers = append(c.Servers, str(s))
			}
		} else {
			c.Address = str(field(cl, "address"))
			c.Title = str(field(cl, "title"))
			for _, s := range items(field(cl, "servers")) {
				sv, err := d.r.deref(s)
				if err != nil {
					return err
				}
				if name, ok := byNode[sv.n]; ok {
					c.Servers = append(c.Servers, name)
				}
			}
		}
		params, err := d.r.deref(field(cl, "parameters"))
		if err != nil {
			return err
		}
		for _, pm := range members(params) {
			p, err := d.parameter(pm.key, pm.val)
			if err != nil {
				return err
			}
			c.Parameters = append(c.Parameters, p)
		}
		d.Channels = append(d.Channels, c)
	}
	return nil
}

// version splits "2.6.0" into 2 and 6.
func version(v string) (major, minor int, ok bool) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	return major, minor, err1 == nil && err2 == nil
}

func uniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// serverURL builds scheme://host/pathname, filling server variables with
// their defaults.
func (d *Document) serverURL(sv loc, protocol string) (string, string) {
	var hostPath string
	if d.major == 2 {
		hostPath = str(field(sv, "url"))
		if _, rest, ok := strings.Cut(hostPath, "://"); ok {
			hostPath = rest
		}
	} else {
		hostPath = str(field(sv, "host")) + str(field(sv, "pathname"))
	}
	if hostPath == "" {
		return "", "it has no host"
	}
	vars, err := d.r.deref(field(sv, "variables"))
	if err != nil {
		return "", err.Error()
	}
	for _, m := range members(vars) {
		v, err := d.r.deref(m.val)
		if err != nil {
			return "", err.Error()
		}
		val := str(field(v, "default"))
		if val == "" {
			if e := items(field(v, "enum")); len(e) > 0 {
				val = str(e[0])
			}
		}
		ph := "{" + m.key + "}"
		if strings.Contains(hostPath, ph) && val == "" {
			return "", fmt.Sprintf("its variable %s has no default value", m.key)
		}
		hostPath = strings.ReplaceAll(hostPath, ph, val)
	}
	if i := strings.Index(hostPath, "{"); i >= 0 {
		j := strings.Index(hostPath[i:], "}")
		if j > 0 {
			return "", fmt.Sprintf("its variable %s is not defined", hostPath[i+1:i+j])
		}
	}
	return protocol + "://" + strings.TrimSuffix(hostPath, "/"), ""
}

// parameter reads a channel parameter: 2.x keeps its values in a schema,
// 3.x in the parameter itself.
func (d *Document) parameter(name string, l loc) (Parameter, error) {
	p := Parameter{Name: name, Type: "string"}
	pl, err := d.r.deref(l)
	if err != nil {
		return p, err
	}
	src := pl
	if d.major == 2 {
		if src, err = d.r.deref(field(pl, "schema")); err != nil {
			return p, err
		}
		if t := schemaType(str(field(src, "type"))); t != "" {
			p.Type = t
		}
	}
	for _, e := range items(field(src, "enum")) {
		p.Enum = append(p.Enum, d.r.scalarText(e))
	}
	p.Default = d.r.firstValue(src)
	if d.r.work > maxWork {
		return p, d.r.tooComplex()
	}
	return p, nil
}

// schemaType maps a JSON Schema primitive type onto a parameter type.
func schemaType(t string) string {
	switch t {
	case "integer", "number", "boolean", "string":
		return t
	}
	return ""
}

// firstValue is a schema's or parameter's default, else its first example,
// else its const or first enum value; "" when it has none.
func (r *resolver) firstValue(l loc) string {
	if v := field(l, "default"); v.ok() {
		return r.scalarText(v)
	}
	if e := items(field(l, "examples")); len(e) > 0 {
		return r.scalarText(e[0])
	}
	for _, k := range []string{"example", "const"} {
		if v := field(l, k); v.ok() {
			return r.scalarText(v)
		}
	}
	if e := items(field(l, "enum")); len(e) > 0 {
		return r.scalarText(e[0])
	}
	return ""
}

// scalarText is a scalar as text; objects and arrays become compact JSON.
func (r *resolver) scalarText(l loc) string {
	n := alias(l.n)
	if n == nil {
		return ""
	}
	if n.Kind == yaml.ScalarNode {
		if n.Tag == "!!null" {
			return ""
		}
		return n.Value
	}
	var b []byte
	b, _ = appendJSON(b, n, 0, &r.work)
	return string(b)
}
