package cli

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"github.com/BurntSushi/toml"

	"wsstudio/assets"
)

// fyneAppFile is what the studio reads of FyneApp.toml, the file the
// packaging tool reads too: its [Details] table.
type fyneAppFile struct {
	Details struct {
		ID      string
		Name    string
		Version string
		Build   int
	}
}

// appMetadata reads the application's id, name, version and build from the
// text of FyneApp.toml; the icon is the bundled one. A file that is not
// TOML, or lacks one of ID, Name and Version, is an error naming the file.
func appMetadata(fyneApp []byte) (fyne.AppMetadata, error) {
	var f fyneAppFile
	if err := toml.Unmarshal(fyneApp, &f); err != nil {
		return fyne.AppMetadata{}, fmt.Errorf("read FyneApp.toml: %w", err)
	}
	d := f.Details
	var missing []string
	for _, k := range []struct{ name, value string }{{"ID", d.ID}, {"Name", d.Name}, {"Version", d.Version}} {
		if strings.TrimSpace(k.value) == "" {
			missing = append(missing, k.name)
		}
	}
	if len(missing) > 0 {
		return fyne.AppMetadata{}, fmt.Errorf("read FyneApp.toml: [Details] has no %s", strings.Join(missing, ", "))
	}
	if d.Build < 1 {
		d.Build = 1
	}
	return fyne.AppMetadata{ID: d.ID, Name: d.Name, Version: d.Version, Build: d.Build,
		Icon: assets.Icon(), Custom: map[string]string{}}, nil
}

// useMetadata makes FyneApp.toml's metadata the application's (Fyne keeps
// it for the process: the About dialog reads it back from the app) and
// returns it.
func useMetadata(fyneApp []byte) (fyne.AppMetadata, error) {
	m, err := appMetadata(fyneApp)
	if err != nil {
		return m, err
	}
	app.SetMetadata(m)
	return m, nil
}
