package asyncapi

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits that keep a hostile document (cyclic $refs, alias or $ref bombs)
// from taking unbounded time or memory.
const (
	maxRefHops     = 64 // $refs followed to reach one value
	maxSchemaDepth = 64 // nesting of a schema, $refs included
	maxFiles       = 64 // other files a document may refer to
)

// maxWork bounds the schema nodes and example values visited per import; a
// 1 MB document of 650 channels needs about 16,000. Tests lower it.
var maxWork = 1 << 20

// loc is a node and the file it is in ("" for the document itself when it
// was parsed from memory), so that relative $refs resolve from the right
// place.
type loc struct {
	file string
	n    *yaml.Node
}

func (l loc) ok() bool { return l.n != nil }

// resolver follows $refs within the document and to files beside it.
type resolver struct {
	name  string // the document as named in errors
	dir   string // folder other files must be in; "" = other files are not read
	files map[string]*yaml.Node
	refs  map[string]loc // resolved $refs by file and ref
	work  int
	// unsupported collects what is not imported, in order, each once.
	unsupported []string
	seen        map[string]bool
}

func newResolver(name, abs, dir string, root *yaml.Node) *resolver {
	r := &resolver{name: name, dir: dir, files: map[string]*yaml.Node{}, refs: map[string]loc{}, seen: map[string]bool{}}
	r.files[abs] = root
	return r
}

// note records something the studio does not import.
func (r *resolver) note(format string, a ...any) {
	s := format
	if len(a) > 0 {
		s = fmt.Sprintf(format, a...)
	}
	if !r.seen[s] {
		r.seen[s] = true
		r.unsupported = append(r.unsupported, s)
	}
}

// spend counts work; false once the document has cost too much.
func (r *resolver) spend() bool {
	r.work++
	return r.work <= maxWork
}

func (r *resolver) tooComplex() error {
	return docErr(r.name, ErrTooComplex, "expands into more than %d schema and example values (through $refs or YAML aliases); it cannot be imported", maxWork)
}

// alias follows YAML aliases.
func alias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxRefHops; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// deref follows $refs (and aliases) until it reaches a value. A mapping
// with $ref is replaced by its target; other keys beside $ref are ignored,
// as the specification says.
func (r *resolver) deref(l loc) (loc, error) {
	for hops := 0; ; hops++ {
		l.n = alias(l.n)
		if l.n == nil {
			return l, nil
		}
		ref, ok := refOf(l.n)
		if !ok {
			return l, nil
		}
		if hops >= maxRefHops {
			return loc{}, docErr(r.name, ErrBadRef, "has a $ref chain longer than %d steps at %q (a $ref that leads back to itself?)", maxRefHops, ref)
		}
		key := l.file + "\x00" + ref
		next, ok := r.refs[key]
		if !ok {
			var err error
			if next, err = r.follow(l.file, ref); err != nil {
				return loc{}, err
			}
			r.refs[key] = next
		}
		l = next
	}
}

// refOf returns the $ref of a mapping.
func refOf(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.MappingNode {
		return "", false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "$ref" {
			v := alias(n.Content[i+1])
			if v != nil && v.Kind == yaml.ScalarNode {
				return v.Value, true
			}
			return "", false
		}
	}
	return "", false
}

// follow resolves one $ref from a node in file.
func (r *resolver) follow(file, ref string) (loc, error) {
	target, frag, _ := strings.Cut(ref, "#")
	if target != "" {
		if strings.Contains(target, "://") {
			return loc{}, docErr(r.name, ErrBadRef, "refers to %q, on another machine; only $refs within the document or to files beside it can be imported", ref)
		}
		if r.dir == "" {
			return loc{}, docErr(r.name, ErrBadRef, "refers to the file %q, which cannot be read from a document held in memory", target)
		}
		base := r.dir
		if file != "" {
			base = filepath.Dir(file)
		}
		p, err := url.PathUnescape(target)
		if err != nil {
			p = target
		}
		abs := filepath.Clean(filepath.Join(base, filepath.FromSlash(p)))
		if rel, err := filepath.Rel(r.dir, abs); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(p) {
			return loc{}, docErr(r.name, ErrBadRef, "refers to %q, outside the document's folder", target)
		}
		root, err := r.file(abs, target)
		if err != nil {
			return loc{}, err
		}
		file = abs
		if frag == "" {
			return loc{file: file, n: root}, nil
		}
		return r.pointer(loc{file: file, n: root}, frag, ref)
	}
	root := r.files[file]
	return r.pointer(loc{file: file, n: root}, frag, ref)
}

