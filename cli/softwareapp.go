package cli

import (
	"image/color"
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/theme"
)

// fixedVariant is a theme that always uses one variant (light or dark),
// whatever the settings say.
type fixedVariant struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t fixedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// softwareApp is the studio's app for a picture: windows are software
// canvases (no screen, no OpenGL) and preferences live in memory, so a
// screenshot neither needs a display nor changes the user's settings.
// The desktop app underneath is never run; it lends its text measurement,
// storage and cache.
type softwareApp struct {
	fyne.App
	driver   *softwareDriver
	settings *softwareSettings
	prefs    *memoryPrefs
	clip     memoryClipboard
}

func newSoftwareApp(appID string) *softwareApp {
	desktop := app.NewWithID(appID + ".screenshot")
	a := &softwareApp{
		App:      desktop,
		driver:   &softwareDriver{Driver: desktop.Driver()},
		settings: &softwareSettings{theme: theme.DefaultTheme(), variant: theme.VariantLight},
		prefs:    &memoryPrefs{values: map[string]any{}},
	}
	fyne.SetCurrentApp(a)
	return a
}

func (a *softwareApp) NewWindow(title string) fyne.Window { return a.driver.CreateWindow(title) }
func (a *softwareApp) Driver() fyne.Driver                { return a.driver }
func (a *softwareApp) Settings() fyne.Settings            { return a.settings }
func (a *softwareApp) Preferences() fyne.Preferences      { return a.prefs }
func (a *softwareApp) Clipboard() fyne.Clipboard          { return &a.clip }
func (a *softwareApp) Run()                               {}
func (a *softwareApp) Quit()                              {}

// softwareDriver draws windows into memory. Text is measured by the desktop
// driver, which needs no screen for that, so text lays out as on screen.
type softwareDriver struct {
	fyne.Driver
	mu      sync.Mutex
	windows []fyne.Window
}

func (d *softwareDriver) CreateWindow(title string) fyne.Window {
	w := &softwareWindow{canvas: software.NewCanvas(), title: title, driver: d}
	d.mu.Lock()
	d.windows = append(d.windows, w)
	d.mu.Unlock()
	return w
}

func (d *softwareDriver) AllWindows() []fyne.Window {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.windows)
}

// CanvasForObject answers the one window a screenshot has.
func (d *softwareDriver) CanvasForObject(fyne.CanvasObject) fyne.Canvas {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.windows) == 0 {
		return nil
	}
	return d.windows[len(d.windows)-1].Canvas()
}

func (d *softwareDriver) AbsolutePositionForObject(fyne.CanvasObject) fyne.Position {
	return fyne.Position{}
}
func (d *softwareDriver) Device() fyne.Device { return softwareDevice{} }
func (d *softwareDriver) Run()                {}
func (d *softwareDriver) Quit()               {}

// StartAnimation shows an animation's end at once: a picture has no time.
func (d *softwareDriver) StartAnimation(a *fyne.Animation) {
	if a.AutoReverse {
		a.Tick(0)
	} else {
		a.Tick(1)
	}
}
func (d *softwareDriver) StopAnimation(*fyne.Animation)     {}
func (d *softwareDriver) DoubleTapDelay() time.Duration     { return 300 * time.Millisecond }
func (d *softwareDriver) SetDisableScreenBlanking(bool)     {}
func (d *softwareDriver) DoFromGoroutine(fn func(), _ bool) { fn() }

func (d *softwareDriver) remove(w fyne.Window) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.windows = slices.DeleteFunc(d.windows, func(x fyne.Window) bool { return x == w })
}

type softwareDevice struct{}

func (softwareDevice) Orientation() fyne.DeviceOrientation      { return fyne.OrientationHorizontalLeft }
func (softwareDevice) IsMobile() bool                           { return false }
func (softwareDevice) IsBrowser() bool                          { return false }
func (softwareDevice) HasKeyboard() bool                        { return true }
func (softwareDevice) SystemScaleForWindow(fyne.Window) float32 { return 1 }
func (softwareDevice) Locale() fyne.Locale                      { return "en-US" }

