package script

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/dop251/goja"
)

// builtins converts with goja's own JSON.parse and JSON.stringify.
func builtinStringify(e *Engine, v goja.Value) (string, bool) {
	out, err := e.jsonStr(goja.Undefined(), v)
	if err != nil || out == nil || goja.IsUndefined(out) {
		return "", false
	}
	return out.String(), true
}

// checkBridge asserts that the direct conversions agree with the built-ins
// on data: parsing gives the same value, serializing gives the same text.
func checkBridge(t *testing.T, e *Engine, data []byte) {
	t.Helper()
	if !json.Valid(data) {
		return
	}
	var problem string
	e.do(func() {
		fast, errFast := e.parseJSON(data)
		slow, err := e.jsonParse(goja.Undefined(), e.rt.ToValue(string(data)))
		if (errFast == nil) != (err == nil) {
			problem = fmt.Sprintf("parse of %q: direct error %v, JSON.parse error %v", data, errFast, err)
			return
		}
		if err != nil {
			return // both refuse it (goja's JSON.parse refuses numbers beyond float64)
		}
		a, _ := builtinStringify(e, fast)
		b, _ := builtinStringify(e, slow)
		if a != b {
			problem = fmt.Sprintf("parse of %q: direct gives %s, JSON.parse gives %s", data, a, b)
			return
		}
		if out, err := e.toJSON(slow); err != nil || string(out) != b {
			problem = fmt.Sprintf("toJSON of %q = %s, %v; JSON.stringify gives %s", data, out, err, b)
		}
	})
	if problem != "" {
		t.Fatal(problem)
	}
}

var bridgeSeeds = []string{
	`{"seq":1234,"time":1764000000000,"symbol":"ACME","price":12.5,"ok":true,"none":null}`,
	`[1,-0,0.1,1e21,1e-7,123456789012345678901234567890,-2.5e-300,1e400]`,
	`{"b":1,"a":2,"1":3,"0":4,"b":5}`,
	`{"__proto__":{"x":1},"y":[{"z":[]}],"":""}`,
	`"tab\tquote\"back\\slash\u0001 é € 😀 \u2028 <&>"`,
	`"\ud83d\ude00 \ud800 lone"`,
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	`  {"spaced" : [ 1 , 2 ] }  `,
	`true`, `null`, `0`, `"x"`, `[]`, `{}`,
}

func TestJSONBridgeMatchesBuiltins(t *testing.T) {
	e, _ := load(t, "")
	for _, s := range bridgeSeeds {
		checkBridge(t, e, []byte(s))
	}
}

func TestToJSONOfHandlerValues(t *testing.T) {
	e, _ := load(t, "")
	tests := []string{
		`({a: undefined, b: function () {}, c: Symbol("s"), d: [undefined, function () {}], e: NaN, f: -Infinity})`,
		`({date: new Date(0)})`,
		`({n: new Number(3), s: new String("x"), m: new Map()})`,
		`(function () { var o = {x: 1}; Object.defineProperty(o, "hidden", {value: 2}); return o; })()`,
		`(function () { class P { constructor() { this.q = 1; } } return new P(); })()`,
		`({toJSON: function () { return "custom"; }})`,
		`({get g() { return 42; }})`,
		`[1.5, "two", null, true, {"k": [3]}]`,
	}
	for _, src := range tests {
		var problem string
		e.do(func() {
			v, err := e.rt.RunString(src)
			if err != nil {
				problem = fmt.Sprintf("%s: %v", src, err)
				return
			}
			want, _ := builtinStringify(e, v)
			if got, err := e.toJSON(v); err != nil || string(got) != want {
				problem = fmt.Sprintf("toJSON(%s) = %s, %v; JSON.stringify gives %s", src, got, err, want)
			}
		})
		if problem != "" {
			t.Error(problem)
		}
	}
}

// FuzzJSONBridge: for any valid JSON the direct conversions agree with
// JSON.parse and JSON.stringify.
func FuzzJSONBridge(f *testing.F) {
	for _, s := range bridgeSeeds {
		f.Add([]byte(s))
	}
	e := Load("Main.js", "Page", nil, Options{})
	defer e.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		checkBridge(t, e, data)
	})
}