func (r *resolver) file(abs, shown string) (*yaml.Node, error) {
	if n, ok := r.files[abs]; ok {
		return n, nil
	}
	if len(r.files) > maxFiles {
		return nil, docErr(r.name, ErrTooComplex, "refers to more than %d other files", maxFiles)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, docErr(r.name, ErrBadRef, "refers to the file %q, which cannot be read: %v", shown, unwrapPathErr(err))
	}
	if len(data) > MaxDocumentSize {
		return nil, docErr(r.name, ErrTooComplex, "refers to the file %q, larger than %d MiB", shown, MaxDocumentSize>>20)
	}
	n, err := decode(data)
	if err != nil {
		return nil, docErr(r.name, ErrBadRef, "refers to the file %q, which is neither YAML nor JSON (%v)", shown, err)
	}
	r.files[abs] = n
	return n, nil
}

// pointer walks a JSON pointer ("/components/schemas/Quote") from root.
func (r *resolver) pointer(root loc, frag, ref string) (loc, error) {
	cur := root
	if frag == "" || frag == "/" {
		return cur, nil
	}
	if !strings.HasPrefix(frag, "/") {
		return loc{}, docErr(r.name, ErrBadRef, "has the $ref %q, which is not a JSON pointer such as #/components/schemas/Name", ref)
	}
	for _, part := range strings.Split(frag[1:], "/") {
		if u, err := url.PathUnescape(part); err == nil {
			part = u
		}
		if strings.Contains(part, "~") {
			part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		}
		n, err := r.deref(cur)
		if err != nil {
			return loc{}, err
		}
		cur = n
		var next *yaml.Node
		switch {
		case cur.n == nil:
		case cur.n.Kind == yaml.MappingNode:
			next = get(cur.n, part)
		case cur.n.Kind == yaml.SequenceNode:
			if i, err := strconv.Atoi(part); err == nil && i >= 0 && i < len(cur.n.Content) {
				next = cur.n.Content[i]
			}
		}
		if next == nil {
			return loc{}, docErr(r.name, ErrBadRef, "has the $ref %q, which points at nothing", ref)
		}
		cur.n = next
	}
	return cur, nil
}

// get returns the value of key in a mapping, or nil. YAML merge keys
// ("<<: *base") count, the mapping's own keys first.
func get(n *yaml.Node, key string) *yaml.Node {
	return getDepth(n, key, 0)
}

// maxMerge bounds merge keys within merge keys.
const maxMerge = 8

func getDepth(n *yaml.Node, key string, depth int) *yaml.Node {
	n = alias(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > maxMerge {
		return nil
	}
	merged := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := alias(n.Content[i])
		if k == nil {
			continue
		}
		if k.Value == key && !isMergeKey(k) {
			return n.Content[i+1]
		}
		merged = merged || isMergeKey(k)
	}
	if !merged {
		return nil
	}
	for _, src := range mergeSources(n) {
		if v := getDepth(src, key, depth+1); v != nil {
			return v
		}
	}
	return nil
}

func isMergeKey(k *yaml.Node) bool { return k.Value == "<<" && k.ShortTag() == "!!merge" }

// mergeSources lists the mappings a mapping merges in, in order.
func mergeSources(n *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := alias(n.Content[i]); k != nil && isMergeKey(k) {
			v := alias(n.Content[i+1])
			switch {
			case v == nil:
			case v.Kind == yaml.SequenceNode:
				out = append(out, v.Content...)
			default:
				out = append(out, v)
			}
		}
	}
	return out
}

// member is one key and value of a mapping.
type member struct {
	key string
	val loc
}

// members lists a mapping's entries in order, then those it merges in
// that it does not have itself; anything else has none.
func members(l loc) []member {
	return membersDepth(l, 0)
}

func membersDepth(l loc, depth int) []member {
	n := alias(l.n)
	if n == nil || n.Kind != yaml.MappingNode || depth > maxMerge {
		return nil
	}
	out := make([]member, 0, len(n.Content)/2)
	merged := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := alias(n.Content[i])
		if k == nil {
			continue
		}
		if isMergeKey(k) {
			merged = true
			continue
		}
		out = append(out, member{k.Value, loc{l.file, n.Content[i+1]}})
	}
	if !merged {
		return out
	}
	have := map[string]bool{}
	for _, m := range out {
		have[m.key] = true
	}
	for _, src := range mergeSources(n) {
		for _, m := range membersDepth(loc{l.file, src}, depth+1) {
			if !have[m.key] {
				have[m.key] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// items lists a sequence's entries.
func items(l loc) []loc {
	n := alias(l.n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]loc, len(n.Content))
	for i, c := range n.Content {
		out[i] = loc{l.file, c}
	}
	return out
}

// field returns key of a mapping as a loc (not dereferenced).
func field(l loc, key string) loc {
	return loc{l.file, get(l.n, key)}
}

// str returns a scalar's text, "" for anything else.
func str(l loc) string {
	n := alias(l.n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func isMap(l loc) bool {
	n := alias(l.n)
	return n != nil && n.Kind == yaml.MappingNode
}