// softwareWindow is a window that is only a canvas in memory; the main
// menu is kept but not drawn, as a window without a screen has no menu bar.
type softwareWindow struct {
	canvas         software.WindowlessCanvas
	driver         *softwareDriver
	title          string
	fullScreen     bool
	fixedSize      bool
	icon           fyne.Resource
	menu           *fyne.MainMenu
	onClosed       func()
	closeIntercept func()
	clip           memoryClipboard
}

func (w *softwareWindow) Title() string                                { return w.title }
func (w *softwareWindow) SetTitle(t string)                            { w.title = t }
func (w *softwareWindow) FullScreen() bool                             { return w.fullScreen }
func (w *softwareWindow) SetFullScreen(b bool)                         { w.fullScreen = b }
func (w *softwareWindow) Resize(s fyne.Size)                           { w.canvas.Resize(s) }
func (w *softwareWindow) RequestFocus()                                {}
func (w *softwareWindow) FixedSize() bool                              { return w.fixedSize }
func (w *softwareWindow) SetFixedSize(b bool)                          { w.fixedSize = b }
func (w *softwareWindow) CenterOnScreen()                              {}
func (w *softwareWindow) Padded() bool                                 { return w.canvas.Padded() }
func (w *softwareWindow) SetPadded(b bool)                             { w.canvas.SetPadded(b) }
func (w *softwareWindow) Icon() fyne.Resource                          { return w.icon }
func (w *softwareWindow) SetIcon(r fyne.Resource)                      { w.icon = r }
func (w *softwareWindow) SetMaster()                                   {}
func (w *softwareWindow) MainMenu() *fyne.MainMenu                     { return w.menu }
func (w *softwareWindow) SetMainMenu(m *fyne.MainMenu)                 { w.menu = m }
func (w *softwareWindow) SetOnClosed(f func())                         { w.onClosed = f }
func (w *softwareWindow) SetCloseIntercept(f func())                   { w.closeIntercept = f }
func (w *softwareWindow) SetOnDropped(func(fyne.Position, []fyne.URI)) {}
func (w *softwareWindow) Show()                                        {}
func (w *softwareWindow) Hide()                                        {}
func (w *softwareWindow) ShowAndRun()                                  {}
func (w *softwareWindow) Content() fyne.CanvasObject                   { return w.canvas.Content() }
func (w *softwareWindow) SetContent(o fyne.CanvasObject)               { w.canvas.SetContent(o) }
func (w *softwareWindow) Canvas() fyne.Canvas                          { return w.canvas }
func (w *softwareWindow) Clipboard() fyne.Clipboard                    { return &w.clip }

func (w *softwareWindow) Close() {
	if w.onClosed != nil {
		w.onClosed()
	}
	w.driver.remove(w)
}

// softwareSettings hold the theme and its variant; nothing is read from or
// written to the user's settings.
type softwareSettings struct {
	mu        sync.Mutex
	theme     fyne.Theme
	variant   fyne.ThemeVariant
	listeners []func(fyne.Settings)
}

func (s *softwareSettings) Theme() fyne.Theme {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.theme
}

func (s *softwareSettings) SetTheme(t fyne.Theme) {
	s.mu.Lock()
	s.theme = t
	listeners := slices.Clone(s.listeners)
	s.mu.Unlock()
	for _, l := range listeners {
		l(s)
	}
}

func (s *softwareSettings) ThemeVariant() fyne.ThemeVariant {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.variant
}

func (s *softwareSettings) Scale() float32            { return 1 }
func (s *softwareSettings) PrimaryColor() string      { return theme.ColorBlue }
func (s *softwareSettings) BuildType() fyne.BuildType { return fyne.BuildStandard }
func (s *softwareSettings) ShowAnimations() bool      { return true }

