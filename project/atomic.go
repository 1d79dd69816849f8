package project

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFileAtomic replaces path with data: it writes a temporary file in the
// same folder, syncs it to disk and renames it over path, so a reader sees
// either the old bytes or the new ones, never a mix. Missing parent folders
// are created. An existing file keeps its permission bits.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := stageFile(path, data)
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

// stageFile writes data to a synced temporary file beside path and returns
// its name.
func stageFile(path string, data []byte) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return "", fmt.Errorf("write %s: it is a folder", path)
		}
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, mode)
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

// batch writes a set of files in two phases: every file is staged as a
// synced temporary first, and only when all of them are staged are they
// renamed into place. If staging any file fails, every temporary is removed
// and no file is touched.
type batch struct {
	paths []string // final paths
	temps []string // staged temporaries, same order
	dirs  []string // folders created for them, parents first
}

// stage writes data beside path as a temporary.
func (b *batch) stage(path string, data []byte) error {
	b.dirs = append(b.dirs, missingDirs(filepath.Dir(path))...)
	tmp, err := stageFile(path, data)
	if err != nil {
		return err
	}
	b.paths = append(b.paths, path)
	b.temps = append(b.temps, tmp)
	return nil
}

// abort removes every staged temporary and the folders made for them.
func (b *batch) abort() {
	for _, t := range b.temps {
		os.Remove(t)
	}
	for i := len(b.dirs) - 1; i >= 0; i-- {
		os.Remove(b.dirs[i]) // only removes a folder that is empty
	}
	b.paths, b.temps, b.dirs = nil, nil, nil
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

// commit renames every staged file into place. A rename of a staged file
// in its own folder fails only if the folder itself broke; the error names
// the file, and the temporaries left are removed.
func (b *batch) commit() error {
	var errs []error
	dirs := map[string]bool{}
	for i, tmp := range b.temps {
		if len(errs) > 0 {
			os.Remove(tmp)
			continue
		}
		if err := os.Rename(tmp, b.paths[i]); err != nil {
			os.Remove(tmp)
			errs = append(errs, fmt.Errorf("write %s: %w", b.paths[i], err))
			continue
		}
		dirs[filepath.Dir(b.paths[i])] = true
	}
	for d := range dirs {
		syncDir(d)
	}
	b.paths, b.temps, b.dirs = nil, nil, nil
	return errors.Join(errs...)
}
