package project

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Temporary names. Every file or folder a save makes on the way is named
// ".<name>" + tempMark + "<kind>-<random>", so that one left by a stopped
// process is recognised: never read as project content, and removed by the
// next save. The journal lists what a save that got as far as renaming was
// doing, so that the next Open or Save finishes it.
const (
	tempMark    = ".wsstudio-"
	journalName = ".wsstudio-save.journal"
)

// isTempName reports whether a file or folder name is one of a save's
// temporaries (or its journal).
func isTempName(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tempMark) || name == journalName
}

// WriteFileAtomic replaces path with data: it writes a temporary file in the
// same folder, syncs it to disk and renames it over path, so a reader sees
// either the old bytes or the new ones, never a mix. Missing parent folders
// are created. An existing file keeps its permission bits.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := stageFile(path, data, 0o644)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// tempPattern is the os.CreateTemp pattern of a temporary beside path.
func tempPattern(path, kind string) string {
	return "." + filepath.Base(path) + tempMark + kind + "-*"
}

// stageFile writes data to a synced temporary file beside path and returns
// its name. A new file gets mode; an existing one keeps its own.
func stageFile(path string, data []byte, mode os.FileMode) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return "", fmt.Errorf("write %s: it is a folder", path)
		}
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(dir, tempPattern(path, "tmp"))
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	err = f.Chmod(mode)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return tmp, nil
}

// syncDir flushes a folder's entries (the rename) to disk; best effort, as
// not every file system supports it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// step is one change of a save, in the order it is made.
type step struct {
	Kind   string `json:"kind"`   // "write": Tmp renamed to Path; "move": Path renamed to To
	Path   string `json:"path"`   // the file written, or what is moved
	Tmp    string `json:"tmp"`    // write: the staged bytes
	Backup string `json:"backup"` // write: a link to (or copy of) the file it replaces; "" for a new file
	To     string `json:"to"`     // move: where it goes
	Aside  bool   `json:"aside"`  // move: a folder put aside, deleted once the save is done
	done   bool
}

// batch writes a set of files and moves a set of files and folders as one
// change: every file is staged as a synced temporary first; then the
// journal is written; then each step is made. If a step fails, the steps
// already made are undone (replaced files come back byte for byte, new
// files go, moved folders return), so the folder holds either everything
// old or everything new. A process stopped half-way leaves the journal, and
// the next Open or Save finishes the change (recoverSave).
type batch struct {
	root  string   // project folder, where the journal goes; "" for none
	steps []*step  // in order
	dirs  []string // folders created for new files, parents first
}

// stage writes data beside path as a temporary; a new file gets mode.
func (b *batch) stage(path string, data []byte, mode os.FileMode) error {
	b.dirs = append(b.dirs, missingDirs(filepath.Dir(path))...)
	tmp, err := stageFile(path, data, mode)
	if err != nil {
		return err
	}
	b.steps = append(b.steps, &step{Kind: "write", Path: path, Tmp: tmp})
	return nil
}

// move renames from to to when the batch commits; aside marks a folder to
// delete once every step is made.
func (b *batch) move(from, to string, aside bool) {
	b.steps = append(b.steps, &step{Kind: "move", Path: from, To: to, Aside: aside})
}

// asideName is a fresh name to put path aside as.
func asideName(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern(path, "del"))
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	return name, os.Remove(name)
}

// abort removes every staged temporary and the folders made for them.
func (b *batch) abort() {
	for _, s := range b.steps {
		if s.Tmp != "" {
			os.Remove(s.Tmp)
		}
		if s.Backup != "" {
			os.Remove(s.Backup)
		}
	}
	for i := len(b.dirs) - 1; i >= 0; i-- {
		os.Remove(b.dirs[i]) // only removes a folder that is empty
	}
	b.steps, b.dirs = nil, nil
}

