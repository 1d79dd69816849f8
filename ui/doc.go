// Package ui is the studio window: the Imported APIs tree, the import wizard,
// the property panels, the live page canvas and the message console. It talks
// to the packages below and holds no protocol or file-format logic.
package ui

import (
	_ "fyne.io/fyne/v2/app"
	_ "fyne.io/fyne/v2/container"
	_ "fyne.io/fyne/v2/dialog"
	_ "fyne.io/fyne/v2/driver/software"
	_ "fyne.io/fyne/v2/test"
	_ "fyne.io/fyne/v2/widget"
	_ "github.com/cenkalti/backoff/v5"
	_ "github.com/dop251/goja"
	_ "github.com/google/uuid"
	_ "github.com/magiconair/properties"
	_ "golang.org/x/net/html"
)
