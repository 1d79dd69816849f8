package script

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/dop251/goja"

	"wsstudio/variable"
	"wsstudio/variable/dataset"
)

// Handlers returns the script's handlers for the variable named name,
// bound with WaveMaker's semantics: a handler returning undefined changes
// nothing (changes it made to data in place are kept), false vetoes where
// the event allows it (and drops a received message), any other value
// replaces the data. A handler that throws or runs too long is reported and
// the event goes on as if there were no handler. Events without a handler
// cost nothing: the runtime is not involved.
func (e *Engine) Handlers(name string) variable.Handlers {
	return newHandlers(func() *Engine { return e }, e.owner, name)
}

// handlers implements variable.Handlers on the engine that engine returns
// at the time of each event (so a reloaded script takes over at once).
type handlers struct {
	engine func() *Engine
	name   string    // the variable's name
	props  [7]string // property names on the owner object, by event index
	full   [7]string // "Page.QuotesonOpen", by event index

	v     atomic.Pointer[variable.Variable] // the variable of the first event; nil before
	bound atomic.Pointer[variable.Variable] // the variable made with these handlers (see Bind)
	slot  *slot                             // the script's slot, whose variables are Page.Variables; nil for Engine.Handlers
	noted atomic.Pointer[Engine]            // the engine whose load error v's console has seen
}

func newHandlers(engine func() *Engine, owner, name string) *handlers {
	h := &handlers{engine: engine, name: name}
	for i, ev := range Events {
		h.props[i] = name + string(ev)
		h.full[i] = HandlerName(owner, name, ev)
	}
	return h
}

// Bind implements variable.Binder: the page's functions reach the variable
// as Page.Variables.<name> from the moment it is made.
func (h *handlers) Bind(v *variable.Variable) {
	h.bound.Store(v.Self())
	if h.slot != nil {
		h.slot.gen.Add(1)
	}
}

// variable is the variable these handlers serve, nil before it was made.
func (h *handlers) variable() *variable.Variable {
	if v := h.bound.Load(); v != nil {
		return v
	}
	return h.v.Load()
}

const (
	iBeforeOpen = iota
	iOpen
	iBeforeMessageSend
	iMessageReceive
	iError
	iBeforeClose
	iClose
)

// invoke runs f on the engine goroutine with the handler of event i, when
// the script has one; it reports whether f ran.
func (h *handlers) invoke(v *variable.Variable, i int, f func(e *Engine, fn goja.Callable, jv *jsVariable)) bool {
	// The script acts on the variable later, from the engine's own
	// goroutines (see enqueue), never from inside the handler: it keeps the
	// variable itself, not the handle this handler got.
	v = v.Self()
	e := h.engine()
	if e == nil {
		return false
	}
	if h.noted.Load() != e {
		h.v.CompareAndSwap(nil, v)
		h.noteLoadError(e, v)
	}
	if !e.funcs[h.full[i]] {
		return false
	}
	ran := false
	e.do(func() {
		fn, ok := goja.AssertFunction(e.ownerObj.Get(h.props[i]))
		if !ok {
			return
		}
		ran = true
		if sl := h.slot; sl != nil {
			// The other variables of the page, as Page.Variables.<name>,
			// filled again only when one was made since.
			if g := sl.gen.Load(); e.peers != g {
				e.peers = g
				e.fillVariables(sl.variables())
			}
		}
		prev := e.current
		e.current = v
		defer func() { e.current = prev }()
		f(e, fn, e.variable(v, h.name))
	})
	return ran
}

// noteLoadError notes the load error of engine e, if any, on the console of
// v, once per engine: at the variable's first event and again after a reload
// (any goroutine).
func (h *handlers) noteLoadError(e *Engine, v *variable.Variable) {
	for {
		old := h.noted.Load()
		if old == e {
			return
		}
		if h.noted.CompareAndSwap(old, e) {
			break
		}
	}
	if e.err != nil && v != nil {
		v.Note(variable.Error, e.err.Error())
	}
}

// isFalse reports whether v is the boolean false (not merely falsy).
func isFalse(v goja.Value) bool {
	if v == nil {
		return false
	}
	if _, isObj := v.(*goja.Object); isObj {
		return false // Export would copy a whole object
	}
	b, ok := v.Export().(bool)
	return ok && !b
}

// asString returns v when it is a string primitive.
func asString(v goja.Value) (string, bool) {
	if _, isObj := v.(*goja.Object); isObj || v == nil {
		return "", false
	}
	s, ok := v.Export().(string)
	return s, ok
}

func (h *handlers) BeforeOpen(v *variable.Variable) bool {
	proceed := true
	h.invoke(v, iBeforeOpen, func(e *Engine, fn goja.Callable, jv *jsVariable) {
		if res, ok := e.call(h.full[iBeforeOpen], fn, jv.obj); ok && isFalse(res) {
			proceed = false
		}
	})
	return proceed
}

