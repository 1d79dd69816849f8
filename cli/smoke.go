package cli

import (
	"fmt"
	"image"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"wsstudio/ui"
)

// processStart is as close to the start of the process as Go lets us get
// (it is set when the package is initialised, before main runs); --smoke
// measures the first live frame from here.
var processStart = time.Now()

// armSmoke waits for every started variable to hold data, then for a frame
// drawn after that; it prints the time from process start and quits. After
// timeout it quits with the reason in *result.
func armSmoke(fa fyne.App, win fyne.Window, st *ui.Studio, timeout time.Duration, stdout io.Writer, result *error) {
	var armed, done atomic.Bool
	// the probe is a one-pixel raster: the GL painter calls its generator
	// only when it draws a frame with the probe invalidated.
	probe := canvas.NewRaster(func(w, h int) image.Image {
		if armed.Load() && done.CompareAndSwap(false, true) {
			elapsed := time.Since(processStart)
			*result = nil
			fmt.Fprintf(stdout, "first live frame after %.2fs\n", elapsed.Seconds())
			// stop the live parts first: nothing may redraw once the loop is gone
			go fyne.Do(func() { st.Shutdown(); fa.Quit() }) // Shutdown does not wait
		}
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	probe.Resize(fyne.NewSize(1, 1))
	win.SetContent(container.NewStack(win.Content(), container.NewWithoutLayout(probe)))

	go func() {
		deadline := time.Now().Add(timeout)
		tick := time.NewTicker(25 * time.Millisecond)
		defer tick.Stop()
		for range tick.C {
			if done.Load() {
				return
			}
			if time.Now().After(deadline) {
				fyne.Do(func() {
					if done.CompareAndSwap(false, true) {
						_, waiting := st.LiveState()
						reason := "no frame was drawn"
						if len(waiting) > 0 {
							reason = "still waiting for data from " + strings.Join(waiting, ", ")
						} else if len(st.Running()) == 0 {
							reason = "no variable is running"
						}
						*result = fmt.Errorf("no live frame within %s: %s", timeout, reason)
						st.Shutdown()
						fa.Quit()
					}
				})
				return
			}
			fyne.Do(func() {
				if ok, _ := st.LiveState(); ok && len(st.Running()) > 0 && !armed.Load() {
					armed.Store(true)
					probe.Refresh()
				} else if armed.Load() {
					probe.Refresh()
				}
			})
		}
	}()
}
