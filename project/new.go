package project

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// NewService makes a WebSocket service for an endpoint such as
// wss://quotes.example.com/feeds/ticker?symbols=ACME. The endpoint is split
// the way the profile and the Swagger files hold it (scheme, host with port,
// base path, relative path); its query becomes the service's query
// parameters and its {name} segments its path parameters. The service has no
// API id yet: AddService gives it one.
func NewService(id, endpoint string) (*Service, error) {
	if err := ValidIdentifier(id); err != nil {
		return nil, fmt.Errorf("service id: %w", err)
	}
	ep, err := SplitEndpoint(endpoint)
	if err != nil {
		return nil, fmt.Errorf("service %s: %w", id, err)
	}
	return &Service{
		ID:           id,
		Title:        id,
		Type:         ServiceTypeWebSocket,
		Endpoint:     strings.TrimSpace(endpoint),
		Scheme:       ep.Scheme,
		Host:         ep.Host,
		BasePath:     ep.BasePath,
		RelativePath: ep.RelativePath,
		QueryParams:  ep.Query,
		PathParams:   ep.PathParams,
	}, nil
}

// NewVariable makes a WebSocket variable for service s with WaveMaker's
// defaults: connect on page load, the refresh strategy, a data limit of 20,
// the service's operation id and response type, and a binding for every
// query and path parameter that has a value (and for the sample request as
// the RequestBody). owner is OwnerPage or OwnerApp; page is ignored for the
// App. The variable still has to be added with AddVariable.
func NewVariable(name string, s *Service, owner, page string) *Variable {
	v := &Variable{
		ID:          VariableID(name, time.Now()),
		Name:        name,
		Owner:       owner,
		Page:        page,
		StartUpdate: true,
		Strategy:    StrategyRefresh,
		DataLimit:   20,
	}
	if owner == OwnerApp {
		v.Page = ""
	}
	if s == nil {
		return v
	}
	v.Service, v.OperationID, v.Type = s.ID, s.OperationID(), s.ResponseType()
	query, path := s.params()
	for _, ps := range [][]Param{query, path} {
		for _, p := range ps {
			if p.Value == "" {
				continue
			}
			typ := p.Type
			if typ == "" {
				typ = "string"
			}
			v.DataBinding = append(v.DataBinding, Binding{Target: p.Name, Value: p.Value, Type: typ})
		}
	}
	if s.SampleRequest != "" {
		v.DataBinding = append(v.DataBinding, Binding{Target: "RequestBody", Value: s.SampleRequest, Type: "object"})
	}
	return v
}

// VariableID is WaveMaker's "_id" of a WebSocket variable created at t:
// wm-<name>-wm.WebSocketVariable-<unix milliseconds>.
func VariableID(name string, t time.Time) string {
	return "wm-" + name + "-" + CategoryWebSocket + "-" + strconv.FormatInt(t.UnixMilli(), 10)
}

// params are the service's query and path parameters; nil QueryParams or
// PathParams mean the endpoint's own query and {name} segments (an empty,
// non-nil list means none).
func (s *Service) params() (query, path []Param) {
	query, path = s.QueryParams, s.PathParams
	if query != nil && path != nil {
		return query, path
	}
	ep, err := SplitEndpoint(s.Endpoint)
	if err != nil {
		return query, path
	}
	if query == nil {
		query = ep.Query
	}
	if path == nil {
		path = ep.PathParams
	}
	return query, path
}

// pathParamsIn lists the {name} segments of an endpoint path in order, each
// once, as required string parameters; nil when there are none.
func pathParamsIn(p string) []Param {
	var out []Param
	seen := map[string]bool{}
	for {
		open := strings.IndexByte(p, '{')
		if open < 0 {
			return out
		}
		end := strings.IndexByte(p[open:], '}')
		if end < 0 {
			return out
		}
		name := p[open+1 : open+end]
		p = p[open+end+1:]
		if name == "" || strings.ContainsAny(name, "{/") || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, Param{Name: name, Type: "string", Required: true})
	}
}
