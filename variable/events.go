package variable

// Handlers receives a variable's events with WaveMaker's veto and replace
// semantics. Implementations: Go code (tests, the studio), and JavaScript
// handlers from the page script. Embed NopHandlers to implement only some.
// Methods are called from the variable's own goroutines, one at a time.
type Handlers interface {
	// BeforeOpen: returning false cancels the open.
	BeforeOpen(v *Variable) bool
	// Open: the connection is open.
	Open(v *Variable)
	// BeforeMessageSend: returning ok=false cancels the send; a non-nil
	// replacement is sent instead of msg.
	BeforeMessageSend(v *Variable, msg []byte) (replacement []byte, ok bool)
	// MessageReceive gets the received data as JSON (see dataset.Record.JSON).
	// A non-nil replacement (JSON) replaces the data; drop=true drops the
	// message (our extension).
	MessageReceive(v *Variable, data []byte) (replacement []byte, drop bool)
	// Error: something failed (dial, read, write, a handler).
	Error(v *Variable, err error)
	// BeforeClose: returning false cancels a close asked for by the user.
	BeforeClose(v *Variable) bool
	// Close: the connection closed, with the close code and reason.
	Close(v *Variable, code int, reason string)
}

// NopHandlers does nothing and vetoes nothing.
type NopHandlers struct{}

func (NopHandlers) BeforeOpen(*Variable) bool { return true }
func (NopHandlers) Open(*Variable)            {}
func (NopHandlers) BeforeMessageSend(_ *Variable, _ []byte) ([]byte, bool) {
	return nil, true
}
func (NopHandlers) MessageReceive(_ *Variable, _ []byte) ([]byte, bool) { return nil, false }
func (NopHandlers) Error(*Variable, error)                              {}
func (NopHandlers) BeforeClose(*Variable) bool                          { return true }
func (NopHandlers) Close(*Variable, int, string)                        {}

// Variable is a running WebSocket variable. (Implemented in variable.go.)
type Variable struct {
	name string
}