// missingDirs lists the folders that do not exist yet on the way to dir,
// parents first.
func missingDirs(dir string) []string {
	var out []string
	for {
		if _, err := os.Lstat(dir); err == nil {
			break
		}
		out = append([]string{dir}, out...)
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return out
}

// backup keeps the bytes of path under a temporary name beside it: a hard
// link when the file system allows one, else a copy.
func backup(path string) (string, error) {
	name, err := asideName(path)
	if err != nil {
		return "", err
	}
	name = strings.Replace(name, tempMark+"del-", tempMark+"bak-", 1)
	if err := os.Link(path, name); err == nil {
		return name, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	tmp, err := stageFile(name, data, fi.Mode().Perm())
	if err != nil {
		return "", err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return "", err
	}
	return name, nil
}

// commit makes every step. On failure the steps made are undone and the
// error names the file.
func (b *batch) commit() error {
	defer func() { b.steps, b.dirs = nil, nil }()
	if len(b.steps) == 0 {
		return nil
	}
	// Moves first (files carried to a renamed service's folder, then the
	// folders put aside), so that a write failing later brings them back.
	sort.SliceStable(b.steps, func(i, j int) bool { return b.steps[i].Kind == "move" && b.steps[j].Kind != "move" })
	for _, s := range b.steps {
		if s.Kind != "write" {
			continue
		}
		if _, err := os.Lstat(s.Path); err == nil {
			bk, err := backup(s.Path)
			if err != nil {
				b.abort()
				return fmt.Errorf("write %s: keep its old bytes: %w", s.Path, err)
			}
			s.Backup = bk
		}
	}
	journal := ""
	if b.root != "" {
		journal = filepath.Join(b.root, journalName)
		data, _ := json.Marshal(b.steps)
		if err := WriteFileAtomic(journal, data); err != nil {
			b.abort()
			return fmt.Errorf("write %s: %w", journal, err)
		}
	}
	dirs := map[string]bool{}
	for _, s := range b.steps {
		var err error
		switch s.Kind {
		case "write":
			if err = os.Rename(s.Tmp, s.Path); err != nil {
				err = fmt.Errorf("write %s: %w", s.Path, err)
			}
		case "move":
			if err = os.MkdirAll(filepath.Dir(s.To), 0o755); err == nil {
				err = os.Rename(s.Path, s.To)
			}
			if err != nil {
				err = fmt.Errorf("move %s: %w", s.Path, err)
			}
		}
		if err != nil {
			b.undo()
			if journal != "" {
				os.Remove(journal)
			}
			return err
		}
		s.done = true
		dirs[filepath.Dir(s.Path)] = true
	}
	for d := range dirs {
		syncDir(d)
	}
	if journal != "" {
		if err := os.Remove(journal); err != nil {
			return fmt.Errorf("remove %s: %w", journal, err)
		}
		syncDir(b.root)
	}
	finish(b.steps)
	return nil
}

// undo reverses the steps made, last first, and removes what was staged.
func (b *batch) undo() {
	for i := len(b.steps) - 1; i >= 0; i-- {
		s := b.steps[i]
		if !s.done {
			continue
		}
		switch s.Kind {
		case "write":
			if s.Backup != "" {
				os.Rename(s.Backup, s.Path)
				s.Backup = ""
			} else {
				os.Remove(s.Path)
			}
		case "move":
			os.Rename(s.To, s.Path)
		}
		s.done = false
	}
	b.abort()
}

// finish removes what a completed change leaves: backups and the folders
// put aside.
func finish(steps []*step) {
	for _, s := range steps {
		if s.Backup != "" {
			os.Remove(s.Backup)
		}
		if s.Kind == "write" && s.Tmp != "" {
			os.Remove(s.Tmp) // gone already after its rename
		}
		if s.Aside {
			os.RemoveAll(s.To)
		}
	}
}

// recoverSave finishes a save of the project folder root that was stopped
// after it wrote its journal: every staged file is renamed into place and
// every move made, so the folder holds the new project. Without a journal
// there is nothing to do.
func recoverSave(root string) error {
	journal := filepath.Join(root, journalName)
	data, err := os.ReadFile(journal)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", journal, err)
	}
	var steps []*step
	if err := json.Unmarshal(data, &steps); err != nil {
		// A journal cut short was never complete, so no step was made.
		return os.Remove(journal)
	}
	for _, s := range steps {
		if !inFolder(root, s.Path) || s.Tmp != "" && !inFolder(root, s.Tmp) || s.To != "" && !inFolder(root, s.To) || s.Backup != "" && !inFolder(root, s.Backup) {
			return fmt.Errorf("%s names a file outside the project", journal)
		}
		switch s.Kind {
		case "write":
			if _, err := os.Lstat(s.Tmp); err == nil {
				if err := os.Rename(s.Tmp, s.Path); err != nil {
					return fmt.Errorf("finish an interrupted save: write %s: %w", s.Path, err)
				}
			}
		case "move":
			if _, err := os.Lstat(s.Path); err == nil {
				if _, err := os.Lstat(s.To); errors.Is(err, fs.ErrNotExist) {
					os.MkdirAll(filepath.Dir(s.To), 0o755)
					if err := os.Rename(s.Path, s.To); err != nil {
						return fmt.Errorf("finish an interrupted save: move %s: %w", s.Path, err)
					}
				}
			}
		}
	}
	if err := os.Remove(journal); err != nil {
		return fmt.Errorf("remove %s: %w", journal, err)
	}
	finish(steps)
	return nil
}

func inFolder(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// sweepTemps removes the temporaries a stopped save left in the project
// folder root (not in .git, node_modules or target).
func sweepTemps(root string) {
	filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := de.Name()
		if de.IsDir() && p != root && (name == ".git" || name == "node_modules" || name == "target") {
			return filepath.SkipDir
		}
		if p != root && isTempName(name) && name != journalName {
			os.RemoveAll(p)
			if de.IsDir() {
				return filepath.SkipDir
			}
		}
		return nil
	})
}

// onlyTemps reports whether the folder rel holds no file but a save's
// temporaries (an empty folder, or one with only empty folders, is what a
// save stopped while it made the folders for a new service leaves).
func onlyTemps(src source, rel string) (bool, error) {
	var walk func(rel string) (bool, error)
	walk = func(rel string) (bool, error) {
		files, err := src.files(rel)
		if err != nil {
			return false, err
		}
		for _, f := range files {
			if !isTempName(f) {
				return false, nil
			}
		}
		dirs, err := src.dirs(rel)
		if err != nil {
			return false, err
		}
		for _, d := range dirs {
			if isTempName(d) {
				continue
			}
			if ok, err := walk(rel + "/" + d); err != nil || !ok {
				return ok, err
			}
		}
		return true, nil
	}
	return walk(rel)
}
