package script

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"wsstudio/variable"
)

// DefaultTimeout is how long a handler (or the script's top-level code) may
// run before it is interrupted.
const DefaultTimeout = 200 * time.Millisecond

// Options configure an Engine.
type Options struct {
	// Log receives console.log/info/warn/error output and every problem:
	// syntax errors, handlers that throw or run too long. It is called from
	// the engine's goroutines and must not block for long. nil discards.
	// Output and problems of a handler also go to the console of the
	// variable whose event it handles (variable.Variable.Note), whatever
	// Log is; LogSkipsNotes keeps them out of Log.
	Log func(string)
	// Timeout is the run-time limit of one handler call; 0 = DefaultTimeout.
	Timeout time.Duration
	// LogSkipsNotes keeps out of Log what reaches a variable's console:
	// a handler's output and problems, an action of the script that failed,
	// and the script's load error (noted on every variable bound to it).
	// Log then gets only the rest: top-level console output and failures
	// of the engine itself. For a window whose
	// console panel shows the notes; a command that prints them from Log
	// leaves it false.
	LogSkipsNotes bool
	// Inputs are the values of the page's inputs that page functions read
	// as Page.Widgets.<name>.datavalue (Registry.CallPage); nil = the
	// inputs the page's running variables were made with.
	Inputs *variable.Inputs
}

// outboxSize bounds the actions (send, open, close) a script can queue on
// its variables before the next ones are refused.
const outboxSize = 1024

// Engine runs one script — a page's <Page>.js or the project's app.js — in
// a JavaScript runtime of its own. The runtime lives on one goroutine; every
// call from other goroutines goes to it through a request channel and waits
// for the answer. Engine is safe for concurrent use.
type Engine struct {
	name    string // script name for reports ("Main.js")
	owner   string // "Page" or "App": the object the script assigns handlers to
	log     func(string)
	skip    bool // Options.LogSkipsNotes
	timeout time.Duration
	err     error           // the load error (syntax or top-level exception), or nil
	funcs   map[string]bool // functions on the owner object after the script ran; read-only

	reqs      chan func()
	quit      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	ctx       context.Context // cancelled by Close: ends opens a script started
	cancel    context.CancelFunc

	// outbox runs what a script asks a variable to do (send, open, close)
	// on a goroutine of its own, in order, so that a handler never waits for
	// its own variable and the variable never waits for the engine.
	outbox     chan func()
	outboxDone chan struct{}

	// Owned by the engine goroutine.
	rt        *goja.Runtime
	ownerObj  *goja.Object
	jsonParse goja.Callable
	jsonStr   goja.Callable
	vars      map[any]*jsVariable
	current   *variable.Variable // whose handler is running, or nil
	peers     uint64             // the slot's gen when Page.Variables was last filled
	watchdog  *time.Timer        // interrupts a call that runs too long
	fired     chan struct{}      // the watchdog interrupted
}

// errTimeout is the value a handler is interrupted with.
var errTimeout = errors.New("timeout")

// Load starts an engine for a script named name (the file name, for
// reports) whose handlers are properties of owner ("Page" or "App"), and
// runs the script's top-level code. A script that does not parse, or whose
// top-level code throws, is reported to opts.Log with its line (unless
// opts.LogSkipsNotes) and noted on the console of each variable its handlers
// serve, at the variable's first event; the engine still works, with whatever functions were defined before the failure (none
// after a syntax error), and Err returns the problem. Empty src is a script
// with no handlers. Close the engine when done.
func Load(name, owner string, src []byte, opts Options) *Engine {
	if owner != "App" {
		owner = "Page"
	}
	e := &Engine{
		name:       name,
		owner:      owner,
		log:        opts.Log,
		skip:       opts.LogSkipsNotes,
		timeout:    opts.Timeout,
		funcs:      map[string]bool{},
		reqs:       make(chan func()),
		quit:       make(chan struct{}),
		done:       make(chan struct{}),
		outbox:     make(chan func(), outboxSize),
		outboxDone: make(chan struct{}),
		vars:       map[any]*jsVariable{},
	}
	e.ctx, e.cancel = context.WithCancel(context.Background())
	if e.log == nil {
		e.log = func(string) {}
	}
	if e.timeout <= 0 {
		e.timeout = DefaultTimeout
	}
	loaded := make(chan struct{})
	go func() {
		defer close(e.done)
		func() {
			defer close(loaded)
			defer e.recover()
			e.init(src)
		}()
		e.loop()
		if e.watchdog != nil {
			e.watchdog.Stop()
		}
	}()
	go e.runOutbox()
	<-loaded
	return e
}

