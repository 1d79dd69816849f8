package ui

// Dependencies the studio's sub-packages and tools use; listed here so that
// the module keeps them while those packages grow.
import (
	_ "fyne.io/fyne/v2/driver/software"
	_ "fyne.io/fyne/v2/test"
	_ "github.com/cenkalti/backoff/v5"
	_ "github.com/dop251/goja"
	_ "github.com/google/uuid"
	_ "github.com/magiconair/properties"
	_ "golang.org/x/net/html"
)
