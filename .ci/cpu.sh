#!/bin/sh
# The studio's CPU use on the bundled example, live against idle: run under
# xvfb-run, it opens the example twice for SECONDS (default 20) each, once
# with its feeds connected and once with every variable closed (the same
# project with "Connect on page load" off), and prints both and the ratio.
#
#   xvfb-run -a -s "-screen 0 1920x1080x24" sh .ci/cpu.sh ./wsstudio [SECONDS]
set -eu
BIN=$(readlink -f "$1")
SECS=${2:-20}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config" XDG_CACHE_HOME="$WORK/cache"
export XDG_RUNTIME_DIR="$WORK/run" LANG=C.UTF-8
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
TICK=$(getconf CLK_TCK)

# ticks is the process's user+system CPU time in clock ticks
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure DIR: CPU seconds the studio used over SECS, after it settled
measure() {
	"$BIN" ${1:+"$1"} >/dev/null 2>&1 &
	pid=$!
	timeout 60 xdotool search --sync --name "WebSocket Studio" >/dev/null
	wid=$(xdotool search --name "WebSocket Studio" | head -n1)
	xdotool windowsize "$wid" 1280 800
	sleep 5
	a=$(ticks $pid)
	sleep "$SECS"
	b=$(ticks $pid)
	kill $pid; wait $pid 2>/dev/null || true
	echo $((b - a))
}

live=$(measure "")
# the example, copied by the first run, with its variables closed
idle_dir="$WORK/idle"
cp -r "$XDG_DATA_HOME/wsstudio/example" "$idle_dir"
find "$idle_dir" -name '*.variables.json' -exec sed -i 's/"startUpdate": *true/"startUpdate": false/' {} +
idle=$(measure "$idle_dir")
awk -v l="$live" -v i="$idle" -v t="$TICK" -v s="$SECS" 'BEGIN {
	printf "live (feeds connected): %.1f%% of a core\n", 100 * l / t / s
	printf "idle (feeds closed):    %.1f%% of a core\n", 100 * i / t / s
	if (i > 0) printf "ratio: %.2fx\n", l / i
}'
