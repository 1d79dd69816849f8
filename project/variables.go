package project

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/tidwall/gjson"
)

// CategoryWebSocket is the category of the variables the studio owns.
const CategoryWebSocket = "wm.WebSocketVariable"

// Variable defaults as WaveMaker applies them when a property is missing.
const DefaultDataLimit = 20

// varFile returns the variables file of a variable, relative to the folder.
func varFile(owner, page string) string {
	if owner == OwnerApp || page == "" {
		return appVariables
	}
	return pageFile(page, ".variables.json")
}

// readVariable reads one wm.WebSocketVariable entry.
func readVariable(name string, raw []byte, owner, page string) *Variable {
	g := gjson.ParseBytes(raw)
	v := &Variable{
		ID:          g.Get("_id").String(),
		Name:        name,
		Owner:       g.Get("owner").String(),
		Page:        page,
		Service:     g.Get("service").String(),
		OperationID: g.Get("operationId").String(),
		Type:        g.Get("type").String(),
		StartUpdate: true,
		Strategy:    StrategyRefresh,
		DataLimit:   DefaultDataLimit,
	}
	if v.Owner == "" {
		v.Owner = owner
	}
	if owner == OwnerApp {
		v.Page = ""
	}
	if r := g.Get("startUpdate"); r.Exists() {
		v.StartUpdate = r.Bool()
	}
	if r := g.Get("dataUpdateStrategy"); r.String() != "" {
		v.Strategy = r.String()
	}
	if r := g.Get("dataLimit"); r.Exists() {
		v.DataLimit = int(r.Int())
	}
	db := g.Get("dataBinding")
	if db.IsArray() {
		db.ForEach(func(_, b gjson.Result) bool {
			v.DataBinding = append(v.DataBinding, Binding{Target: b.Get("target").String(), Value: bindingValue(b.Get("value")), Type: b.Get("type").String()})
			return true
		})
	} else if db.IsObject() { // older projects: {"target": value}
		db.ForEach(func(k, val gjson.Result) bool {
			v.DataBinding = append(v.DataBinding, Binding{Target: k.String(), Value: bindingValue(val)})
			return true
		})
	}
	st := g.Get("studio")
	v.Reconnect.Enabled = st.Get("reconnect.enabled").Bool()
	v.Reconnect.InitialDelay = duration(st.Get("reconnect.initialDelay"))
	v.Reconnect.MaxDelay = duration(st.Get("reconnect.maxDelay"))
	v.PingInterval = duration(st.Get("pingInterval"))
	v.ReadLimit = st.Get("readLimit").Int()
	v.HandshakeTimeout = duration(st.Get("handshakeTimeout"))
	return v
}

func bindingValue(r gjson.Result) string {
	if r.Type == gjson.String {
		return r.String()
	}
	return r.Raw
}

func duration(r gjson.Result) time.Duration {
	if r.Type == gjson.Number {
		return time.Duration(r.Int()) * time.Millisecond
	}
	d, _ := time.ParseDuration(r.String())
	return d
}

// variableMembers are the entry's properties the studio writes, in
// WaveMaker's order. Properties of the original entry that are not listed
// here are kept as they were; dataSet, isDefault and isList keep their
// original value when there is one.
func variableMembers(v *Variable) obj {
	id := v.ID
	if id == "" {
		id = "wm-" + v.Name + "-" + CategoryWebSocket + "-" + strconv.FormatInt(time.Now().UnixMilli(), 10)
		v.ID = id
	}
	binding := arr{}
	for _, b := range v.DataBinding {
		o := obj{{"target", b.Target}, {"value", b.Value}}
		if b.Type != "" {
			o = o.add("type", b.Type)
		}
		binding = append(binding, o)
	}
	opID, typ := v.OperationID, v.Type
	if opID == "" && v.Service != "" {
		opID = v.Service + "_WebSocketServiceVirtualController-invoke"
	}
	if typ == "" && v.Service != "" {
		typ = v.Service + ".RootResponse"
	}
	o := obj{
		{"_id", id},
		{"name", v.Name},
		{"owner", v.Owner},
		{"category", CategoryWebSocket},
		{"dataBinding", binding},
		{"service", v.Service},
		{"operationId", opID},
		{"dataSet", arr{}},
		{"type", typ},
		{"isDefault", false},
		{"isList", false},
		{"startUpdate", v.StartUpdate},
		{"dataUpdateStrategy", v.Strategy},
		{"dataLimit", v.DataLimit},
	}
	if st := studioMembers(v); len(st) > 0 {
		o = o.add("studio", st)
	}
	return o
}

