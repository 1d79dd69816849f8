// Package project holds the studio's project model and reads and writes it as a
// folder in WaveMaker's project layout.
//
// The model here is the one description every other package works from: the
// importer builds a Service, the variable package runs a Variable, the widgets
// show a Widget, and the user interface edits all three.
package project

import "time"

// ServiceTypeWebSocket is the service-info.json type of a WebSocket service.
const ServiceTypeWebSocket = "WebSocketService"

// Project is an open project folder. It is not safe for concurrent use:
// edit it and save it from one goroutine (the user interface's).
type Project struct {
	Dir         string // absolute path of the project folder
	DisplayName string // .wmproject.properties displayName
	HomePage    string // .wmproject.properties homePage, "Main" by default

	Services  []*Service  // every service folder, WebSocket or not, sorted by ID
	Variables []*Variable // WebSocket variables of the App and of every page
	Pages     []*Page     // pages in name order
	Profiles  []*Profile  // profiles in name order ("deployment", "development", …)

	disk *disk // what was read, for Save; nil for a project built in memory
}

// Page is one page of the project (src/main/webapp/pages/<Name>/).
type Page struct {
	Name    string
	Widgets []*Widget // live widgets of the page in markup order
}

// Param is one query, path or header parameter of a service.
type Param struct {
	Name     string
	Value    string // sample or default value; may be empty
	Type     string // "string" unless known otherwise
	Required bool
}

// TLSOptions are the per-service TLS choices for wss:// endpoints.
type TLSOptions struct {
	CAFile             string // extra certificate authority (PEM) to trust
	InsecureSkipVerify bool   // skip certificate verification (shown with a warning)
}

// Service is one imported service. Services of other kinds than WebSocket are
// kept read-only: listed, never rewritten.
type Service struct {
	ID       string
	Title    string
	Type     string // service-info.json "type"; ServiceTypeWebSocket for ours
	ReadOnly bool   // true for every service that is not a WebSocket service

	// Endpoint is the URL as the user entered it, {name} path parameters
	// and query included.
	Endpoint     string
	Scheme       string // "ws" or "wss"
	Host         string // host with port, "quotes.example.com:443"
	BasePath     string // "/feeds"
	RelativePath string // "/ticker" ("/" for an endpoint at the root)

	// QueryParams nil means the endpoint's own query; an empty, non-nil
	// list means none. PathParams nil likewise means the endpoint's {name}
	// segments. NewService fills both from the endpoint.
	QueryParams  []Param
	PathParams   []Param
	Headers      []Param
	Subprotocols []string
	TLS          TLSOptions

	SampleRequest  string // sample request body, may be empty
	SampleResponse string // sample response message, may be empty

	Request  Definitions // RootRequest and the definitions it refers to; nil without a sample request
	Response Definitions // RootResponse and the definitions it refers to

	APIID string // x-WM-API_ID, a UUID kept stable once created
}

// IsWebSocket reports whether the service is a (writable) WebSocket service.
func (s *Service) IsWebSocket() bool { return s.Type == ServiceTypeWebSocket && !s.ReadOnly }

// OperationID is the id of the service's one operation.
func (s *Service) OperationID() string { return s.ID + "_WebSocketServiceVirtualController-invoke" }

// ResponseType is the fully qualified name of the response definition.
func (s *Service) ResponseType() string { return s.ID + ".RootResponse" }

// Definitions is a Swagger 2.0 "definitions" object in a fixed order: the
// root definition (RootRequest or RootResponse) first, then nested ones in
// the order they were found.
type Definitions []*Definition

// Definition is one Swagger 2.0 object definition.
type Definition struct {
	Name       string     // "RootResponse", or a nested definition named after its key
	Properties []Property // in sample order
}

// Property is one property of a definition, or the items of an array.
type Property struct {
	Name   string    // key in the sample; empty for array items
	Type   string    // "integer", "number", "boolean", "string", "array", "object" or "" with Ref
	Format string    // "int32", "int64", "double" or ""
	Ref    string    // name of a definition this property refers to ("#/definitions/<Ref>")
	Items  *Property // element of an array
	IsList bool      // x-WM-IS_LIST: an array of objects
}