func (h *handlers) Open(v *variable.Variable) {
	h.invoke(v, iOpen, func(e *Engine, fn goja.Callable, jv *jsVariable) {
		e.call(h.full[iOpen], fn, jv.obj, e.event("open", nil))
	})
}

func (h *handlers) BeforeMessageSend(v *variable.Variable, msg []byte) ([]byte, bool) {
	var repl []byte
	proceed := true
	h.invoke(v, iBeforeMessageSend, func(e *Engine, fn goja.Callable, jv *jsVariable) {
		name := h.full[iBeforeMessageSend]
		var arg goja.Value
		if json.Valid(msg) {
			var err error
			if arg, err = e.parseJSON(msg); err != nil {
				e.report(variable.Error, e.describe(name, err).Error())
				return
			}
		} else {
			arg = e.rt.ToValue(string(msg))
		}
		res, ok := e.call(name, fn, jv.obj, arg)
		if !ok {
			return
		}
		switch {
		case goja.IsUndefined(res):
			repl = e.changedInPlace(name, arg, msg)
		case isFalse(res):
			proceed = false
		default:
			if s, isString := asString(res); isString {
				repl = []byte(s)
				return
			}
			repl = e.result(name, res)
		}
	})
	return repl, proceed
}

func (h *handlers) MessageReceive(v *variable.Variable, data []byte) ([]byte, bool) {
	var repl []byte
	drop := false
	h.invoke(v, iMessageReceive, func(e *Engine, fn goja.Callable, jv *jsVariable) {
		name := h.full[iMessageReceive]
		arg, err := e.parseJSON(data)
		if err != nil {
			e.report(variable.Error, e.describe(name, err).Error())
			return
		}
		res, ok := e.call(name, fn, jv.obj, arg, jv.options)
		if !ok {
			return
		}
		switch {
		case goja.IsUndefined(res):
			repl = e.changedInPlace(name, arg, data)
		case isFalse(res):
			drop = true
		default:
			repl = e.result(name, res)
		}
	})
	return repl, drop
}

func (h *handlers) Error(v *variable.Variable, err error) {
	h.invoke(v, iError, func(e *Engine, fn goja.Callable, jv *jsVariable) {
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		e.call(h.full[iError], fn, jv.obj, e.event("error", map[string]any{"message": msg}))
	})
}

func (h *handlers) BeforeClose(v *variable.Variable) bool {
	proceed := true
	h.invoke(v, iBeforeClose, func(e *Engine, fn goja.Callable, jv *jsVariable) {
		if res, ok := e.call(h.full[iBeforeClose], fn, jv.obj, e.event("beforeclose", nil)); ok && isFalse(res) {
			proceed = false
		}
	})
	return proceed
}

func (h *handlers) Close(v *variable.Variable, code int, reason string) {
	h.invoke(v, iClose, func(e *Engine, fn goja.Callable, jv *jsVariable) {
		e.call(h.full[iClose], fn, jv.obj, e.event("close", map[string]any{
			"code": code, "reason": reason, "wasClean": code == 1000,
		}))
	})
}

// event builds the evt argument of a handler: {type, …fields}.
func (e *Engine) event(typ string, fields map[string]any) *goja.Object {
	o := e.rt.NewObject()
	o.Set("type", typ)
	for k, v := range fields {
		o.Set(k, v)
	}
	return o
}

// result is a handler's return value as JSON; nil (no change) when it is
// something JSON cannot hold, after reporting why.
func (e *Engine) result(handler string, res goja.Value) []byte {
	out, err := e.stringify(res)
	if err != nil {
		e.report(variable.Error, e.describe(handler, err).Error())
		return nil
	}
	if out == nil {
		e.report(variable.Error, fmt.Sprintf("%s: %s returned a value that is not JSON (a function or a symbol); the data is unchanged", e.name, handler))
	}
	return out
}

// changedInPlace handles a handler that returned undefined: WaveMaker then
// uses the data object it was given, including any changes the handler made
// to it. The object is serialized again and returned only if it now differs
// from the original; nil means unchanged.
func (e *Engine) changedInPlace(handler string, arg goja.Value, orig []byte) []byte {
	if _, isObj := arg.(*goja.Object); !isObj {
		return nil
	}
	out, err := e.stringify(arg)
	if err != nil {
		e.report(variable.Error, e.describe(handler, err).Error())
		return nil
	}
	if out == nil {
		return nil
	}
	var compact bytes.Buffer
	compact.Grow(len(orig))
	if json.Compact(&compact, orig) == nil && bytes.Equal(compact.Bytes(), out) {
		return nil
	}
	return out
}

// jsVariable is the `variable` a handler receives.
type jsVariable struct {
	obj     *goja.Object
	options *goja.Object
}

