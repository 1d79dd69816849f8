package cli

import (
	"encoding/json"
	"io"
	"strings"

	"wsstudio/project"
)

// inspectCommand is the inspect command.
func inspectCommand() *command {
	return &command{
		name:    "inspect",
		summary: "print a project as JSON: services, variables, widgets, profiles",
		usage:   "wsstudio inspect DIR [--show-secrets]",
		help: `Reads the project folder DIR (a WaveMaker-layout project) and prints it on
stdout as JSON:

  name         the project's display name
  services[]   id, type, readOnly, endpoint, scheme, host, basePath, path,
               queryParams, pathParams, headers, subprotocols, tls,
               sampleRequest, sampleResponse, and the request/response metadata as fields[] of {path, type, format}
               (nested paths joined with ".", array items as "[]")
  variables[]  name, owner, page, service, dataUpdateStrategy, dataLimit,
               startUpdate, dataBinding and the studio's own settings
  widgets[]    name, kind (chart, table, list, label, text, textarea or button), page,
               variable, bindPath, and the kind's own properties: chartType, x, y[],
               columns[], title, height; caption, format, placeholder, datavalue, onClick …
  profiles     profile name → key → value

Secrets are masked as •••• : values of the Authorization, Cookie and
Sec-WebSocket-Protocol headers, the subprotocols, and values of headers,
query parameters, bindings and profile keys whose name ends in token, key,
apikey, secret, password or credential (not tokenValiditySeconds or
accessTokenUrl, which name settings), and credentials inside the samples.
Profile values such as websocket.<id>.host are printed as stored.

Flags:
  --show-secrets   print secret values as they are

Exit status: 0 on success, 2 when DIR is missing, not a project, or holds a
malformed file (the message names the file and line).

Example:
  wsstudio inspect ~/projects/quotes | jq '.services[].response.fields'`,
		run: runInspect,
	}
}

type inspectParam struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Type     string `json:"type"`
	Required bool   `json:"required"`
}

type inspectFields struct {
	Fields []project.Field `json:"fields"`
}

type inspectService struct {
	ID             string         `json:"id"`
	Title          string         `json:"title"`
	Type           string         `json:"type"`
	ReadOnly       bool           `json:"readOnly"`
	Endpoint       string         `json:"endpoint"`
	Scheme         string         `json:"scheme"`
	Host           string         `json:"host"`
	BasePath       string         `json:"basePath"`
	Path           string         `json:"path"`
	QueryParams    []inspectParam `json:"queryParams"`
	PathParams     []inspectParam `json:"pathParams"`
	Headers        []inspectParam `json:"headers"`
	Subprotocols   []string       `json:"subprotocols"`
	TLS            inspectTLS     `json:"tls"`
	SampleRequest  string         `json:"sampleRequest"`
	SampleResponse string         `json:"sampleResponse"`
	Request        inspectFields  `json:"request"`
	Response       inspectFields  `json:"response"`
	APIID          string         `json:"apiId"`
}

type inspectTLS struct {
	CAFile             string `json:"caFile"`
	InsecureSkipVerify bool   `json:"insecureSkipVerify"`
}

type inspectVariable struct {
	Name               string            `json:"name"`
	Owner              string            `json:"owner"`
	Page               string            `json:"page"`
	Service            string            `json:"service"`
	OperationID        string            `json:"operationId"`
	Type               string            `json:"type"`
	DataUpdateStrategy string            `json:"dataUpdateStrategy"`
	DataLimit          int               `json:"dataLimit"`
	StartUpdate        bool              `json:"startUpdate"`
	DataBinding        []project.Binding `json:"dataBinding"`
	Reconnect          inspectReconnect  `json:"reconnect"`
	PingInterval       string            `json:"pingInterval"`
	ReadLimit          int64             `json:"readLimit"`
	HandshakeTimeout   string            `json:"handshakeTimeout"`
}

type inspectReconnect struct {
	Enabled      bool   `json:"enabled"`
	InitialDelay string `json:"initialDelay"`
	MaxDelay     string `json:"maxDelay"`
}

// inspectWidget is a widget as inspect prints it: where it is and what it
// shows, then every property of its kind as the widget registry describes
// it (chartType, x, y, columns, itemTitle …), so inspect, the markup and the
// property panel never disagree about what a widget has.
type inspectWidget map[string]any

func inspectWidgetOf(page string, w *project.Widget) inspectWidget {
	r := inspectWidget{"name": w.Name, "kind": w.Kind, "page": page, "variable": w.Variable, "bindPath": w.BindPath}
	if k := project.KindByName(w.Kind); k != nil {
		for _, p := range k.Props {
			if p.Type != project.PropBinding { // variable and bindPath above
				r[p.Key] = p.Value(w)
			}
		}
	}
	return r
}

type inspectProject struct {
	Name      string                       `json:"name"`
	HomePage  string                       `json:"homePage"`
	Services  []inspectService             `json:"services"`
	Variables []inspectVariable            `json:"variables"`
	Widgets   []inspectWidget              `json:"widgets"`
	Profiles  map[string]map[string]string `json:"profiles"`
}

