package project

import (
	"path"
	"strings"

	"github.com/tidwall/gjson"
)

// The seven WaveMaker files of a WebSocket service and the studio's own
// sidecar. Each shape is written by exactly one function below.

const (
	controllerName = "WebSocketServiceVirtualController"
	securityName   = "WM_WebSocket_Service_Authorization"
)

// invokePath is the designtime path key: /<id>/invoke + relative path.
func invokePath(s *Service) string {
	return "/" + s.ID + "/invoke" + relPath(s)
}

func relPath(s *Service) string {
	if s.RelativePath == "" {
		return "/"
	}
	return s.RelativePath
}

func placeholder(id, part string) string { return "${" + profileKey(id, part) + "}" }

// completePath is the URL with profile placeholders.
func completePath(s *Service) string {
	return placeholder(s.ID, "scheme") + "://" + placeholder(s.ID, "host") + placeholder(s.ID, "basepath") + relPath(s)
}

func serviceInfoDoc(s *Service) obj {
	title := s.Title
	if title == "" {
		title = s.ID
	}
	return obj{{"id", s.ID}, {"type", ServiceTypeWebSocket}, {"title", title}}
}

// swaggerVariant selects one of the three Swagger documents of a service.
type swaggerVariant int

const (
	swaggerDesign       swaggerVariant = iota // designtime/<id>_API_WEBSOCKET_SERVICE.json
	swaggerDesignTarget                       // designtime/<id>_apiTarget.json
	swaggerSrcTarget                          // src/<id>_apiTarget.json
)

// swaggerDoc is the one writer of a service's Swagger 2.0 document.
func swaggerDoc(s *Service, variant swaggerVariant) obj {
	info := obj{
		{"version", "2.0"},
		{"x-WM-SERVICE_TYPE", ServiceTypeWebSocket},
		{"x-WM-SERVICE_ID", s.ID},
		{"x-WM-API_ID", s.APIID},
		{"x-WM-USE_PROXY_FOR_WEB", false},
		{"x-WM-USE_PROXY_FOR_MOBILE", true},
	}
	host, basePath, scheme := s.Host, "", s.Scheme
	key := relPath(s)
	switch variant {
	case swaggerDesign:
		key = invokePath(s)
	case swaggerDesignTarget:
		basePath = s.BasePath
	case swaggerSrcTarget:
		host, basePath, scheme = placeholder(s.ID, "host"), placeholder(s.ID, "basepath"), placeholder(s.ID, "scheme")
	}
	inTypes := arr{}
	if len(s.Request) > 0 {
		inTypes = arr{"#/definitions/RootRequest"}
	}
	params := arr{}
	for _, p := range s.QueryParams {
		params = append(params, paramDoc(p, "query"))
	}
	for _, p := range s.PathParams {
		params = append(params, paramDoc(p, "path"))
	}
	get := obj{
		{"tags", arr{controllerName}},
		{"operationId", s.OperationID()},
		{"parameters", params},
		{"security", arr{obj{{securityName, arr{}}}}},
		{"x-WM-METHOD_NAME", "invoke"},
		{"x-WM-ACCESS_SPECIFIER", "APP_ONLY"},
		{"x-WM-IN-PARAMS-TYPE", inTypes},
		{"x-WM-OUT-PARAMS-TYPE", arr{"#/definitions/RootResponse"}},
	}
	pathItem := obj{
		{"get", get},
		{"x-WM-BASE_PATH", key},
		{"x-WM-TAG", controllerName},
		{"x-WM-RELATIVE_PATH", ""},
		{"x-WM-COMPLETE_PATH", completePath(s)},
	}
	return obj{
		{"swagger", "2.0"},
		{"info", info},
		{"host", host},
		{"basePath", basePath},
		{"tags", arr{obj{{"name", controllerName}, {"description", "WebSocket service swagger documentation"}}}},
		{"schemes", arr{scheme}},
		{"paths", obj{{key, pathItem}}},
		{"definitions", definitionsDoc(s)},
	}
}

