//go:build !race

package variable

// burstCount is the size of the no-loss and memory bursts.
const burstCount = 1_000_000