// studioMembers are our extensions; empty when all are defaults, so a plain
// WaveMaker entry stays plain.
func studioMembers(v *Variable) obj {
	o := obj{}
	if v.Reconnect != (Reconnect{}) {
		r := obj{{"enabled", v.Reconnect.Enabled}}
		if v.Reconnect.InitialDelay != 0 {
			r = r.add("initialDelay", v.Reconnect.InitialDelay.String())
		}
		if v.Reconnect.MaxDelay != 0 {
			r = r.add("maxDelay", v.Reconnect.MaxDelay.String())
		}
		o = o.add("reconnect", r)
	}
	if v.PingInterval != 0 {
		o = o.add("pingInterval", v.PingInterval.String())
	}
	if v.ReadLimit != 0 {
		o = o.add("readLimit", v.ReadLimit)
	}
	if v.HandshakeTimeout != 0 {
		o = o.add("handshakeTimeout", v.HandshakeTimeout.String())
	}
	return o
}

// keepOriginal lists members whose original value wins over the default.
var keepOriginal = map[string]bool{"dataSet": true, "isDefault": true, "isList": true}

// renderVariable writes the entry of v as a member value at indentation
// indent. orig (may be nil) is the entry as read: its member order is kept,
// members the studio does not know stay as they were, and known members
// missing from it are added at the end in WaveMaker's order.
func renderVariable(v *Variable, orig *jsonObject, indent string, st jsonStyle) []byte {
	want := variableMembers(v)
	if orig == nil {
		return encodeStyled(want, indent, st)
	}
	wantIdx := map[string]int{}
	for i, m := range want {
		wantIdx[m.k] = i
	}
	used := map[string]bool{}
	out := obj{}
	for _, m := range orig.members {
		i, known := wantIdx[m.key]
		switch {
		case !known && m.key == "studio":
			// our extensions, now all default: drop
		case !known, keepOriginal[m.key]:
			out = out.add(m.key, rawJSON(m.value))
		default:
			out = out.add(m.key, want[i].v)
		}
		used[m.key] = true
	}
	for _, m := range want {
		if !used[m.k] {
			out = append(out, m)
		}
	}
	return encodeStyled(out, indent, st)
}

// varFileState is a variables file as read, split for splicing.
type varFileState struct {
	rel   string
	raw   []byte
	obj   *jsonObject
	owned []int     // indexes into obj.members of the studio's entries, in order
	style jsonStyle // the file's own layout
}

// readVarFile parses a variables file and returns its WebSocket variables.
func readVarFile(rel string, data []byte, owner, page string) (*varFileState, []*Variable, map[*Variable]*jsonObject, error) {
	o, err := parseObject(rel, data)
	if err != nil {
		return nil, nil, nil, err
	}
	st := &varFileState{rel: rel, raw: data, obj: o, style: detectStyle(data)}
	var vars []*Variable
	origs := map[*Variable]*jsonObject{}
	for i, m := range o.members {
		if gjson.GetBytes(m.value, "category").String() != CategoryWebSocket {
			continue
		}
		if ValidIdentifier(m.key) != nil {
			continue // a name the studio cannot use safely: kept as it is, like a foreign entry
		}
		entry, err := parseObject(rel, m.value)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%s: variable %s is not a JSON object", rel, m.key)
		}
		v := readVariable(m.key, m.value, owner, page)
		st.owned = append(st.owned, i)
		vars = append(vars, v)
		origs[v] = entry
	}
	return st, vars, origs, nil
}

// spliceEntry is one member written by spliceObject.
type spliceEntry struct {
	key   string
	value []byte // rendered value; nil = keep the original member bytes
	orig  []byte // original member bytes ("key": value) when value is nil
}

