package variable

import (
	"sync"
)

// Inputs holds the live values of a page's input widgets (wm-text,
// wm-textarea) by widget name, as bindings read them:
// bind:Widgets.<name>.datavalue. The window writes a value as the user
// types; variables read it when they send or dial, and a variable whose
// query or path parameter is bound to an input reconnects when it changes.
// It is safe for concurrent use.
type Inputs struct {
	mu     sync.Mutex
	values map[string]string
	subs   map[int]func(name string)
	next   int
}

// NewInputs returns an empty set of input values.
func NewInputs() *Inputs {
	return &Inputs{values: map[string]string{}, subs: map[int]func(string){}}
}

// Get returns the value of the input called name; ok is false when no such
// input has a value.
func (in *Inputs) Get(name string) (value string, ok bool) {
	if in == nil {
		return "", false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	value, ok = in.values[name]
	return value, ok
}

// Set stores the value of the input called name and, when it changed, calls
// every subscriber with the name (on the caller's goroutine, after the lock
// is released).
func (in *Inputs) Set(name, value string) {
	in.mu.Lock()
	old, had := in.values[name]
	in.values[name] = value
	var fns []func(string)
	if !had || old != value {
		for _, fn := range in.subs {
			fns = append(fns, fn)
		}
	}
	in.mu.Unlock()
	for _, fn := range fns {
		fn(name)
	}
}

// Delete forgets the input called name (its widget was removed or renamed).
func (in *Inputs) Delete(name string) {
	in.mu.Lock()
	_, had := in.values[name]
	delete(in.values, name)
	var fns []func(string)
	if had {
		for _, fn := range in.subs {
			fns = append(fns, fn)
		}
	}
	in.mu.Unlock()
	for _, fn := range fns {
		fn(name)
	}
}

// Subscribe calls fn with an input's name each time its value changes,
// until cancel is called.
func (in *Inputs) Subscribe(fn func(name string)) (cancel func()) {
	in.mu.Lock()
	defer in.mu.Unlock()
	id := in.next
	in.next++
	in.subs[id] = fn
	return func() {
		in.mu.Lock()
		defer in.mu.Unlock()
		delete(in.subs, id)
	}
}
