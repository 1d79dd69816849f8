package project

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// maxIdentifier is the longest id or name accepted; it keeps file names
// derived from ids well under every file system's limit.
const maxIdentifier = 100

// ValidIdentifier checks that s is safe as a service id, variable, widget or
// page name: it becomes part of file names, JSON keys and bind expressions,
// so only ASCII letters, digits and "_" are allowed, starting with a letter
// or "_". The error is one sentence naming s.
func ValidIdentifier(s string) error {
	switch {
	case s == "":
		return errors.New("the name is empty: use letters, digits and _, starting with a letter")
	case len(s) > maxIdentifier:
		return fmt.Errorf("%q is too long: use at most %d characters", s, maxIdentifier)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
		digit := c >= '0' && c <= '9'
		if letter || digit && i > 0 {
			continue
		}
		if digit {
			return fmt.Errorf("%q is not a safe name: it must start with a letter or _", s)
		}
		r, _ := utf8.DecodeRuneInString(s[i:])
		return fmt.Errorf("%q is not a safe name: %q is not allowed, use letters, digits and _ only", s, string(r))
	}
	return nil
}

// Abs returns the absolute path of rel, a slash-separated path relative to
// the project folder, after checking that it stays inside the folder: no
// "..", not absolute, and no existing part of it a symbolic link that leads
// elsewhere. Everything the studio writes into a project goes through it.
func (p *Project) Abs(rel string) (string, error) { return inside(p.Dir, rel) }

// inside returns the absolute path of rel (slash-separated, relative to the
// project folder root) after checking that it cannot lead outside root: rel
// must be local (no "..", not absolute) and no existing part of the path may
// be a symbolic link that resolves outside root.
func inside(root, rel string) (string, error) {
	native := filepath.FromSlash(rel)
	if !filepath.IsLocal(native) {
		return "", fmt.Errorf("%s: path leaves the project folder", rel)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", fmt.Errorf("resolve project folder %s: %w", root, err)
	}
	full := filepath.Join(root, native)
	// Resolve the deepest part of the path that exists; what lies below
	// it is created by us and cannot be a link.
	probe := full
	for {
		if _, err := os.Lstat(probe); err == nil {
			break
		}
		parent := filepath.Dir(probe)
		if parent == probe || len(parent) < len(root) {
			probe = root
			break
		}
		probe = parent
	}
	real, err := filepath.EvalSymlinks(probe)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", rel, err)
	}
	if real != realRoot && !strings.HasPrefix(real, realRoot+string(filepath.Separator)) {
		return "", fmt.Errorf("%s: path leads outside the project folder through a symbolic link", rel)
	}
	return full, nil
}
