package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"wsstudio/assets"
	"wsstudio/project"
)

// logFile is where the window logs a failure it caught (a panic in a UI
// callback, with its stack): wsstudio/wsstudio.log in the user's data folder.
func logFile() string {
	d, err := dataDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "wsstudio.log")
}

// exampleDir is where the example project is copied on first use.
func exampleDir() (string, error) {
	d, err := dataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "example"), nil
}

// dataDir is the studio's folder in the user's data folder.
func dataDir() (string, error) {
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("find the user's data folder: %w", err)
			}
			base = filepath.Join(home, ".local", "share")
		} else {
			d, err := os.UserConfigDir()
			if err != nil {
				return "", fmt.Errorf("find the user's data folder: %w", err)
			}
			base = d
		}
	}
	return filepath.Join(base, "wsstudio"), nil
}

func openExample() (*project.Project, error) {
	dir, err := exampleDir()
	if err != nil {
		return nil, err
	}
	if err := assets.CopyExample(dir); err != nil {
		return nil, fmt.Errorf("copy the example project to %s: %w", dir, err)
	}
	p, err := project.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open the example project %s: %w", dir, err)
	}
	return p, nil
}
