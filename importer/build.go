package importer

import (
	"fmt"

	"github.com/google/uuid"

	"wsstudio/project"
)

// Build makes the service for a spec. existing (may be nil) is the service
// being edited: its API id is kept; a new service gets a new one.
func Build(s Spec, existing *project.Service) (*project.Service, error) {
	ep, err := ParseEndpoint(s.URL)
	if err != nil {
		return nil, err
	}
	id := s.ID
	if id == "" {
		id = ep.SuggestedID
	}
	if err := project.ValidIdentifier(id); err != nil {
		return nil, fmt.Errorf("service id: %w", err)
	}
	pathParams, err := mergePathParams(ep.PathParams, s.PathParams)
	if err != nil {
		return nil, err
	}
	resp, err := Infer([]byte(s.SampleResponse), "RootResponse")
	if err != nil {
		return nil, fmt.Errorf("sample response: %w", err)
	}
	var req project.Definitions
	if s.SampleRequest != "" {
		if req, err = Infer([]byte(s.SampleRequest), "RootRequest"); err != nil {
			return nil, fmt.Errorf("sample request: %w", err)
		}
		renameClashes(req, resp)
	}
	svc, err := project.NewService(id, ep.URL)
	if err != nil {
		return nil, err
	}
	if s.Query != nil {
		svc.QueryParams = cloneParams(s.Query)
	}
	svc.PathParams = pathParams
	svc.Headers = cloneParams(s.Headers)
	svc.Subprotocols = append([]string(nil), s.Subprotocols...)
	svc.TLS = s.TLS
	svc.SampleRequest, svc.SampleResponse = s.SampleRequest, s.SampleResponse
	svc.Request, svc.Response = req, resp
	if existing != nil && existing.APIID != "" {
		svc.APIID = existing.APIID
		if existing.Title != "" && existing.Title != existing.ID {
			svc.Title = existing.Title
		}
	} else {
		svc.APIID = uuid.NewString()
	}
	for i := range svc.QueryParams {
		if svc.QueryParams[i].Type == "" {
			svc.QueryParams[i].Type = "string"
		}
	}
	for i := range svc.Headers {
		if svc.Headers[i].Type == "" {
			svc.Headers[i].Type = "string"
		}
	}
	return svc, nil
}

// cloneParams copies a parameter list; an empty list stays empty, not nil,
// since nil query parameters mean the URL's own query.
func cloneParams(p []project.Param) []project.Param {
	if p == nil {
		return nil
	}
	return append(make([]project.Param, 0, len(p)), p...)
}

// mergePathParams keeps the URL's {name} parameters, in URL order, with the
// values and types the spec gives them; a spec parameter the URL does not
// have is an error.
func mergePathParams(fromURL, given []project.Param) ([]project.Param, error) {
	byName := map[string]project.Param{}
	for _, p := range given {
		byName[p.Name] = p
	}
	out := make([]project.Param, 0, len(fromURL))
	known := map[string]bool{}
	for _, p := range fromURL {
		known[p.Name] = true
		if g, ok := byName[p.Name]; ok {
			p.Value = g.Value
			if g.Type != "" {
				p.Type = g.Type
			}
		}
		p.Required = true
		out = append(out, p)
	}
	for _, p := range given {
		if !known[p.Name] {
			return nil, fmt.Errorf("The path parameter %q is not in the URL: add {%s} to the path or remove the parameter.", p.Name, p.Name)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// renameClashes gives nested request definitions whose names the response
// also uses a "Request" suffix, so both fit in one definitions object.
func renameClashes(req, resp project.Definitions) {
	used := map[string]bool{}
	for _, d := range resp {
		used[d.Name] = true
	}
	for _, d := range req {
		used[d.Name] = true
	}
	renamed := map[string]string{}
	for _, d := range req[1:] {
		if resp.Definition(d.Name) == nil {
			continue
		}
		name := d.Name + "Request"
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%sRequest%d", d.Name, i)
		}
		used[name] = true
		renamed[d.Name] = name
		d.Name = name
	}
	if len(renamed) == 0 {
		return
	}
	RenameRefs(req, renamed)
}

// RenameRefs points every $ref of defs that names a renamed definition
// (old name → new name) at its new name.
func RenameRefs(defs project.Definitions, renamed map[string]string) {
	var fix func(p *project.Property)
	fix = func(p *project.Property) {
		if n, ok := renamed[p.Ref]; ok {
			p.Ref = n
		}
		if p.Items != nil {
			fix(p.Items)
		}
	}
	for _, d := range defs {
		for i := range d.Properties {
			fix(&d.Properties[i])
		}
	}
}
