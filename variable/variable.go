// Package variable runs WebSocket Variables: it connects to a service, sends,
// receives, fires the variable's events and keeps its live dataset.
package variable

import (
	"context"
	"errors"
	"time"

	"wsstudio/project"
	"wsstudio/variable/dataset"
)

var errTODO = errors.New("not implemented yet")

// State of a variable's connection.
type State int

// States.
const (
	Closed State = iota
	Connecting
	Open
	Closing
	Reconnecting
)

func (s State) String() string {
	return [...]string{"closed", "connecting", "open", "closing", "reconnecting"}[s]
}

// Options for New.
type Options struct {
	Profile  string              // profile that resolves the URL; "" = "development"
	Handlers Handlers            // nil = NopHandlers
	Env      func(string) string // environment lookup; nil = os.Getenv
}

// Stats are a variable's statistics.
type Stats struct {
	MessagesIn, MessagesOut uint64
	BytesIn, BytesOut       uint64
	Rate                    float64 // messages in per second, recent
	LastError               string
	LastMessage             time.Time
	State                   State
}

// Direction of a console entry.
type Direction int

// Directions.
const (
	In Direction = iota
	Out
	Info  // state changes: connected, closed …
	Error // errors
)

// Entry is one line of a variable's console: a frame in or out, a state
// change or an error.
type Entry struct {
	Seq  uint64
	Time time.Time
	Dir  Direction
	Kind dataset.Kind
	Size int
	Data []byte // the frame (secrets are never in here: see Text)
	Text string // human text for Info/Error entries
}

// New prepares a variable of project p; it does not connect.
func New(p *project.Project, v *project.Variable, opts Options) (*Variable, error) {
	return nil, errTODO
}

// Name is the variable's name.
func (v *Variable) Name() string { return v.name }

// Dataset is the live dataset.
func (v *Variable) Dataset() *dataset.Dataset { return nil }

// Open connects (after onBeforeOpen) and returns once the handshake is done.
func (v *Variable) Open(ctx context.Context) error { return errTODO }

// Close closes the connection with a close handshake (after onBeforeClose).
func (v *Variable) Close() error { return errTODO }

// Send queues a message; nil sends the bound RequestBody.
func (v *Variable) Send(msg []byte) error { return errTODO }

// SendValue sends a value as JSON (strings are sent as they are).
func (v *Variable) SendValue(x any) error { return errTODO }

// State is the connection state.
func (v *Variable) State() State { return Closed }

// Stats returns the statistics.
func (v *Variable) Stats() Stats { return Stats{} }

// Apply takes live property changes (strategy, limit, bindings, extensions).
func (v *Variable) Apply(pv *project.Variable) {}

// Console returns up to n of the latest console entries, oldest first.
func (v *Variable) Console(n int) []Entry { return nil }

// ClearConsole empties the console.
func (v *Variable) ClearConsole() {}

// Subscribe calls fn after state changes and new console entries; fn runs on
// the variable's goroutines, must not block, and should coalesce.
func (v *Variable) Subscribe(fn func()) (cancel func()) { return func() {} }
