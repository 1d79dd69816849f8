// Package script runs a project's page scripts (pages/<Page>/<Page>.js) and
// app.js in the studio, so that a WebSocket variable's event handlers —
// Page.QuotesonMessageReceive = function (variable, data, options) { … } —
// behave in the live preview as they will in the app.
//
// It has two halves. The source half (this file) finds, lists and replaces a
// handler's function in a script without touching any other byte, using the
// JavaScript parser for positions. The run-time half (Engine) runs one script
// in one JavaScript runtime on one goroutine and binds its functions to a
// variable's events through variable.Handlers.
package script

import (
	"fmt"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/token"
)

// Event is one of a WebSocket variable's seven events, named as in
// WaveMaker ("onMessageReceive").
type Event string

// The events, in the order the property panel lists them.
const (
	OnBeforeOpen        Event = "onBeforeOpen"
	OnOpen              Event = "onOpen"
	OnBeforeMessageSend Event = "onBeforeMessageSend"
	OnMessageReceive    Event = "onMessageReceive"
	OnError             Event = "onError"
	OnBeforeClose       Event = "onBeforeClose"
	OnClose             Event = "onClose"
)

// Events lists every event in panel order.
var Events = []Event{OnBeforeOpen, OnOpen, OnBeforeMessageSend, OnMessageReceive, OnError, OnBeforeClose, OnClose}

// HandlerName is the full name of a variable's handler for an event, as the
// script assigns it: owner "Page" or "App", then the variable's name, then
// the event ("Page.QuotesonMessageReceive").
func HandlerName(owner, variable string, ev Event) string {
	if owner == "" {
		owner = "Page"
	}
	return owner + "." + variable + string(ev)
}

// Template is the function a new handler starts from: the parameters
// WaveMaker passes for that event and a comment on what a return value does.
func Template(ev Event) string {
	switch ev {
	case OnBeforeOpen:
		return "function (variable) {\n    // return false to cancel opening the connection\n}"
	case OnOpen:
		return "function (variable, evt) {\n    // the connection is open\n}"
	case OnBeforeMessageSend:
		return "function (variable, data) {\n    // return false to cancel the send; return a value to send it instead of data\n}"
	case OnMessageReceive:
		return "function (variable, data, options) {\n    // return a value to use it instead of data; return false to drop the message\n}"
	case OnError:
		return "function (variable, evt) {\n    // evt.message says what failed\n}"
	case OnBeforeClose:
		return "function (variable, evt) {\n    // return false to keep the connection open\n}"
	case OnClose:
		return "function (variable, evt) {\n    // evt.code and evt.reason say why the connection closed\n}"
	}
	return "function (variable) {\n}"
}

// SyntaxError is a script that does not parse.
type SyntaxError struct {
	File    string // script name ("Main.js"); may be empty
	Line    int    // 1-based
	Column  int    // 1-based
	Message string // the parser's message ("Unexpected token ;")
}

func (e *SyntaxError) Error() string {
	name := e.File
	if name == "" {
		name = "script"
	}
	return fmt.Sprintf("%s line %d: syntax error: %s", name, e.Line, e.Message)
}

// parse parses src with the JavaScript parser (source maps never loaded,
// so a script cannot make the studio read other files).
func parse(name string, src []byte) (*ast.Program, error) {
	prg, err := parser.ParseFile(nil, name, string(src), 0, parser.WithDisableSourceMaps)
	if err != nil {
		return nil, toSyntaxError(name, err)
	}
	return prg, nil
}

func toSyntaxError(name string, err error) *SyntaxError {
	switch e := err.(type) {
	case parser.ErrorList:
		if len(e) > 0 {
			return &SyntaxError{File: name, Line: e[0].Position.Line, Column: e[0].Position.Column, Message: e[0].Message}
		}
	case *parser.Error:
		return &SyntaxError{File: name, Line: e.Position.Line, Column: e.Position.Column, Message: e.Message}
	}
	return &SyntaxError{File: name, Message: err.Error()}
}

// Check parses src and returns its first syntax error (a *SyntaxError
// naming name and the line), or nil.
func Check(name string, src []byte) error {
	if _, err := parse(name, src); err != nil {
		return err
	}
	return nil
}

// assignment is one top-level "Owner.name = function …" statement.
type assignment struct {
	name               string // "Page.QuotesonMessageReceive"
	start, end         int    // byte range of the function in the source
	propStart, propEnd int    // byte range of the property name ("QuotesonMessageReceive")
}

// assignments lists the top-level assignments of a function to a property of
// Page or App, in source order.
func assignments(prg *ast.Program) []assignment {
	var out []assignment
	for _, st := range prg.Body {
		es, ok := st.(*ast.ExpressionStatement)
		if !ok {
			continue
		}
		as, ok := es.Expression.(*ast.AssignExpression)
		if !ok || as.Operator != token.ASSIGN {
			continue
		}
		name, ps, pe := memberName(as.Left)
		if name == "" {
			continue
		}
		switch as.Right.(type) {
		case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral:
		default:
			continue
		}
		start, end := int(as.Right.Idx0())-1, int(as.Right.Idx1())-1
		if start < 0 || end < start {
			continue
		}
		out = append(out, assignment{name: name, start: start, end: end, propStart: ps, propEnd: pe})
	}
	return out
}

