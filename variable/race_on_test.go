//go:build race

package variable

// burstCount is the size of the no-loss and memory bursts; the race
// detector slows the read loop about tenfold, so it gets a fifth.
const burstCount = 200_000