// AddChangeListener takes the channel but never sends: the theme is set
// once, before the window exists.
func (s *softwareSettings) AddChangeListener(chan fyne.Settings) {}

func (s *softwareSettings) AddListener(l func(fyne.Settings)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, l)
}

type memoryClipboard struct {
	mu   sync.Mutex
	text string
}

func (c *memoryClipboard) Content() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.text
}

func (c *memoryClipboard) SetContent(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.text = s
}

// memoryPrefs are preferences that last as long as the picture is taken.
type memoryPrefs struct {
	mu        sync.Mutex
	values    map[string]any
	listeners []func()
}

func prefGet[T any](p *memoryPrefs, key string, fallback T) T {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.values[key].(T); ok {
		return v
	}
	return fallback
}

func prefSet(p *memoryPrefs, key string, v any) {
	p.mu.Lock()
	if v == nil {
		delete(p.values, key)
	} else {
		p.values[key] = v
	}
	listeners := slices.Clone(p.listeners)
	p.mu.Unlock()
	for _, l := range listeners {
		l()
	}
}

func (p *memoryPrefs) Bool(k string) bool                             { return prefGet(p, k, false) }
func (p *memoryPrefs) BoolWithFallback(k string, f bool) bool         { return prefGet(p, k, f) }
func (p *memoryPrefs) SetBool(k string, v bool)                       { prefSet(p, k, v) }
func (p *memoryPrefs) BoolList(k string) []bool                       { return prefGet[[]bool](p, k, nil) }
func (p *memoryPrefs) BoolListWithFallback(k string, f []bool) []bool { return prefGet(p, k, f) }
func (p *memoryPrefs) SetBoolList(k string, v []bool)                 { prefSet(p, k, slices.Clone(v)) }
func (p *memoryPrefs) Float(k string) float64                         { return prefGet(p, k, 0.0) }
func (p *memoryPrefs) FloatWithFallback(k string, f float64) float64  { return prefGet(p, k, f) }
func (p *memoryPrefs) SetFloat(k string, v float64)                   { prefSet(p, k, v) }
func (p *memoryPrefs) FloatList(k string) []float64                   { return prefGet[[]float64](p, k, nil) }
func (p *memoryPrefs) FloatListWithFallback(k string, f []float64) []float64 {
	return prefGet(p, k, f)
}
func (p *memoryPrefs) SetFloatList(k string, v []float64)          { prefSet(p, k, slices.Clone(v)) }
func (p *memoryPrefs) Int(k string) int                            { return prefGet(p, k, 0) }
func (p *memoryPrefs) IntWithFallback(k string, f int) int         { return prefGet(p, k, f) }
func (p *memoryPrefs) SetInt(k string, v int)                      { prefSet(p, k, v) }
func (p *memoryPrefs) IntList(k string) []int                      { return prefGet[[]int](p, k, nil) }
func (p *memoryPrefs) IntListWithFallback(k string, f []int) []int { return prefGet(p, k, f) }
func (p *memoryPrefs) SetIntList(k string, v []int)                { prefSet(p, k, slices.Clone(v)) }
func (p *memoryPrefs) String(k string) string                      { return prefGet(p, k, "") }
func (p *memoryPrefs) StringWithFallback(k, f string) string       { return prefGet(p, k, f) }
func (p *memoryPrefs) SetString(k string, v string)                { prefSet(p, k, v) }
func (p *memoryPrefs) StringList(k string) []string                { return prefGet[[]string](p, k, nil) }
func (p *memoryPrefs) StringListWithFallback(k string, f []string) []string {
	return prefGet(p, k, f)
}
func (p *memoryPrefs) SetStringList(k string, v []string) { prefSet(p, k, slices.Clone(v)) }
func (p *memoryPrefs) RemoveValue(k string)               { prefSet(p, k, nil) }

func (p *memoryPrefs) AddChangeListener(l func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listeners = append(p.listeners, l)
}

func (p *memoryPrefs) ChangeListeners() []func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.listeners)
}
