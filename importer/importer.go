// Package importer turns a WebSocket endpoint into a project service: it
// checks URLs, runs a real connection test, infers metadata from sample
// payloads and builds the project.Service the studio saves.
package importer

import (
	"time"

	"wsstudio/project"
	"wsstudio/wire/frame"
)

// Endpoint is a parsed and checked endpoint URL.
type Endpoint struct {
	URL          string // as entered, trimmed
	Scheme       string // ws or wss
	Host         string // host with port ("quotes.example.com:443"; default port filled in)
	BasePath     string
	RelativePath string
	Query        []project.Param // from the URL, in order
	PathParams   []project.Param // {name} segments
	SuggestedID  string          // safe identifier from the host
	Loopback     bool            // host is localhost, 127.0.0.0/8 or [::1]
	// Insecure is true for ws:// to a host that is not loopback: Test is not
	// allowed, only "proceed without test".
	Insecure bool
	Warning  string // shown to the user when not empty
}

// TestOptions configure a connection test.
type TestOptions struct {
	URL              string          // endpoint with {path} parameters
	Query            []project.Param // nil = the URL's own query; otherwise replaces it
	PathParams       []project.Param // values for the {name} segments
	Headers          []project.Param // headers with an empty value are not sent
	Subprotocols     []string
	TLS              project.TLSOptions
	HandshakeTimeout time.Duration // 0 = 10 s
	Window           time.Duration // how long to collect messages; 0 = 3 s
	Max              int           // stop after this many messages; 0 = 20
	SampleRequest    string        // sent after connecting when not empty
}

// Message is one message received during a test.
type Message struct {
	Time time.Time
	Size int
	Kind frame.Kind
	Data []byte
}

// TestResult is what a successful test saw.
type TestResult struct {
	Subprotocol string // the one the server agreed, or ""
	Messages    []Message
	Elapsed     time.Duration
}

// Spec is a complete import: everything the wizard collected.
type Spec struct {
	ID             string // "" = the id suggested from the URL
	URL            string
	Query          []project.Param // nil = the URL's own query
	PathParams     []project.Param
	Headers        []project.Param
	Subprotocols   []string
	TLS            project.TLSOptions
	SampleRequest  string
	SampleResponse string
}