func paramDoc(p Param, in string) obj {
	typ := p.Type
	if typ == "" {
		typ = "string"
	}
	return obj{{"name", p.Name}, {"in", in}, {"type", typ}, {"required", p.Required || in == "path"}}
}

// definitionsDoc writes the response definitions, then the request ones
// whose names are not taken yet.
func definitionsDoc(s *Service) obj {
	out := obj{}
	seen := map[string]bool{}
	for _, defs := range []Definitions{s.Response, s.Request} {
		for _, d := range defs {
			if seen[d.Name] {
				continue
			}
			seen[d.Name] = true
			props := obj{}
			for i := range d.Properties {
				props = append(props, member{d.Properties[i].Name, propertyDoc(&d.Properties[i])})
			}
			out = append(out, member{d.Name, obj{
				{"properties", props},
				{"x-WM-FULLY_QUALIFIED_NAME", s.ID + "." + d.Name},
				{"x-WM-TAGS", arr{controllerName}},
			}})
		}
	}
	return out
}

func propertyDoc(p *Property) obj {
	if p.Ref != "" {
		return obj{{"$ref", "#/definitions/" + p.Ref}}
	}
	o := obj{}
	if p.Type != "" {
		o = o.add("type", p.Type)
	}
	if p.Format != "" {
		o = o.add("format", p.Format)
	}
	if p.Items != nil {
		o = o.add("items", propertyDoc(p.Items))
	}
	if p.IsList {
		o = o.add("x-WM-IS_LIST", true)
	}
	return o
}

func connectionDoc(s *Service) obj {
	headers := obj{}
	for _, h := range s.Headers {
		headers = headers.add(h.Name, h.Value)
	}
	query := obj{}
	for _, q := range s.QueryParams {
		query = query.add(q.Name, q.Value)
	}
	return obj{
		{"endpointAddress", s.Endpoint},
		{"method", "GET"},
		{"contentType", ""},
		{"sampleRequestBody", s.SampleRequest},
		{"authType", "NONE"},
		{"headers", headers},
		{"queryParams", query},
		{"sampleWebSocketResponse", obj{
			{"responseBody", s.SampleResponse},
			{"convertedResponse", nil},
			{"statusCode", 0},
			{"contentType", ""},
		}},
	}
}

func serviceDefsDoc(s *Service) obj {
	params := arr{}
	for _, p := range s.QueryParams {
		params = append(params, obj{{"name", p.Name}, {"parameterType", "query"}, {"type", orString(p.Type)}, {"required", p.Required}})
	}
	for _, p := range s.PathParams {
		params = append(params, obj{{"name", p.Name}, {"parameterType", "path"}, {"type", orString(p.Type)}, {"required", true}})
	}
	op := s.OperationID()
	return obj{{op, obj{
		{"id", op},
		{"service", s.ID},
		{"controller", controllerName},
		{"operationType", nil},
		{"type", nil},
		{"wmServiceOperationInfo", obj{
			{"name", "invoke"},
			{"methodType", "get"},
			{"httpMethod", "get"},
			{"relativePath", invokePath(s)},
			{"directPath", completePath(s)},
			{"parameters", params},
			{"definitions", obj{}},
			{"produces", nil},
			{"consumes", nil},
			{"proxySettings", obj{{"web", false}, {"mobile", true}}},
			{"securityDefinitions", arr{}},
		}},
	}}}
}

func orString(t string) string {
	if t == "" {
		return "string"
	}
	return t
}

const springXML = `<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:security="http://www.springframework.org/schema/security"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
       xmlns:mvc="http://www.springframework.org/schema/mvc"
       xmlns:context="http://www.springframework.org/schema/context"
       xmlns:tx="http://www.springframework.org/schema/tx"
       xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd http://www.springframework.org/schema/security http://www.springframework.org/schema/security/spring-security.xsd http://www.springframework.org/schema/mvc http://www.springframework.org/schema/mvc/spring-mvc.xsd http://www.springframework.org/schema/context http://www.springframework.org/schema/context/spring-context.xsd http://www.springframework.org/schema/tx http://www.springframework.org/schema/tx/spring-tx.xsd">
</beans>
`