// memberName is "Page.x" for Page.x and Page["x"] (likewise App), else
// "", with the byte range of x in the source (inside the quotes).
func memberName(e ast.Expression) (name string, start, end int) {
	var obj ast.Expression
	var prop string
	switch m := e.(type) {
	case *ast.DotExpression:
		obj, prop = m.Left, string(m.Identifier.Name)
		start, end = int(m.Identifier.Idx0())-1, int(m.Identifier.Idx1())-1
	case *ast.BracketExpression:
		s, ok := m.Member.(*ast.StringLiteral)
		if !ok || len(s.Literal) < 2 {
			return "", 0, 0
		}
		obj, prop = m.Left, string(s.Value)
		start, end = int(s.Idx), int(s.Idx)-2+len(s.Literal)
	default:
		return "", 0, 0
	}
	id, ok := obj.(*ast.Identifier)
	if !ok || (id.Name != "Page" && id.Name != "App") || prop == "" {
		return "", 0, 0
	}
	return string(id.Name) + "." + prop, start, end
}

// Handlers lists the functions the script assigns to Page or App at its top
// level ("Page.onReady", "Page.QuotesonMessageReceive"), each once, in the
// order they first appear. A script that does not parse has none.
func Handlers(src []byte) []string {
	prg, err := parse("", src)
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var names []string
	for _, a := range assignments(prg) {
		if !seen[a.name] {
			seen[a.name] = true
			names = append(names, a.name)
		}
	}
	return names
}

// find returns the last assignment of name (the one that takes effect).
func find(src []byte, name string) (assignment, bool, error) {
	prg, err := parse("", src)
	if err != nil {
		return assignment{}, false, err
	}
	var found assignment
	ok := false
	for _, a := range assignments(prg) {
		if a.name == name {
			found, ok = a, true
		}
	}
	return found, ok, nil
}

// FunctionSource returns the source of the function the script assigns to
// name ("Page.QuotesonMessageReceive"): the text from "function" (or
// "async", or an arrow function's parameters) to its closing brace. When a
// script assigns the name twice, the last one is returned, as that is the
// one that runs. ok is false when the script does not assign it or does not
// parse.
func FunctionSource(src []byte, name string) (fn string, ok bool) {
	a, ok, err := find(src, name)
	if err != nil || !ok {
		return "", false
	}
	return string(src[a.start:a.end]), true
}

// SetFunction returns src with the function assigned to name replaced by fn
// (a function expression, as FunctionSource returns it), every other byte
// as it was. When the script does not assign name yet, the assignment
// "name = fn;" is appended at the end. It fails when src or fn is not valid
// JavaScript, or when fn is not a single function expression, naming the
// line that is wrong. White space around fn is not kept.
func SetFunction(src []byte, name, fn string) ([]byte, error) {
	fn = strings.TrimSpace(fn)
	owner, prop, found := strings.Cut(name, ".")
	if !found || (owner != "Page" && owner != "App") || !isIdentifier(prop) {
		return nil, fmt.Errorf("handler name %q is not Page.<name> or App.<name>", name)
	}
	if err := checkFunction(name, fn); err != nil {
		return nil, err
	}
	a, ok, err := find(src, name)
	if err != nil {
		return nil, fmt.Errorf("the script cannot be edited until it parses: %w", err)
	}
	if ok {
		out := make([]byte, 0, len(src)-(a.end-a.start)+len(fn))
		out = append(out, src[:a.start]...)
		out = append(out, fn...)
		return append(out, src[a.end:]...), nil
	}
	out := make([]byte, 0, len(src)+len(name)+len(fn)+8)
	out = append(out, src...)
	switch {
	case len(out) == 0:
	case out[len(out)-1] != '\n':
		out = append(out, "\n\n"...)
	default:
		out = append(out, '\n')
	}
	out = append(out, name...)
	out = append(out, " = "...)
	out = append(out, fn...)
	return append(out, ";\n"...), nil
}

// checkFunction checks that fn is exactly one function expression, so that
// putting it in place of another cannot change the code around it.
func checkFunction(name, fn string) error {
	const prefix = "Page.__fn = "
	prg, err := parser.ParseFile(nil, name, prefix+fn+"\n;", 0, parser.WithDisableSourceMaps)
	if err != nil {
		se := toSyntaxError(name, err)
		if se.Line == 1 && se.Column > len(prefix) {
			se.Column -= len(prefix)
		}
		return se
	}
	as := assignments(prg)
	if len(prg.Body) < 1 || len(as) != 1 || as[0].start != len(prefix) || as[0].end != len(prefix)+len(strings.TrimRight(fn, " \t\r\n")) {
		return fmt.Errorf("%s: the code is not a single function expression (it must start with \"function\" and end with its closing brace)", name)
	}
	for _, st := range prg.Body[1:] {
		if _, ok := st.(*ast.EmptyStatement); !ok {
			return fmt.Errorf("%s: the code is not a single function expression (there is more code after the function)", name)
		}
	}
	return nil
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return true
}

// RenameVariable returns src with the handlers of variable oldName
// (owner.<oldName>on<Event> for the seven events) assigned under newName
// instead; only those property names change, every other byte stays. Code
// that refers to the variable elsewhere (Page.Variables.<oldName>) is left
// for the user. It fails when the script does not parse.
func RenameVariable(src []byte, owner, oldName, newName string) ([]byte, error) {
	if !isIdentifier(newName) {
		return nil, fmt.Errorf("rename handlers: %q is not a valid name", newName)
	}
	prg, err := parse("", src)
	if err != nil {
		return nil, fmt.Errorf("the script cannot be edited until it parses: %w", err)
	}
	events := map[string]Event{}
	for _, ev := range Events {
		events[HandlerName(owner, oldName, ev)] = ev
	}
	var out []byte
	last := 0
	for _, a := range assignments(prg) {
		ev, ok := events[a.name]
		if !ok || a.propStart < last || a.propEnd > len(src) || a.propStart > a.propEnd {
			continue
		}
		out = append(out, src[last:a.propStart]...)
		out = append(out, newName+string(ev)...)
		last = a.propEnd
	}
	if out == nil {
		return src, nil
	}
	return append(out, src[last:]...), nil
}
