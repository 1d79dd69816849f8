package variable

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"time"

	"wsstudio/project"
	"wsstudio/wire"
)

// settings is an immutable snapshot of everything a variable needs to
// connect: taken from the project on the caller's goroutine by New and
// Apply, then only read, from any goroutine. Nothing in it points into the
// project model, which the window keeps editing while the variable runs.
type settings struct {
	dial    wire.Config     // URL resolved, headers with bindings applied
	urlErr  error           // why the URL could not be resolved, if it could not
	secrets project.Secrets // what dial carries that must never be shown

	ping      time.Duration
	reconnect project.Reconnect
	body      string // the bound RequestBody
	hasBody   bool
	// Bindings to the page's inputs (bind:Widgets.<name>.datavalue) are
	// read when a message is sent or a connection dialled, not here.
	bodyInput  string       // the input RequestBody reads; "" = none
	dialInputs []inputParam // parameters and headers that read an input
	schema     *schemaPlan  // the service's RootResponse compiled; nil = nothing to check

	// What the URL was resolved from, kept (as copies) so that Apply can
	// resolve it again with new bindings without going back to the project.
	svc     project.Service
	profile project.Profile
	pv      project.Variable
}

// copyService copies the connection settings of s, deep enough that
// editing s afterwards does not change the copy.
func copyService(s *project.Service) project.Service {
	c := project.Service{
		ID: s.ID, Title: s.Title, Type: s.Type, ReadOnly: s.ReadOnly,
		Endpoint: s.Endpoint, Scheme: s.Scheme, Host: s.Host, BasePath: s.BasePath, RelativePath: s.RelativePath,
		QueryParams:  slices.Clone(s.QueryParams),
		PathParams:   slices.Clone(s.PathParams),
		Headers:      slices.Clone(s.Headers),
		Subprotocols: slices.Clone(s.Subprotocols),
		TLS:          s.TLS,
	}
	return c
}

// copyVariable copies pv, its bindings included.
func copyVariable(pv *project.Variable) project.Variable {
	c := *pv
	c.DataBinding = slices.Clone(pv.DataBinding)
	return c
}

// snapshot resolves the settings of pv against service svc and profile pr
// (nil = none): the URL (environment overrides included; env nil = the
// process environment, where a variable set to "" overrides too), headers with bound values, subprotocols, TLS, limits, reconnect.
func snapshot(svc project.Service, pr project.Profile, pv project.Variable, env func(string) string) *settings {
	st := &settings{svc: svc, profile: pr, pv: pv, ping: pv.PingInterval, reconnect: pv.Reconnect}
	// The one resolver, run on a project that holds only the copied profile.
	scope := &project.Project{Profiles: []*project.Profile{&st.profile}}
	u, err := scope.ResolveURL(&st.svc, pr.Name, pv.DataBinding, env)
	if err != nil {
		st.urlErr = err
	}
	h := http.Header{}
	for _, p := range svc.Headers {
		val := p.Value
		for _, b := range pv.DataBinding {
			if b.Target == p.Name {
				val = b.Value
			}
		}
		if val != "" {
			h.Set(p.Name, val)
		}
	}
	for _, b := range pv.DataBinding {
		in, isInput := BoundInput(b.Value)
		switch {
		case b.Target == "RequestBody":
			st.body, st.hasBody, st.bodyInput = b.Value, true, in
		case isInput:
			st.dialInputs = append(st.dialInputs, inputParam{target: b.Target, input: in})
		}
	}
	st.dial = wire.Config{
		URL:                u,
		Headers:            h,
		Subprotocols:       slices.Clone(svc.Subprotocols),
		HandshakeTimeout:   pv.HandshakeTimeout,
		CAFile:             svc.TLS.CAFile,
		InsecureSkipVerify: svc.TLS.InsecureSkipVerify,
		ReadLimit:          pv.ReadLimit,
	}
	st.secrets = wire.Secrets(st.dial)
	return st
}

// takeSnapshot reads service, profile and variable from project p. It runs
// on the goroutine that owns p (the caller of New or ApplyProject).
func takeSnapshot(p *project.Project, pv *project.Variable, profile string, env func(string) string) (*settings, error) {
	svc := p.Service(pv.Service)
	if svc == nil {
		return nil, fmt.Errorf("service %q of variable %s is not in the project", pv.Service, pv.Name)
	}
	if svc.Type != project.ServiceTypeWebSocket {
		kind := svc.Type
		if kind == "" {
			kind = "service of unknown type"
		} else {
			kind += " service"
		}
		return nil, fmt.Errorf("service %q of variable %s is a %s, not a WebSocket service", svc.ID, pv.Name, kind)
	}
	if profile == "" {
		profile = project.DefaultProfile
	}
	pr := project.Profile{Name: profile}
	if src := p.Profile(profile); src != nil {
		pr.Values = maps.Clone(src.Values)
	}
	st := snapshot(copyService(svc), pr, copyVariable(pv), env)
	st.schema = compileSchema(svc.Response)
	return st, nil
}
