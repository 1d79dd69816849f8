package variable

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"wsstudio/project"
	"wsstudio/variable/dataset"
)

// DefaultInputSettle is how long an input that a query or path parameter is
// bound to must keep its value before an open variable reconnects with it:
// typing a word reconnects once, after the last key.
const DefaultInputSettle = 400 * time.Millisecond

// inputParam is a parameter or header bound to an input.
type inputParam struct {
	target string // the parameter's or header's name
	input  string // the input widget's name
}

// InputBinding is the dataBinding value that reads input name:
// bind:Widgets.<name>.datavalue.
func InputBinding(name string) string { return "bind:Widgets." + name + ".datavalue" }

// BoundInput returns the input a dataBinding value reads, when it is
// bind:Widgets.<name>.datavalue.
func BoundInput(value string) (name string, ok bool) {
	if !strings.HasPrefix(value, "bind:Widgets.") {
		return "", false
	}
	b, err := dataset.ParseBinding(value)
	if err != nil || b.Target != dataset.BindWidget {
		return "", false
	}
	return b.Name, true
}

// Inputs are the page's input values the variable reads; nil when it was
// made without any.
func (v *Variable) Inputs() *Inputs { return v.opts.Inputs }

// inputValue reads input name for what (a sentence's subject: "RequestBody",
// "query parameter username"); an input without a value gives "", and the
// console says so.
func (v *Variable) inputValue(what, name string) string {
	val, ok := v.opts.Inputs.Get(name)
	if !ok {
		v.info(fmt.Sprintf("%s is bound to input %s, which has no value yet: using \"\"", what, name))
	}
	return val
}

// paramKind names a bound target of service svc for a person: "query
// parameter x", "path parameter x", "header x".
func paramKind(svc *project.Service, target string) string {
	query, path := svc.QueryParams, svc.PathParams
	if query == nil || path == nil {
		if ep, err := project.SplitEndpoint(svc.Endpoint); err == nil {
			if query == nil {
				query = ep.Query
			}
			if path == nil {
				path = ep.PathParams
			}
		}
	}
	named := func(ps []project.Param) bool {
		return slices.ContainsFunc(ps, func(p project.Param) bool { return p.Name == target })
	}
	switch {
	case named(path):
		return "path parameter " + target
	case named(svc.Headers):
		return "header " + target
	case named(query):
		return "query parameter " + target
	}
	return "parameter " + target
}

// dialSettings is cfg with the parameters and headers that are bound to
// inputs filled from the inputs' values now; cfg itself when there are none.
func (v *Variable) dialSettings(cfg *settings) *settings {
	if len(cfg.dialInputs) == 0 {
		return cfg
	}
	pv := copyVariable(&cfg.pv)
	for i, b := range pv.DataBinding {
		in, ok := BoundInput(b.Value)
		if !ok || b.Target == "RequestBody" {
			continue
		}
		pv.DataBinding[i].Value = v.inputValue(paramKind(&cfg.svc, b.Target), in)
	}
	st := snapshot(cfg.svc, cfg.profile, pv, v.opts.Env)
	st.schema = cfg.schema
	st.pv = cfg.pv // the bindings as written, for the next dial
	v.dialed.Store(st)
	return st
}

// watchInputs follows the inputs the parameters of session s are bound to:
// once one of them has kept a new value for the settle time, the variable
// reconnects, as it does when a bound parameter is edited. It runs from
// Open until the session ends (see finishSession).
func (v *Variable) watchInputs(s *session) {
	if v.opts.Inputs == nil {
		return
	}
	w := &inputWatch{v: v, s: s}
	w.cancel = v.opts.Inputs.Subscribe(w.changed)
	s.watch = w
}

// inputWatch debounces the input changes of one session.
type inputWatch struct {
	v      *Variable
	s      *session
	cancel func() // ends the subscription

	mu    sync.Mutex
	timer stopper
	done  bool
}

// stopper is a pending timer.
type stopper interface{ Stop() bool }

func (w *inputWatch) changed(name string) {
	cfg := w.v.config()
	if !slices.ContainsFunc(cfg.dialInputs, func(p inputParam) bool { return p.input == name }) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	if w.timer != nil {
		w.timer.Stop()
	}
	w.timer = w.v.afterFunc(w.v.settle(), func() { w.fire(name) })
}

// fire reconnects, unless the session ended or is already going.
func (w *inputWatch) fire(name string) {
	w.mu.Lock()
	if w.done {
		w.mu.Unlock()
		return
	}
	w.done = true
	w.timer = nil
	w.mu.Unlock()
	v, s := w.v, w.s
	v.mu.Lock()
	current := v.sess == s && !s.userClose.Load()
	closes := v.closes
	v.mu.Unlock()
	if !current {
		return
	}
	v.info(fmt.Sprintf("input %s changed: reconnecting", name))
	if err := v.closeSession(s); err != nil {
		return // vetoed: the console says so
	}
	// Not when someone closed the variable meanwhile (the studio letting
	// go of it): that close stands. Other failures land in the console and
	// the stats.
	_ = v.open(context.Background(), func() bool { return v.closes == closes })
}

// stop ends the watch: no reconnect after this.
func (w *inputWatch) stop() {
	w.cancel()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
}

// settle is how long an input must keep its value before a reconnect.
func (v *Variable) settle() time.Duration {
	if v.opts.InputSettle > 0 {
		return v.opts.InputSettle
	}
	return DefaultInputSettle
}

// afterFunc starts the settle timer; tests replace it to fire it when they
// choose.
func (c *core) afterFunc(d time.Duration, f func()) stopper {
	if c.timers != nil {
		return c.timers(d, f)
	}
	return time.AfterFunc(d, f)
}
