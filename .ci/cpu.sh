#!/bin/sh
# The studio's CPU use on the bundled example, live against idle: run under
# xvfb-run, it opens the example for SECONDS (default 20) with its feeds
# connected, then for as long with every variable closed (the same project
# with "Connect on page load" off), ROUNDS times (default 3) in turn, and
# prints each pair, its ratio and the median ratio. A shared machine's
# readings of one 20 s window vary by a fifth either way; pairs measured
# back to back, and their median, vary much less.
#
#   xvfb-run -a -s "-screen 0 1920x1080x24" sh .ci/cpu.sh ./wsstudio [SECONDS [ROUNDS]]
set -eu
BIN=$(readlink -f "$1")
SECS=${2:-20}
ROUNDS=${3:-3}
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

# the example as the first run copies it, with its variables closed
idle_dir="$WORK/idle"
pct() { awk -v n="$1" -v t="$TICK" -v s="$SECS" 'BEGIN { printf "%.1f", 100 * n / t / s }'; }
ratios=""
live_dir="" # the first run opens the bundled example; later ones its copy by name
i=1
while [ "$i" -le "$ROUNDS" ]; do
	live=$(measure "$live_dir")
	live_dir="$XDG_DATA_HOME/wsstudio/example"
	if [ ! -d "$idle_dir" ]; then
		cp -r "$XDG_DATA_HOME/wsstudio/example" "$idle_dir"
		find "$idle_dir" -name '*.variables.json' -exec sed -i 's/"startUpdate": *true/"startUpdate": false/' {} +
	fi
	idle=$(measure "$idle_dir")
	r=$(awk -v l="$live" -v i="$idle" 'BEGIN { if (i > 0) printf "%.2f", l / i; else print "inf" }')
	echo "round $i: live (feeds connected) $(pct "$live")% of a core, idle (feeds closed) $(pct "$idle")%, ratio ${r}x"
	ratios="$ratios $r"
	i=$((i + 1))
done
echo "$ratios" | tr ' ' '\n' | grep . | sort -n | awk '{ r[NR] = $1 } END { printf "median ratio over %d rounds: %sx\n", NR, r[int((NR + 1) / 2)] }'
