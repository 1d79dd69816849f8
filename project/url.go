package project

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"strings"
)

// DefaultProfile is the profile used for previews; it follows the service
// settings on every Save.
const DefaultProfile = "development"

// Profile property keys of a service: websocket.<id>.scheme and so on.
func profileKey(id, part string) string { return "websocket." + id + "." + part }

// EnvName is the environment variable that overrides a service's profile
// value part ("host", "scheme" or "basepath"): WEBSOCKET_<ID>_<PART>, the id
// upper-cased with every character that is not a letter or digit as "_".
func EnvName(id, part string) string {
	var b strings.Builder
	b.WriteString("WEBSOCKET_")
	for _, r := range strings.ToUpper(id) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	b.WriteByte('_')
	b.WriteString(strings.ToUpper(part))
	return b.String()
}

// Profile returns the profile with that name, or nil.
func (p *Project) Profile(name string) *Profile {
	for _, pr := range p.Profiles {
		if pr.Name == name {
			return pr
		}
	}
	return nil
}

// ProfileNames lists the profiles in name order.
func (p *Project) ProfileNames() []string {
	names := make([]string, len(p.Profiles))
	for i, pr := range p.Profiles {
		names[i] = pr.Name
	}
	return names
}

// SetProfile sets key to value in profile name, creating the profile when
// it does not exist yet. The development profile is rewritten from the
// service settings on Save, so values set there for websocket.* keys of a
// WebSocket service do not last.
func (p *Project) SetProfile(name, key, value string) error {
	if err := ValidIdentifier(name); err != nil {
		return fmt.Errorf("profile name: %w", err)
	}
	if key == "" {
		return fmt.Errorf("profile %s: the key is empty", name)
	}
	pr := p.Profile(name)
	if pr == nil {
		pr = &Profile{Name: name, Values: map[string]string{}}
		p.Profiles = append(p.Profiles, pr)
		sortProfiles(p.Profiles)
	}
	if pr.Values == nil {
		pr.Values = map[string]string{}
	}
	pr.Values[key] = value
	return nil
}

// ResolveURL is the URL a variable connects to: the service's endpoint with
// scheme, host and base path from the profile (environment variables such as
// WEBSOCKET_<ID>_HOST override it, even when set to the empty string; env
// nil = the process environment; a non-nil env cannot tell an empty value
// from an unset one, so "" from it means unset: use ResolveURLLookup for
// that), path and query
// parameters filled from bindings, then from the service's sample values
// (nil QueryParams or PathParams mean the endpoint's own query and {name}
// segments).
// Profile "" is the development profile; a missing profile or key falls back
// to the service's own settings. Query values are URL-encoded.
func (p *Project) ResolveURL(s *Service, profile string, bindings []Binding, env func(string) string) (string, error) {
	var lookup func(string) (string, bool)
	if env != nil {
		lookup = func(k string) (string, bool) {
			v := env(k)
			return v, v != ""
		}
	}
	return p.ResolveURLLookup(s, profile, bindings, lookup)
}