// studioDoc is the sidecar with the settings WaveMaker has no place for.
func studioDoc(s *Service) obj {
	pp := arr{}
	for _, p := range s.PathParams {
		pp = append(pp, obj{{"name", p.Name}, {"value", p.Value}, {"type", orString(p.Type)}})
	}
	return obj{
		{"subprotocols", append([]string{}, s.Subprotocols...)},
		{"pathParams", pp},
		{"tls", obj{{"caFile", s.TLS.CAFile}, {"insecureSkipVerify", s.TLS.InsecureSkipVerify}}},
	}
}

// serviceFiles renders every file of a WebSocket service in the studio's
// style, keyed by path relative to the project folder. oldSpring names the
// Spring file src/<id>.spring.xml rather than src/service_<id>.spring.xml.
func serviceFiles(s *Service, oldSpring bool) map[string][]byte {
	sp := pathsOf(s.ID)
	l := serviceLayout{spring: sp.spring}
	if oldSpring {
		l.spring = sp.oldSpring
	}
	return renderService(s, l)
}

// serviceLayout is how a service's folder is laid out on disk.
type serviceLayout struct {
	spring string // the Spring file, relative to the project folder
	xmlDef []byte // designtime/servicedef.xml as read, for a service it describes (nil otherwise)
	// styles is the JSON layout of each file as read, by role ("info",
	// "designAPI" …); a file not listed is written in style def.
	styles map[string]jsonStyle
	raw    map[string][]byte // each JSON file as read (or as last saved), by role
	// springRaw is the Spring file as read: a service the studio did not
	// create keeps its own (under its new name when renamed).
	springRaw []byte
	def       jsonStyle
	// fromDisk is true for a service that was read from the folder.
	fromDisk bool
}

// studioDefault reports whether the sidecar would hold nothing but defaults.
func studioDefault(s *Service) bool {
	return len(s.Subprotocols) == 0 && len(s.PathParams) == 0 && s.TLS == (TLSOptions{})
}

// roleFiles are the JSON files of a service by role.
func (sp servicePaths) roleFiles() map[string]string {
	return map[string]string{
		"info": sp.info, "designAPI": sp.designAPI, "designTarget": sp.designTarget, "srcTarget": sp.srcTarget,
		"connection": sp.connection, "defs": sp.defs, "studio": sp.studio,
	}
}

// renderService renders the files of a WebSocket service laid out as l.
// A service described by servicedef.xml gets no service-info.json; its
// servicedef.xml is rewritten only when the service was renamed (its id
// and Spring file attributes follow).
func renderService(s *Service, l serviceLayout) map[string][]byte {
	sp := pathsOf(s.ID)
	docs := map[string]obj{
		"info":         serviceInfoDoc(s),
		"designAPI":    swaggerDoc(s, swaggerDesign),
		"designTarget": swaggerDoc(s, swaggerDesignTarget),
		"srcTarget":    swaggerDoc(s, swaggerSrcTarget),
		"connection":   connectionDoc(s),
		"defs":         serviceDefsDoc(s),
		"studio":       studioDoc(s),
	}
	def := l.def
	if def.sep == "" {
		def = studioStyle
	}
	out := map[string][]byte{}
	for role, rel := range sp.roleFiles() {
		if role == "info" && l.xmlDef != nil {
			continue
		}
		if _, had := l.styles[role]; role == "studio" && !had && l.fromDisk && studioDefault(s) {
			continue // a service read without the sidecar keeps going without it
		}
		st, ok := l.styles[role]
		if !ok {
			st = def
		}
		if raw, ok := l.raw[role]; ok {
			// Patch the file as read: what did not change keeps its bytes.
			if b, err := patchJSON(raw, docs[role], st, role == "defs"); err == nil {
				out[rel] = b
				continue
			}
		}
		out[rel] = documentStyled(docs[role], st)
	}
	spring := l.spring
	if spring == "" {
		spring = sp.oldSpring
	}
	out[spring] = []byte(springXML)
	if l.springRaw != nil {
		out[spring] = l.springRaw
	}
	if l.xmlDef != nil {
		out[sp.xmlDef] = retagServiceDef(l.xmlDef, s.ID, path.Base(spring))
	}
	return out
}