func runInspect(args []string, stdout, stderr io.Writer) error {
	var dir string
	show := false
	for _, a := range args {
		switch {
		case a == "--show-secrets" || a == "-show-secrets":
			show = true
		case strings.HasPrefix(a, "-"):
			return usagef("inspect: unknown flag %s; see 'wsstudio inspect --help'", a)
		case dir != "":
			return usagef("inspect: one project folder only, got %q and %q", dir, a)
		default:
			dir = a
		}
	}
	if dir == "" {
		return usagef("inspect: missing the project folder; usage: wsstudio inspect DIR [--show-secrets]")
	}
	p, err := project.Open(dir)
	if err != nil {
		return usagef("inspect: %v", err)
	}
	out := inspectOf(p, show)
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// inspectOf builds the report; secrets are masked unless show.
func inspectOf(p *project.Project, show bool) inspectProject {
	mask := func(name, value string) string {
		if show {
			return value
		}
		return project.MaskValue(name, value)
	}
	maskText := func(text string) string {
		if show {
			return text
		}
		return project.MaskText(text)
	}
	params := func(ps []project.Param) []inspectParam {
		out := []inspectParam{}
		for _, x := range ps {
			out = append(out, inspectParam{x.Name, mask(x.Name, x.Value), x.Type, x.Required})
		}
		return out
	}
	fields := func(d project.Definitions) inspectFields {
		f := d.Fields()
		if f == nil {
			f = []project.Field{}
		}
		return inspectFields{f}
	}
	dur := func(d interface{ String() string }, zero bool) string {
		if zero {
			return ""
		}
		return d.String()
	}
	r := inspectProject{Name: p.DisplayName, HomePage: p.HomePage, Services: []inspectService{},
		Variables: []inspectVariable{}, Widgets: []inspectWidget{}, Profiles: map[string]map[string]string{}}
	secretQuery := map[string]bool{} // service id + "\x00" + target bound to a secret
	for _, s := range p.Services {
		endpoint := s.Endpoint
		if !show {
			endpoint = project.MaskURL(endpoint)
		}
		// Services carry tokens in subprotocols: masked like a secret header.
		subs := []string{}
		for _, sp := range s.Subprotocols {
			subs = append(subs, mask("Sec-WebSocket-Protocol", sp))
		}
		r.Services = append(r.Services, inspectService{
			ID: s.ID, Title: s.Title, Type: s.Type, ReadOnly: s.ReadOnly || !s.IsWebSocket(),
			Endpoint: endpoint, Scheme: s.Scheme, Host: s.Host, BasePath: s.BasePath, Path: s.RelativePath,
			QueryParams: params(s.QueryParams), PathParams: params(s.PathParams), Headers: params(s.Headers),
			Subprotocols: subs, TLS: inspectTLS{s.TLS.CAFile, s.TLS.InsecureSkipVerify},
			SampleRequest: maskText(s.SampleRequest), SampleResponse: maskText(s.SampleResponse),
			Request: fields(s.Request), Response: fields(s.Response), APIID: s.APIID,
		})
		for _, q := range s.QueryParams {
			if project.IsSecret(q.Name) {
				secretQuery[s.ID+"\x00"+q.Name] = true
			}
		}
	}
	for _, v := range p.Variables {
		bindings := []project.Binding{}
		for _, b := range v.DataBinding {
			if !show && (project.IsSecret(b.Target) || secretQuery[v.Service+"\x00"+b.Target]) {
				b.Value = project.Mask(b.Value)
			}
			bindings = append(bindings, b)
		}
		r.Variables = append(r.Variables, inspectVariable{
			Name: v.Name, Owner: v.Owner, Page: v.Page, Service: v.Service, OperationID: v.OperationID, Type: v.Type,
			DataUpdateStrategy: v.Strategy, DataLimit: v.DataLimit, StartUpdate: v.StartUpdate, DataBinding: bindings,
			Reconnect: inspectReconnect{v.Reconnect.Enabled, dur(v.Reconnect.InitialDelay, v.Reconnect.InitialDelay == 0),
				dur(v.Reconnect.MaxDelay, v.Reconnect.MaxDelay == 0)},
			PingInterval: dur(v.PingInterval, v.PingInterval == 0), ReadLimit: v.ReadLimit,
			HandshakeTimeout: dur(v.HandshakeTimeout, v.HandshakeTimeout == 0),
		})
	}
	for _, pg := range p.Pages {
		for _, w := range pg.Widgets {
			r.Widgets = append(r.Widgets, inspectWidgetOf(pg.Name, w))
		}
	}
	for _, pr := range p.Profiles {
		values := map[string]string{}
		for k, v := range pr.Values {
			values[k] = mask(k, v) // websocket.<id>.host and the like as stored
		}
		r.Profiles[pr.Name] = values
	}
	return r
}