// ResolveURLLookup is ResolveURL with an environment lookup that tells an
// unset variable (ok false) from one set to the empty string, which
// overrides the profile; lookup nil = os.LookupEnv.
func (p *Project) ResolveURLLookup(s *Service, profile string, bindings []Binding, lookup func(string) (string, bool)) (string, error) {
	if s == nil {
		return "", fmt.Errorf("resolve URL: no service")
	}
	if lookup == nil {
		lookup = os.LookupEnv
	}
	if profile == "" {
		profile = DefaultProfile
	}
	scheme, host, base, rel := s.Scheme, s.Host, s.BasePath, s.RelativePath
	if scheme == "" || host == "" {
		ep, err := SplitEndpoint(s.Endpoint)
		if err != nil {
			return "", fmt.Errorf("service %s: %w", s.ID, err)
		}
		scheme, host, base, rel = ep.Scheme, ep.Host, ep.BasePath, ep.RelativePath
	}
	var values map[string]string
	if p != nil {
		if pr := p.Profile(profile); pr != nil {
			values = pr.Values
		}
	}
	pick := func(part, def string) string {
		if v, ok := lookup(EnvName(s.ID, part)); ok {
			return v
		}
		if v, ok := values[profileKey(s.ID, part)]; ok {
			return v
		}
		return def
	}
	scheme, host, base = pick("scheme", scheme), pick("host", host), pick("basepath", base)
	if scheme == "" || host == "" {
		return "", fmt.Errorf("service %s has no scheme or host in profile %s", s.ID, profile)
	}

	bound := func(name string) (string, bool) {
		for _, b := range bindings {
			if b.Target == name {
				return b.Value, true
			}
		}
		return "", false
	}
	value := func(prm Param) string {
		if v, ok := bound(prm.Name); ok {
			return v
		}
		return prm.Value
	}

	pathPart := base + rel
	queryParams, pathParams := s.params()
	for _, prm := range pathParams {
		ph := "{" + prm.Name + "}"
		if !strings.Contains(pathPart, ph) {
			continue
		}
		v := value(prm)
		if v == "" {
			return "", fmt.Errorf("path parameter %s of service %s has no value", prm.Name, s.ID)
		}
		pathPart = strings.ReplaceAll(pathPart, ph, url.PathEscape(v))
	}
	if i := strings.Index(pathPart, "{"); i >= 0 && strings.Contains(pathPart[i:], "}") {
		j := strings.Index(pathPart[i:], "}")
		return "", fmt.Errorf("path parameter %s of service %s has no value", pathPart[i+1:i+j], s.ID)
	}
	if pathPart == "" {
		pathPart = "/"
	}

	var q strings.Builder
	for _, prm := range queryParams {
		v := value(prm)
		if v == "" && !prm.Required {
			if _, ok := bound(prm.Name); !ok && prm.Value == "" {
				continue
			}
		}
		if q.Len() > 0 {
			q.WriteByte('&')
		}
		q.WriteString(url.QueryEscape(prm.Name))
		q.WriteByte('=')
		q.WriteString(url.QueryEscape(v))
	}
	out := scheme + "://" + host + pathPart
	if q.Len() > 0 {
		out += "?" + q.String()
	}
	return out, nil
}

// ScriptPath is the script file that holds the event handlers of a
// variable owned by owner (OwnerApp or OwnerPage) on page, relative to the
// project folder: src/main/webapp/app.js for the App,
// src/main/webapp/pages/<Page>/<Page>.js for a page.
func (p *Project) ScriptPath(owner, page string) string {
	if owner == OwnerApp || page == "" {
		return "src/main/webapp/app.js"
	}
	return path.Join(pagesDir, page, page+".js")
}

// Endpoint parts of a URL as the profile and the Swagger files hold them.
type EndpointParts struct {
	Scheme       string  // ws or wss
	Host         string  // host as written, with its port when it has one
	BasePath     string  // all but the last path segment ("/feeds"), may be empty
	RelativePath string  // the last segment ("/ticker"), "/" at the root
	Query        []Param // the query's parameters in order, with their values
	PathParams   []Param // the {name} segments of the path in order, without values
}

// SplitEndpoint splits a ws:// or wss:// URL the way WaveMaker does:
// wss://quotes.example.com/feeds/ticker → wss, quotes.example.com,
// /feeds, /ticker. {name} path segments are kept as they are.
func SplitEndpoint(raw string) (EndpointParts, error) {
	var ep EndpointParts
	raw = strings.TrimSpace(raw)
	shown := MaskURL(raw) // errors never show a secret
	// {name} placeholders are not valid URL characters; protect them.
	protected := strings.NewReplacer("{", "%7B", "}", "%7D").Replace(raw)
	u, err := url.Parse(protected)
	if err != nil {
		return ep, fmt.Errorf("endpoint %q is not a valid URL", shown)
	}
	ep.Scheme = strings.ToLower(u.Scheme)
	if ep.Scheme != "ws" && ep.Scheme != "wss" {
		return ep, fmt.Errorf("endpoint %q must start with ws:// or wss://", shown)
	}
	if u.Hostname() == "" {
		return ep, fmt.Errorf("endpoint %q has no host", shown)
	}
	// The host exactly as written: a port is never added, since the
	// profile and the Swagger files must say what the user said (the
	// dialer knows the default ports).
	ep.Host = u.Host
	p := u.EscapedPath()
	p = strings.NewReplacer("%7B", "{", "%7D", "}", "%7b", "{", "%7d", "}").Replace(p)
	if p == "" || p == "/" {
		ep.RelativePath = "/"
	} else {
		p = strings.TrimSuffix(p, "/")
		i := strings.LastIndex(p, "/")
		ep.BasePath, ep.RelativePath = p[:i], p[i:]
	}
	ep.PathParams = pathParamsIn(p)
	for _, kv := range strings.Split(u.RawQuery, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		ku, err1 := url.QueryUnescape(k)
		vu, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return ep, fmt.Errorf("endpoint %q has a badly encoded query parameter %q", shown, MaskURL("?" + kv)[1:])
		}
		ep.Query = append(ep.Query, Param{Name: ku, Value: vu, Type: "string"})
	}
	return ep, nil
}