// readFile is how the loader reads a file relative to the project folder;
// ok is false when it does not exist.
type readFunc func(rel string) (data []byte, ok bool, err error)

// readService reads the service folder services/<id>: its type from
// designtime/service-info.json or, in older projects, from
// designtime/servicedef.xml, and for a WebSocket service everything else.
// A folder with neither file is listed read-only with no type.
func readService(id string, read readFunc) (s *Service, l serviceLayout, err error) {
	sp := pathsOf(id)
	l.styles = map[string]jsonStyle{}
	l.fromDisk = true
	info, ok, err := read(sp.info)
	if err != nil {
		return nil, l, err
	}
	s = &Service{ID: id, Title: id}
	if ok {
		if err := checkJSON(sp.info, info); err != nil {
			return nil, l, err
		}
		l.styles["info"] = detectStyle(info)
		l.raw = map[string][]byte{"info": info}
		ig := gjson.ParseBytes(info)
		s.Type = ig.Get("type").String()
		if t := ig.Get("title").String(); t != "" {
			s.Title = t
		}
	} else {
		xd, ok, err := read(sp.xmlDef)
		if err != nil {
			return nil, l, err
		}
		if !ok {
			// A folder with neither file: list it, never touch it.
			s.ReadOnly = true
			return s, l, nil
		}
		def, err := parseServiceDef(sp.xmlDef, xd)
		if err != nil {
			return nil, l, err
		}
		s.Type = def.Type
		if def.Type == ServiceTypeWebSocket {
			l.xmlDef = xd
			if def.SpringFile != "" && path.Base(def.SpringFile) == def.SpringFile {
				l.spring = path.Join(servicesDir, id, "src", def.SpringFile)
			}
		}
	}
	if s.Type != ServiceTypeWebSocket {
		s.ReadOnly = true
		return s, l, nil
	}
	// Every file must be well formed; the error names the file and line.
	files := map[string][]byte{}
	for role, rel := range sp.roleFiles() {
		if role == "info" {
			continue
		}
		data, ok, err := read(rel)
		if err != nil {
			return nil, l, err
		}
		if !ok {
			continue
		}
		if err := checkJSON(rel, data); err != nil {
			return nil, l, err
		}
		files[rel] = data
		l.styles[role] = detectStyle(data)
		if l.raw == nil {
			l.raw = map[string][]byte{}
		}
		l.raw[role] = data
	}
	springs := []string{sp.oldSpring, sp.spring}
	if l.spring != "" {
		springs = append([]string{l.spring}, springs...)
	}
	for _, rel := range springs {
		data, ok, err := read(rel)
		if err != nil {
			return nil, l, err
		}
		if !ok {
			continue
		}
		if err := checkXML(rel, data); err != nil {
			return nil, l, err
		}
		if l.spring == "" || l.spring == rel && l.springRaw == nil {
			l.spring, l.springRaw = rel, data
		}
	}
	if l.spring == "" {
		l.spring = sp.oldSpring
	}

	conn := gjson.ParseBytes(files[sp.connection])
	s.Endpoint = conn.Get("endpointAddress").String()
	s.SampleRequest = conn.Get("sampleRequestBody").String()
	s.SampleResponse = conn.Get("sampleWebSocketResponse.responseBody").String()
	conn.Get("headers").ForEach(func(k, v gjson.Result) bool {
		s.Headers = append(s.Headers, Param{Name: k.String(), Value: v.String(), Type: "string"})
		return true
	})

	api := gjson.ParseBytes(files[sp.designAPI])
	s.APIID = api.Get("info.x-WM-API_ID").String()
	declared := map[string]gjson.Result{} // swagger parameters by in:name
	api.Get("paths").ForEach(func(_, item gjson.Result) bool {
		item.Get("get.parameters").ForEach(func(_, p gjson.Result) bool {
			declared[p.Get("in").String()+":"+p.Get("name").String()] = p
			return true
		})
		return false
	})
	typed := func(p Param, in string) Param {
		if d, ok := declared[in+":"+p.Name]; ok {
			p.Type = orString(d.Get("type").String())
			p.Required = d.Get("required").Bool()
		}
		return p
	}
	conn.Get("queryParams").ForEach(func(k, v gjson.Result) bool {
		s.QueryParams = append(s.QueryParams, typed(Param{Name: k.String(), Value: v.String(), Type: "string"}, "query"))
		return true
	})

	st := gjson.ParseBytes(files[sp.studio])
	st.Get("subprotocols").ForEach(func(_, v gjson.Result) bool {
		s.Subprotocols = append(s.Subprotocols, v.String())
		return true
	})
	s.TLS.CAFile = st.Get("tls.caFile").String()
	s.TLS.InsecureSkipVerify = st.Get("tls.insecureSkipVerify").Bool()
	values := map[string]string{}
	st.Get("pathParams").ForEach(func(_, v gjson.Result) bool {
		values[v.Get("name").String()] = v.Get("value").String()
		return true
	})
	for _, k := range sortedKeysOf(declared) {
		if in, name, _ := strings.Cut(k, ":"); in == "path" {
			s.PathParams = append(s.PathParams, Param{Name: name, Value: values[name], Type: orString(declared[k].Get("type").String()), Required: true})
		}
	}
	// Path parameters in the order they appear in the endpoint.
	orderPathParams(s)

	if ep, err := SplitEndpoint(s.Endpoint); err == nil && s.Endpoint != "" {
		s.Scheme, s.Host, s.BasePath, s.RelativePath = ep.Scheme, ep.Host, ep.BasePath, ep.RelativePath
	} else {
		// No endpoint in the connection settings (older projects): the
		// Swagger documents hold its parts.
		s.Host = api.Get("host").String()
		s.Scheme = api.Get("schemes.0").String()
		s.BasePath = gjson.GetBytes(files[sp.designTarget], "basePath").String()
		api.Get("paths").ForEach(func(k, _ gjson.Result) bool {
			s.RelativePath = strings.TrimPrefix(k.String(), "/"+id+"/invoke")
			return false
		})
		if s.Endpoint == "" && s.Scheme != "" && s.Host != "" {
			s.Endpoint = s.Scheme + "://" + s.Host + s.BasePath + relPath(s)
		}
	}

	defs := api.Get("definitions")
	s.Response = readDefinitions(defs, "RootResponse")
	s.Request = readDefinitions(defs, "RootRequest")
	return s, l, nil
}