// spliceObject rebuilds a JSON object file: the member at owned[n] is
// replaced by slots[n] (removed when nil), extra members are appended after
// the last one in style st, and everything else keeps its bytes. A file
// whose members all stay as they were comes back as it was.
func spliceObject(o *jsonObject, owned []int, slots []*spliceEntry, extra []spliceEntry, st jsonStyle) []byte {
	data := o.raw
	indent := st.unit
	if len(o.members) > 0 {
		indent = lineIndent(data, o.members[0].start)
	}
	memberBytes := func(e spliceEntry) []byte {
		if e.value == nil {
			return e.orig
		}
		var b []byte
		b = append(b, encodeJSON(e.key, "")...)
		b = append(b, st.sep...)
		return append(b, e.value...)
	}
	replace := map[int][]byte{} // member index → new bytes
	remove := map[int]bool{}
	same := len(extra) == 0
	for n, i := range owned {
		if slots[n] != nil {
			b := memberBytes(*slots[n])
			replace[i] = b
			if !bytes.Equal(b, data[o.members[i].start:o.members[i].end]) {
				same = false
			}
		} else {
			remove[i] = true
			same = false
		}
	}
	if same {
		return data
	}
	var extraBytes [][]byte
	for _, e := range extra {
		extraBytes = append(extraBytes, memberBytes(e))
	}
	between := []byte("," + st.nl + indent)
	if st.compact {
		between = []byte(",")
	}

	var out []byte
	// Members kept, in order, each with the separator that preceded it.
	kept := 0
	for i, m := range o.members {
		if remove[i] {
			continue
		}
		var sep []byte
		if kept == 0 {
			sep = data[o.open:o.members[0].start] // white space after "{"
		} else {
			sep = data[o.members[i-1].end:m.start]
			if !containsComma(sep) {
				sep = between
			}
		}
		out = append(out, sep...)
		if b, ok := replace[i]; ok {
			out = append(out, b...)
		} else {
			out = append(out, data[m.start:m.end]...)
		}
		kept++
	}
	for _, b := range extraBytes {
		switch {
		case kept > 0:
			out = append(out, between...)
		case !st.compact:
			out = append(out, st.nl...)
			out = append(out, indent...)
		}
		out = append(out, b...)
		kept++
	}
	tail := data[lastEnd(o):o.close]
	if kept == 0 {
		// Every member went: the object is empty, written the file's way.
		res := append([]byte{}, data[:o.open-1]...)
		res = append(res, st.emptyObj...)
		return append(res, data[o.close+1:]...)
	} else if len(o.members) == 0 || allRemoved(o, remove) {
		tail = []byte(st.nl)
		if st.compact {
			tail = nil
		}
	}
	res := append([]byte{}, data[:o.open]...)
	res = append(res, out...)
	res = append(res, tail...)
	return append(res, data[o.close:]...)
}

func containsComma(b []byte) bool {
	for _, c := range b {
		if c == ',' {
			return true
		}
	}
	return false
}

func lastEnd(o *jsonObject) int {
	if len(o.members) == 0 {
		return o.close
	}
	return o.members[len(o.members)-1].end
}

func allRemoved(o *jsonObject, remove map[int]bool) bool {
	for i := range o.members {
		if !remove[i] {
			return false
		}
	}
	return true
}

// assignSlots places items in slots. orig[i] is the slot item i was read
// from, or -1 for a new item. Items read from a slot fill the slots that
// are still in use, in item order, so an item nobody moved stays where it
// was; slots left without an item are removed (perSlot -1), and new items
// come after them (extra).
func assignSlots(nslots int, orig []int) (perSlot []int, extra []int) {
	perSlot = make([]int, nslots)
	for i := range perSlot {
		perSlot[i] = -1
	}
	used := make([]bool, nslots)
	var survivors []int
	for i, o := range orig {
		if o >= 0 && o < nslots && !used[o] {
			used[o] = true
			survivors = append(survivors, i)
		} else {
			extra = append(extra, i)
		}
	}
	n := 0
	for slot := range used {
		if used[slot] {
			perSlot[slot] = survivors[n]
			n++
		}
	}
	return perSlot, extra
}
