//go:build unix

package widgets

import (
	"syscall"
	"time"
)

// ProcessCPU is the user and system CPU time this process has used so far,
// every thread counted (a software OpenGL renderer's threads included).
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