// Name is the script's name as given to Load.
func (e *Engine) Name() string { return e.name }

// Err is the problem found when the script loaded, or nil.
func (e *Engine) Err() error { return e.err }

// Has reports whether the script defined the function name on its owner
// object ("Page.QuotesonMessageReceive") when it loaded.
func (e *Engine) Has(name string) bool { return e.funcs[name] }

// Close stops the engine. Calls after Close do nothing and veto nothing;
// actions still queued by scripts are dropped.
func (e *Engine) Close() {
	e.closeOnce.Do(func() {
		close(e.quit)
		e.cancel()
		<-e.done
		<-e.outboxDone
	})
}

func (e *Engine) loop() {
	for {
		select {
		case f := <-e.reqs:
			f()
		case <-e.quit:
			return
		}
	}
}

// do runs f on the engine goroutine and waits for it. It reports false,
// without running f, once the engine is closed.
func (e *Engine) do(f func()) bool {
	done := make(chan struct{})
	select {
	case e.reqs <- func() {
		defer close(done)
		defer e.recover()
		f()
	}:
	case <-e.quit:
		return false
	}
	<-done
	return true
}

// recover keeps a failure in the engine's own code from ending the
// program: it is reported and the event goes on as if there were no handler.
func (e *Engine) recover() {
	if r := recover(); r != nil {
		e.logf("%s: internal error in the script engine: %v", e.name, r)
	}
}

func (e *Engine) runOutbox() {
	defer close(e.outboxDone)
	for {
		select {
		case f := <-e.outbox:
			func() {
				defer e.recover()
				f()
			}()
		case <-e.quit:
			return
		}
	}
}

// enqueue queues an action for the outbox; it never blocks the engine.
func (e *Engine) enqueue(what string, f func()) {
	select {
	case e.outbox <- f:
	default:
		e.logf("%s: %s refused: more than %d actions are waiting", e.name, what, outboxSize)
	}
}

func (e *Engine) logf(format string, a ...any) { e.log(fmt.Sprintf(format, a...)) }

// failed reports an action a script asked of variable v that failed, to
// v's console and to Log (unless it skips notes) (outbox goroutine).
func (e *Engine) failed(v *variable.Variable, text string) {
	if !e.skip {
		e.log(text)
	}
	v.Note(variable.Error, text)
}

// report sends a line of a handler's output, or a problem with it, to the
// console of the variable whose event is running and to Log (unless it
// skips notes); with no event running (top-level code), to Log only
// (engine goroutine).
func (e *Engine) report(dir variable.Direction, text string) {
	if e.current == nil {
		e.log(text)
		return
	}
	if !e.skip {
		e.log(text)
	}
	e.current.Note(dir, text)
}

// init builds the runtime and runs the script (engine goroutine).
func (e *Engine) init(src []byte) {
	rt := goja.New()
	e.rt = rt
	e.fired = make(chan struct{}, 1)
	e.watchdog = time.AfterFunc(time.Hour, func() {
		rt.Interrupt(errTimeout)
		e.fired <- struct{}{}
	})
	e.watchdog.Stop()
	json := rt.Get("JSON").ToObject(rt)
	e.jsonParse, _ = goja.AssertFunction(json.Get("parse"))
	e.jsonStr, _ = goja.AssertFunction(json.Get("stringify"))

	console := rt.NewObject()
	for _, level := range []struct {
		name, prefix string
		dir          variable.Direction
	}{
		{"log", "", variable.Info}, {"info", "", variable.Info}, {"debug", "", variable.Info},
		{"warn", "warning: ", variable.Info}, {"error", "error: ", variable.Error},
	} {
		prefix, dir := e.name+": "+level.prefix, level.dir
		console.Set(level.name, func(call goja.FunctionCall) goja.Value {
			e.report(dir, prefix+e.format(call.Arguments))
			return goja.Undefined()
		})
	}
	rt.Set("console", console)

	app := rt.NewObject()
	app.Set("Variables", rt.NewObject())
	// WaveMaker scripts fetch services with App.getDependency('DialogService');
	// in the studio there are none, so they get an empty object rather than
	// a TypeError that would stop the rest of the script.
	app.Set("getDependency", func(call goja.FunctionCall) goja.Value {
		return rt.NewObject()
	})
	rt.Set("App", app)
	if e.owner == "Page" {
		page := rt.NewObject()
		page.Set("Variables", rt.NewObject())
		page.Set("Widgets", rt.NewObject())
		page.Set("App", app)
		rt.Set("Page", page)
		e.ownerObj = page
	} else {
		e.ownerObj = app
	}

	rt.Set("Application", e.application())

	if len(src) > 0 {
		e.err = e.run(src)
		if e.err != nil && !e.skip {
			e.log(e.err.Error()) // else noted on the variables bound to the script
		}
	}
	e.aliasOldStyleHandlers()
	for _, k := range e.ownerObj.Keys() {
		if _, ok := goja.AssertFunction(e.ownerObj.Get(k)); ok {
			e.funcs[e.owner+"."+k] = true
		}
	}
}

