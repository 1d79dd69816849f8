package importer

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"wsstudio/project"
)

func TestBuild(t *testing.T) {
	svc, err := Build(Spec{
		URL:            "wss://quotes.example.com/feeds/{market}/ticker?symbols=ACME",
		PathParams:     []project.Param{{Name: "market", Value: "nyse"}},
		Headers:        []project.Param{{Name: "Authorization", Value: ""}},
		Subprotocols:   []string{"v1"},
		SampleRequest:  `{"subscribe":{"symbols":["ACME"]}}`,
		SampleResponse: `{"symbol":"ACME","price":12.5,"time":1764000000000,"subscribe":{"ok":true}}`,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if svc.ID != "quotes" || svc.Title != "quotes" || svc.Type != project.ServiceTypeWebSocket || !svc.IsWebSocket() {
		t.Errorf("id/title/type %q %q %q", svc.ID, svc.Title, svc.Type)
	}
	if svc.Scheme != "wss" || svc.Host != "quotes.example.com" || svc.BasePath != "/feeds/{market}" || svc.RelativePath != "/ticker" {
		t.Errorf("endpoint split %q %q %q %q", svc.Scheme, svc.Host, svc.BasePath, svc.RelativePath)
	}
	if len(svc.QueryParams) != 1 || svc.QueryParams[0] != (project.Param{Name: "symbols", Value: "ACME", Type: "string"}) {
		t.Errorf("query %+v", svc.QueryParams)
	}
	if len(svc.PathParams) != 1 || svc.PathParams[0] != (project.Param{Name: "market", Value: "nyse", Type: "string", Required: true}) {
		t.Errorf("path %+v", svc.PathParams)
	}
	if svc.Headers[0].Type != "string" {
		t.Errorf("headers %+v", svc.Headers)
	}
	if _, err := uuid.Parse(svc.APIID); err != nil {
		t.Errorf("API id %q: %v", svc.APIID, err)
	}
	if got := render(svc.Response); got != "RootResponse{symbol:string price:number/double time:integer/int64 subscribe:@subscribe}; subscribe{ok:boolean}" {
		t.Errorf("response %s", got)
	}
	// The request's nested "subscribe" would clash with the response's.
	if got := render(svc.Request); got != "RootRequest{subscribe:@subscribeRequest}; subscribeRequest{symbols:[string]}" {
		t.Errorf("request %s", got)
	}

	// Editing keeps the API id (and a custom title).
	again, err := Build(Spec{ID: "quotes", URL: "wss://quotes.example.com/feeds/{market}/ticker", SampleResponse: `[1]`},
		&project.Service{ID: "quotes", Title: "Quotes feed", APIID: svc.APIID})
	if err != nil {
		t.Fatal(err)
	}
	if again.APIID != svc.APIID || again.Title != "Quotes feed" || again.Request != nil || again.QueryParams != nil {
		t.Errorf("edit: %+v", again)
	}
	if again.PathParams[0].Value != "" {
		t.Errorf("path param without a value: %+v", again.PathParams)
	}
	// An empty query list is the user's choice of no query; nil keeps the URL's.
	for _, c := range []struct {
		query []project.Param
		want  string
	}{
		{nil, "wss://quotes.example.com/feeds/ticker?symbols=ACME"},
		{[]project.Param{}, "wss://quotes.example.com/feeds/ticker"},
		{[]project.Param{{Name: "symbols", Value: "XYZ"}}, "wss://quotes.example.com/feeds/ticker?symbols=XYZ"},
	} {
		s, err := Build(Spec{URL: "wss://quotes.example.com/feeds/ticker?symbols=ACME", Query: c.query}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := (&project.Project{}).ResolveURL(s, "", nil, func(string) string { return "" }); err != nil || got != c.want {
			t.Errorf("query %#v: URL %q, %v; want %q", c.query, got, err, c.want)
		}
	}
	other, _ := Build(Spec{URL: "ws://127.0.0.1:8765/echo"}, nil)
	if other.APIID == svc.APIID || other.ID != "echo" || len(other.Response) != 1 || len(other.Response[0].Properties) != 0 {
		t.Errorf("new service %+v", other)
	}
}

func TestBuildErrors(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{URL: "https://x.example.com/"}, "is an HTTPS address"},
		{Spec{URL: "wss://x.example.com/", ID: "bad id"}, `service id: "bad id" is not a safe name`},
		{Spec{URL: "wss://x.example.com/", PathParams: []project.Param{{Name: "room"}}}, `The path parameter "room" is not in the URL: add {room} to the path or remove the parameter.`},
		{Spec{URL: "wss://x.example.com/", SampleResponse: strings.Repeat("[", 2000)}, "sample response: The sample nests objects and arrays deeper than 1000 levels"},
		{Spec{URL: "wss://x.example.com/", SampleRequest: strings.Repeat(`{"a":`, 2000)}, "sample request: The sample nests"},
	} {
		_, err := Build(tc.spec, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Build(%+v): %v, want %q", tc.spec, err, tc.want)
		}
	}
}
