//go:build !unix

package widgets

import "time"

// ProcessCPU is the CPU time this process has used so far; where it cannot
// be read it stays 0, and a frame budget never holds a frame back.
func ProcessCPU() time.Duration { return 0 }