// application is the global Application of old-style (AngularJS) page
// scripts: Application.$controller("MainPageController", ["$scope",
// function($scope) {…}]) and, in app.js, Application.run(["$rootScope",
// function($rootScope) {…}]) call their function at once, with $scope and
// $rootScope being the owner object (Page, or App), Widgets and Variables
// its own; other dependencies get an empty object.
func (e *Engine) application() *goja.Object {
	rt := e.rt
	inject := func(spec goja.Value) {
		obj, ok := spec.(*goja.Object)
		if !ok {
			return
		}
		var deps []string
		fn, isFn := goja.AssertFunction(obj)
		if !isFn && obj.ClassName() == "Array" {
			n := int(obj.Get("length").ToInteger())
			if n == 0 {
				return
			}
			fn, isFn = goja.AssertFunction(obj.Get(fmt.Sprint(n - 1)))
			for i := 0; i < n-1; i++ {
				deps = append(deps, obj.Get(fmt.Sprint(i)).String())
			}
		}
		if !isFn {
			return
		}
		if deps == nil {
			// function($scope) {…} without the array: by parameter count.
			for range obj.Get("length").ToInteger() {
				deps = append(deps, "$scope")
			}
		}
		args := make([]goja.Value, len(deps))
		for i, d := range deps {
			switch d {
			case "$scope", "$rootScope":
				args[i] = e.ownerObj
			case "Widgets", "Variables":
				args[i] = e.ownerObj.Get(d)
			default:
				args[i] = rt.NewObject()
			}
		}
		if _, err := fn(goja.Undefined(), args...); err != nil {
			panic(err) // a throw in the controller is the script's load error
		}
	}
	app := rt.NewObject()
	app.Set("$controller", func(call goja.FunctionCall) goja.Value {
		inject(call.Argument(1))
		return goja.Undefined()
	})
	app.Set("run", func(call goja.FunctionCall) goja.Value {
		inject(call.Argument(0))
		return goja.Undefined()
	})
	return app
}

// aliasOldStyleHandlers makes handlers that old-style scripts name in
// lower case ($scope.Feedonmessagereceive) answer to the names events look
// for (FeedonMessageReceive), unless the script defined those as well.
func (e *Engine) aliasOldStyleHandlers() {
	for _, k := range e.ownerObj.Keys() {
		v := e.ownerObj.Get(k)
		if _, ok := goja.AssertFunction(v); !ok {
			continue
		}
		lk := strings.ToLower(k)
		for _, ev := range Events {
			suffix := strings.ToLower(string(ev))
			if len(lk) <= len(suffix) || !strings.HasSuffix(lk, suffix) {
				continue
			}
			canonical := k[:len(k)-len(suffix)] + string(ev)
			if canonical == k {
				break
			}
			if _, taken := goja.AssertFunction(e.ownerObj.Get(canonical)); !taken {
				e.ownerObj.Set(canonical, v)
			}
			break
		}
	}
}

// run parses, compiles and runs the script's top-level code under the time
// limit.
func (e *Engine) run(src []byte) error {
	prg, err := parse(e.name, src)
	if err != nil {
		return err
	}
	code, err := goja.CompileAST(prg, false)
	if err != nil {
		var ce *goja.CompilerSyntaxError
		if errors.As(err, &ce) && ce.File != nil {
			pos := ce.File.Position(ce.Offset)
			return &SyntaxError{File: e.name, Line: pos.Line, Column: pos.Column, Message: ce.Message}
		}
		return fmt.Errorf("%s: %w", e.name, err)
	}
	_, err = e.guard(func() (goja.Value, error) { return e.rt.RunProgram(code) })
	if err != nil {
		return e.describe("", err)
	}
	return nil
}