// maxDepth bounds how deeply nested array items are followed.
const maxDepth = 64

func sortedKeysOf(m map[string]gjson.Result) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}

func orderPathParams(s *Service) {
	pos := func(p Param) int {
		i := strings.Index(s.Endpoint, "{"+p.Name+"}")
		if i < 0 {
			return len(s.Endpoint)
		}
		return i
	}
	ps := s.PathParams
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && pos(ps[j]) < pos(ps[j-1]); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// readDefinitions collects root and every definition reachable from it, in
// the order they are first referred to.
func readDefinitions(all gjson.Result, root string) Definitions {
	if !all.Get(gjson.Escape(root)).Exists() {
		return nil
	}
	var out Definitions
	seen := map[string]bool{}
	queue := []string{root}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		raw := all.Get(gjson.Escape(name))
		if !raw.Exists() {
			continue
		}
		d := &Definition{Name: name}
		raw.Get("properties").ForEach(func(k, v gjson.Result) bool {
			p := readProperty(v, &queue, 0)
			p.Name = k.String()
			d.Properties = append(d.Properties, p)
			return true
		})
		out = append(out, d)
	}
	return out
}

func readProperty(v gjson.Result, queue *[]string, depth int) Property {
	var p Property
	if depth > maxDepth {
		return p
	}
	if ref := v.Get(`\$ref`).String(); ref != "" {
		p.Ref = path.Base(ref)
		*queue = append(*queue, p.Ref)
		return p
	}
	p.Type = v.Get("type").String()
	p.Format = v.Get("format").String()
	p.IsList = v.Get("x-WM-IS_LIST").Bool()
	if items := v.Get("items"); items.IsObject() {
		it := readProperty(items, queue, depth+1)
		p.Items = &it
	}
	return p
}
