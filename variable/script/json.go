package script

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/tidwall/gjson"

	"wsstudio/wire/frame"
)

// The bridge between a message's JSON bytes and JavaScript values. goja's
// own JSON.parse and JSON.stringify go through encoding/json's token reader
// and a generic walker, which dominate a small handler's cost; these direct
// conversions cover plain data (the messages a feed sends, the objects a
// handler returns) and hand everything else to the built-ins, so results are
// always what JSON.parse and JSON.stringify would give.

// maxFastDepth bounds the nesting the direct conversions recurse into;
// deeper documents go to the built-ins.
const maxFastDepth = 64

// errSlowPath says a value needs the built-in conversion.
var errSlowPath = errors.New("needs the built-in conversion")

// parseJSON is JSON.parse(data) on the engine goroutine.
func (e *Engine) parseJSON(data []byte) (goja.Value, error) {
	if gjson.ValidBytes(data) && !hasSurrogateEscape(data) {
		if v, err := e.fromJSON(gjson.ParseBytes(data), 0); err == nil {
			return v, nil
		}
	}
	return e.jsonParse(goja.Undefined(), e.rt.ToValue(string(data)))
}

// hasSurrogateEscape reports a \uD800-\uDFFF escape, which JSON.parse keeps
// as a lone UTF-16 unit and Go strings cannot hold.
func hasSurrogateEscape(data []byte) bool {
	for i := bytes.Index(data, []byte(`\u`)); i >= 0; {
		if i+2 < len(data) && (data[i+2] == 'd' || data[i+2] == 'D') {
			return true
		}
		j := bytes.Index(data[i+2:], []byte(`\u`))
		if j < 0 {
			return false
		}
		i += 2 + j
	}
	return false
}

func (e *Engine) fromJSON(r gjson.Result, depth int) (goja.Value, error) {
	switch r.Type {
	case gjson.Null:
		return goja.Null(), nil
	case gjson.False:
		return e.rt.ToValue(false), nil
	case gjson.True:
		return e.rt.ToValue(true), nil
	case gjson.String:
		return e.rt.ToValue(r.Str), nil
	case gjson.Number:
		f, err := strconv.ParseFloat(r.Raw, 64)
		if err != nil {
			return nil, errSlowPath // out of range: as the built-in decides
		}
		if f == math.Trunc(f) && math.Abs(f) <= 1<<53 && !(f == 0 && math.Signbit(f)) {
			return e.rt.ToValue(int64(f)), nil
		}
		return e.rt.ToValue(f), nil
	}
	if depth >= maxFastDepth {
		return nil, errSlowPath
	}
	var err error
	if r.IsArray() {
		var items []any
		r.ForEach(func(_, v gjson.Result) bool {
			var x goja.Value
			if x, err = e.fromJSON(v, depth+1); err != nil {
				return false
			}
			items = append(items, x)
			return true
		})
		if err != nil {
			return nil, err
		}
		return e.rt.NewArray(items...), nil
	}
	obj := e.rt.NewObject()
	r.ForEach(func(k, v gjson.Result) bool {
		var x goja.Value
		if x, err = e.fromJSON(v, depth+1); err != nil {
			return false
		}
		if k.Str == "__proto__" {
			// JSON.parse makes an own property; Set would change the prototype.
			err = obj.DefineDataProperty(k.Str, x, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
		} else {
			err = obj.Set(k.Str, x)
		}
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	return obj, nil
}

// toJSON is JSON.stringify(v) as bytes; nil for values JSON.stringify
// leaves undefined (undefined itself, functions, symbols). It does not arm
// the time limit: callers run it inside a guarded call or arm it.
func (e *Engine) toJSON(v goja.Value) ([]byte, error) {
	if out, omit, err := e.fastJSON(v); err == nil {
		if omit {
			return nil, nil
		}
		return out, nil
	}
	out, err := e.jsonStr(goja.Undefined(), v)
	if err != nil {
		return nil, err
	}
	if out == nil || goja.IsUndefined(out) {
		return nil, nil
	}
	return []byte(out.String()), nil
}

// fastJSON serializes plain data directly; any error means "use the
// built-in" (including a JavaScript exception thrown by a getter, which the
// built-in then throws again and reports properly).
func (e *Engine) fastJSON(v goja.Value) (out []byte, omit bool, err error) {
	defer func() {
		if recover() != nil {
			out, omit, err = nil, false, errSlowPath
		}
	}()
	out, omit, err = e.appendJSON(make([]byte, 0, 128), v, 0)
	return
}

func (e *Engine) appendJSON(buf []byte, v goja.Value, depth int) ([]byte, bool, error) {
	if v == nil || goja.IsUndefined(v) {
		return buf, true, nil
	}
	if goja.IsNull(v) {
		return append(buf, "null"...), false, nil
	}
	if _, isSym := v.(*goja.Symbol); isSym {
		return buf, true, nil
	}
	obj, isObj := v.(*goja.Object)
	if !isObj {
		switch x := v.Export().(type) {
		case bool:
			return strconv.AppendBool(buf, x), false, nil
		case int64:
			return strconv.AppendInt(buf, x, 10), false, nil
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return append(buf, "null"...), false, nil
			}
			return append(buf, v.String()...), false, nil
		case string:
			if strings.ContainsRune(x, utf8.RuneError) {
				return nil, false, errSlowPath // maybe a lone surrogate
			}
			return frame.AppendJSONString(buf, x), false, nil
		}
		return nil, false, errSlowPath // BigInt and anything unforeseen
	}
	if _, isFn := goja.AssertFunction(obj); isFn {
		return buf, true, nil
	}
	if depth >= maxFastDepth {
		return nil, false, errSlowPath
	}
	if tj := obj.Get("toJSON"); tj != nil && !goja.IsUndefined(tj) {
		return nil, false, errSlowPath
	}
	var err error
	var omit bool
	switch obj.ClassName() {
	case "Array":
		n := obj.Get("length").ToInteger()
		buf = append(buf, '[')
		for i := int64(0); i < n; i++ {
			if i > 0 {
				buf = append(buf, ',')
			}
			l := len(buf)
			if buf, omit, err = e.appendJSON(buf, obj.Get(strconv.FormatInt(i, 10)), depth+1); err != nil {
				return nil, false, err
			}
			if omit {
				buf = append(buf[:l], "null"...)
			}
		}
		return append(buf, ']'), false, nil
	case "Object":
		buf = append(buf, '{')
		first := true
		for _, k := range obj.Keys() {
			l := len(buf)
			if !first {
				buf = append(buf, ',')
			}
			buf = frame.AppendJSONString(buf, k)
			buf = append(buf, ':')
			if buf, omit, err = e.appendJSON(buf, obj.Get(k), depth+1); err != nil {
				return nil, false, err
			}
			if omit {
				buf = buf[:l]
				continue
			}
			first = false
		}
		return append(buf, '}'), false, nil
	}
	return nil, false, errSlowPath
}