// Field is one flattened leaf or node of a definition tree, for display and
// for "inspect": nested paths joined with ".", array items marked with "[]".
type Field struct {
	Path   string `json:"path"`
	Type   string `json:"type"`
	Format string `json:"format"`
}

// Update strategies of a WebSocket variable (dataUpdateStrategy).
const (
	StrategyRefresh = "refresh"
	StrategyAppend  = "append"
	StrategyPrepend = "prepend"
)

// Owners of a variable.
const (
	OwnerPage = "Page"
	OwnerApp  = "App"
)

// Binding is one entry of a variable's dataBinding: a value for a query or
// path parameter, or "RequestBody".
type Binding struct {
	Target string `json:"target"`
	Value  string `json:"value"`
	Type   string `json:"type,omitempty"`
}

// Variable is a WebSocket variable (category wm.WebSocketVariable).
type Variable struct {
	ID          string // "_id"
	Name        string
	Owner       string // OwnerPage or OwnerApp
	Page        string // the page that owns it; empty for App variables
	Service     string // service id
	OperationID string
	Type        string // "<service>.RootResponse"

	StartUpdate bool      // "Connect on page load"
	Strategy    string    // dataUpdateStrategy: refresh, append or prepend
	DataLimit   int       // 0 = no limit
	DataBinding []Binding // values for query/path parameters and RequestBody

	// Our extensions, saved beside WaveMaker's properties.
	Reconnect        Reconnect
	PingInterval     time.Duration // 0 = no pings
	ReadLimit        int64         // bytes; 0 = the default (16 MiB)
	HandshakeTimeout time.Duration // 0 = the default (10 s)
}

// Reconnect configures automatic reconnection with exponential backoff.
type Reconnect struct {
	Enabled      bool
	InitialDelay time.Duration // first wait; default 500 ms
	MaxDelay     time.Duration // cap; default 30 s
}

// Widget kinds.
const (
	KindChart = "chart"
	KindTable = "table"
	KindList  = "list"

	// Interactive widgets: a caption, two inputs whose value variables can
	// bind to (Widgets.<name>.datavalue), and a button that calls a
	// variable or a page function.
	KindLabel    = "label"
	KindText     = "text"
	KindTextarea = "textarea"
	KindButton   = "button"
)

// IsInput reports whether widgets of kind have a datavalue that variables
// can bind to (bind:Widgets.<name>.datavalue).
func IsInput(kind string) bool { return kind == KindText || kind == KindTextarea }

// Column is one column of a table widget (wm-table-column).
type Column struct {
	Binding string `json:"binding"` // path in the record
	Caption string `json:"caption"`
	Type    string `json:"type"` // long, integer, number, string, boolean, time
}

// Widget is a widget on a page: a chart, table or list bound to a
// variable's dataset, or a label, text input, textarea or button.
type Widget struct {
	Kind     string // KindChart, KindTable, KindList, KindLabel, KindText, KindTextarea or KindButton
	Name     string
	Page     string
	Variable string // variable name; for a label the one its caption binds, for a button the one its on-click calls
	BindPath string // path inside the dataset ("" = the records themselves, "readings" = an array inside)
	Title    string
	Height   int // pixels; 0 = default

	// chart
	ChartType string   // Line, Area, Bar, Column, Pie, Donut, Bubble
	XKey      string   // "" = record index
	YKeys     []string // one or more numeric fields
	GroupBy   string   // one series per value of this field ("symbol"); "" = one per y key

	// table
	Columns []Column

	// list
	ItemTitle    string // path of the item title
	ItemSubtitle string
	ItemDetail   string
	// display formats of the item fields: a date pattern ("hh:mm:ss a")
	// or a number of decimals ("2"); "" shows the value as it is
	ItemTitleFormat    string
	ItemSubtitleFormat string
	ItemDetailFormat   string

	// label and button
	Caption string // literal text, or for a label a binding ("bind:Variables.HeartRate.lastRecord.value")
	Format  string // label: display format of a bound caption, as for the list's item fields
	Icon    string // button: iconclass ("wi wi-send")
	OnClick string // button: on-click as written ("Variables.Chatroom.send()", "Page.sendMessage()")

	// text and textarea
	Placeholder string
	DataValue   string // the value the input starts with
}

// Profile is one profiles/<Name>.properties file.
type Profile struct {
	Name   string
	Values map[string]string
}
