package script

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"

	"wsstudio/project"
	"wsstudio/variable"
)

// PageVariable is a running variable as a page function sees it:
// Page.Variables.<Name>.
type PageVariable struct {
	Name     string
	Variable *variable.Variable
}

// PageWidget is a widget of the page as a page function sees it:
// Page.Widgets.<Name>; an input's datavalue is its value in Inputs.
type PageWidget struct {
	Name  string
	Input bool // a wm-text or wm-textarea, with a datavalue
}

// PageScope is what a page function reaches: the page's running
// variables, its widgets, and the values of its inputs.
type PageScope struct {
	Variables []PageVariable // later entries win over earlier ones of the same name
	Widgets   []PageWidget
	Inputs    *variable.Inputs // nil = every input reads ""
}

// ErrNotRunning is returned for a call on an engine that was closed.
var ErrNotRunning = errors.New("the script engine is closed")

// CallPage runs the page function Page.<fn>() — a button's
// on-click="Page.sendMessage()" — with Page.Variables and Page.Widgets
// filled from sc, under the time limit. Variable methods it calls (send,
// open, close) run after it returns, in order, as from a handler. What the
// function prints goes to Log. The error says what went wrong: no such
// function (and why, when the script did not load), or what it threw, with
// the line. A function that sets an input's datavalue stores it in
// sc.Inputs, whose subscribers are then called on the engine's goroutine:
// they must hand anything for the window to fyne.Do, never wait for it.
func (e *Engine) CallPage(fn string, sc PageScope) error {
	name, err := pageFunction(fn)
	if err != nil {
		return err
	}
	full := e.owner + "." + name
	ok := e.do(func() {
		e.fillPage(sc)
		f, isFn := goja.AssertFunction(e.ownerObj.Get(name))
		if !isFn {
			err = fmt.Errorf("%s: the script defines no function %s", e.name, full)
			if e.err != nil {
				err = fmt.Errorf("%w (it did not load: %v)", err, e.err)
			}
			return
		}
		if _, cerr := e.guard(func() (goja.Value, error) { return f(e.ownerObj) }); cerr != nil {
			err = e.describe(full, cerr)
		}
	})
	if !ok {
		return fmt.Errorf("%s: %s: %w", e.name, full, ErrNotRunning)
	}
	return err
}

// pageFunction reads the name of a page function as a button names it:
// "sendMessage", "Page.sendMessage" or "Page.sendMessage()".
func pageFunction(fn string) (string, error) {
	name := strings.TrimSpace(fn)
	name = strings.TrimSuffix(name, "()")
	name = strings.TrimPrefix(name, "Page.")
	if project.ValidIdentifier(name) != nil {
		return "", fmt.Errorf("page function %q: want Page.<name>(), a function of the page script", fn)
	}
	return name, nil
}

// fillPage makes Page.Variables and Page.Widgets what sc says (engine
// goroutine). The objects stay the same ones, so a script that kept a
// reference (an old-style $scope.Widgets) sees the change.
func (e *Engine) fillPage(sc PageScope) {
	rt := e.rt
	e.fillVariables(sc.Variables)
	widgets, _ := e.ownerObj.Get("Widgets").(*goja.Object)
	if widgets == nil {
		return
	}
	in := sc.Inputs
	for _, w := range sc.Widgets {
		obj := rt.NewObject()
		obj.Set("name", w.Name)
		if w.Input {
			name := w.Name
			get := rt.ToValue(func(goja.FunctionCall) goja.Value {
				val, _ := in.Get(name)
				return rt.ToValue(val)
			})
			set := rt.ToValue(func(call goja.FunctionCall) goja.Value {
				if in != nil {
					in.Set(name, safeString(call.Argument(0)))
				}
				return goja.Undefined()
			})
			obj.DefineAccessorProperty("datavalue", get, set, goja.FLAG_FALSE, goja.FLAG_TRUE)
		}
		widgets.Set(w.Name, obj)
	}
}

// fillVariables makes Page.Variables.<name> the given running variables
// (engine goroutine).
func (e *Engine) fillVariables(list []PageVariable) {
	vars, _ := e.ownerObj.Get("Variables").(*goja.Object)
	for _, pv := range list {
		if pv.Variable == nil {
			continue
		}
		jv := e.variable(pv.Variable.Self(), pv.Name)
		if vars != nil {
			vars.Set(pv.Name, jv.obj)
		}
	}
}

// variables lists the variables made with the handlers of this script, in
// the order they were bound.
func (sl *slot) variables() []PageVariable {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	var out []PageVariable
	for _, w := range sl.bound {
		if h := w.Value(); h != nil {
			if v := h.variable(); v != nil {
				out = append(out, PageVariable{Name: h.name, Variable: v})
			}
		}
	}
	return out
}

// CallPage runs the function fn ("sendMessage", "Page.sendMessage()") of
// page's script in project p (page "" = the home page): a button's
// on-click. Page.Variables holds the variables the registry's handlers
// were given to (the page's running variables), Page.Widgets the page's
// widgets, an input's datavalue being its value in Options.Inputs or else
// in the inputs the page's variables were made with. Call it on the
// goroutine that owns p (it reads the page's widgets there); it returns
// when the function has run.
func (r *Registry) CallPage(p *project.Project, page, fn string) error {
	if p == nil {
		return errors.New("call a page function: no project")
	}
	if page == "" {
		page = p.HomePage
	}
	if page == "" {
		page = "Main"
	}
	if err := project.ValidIdentifier(page); err != nil {
		return fmt.Errorf("call %s of page %q: %w", fn, page, err)
	}
	if _, err := pageFunction(fn); err != nil {
		return err
	}
	sl, err := r.scripts(p).slot(p.ScriptPath(project.OwnerPage, page), "Page")
	if err != nil {
		return err
	}
	e := sl.engine.Load()
	if e == nil {
		return fmt.Errorf("%s of page %s: %w", fn, page, ErrNotRunning)
	}
	sc := PageScope{Variables: sl.variables(), Inputs: r.opts.Inputs}
	if pg := p.Page(page); pg != nil {
		for _, w := range pg.Widgets {
			if w.Name != "" {
				sc.Widgets = append(sc.Widgets, PageWidget{Name: w.Name, Input: project.IsInput(w.Kind)})
			}
		}
	}
	if sc.Inputs == nil {
		for _, pv := range sc.Variables {
			if in := pv.Variable.Inputs(); in != nil {
				sc.Inputs = in
				break
			}
		}
	}
	return e.CallPage(fn, sc)
}
