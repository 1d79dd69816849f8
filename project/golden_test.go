package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// The WebSocket service files of testdata/market are the golden files of
// the service writer: a Service built by hand renders to exactly them.
func TestServiceFilesGolden(t *testing.T) {
	s := &Service{
		ID: "ticker", Title: "ticker", Type: ServiceTypeWebSocket,
		Endpoint: "wss://quotes.example.com:443/feeds/ticker?symbols=ACME&token=",
		Scheme:   "wss", Host: "quotes.example.com:443", BasePath: "/feeds", RelativePath: "/ticker",
		QueryParams:    []Param{{Name: "symbols", Value: "ACME", Type: "string"}, {Name: "token", Type: "string"}},
		Headers:        []Param{{Name: "Authorization", Value: "Bearer abc123", Type: "string"}},
		SampleRequest:  `{"subscribe":"ACME"}`,
		SampleResponse: `{"symbol":"ACME","price":12.5,"volume":300,"time":1764000000000}`,
		Request:        Definitions{{Name: "RootRequest", Properties: []Property{{Name: "subscribe", Type: "string"}}}},
		Response: Definitions{{Name: "RootResponse", Properties: []Property{
			{Name: "symbol", Type: "string"}, {Name: "price", Type: "number", Format: "double"},
			{Name: "volume", Type: "integer", Format: "int32"}, {Name: "time", Type: "integer", Format: "int64"}}}},
		APIID: "8f0f7d3e-1c44-4b8e-9a51-0d3c7f1e2a90",
	}
	files := serviceFiles(s, true)
	if len(files) != 8 {
		t.Errorf("%d files, want the seven WaveMaker files and the studio's sidecar", len(files))
	}
	for rel, got := range files {
		want, err := os.ReadFile(filepath.Join("testdata", "market", filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from the golden file:\n%s", rel, got)
		}
	}
}

// The shapes WaveMaker's own service files have, checked on the golden files.
func TestServiceFileShapes(t *testing.T) {
	read := func(rel string) gjson.Result {
		data, err := os.ReadFile(filepath.Join("testdata", "market", rel))
		if err != nil {
			t.Fatal(err)
		}
		return gjson.ParseBytes(data)
	}
	api := read("services/ticker/designtime/ticker_API_WEBSOCKET_SERVICE.json")
	item := api.Get(`paths./ticker/invoke/ticker`)
	for path, want := range map[string]string{
		"swagger": "2.0", "info.x-WM-SERVICE_TYPE": "WebSocketService", "info.x-WM-USE_PROXY_FOR_MOBILE": "true",
		"host": "quotes.example.com:443", "basePath": "", "schemes.0": "wss",
		"tags.0.name": "WebSocketServiceVirtualController", "tags.0.description": "WebSocket service swagger documentation",
		"definitions.RootResponse.properties.time.format":    "int64",
		"definitions.RootResponse.x-WM-FULLY_QUALIFIED_NAME": "ticker.RootResponse",
		"definitions.RootRequest.properties.subscribe.type":  "string",
	} {
		if got := api.Get(path).String(); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	for path, want := range map[string]string{
		"x-WM-BASE_PATH": "/ticker/invoke/ticker", "x-WM-RELATIVE_PATH": "",
		"x-WM-COMPLETE_PATH":        "${websocket.ticker.scheme}://${websocket.ticker.host}${websocket.ticker.basepath}/ticker",
		"get.operationId":           "ticker_WebSocketServiceVirtualController-invoke",
		"get.x-WM-IN-PARAMS-TYPE.0": "#/definitions/RootRequest",
		"get.parameters.0.name":     "symbols", "get.parameters.0.in": "query",
		"get.security.0.WM_WebSocket_Service_Authorization": "[]",
	} {
		if got := item.Get(path).String(); got != want {
			t.Errorf("path item %s = %q, want %q", path, got, want)
		}
	}
	src := read("services/ticker/src/ticker_apiTarget.json")
	if src.Get("host").String() != "${websocket.ticker.host}" || src.Get("basePath").String() != "${websocket.ticker.basepath}" ||
		src.Get("schemes.0").String() != "${websocket.ticker.scheme}" || !src.Get(`paths./ticker`).Exists() {
		t.Errorf("src apiTarget: %s", src.Raw)
	}
	if !read("services/echo/designtime/echo_API_WEBSOCKET_SERVICE.json").Get(`paths./echo/invoke/`).Exists() {
		t.Error("an endpoint at the root has the path key /echo/invoke/")
	}
	conn := read("services/ticker/designtime/ticker_connection_settings.json")
	if conn.Get("sampleWebSocketResponse.convertedResponse").Type != gjson.Null || conn.Get("headers.Authorization").String() != "Bearer abc123" {
		t.Errorf("connection settings: %s", conn.Raw)
	}
	defs := read("services/ticker/src/servicedefs/ticker-service-definitions.json").Get(`ticker_WebSocketServiceVirtualController-invoke`)
	if defs.Get("wmServiceOperationInfo.relativePath").String() != "/ticker/invoke/ticker" || defs.Get("controller").String() != "WebSocketServiceVirtualController" {
		t.Errorf("service definitions: %s", defs.Raw)
	}
}

func FuzzSplitEndpoint(f *testing.F) {
	for _, s := range []string{"wss://quotes.example.com:443/feeds/ticker?symbols=ACME", "ws://[::1]:9/{a}/b?x=%zz", "ws://h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ep, err := SplitEndpoint(raw)
		if err != nil {
			return
		}
		if ep.Scheme != "ws" && ep.Scheme != "wss" || ep.Host == "" || ep.RelativePath == "" || ep.RelativePath[0] != '/' {
			t.Fatalf("%q → %+v", raw, ep)
		}
		// Every path parameter is a {name} of the path, named once.
		seen := map[string]bool{}
		for _, p := range ep.PathParams {
			if p.Name == "" || seen[p.Name] || !strings.Contains(ep.BasePath+ep.RelativePath, "{"+p.Name+"}") {
				t.Fatalf("%q → path parameters %+v", raw, ep.PathParams)
			}
			seen[p.Name] = true
		}
		// A service made from it resolves to a URL that splits again.
		s := &Service{ID: "f", Endpoint: raw}
		for i := range ep.PathParams {
			s.PathParams = append(s.PathParams, Param{Name: ep.PathParams[i].Name, Value: "v"})
		}
		if u, err := (*Project)(nil).ResolveURL(s, "", nil, func(string) string { return "" }); err == nil {
			if _, err := SplitEndpoint(u); err != nil {
				t.Fatalf("%q resolved to %q, which does not split: %v", raw, u, err)
			}
		}
	})
}

func FuzzXMLProperties(f *testing.F) {
	data, _ := os.ReadFile(filepath.Join("testdata", "market", ".wmproject.properties"))
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		xp, err := parseXMLProperties("p", data)
		if err != nil {
			return
		}
		out := xp.set("displayName", "x & y")
		back, err := parseXMLProperties("p", out)
		if err != nil {
			t.Fatalf("set made the file unreadable: %v\n%s", err, out)
		}
		if back.values["displayName"] != "x & y" {
			t.Fatalf("displayName %q", back.values["displayName"])
		}
	})
}