// variable returns the JavaScript object for v, made once per variable:
// name, dataSet, lastRecord and firstRecord (read when asked for),
// send(msg), open() (also as invoke()), close(). It is
// also Page.Variables.<name> (App.Variables.<name> in app.js).
func (e *Engine) variable(v *variable.Variable, name string) *jsVariable {
	var key any = name
	if v != nil {
		key = v
	}
	if jv := e.vars[key]; jv != nil {
		return jv
	}
	rt := e.rt
	obj := rt.NewObject()
	obj.Set("name", name)
	obj.DefineAccessorProperty("dataSet", rt.ToValue(func(goja.FunctionCall) goja.Value {
		return e.dataSet(v)
	}), nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	obj.DefineAccessorProperty("lastRecord", rt.ToValue(func(goja.FunctionCall) goja.Value {
		return e.record(v, "lastRecord")
	}), nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	obj.DefineAccessorProperty("firstRecord", rt.ToValue(func(goja.FunctionCall) goja.Value {
		return e.record(v, "firstRecord")
	}), nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	obj.Set("send", func(call goja.FunctionCall) goja.Value {
		msg, err := e.outgoing(call.Argument(0))
		if err != nil {
			panic(rt.NewGoError(err))
		}
		if v == nil {
			panic(rt.NewTypeError("variable %s is not running", name))
		}
		if msg == nil {
			// The bound RequestBody as it is now: the script may clear
			// the input it reads right after this call.
			if body, ok := v.RequestBody(); ok {
				msg = body
			}
		}
		e.enqueue("variable.send()", func() {
			if err := v.Send(msg); err != nil {
				e.failed(v, fmt.Sprintf("%s: %s.send(): %v", e.name, name, err))
			}
		})
		return goja.Undefined()
	})
	// invoke() is WaveMaker's generic name for what open() does.
	for _, method := range []string{"open", "invoke"} {
		obj.Set(method, func(goja.FunctionCall) goja.Value {
			if v == nil {
				panic(rt.NewTypeError("variable %s is not running", name))
			}
			e.enqueue("variable."+method+"()", func() {
				if err := v.Open(e.ctx); err != nil {
					e.failed(v, fmt.Sprintf("%s: %s.%s(): %v", e.name, name, method, err))
				}
			})
			return goja.Undefined()
		})
	}
	obj.Set("close", func(goja.FunctionCall) goja.Value {
		if v == nil {
			panic(rt.NewTypeError("variable %s is not running", name))
		}
		e.enqueue("variable.close()", func() {
			if err := v.Close(); err != nil {
				e.failed(v, fmt.Sprintf("%s: %s.close(): %v", e.name, name, err))
			}
		})
		return goja.Undefined()
	})
	jv := &jsVariable{obj: obj, options: rt.NewObject()}
	e.vars[key] = jv
	if vars, ok := e.ownerObj.Get("Variables").(*goja.Object); ok {
		vars.Set(name, obj)
	}
	return jv
}

// outgoing turns send()'s argument into the message: nothing sends the
// bound RequestBody, a string is sent as it is, anything else as JSON.
func (e *Engine) outgoing(arg goja.Value) ([]byte, error) {
	if goja.IsUndefined(arg) || goja.IsNull(arg) {
		return nil, nil
	}
	if s, ok := asString(arg); ok {
		return []byte(s), nil
	}
	out, err := e.toJSON(arg)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, errors.New("send(): the message cannot be written as JSON")
	}
	return out, nil
}

// dataSet is the variable's dataset as a JavaScript value: the latest
// record for the refresh strategy, an array of records for append and
// prepend, [] while empty.
func (e *Engine) dataSet(v *variable.Variable) goja.Value {
	if v == nil || v.Dataset() == nil {
		return e.rt.NewArray()
	}
	ds := v.Dataset()
	recs := ds.Records(0, ds.Len())
	if len(recs) == 0 {
		return e.rt.NewArray()
	}
	var doc []byte
	if ds.Strategy() == dataset.Refresh {
		doc = recs[len(recs)-1].JSON
	} else {
		n := 2
		for _, r := range recs {
			n += len(r.JSON) + 1
		}
		doc = make([]byte, 0, n)
		doc = append(doc, '[')
		for i, r := range recs {
			if i > 0 {
				doc = append(doc, ',')
			}
			doc = append(doc, r.JSON...)
		}
		doc = append(doc, ']')
	}
	val, err := e.parseJSON(doc)
	if err != nil {
		panic(e.rt.NewTypeError(fmt.Sprintf("%s.dataSet cannot be read: %v", v.Name(), err)))
	}
	return val
}

// record is the variable's lastRecord or firstRecord as a JavaScript value:
// the last or first record of an append or prepend dataset, the value itself
// for refresh; undefined while the dataset is empty.
func (e *Engine) record(v *variable.Variable, which string) goja.Value {
	if v == nil {
		return goja.Undefined()
	}
	var r dataset.Record
	var ok bool
	if which == "firstRecord" {
		r, ok = v.FirstRecord()
	} else {
		r, ok = v.LastRecord()
	}
	if !ok {
		return goja.Undefined()
	}
	val, err := e.parseJSON(r.JSON)
	if err != nil {
		panic(e.rt.NewTypeError(fmt.Sprintf("%s.%s cannot be read: %v", v.Name(), which, err)))
	}
	return val
}