// guard runs f with the time limit armed (engine goroutine; not nested).
// One timer serves every call: when it fired after f returned, guard waits
// for its interrupt to land before clearing it, so the next call never
// inherits a stale one.
func (e *Engine) guard(f func() (goja.Value, error)) (goja.Value, error) {
	e.watchdog.Reset(e.timeout)
	defer func() {
		if !e.watchdog.Stop() {
			<-e.fired
		}
		e.rt.ClearInterrupt()
	}()
	return f()
}

// HandlerError is a handler (or the script's top-level code) that threw or
// ran past the time limit.
type HandlerError struct {
	File     string // script name
	Handler  string // "Page.QuotesonMessageReceive"; empty for the top-level code
	Line     int    // line in the script where it stopped; 0 if unknown
	Message  string // the exception ("ReferenceError: x is not defined")
	Timeout  bool   // interrupted after the time limit
	Duration time.Duration
}

func (e *HandlerError) Error() string {
	where := e.File
	if e.Line > 0 {
		where = fmt.Sprintf("%s line %d", e.File, e.Line)
	}
	if e.Handler == "" {
		if e.Timeout {
			return fmt.Sprintf("%s: the script's top-level code ran longer than %v and was stopped", where, e.Duration)
		}
		return fmt.Sprintf("%s: %s", where, e.Message) // "Main.js line 3: TypeError: …"
	}
	if e.Timeout {
		return fmt.Sprintf("%s: %s ran longer than %v and was stopped", where, e.Handler, e.Duration)
	}
	return fmt.Sprintf("%s: %s threw %s", where, e.Handler, e.Message)
}

// describe turns a goja error into a HandlerError naming the handler and the
// line of the script it stopped at.
func (e *Engine) describe(handler string, err error) error {
	he := &HandlerError{File: e.name, Handler: handler}
	var stack []goja.StackFrame
	var ie *goja.InterruptedError
	var ex *goja.Exception
	switch {
	case errors.As(err, &ie):
		he.Timeout = true
		he.Duration = e.timeout
		stack = ie.Stack()
	case errors.As(err, &ex):
		stack = ex.Stack()
		he.Message = safeString(ex.Value())
	default:
		he.Message = err.Error()
	}
	for i := range stack {
		if stack[i].SrcName() == e.name {
			if p := stack[i].Position(); p.Line > 0 {
				he.Line = p.Line
				break
			}
		}
	}
	return he
}

// call calls a handler under the time limit; a failure is reported and ok
// is false.
func (e *Engine) call(handler string, fn goja.Callable, args ...goja.Value) (v goja.Value, ok bool) {
	v, err := e.guard(func() (goja.Value, error) { return fn(goja.Undefined(), args...) })
	if err != nil {
		e.report(variable.Error, e.describe(handler, err).Error())
		return nil, false
	}
	return v, true
}

// format renders console arguments like a browser console does, roughly:
// strings as they are, objects as JSON, the rest as JavaScript strings.
func (e *Engine) format(args []goja.Value) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.display(a))
	}
	return b.String()
}

func (e *Engine) display(a goja.Value) string {
	if o, ok := a.(*goja.Object); ok {
		if _, isFn := goja.AssertFunction(o); !isFn {
			// Already inside a guarded call: no second time limit here.
			if s, err := e.toJSON(o); err == nil && s != nil {
				return string(s)
			}
		}
	}
	return safeString(a)
}

// safeString is v.String() for any value, even an object whose toString
// throws.
func safeString(v goja.Value) (s string) {
	if v == nil {
		return "undefined"
	}
	defer func() {
		if recover() != nil {
			s = "[object]"
		}
	}()
	return v.String()
}

// stringify is JSON.stringify with the time limit armed: nil bytes for
// values JSON cannot hold (undefined, functions).
func (e *Engine) stringify(v goja.Value) ([]byte, error) {
	var out []byte
	_, err := e.guard(func() (goja.Value, error) {
		var err error
		out, err = e.toJSON(v)
		return nil, err
	})
	return out, err
}
