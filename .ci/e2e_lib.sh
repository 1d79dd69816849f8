# What the end-to-end scripts share, sourced by .ci/e2e.sh and
# .ci/e2e_examples.sh: a private home and data folders, the process to
# watch ($PID, and $FEEDS when a script starts feeds of its own), and the
# helpers that drive the window ($WID) with xdotool as a person would.
#
#   . "$(dirname "$0")/e2e_lib.sh" "$@"   # $1 the binary, $2 an optional folder for screenshots
set -u
BIN=$(readlink -f "$1")
SHOTS=${2:-}
WORK=$(mktemp -d)
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config" XDG_RUNTIME_DIR="$WORK/run"
export XDG_CACHE_HOME="$WORK/cache" LANG=C.UTF-8
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" "$XDG_CACHE_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
PID= FEEDS=
fails=0

cleanup() {
	for p in $PID $FEEDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
step() { echo "--- $*"; }
alive() {
	kill -0 "$PID" 2>/dev/null || { echo "FAIL: the studio died during: $1"; cat "$WORK/stderr"; exit 1; }
}
shot() {
	[ -n "$SHOTS" ] || return 0
	mkdir -p "$SHOTS"
	import -window root "$SHOTS/$1.png" 2>/dev/null || true
}
key() { xdotool windowfocus --sync "$WID" 2>/dev/null; xdotool key --delay 60 "$@"; sleep 0.8; }
typ() { xdotool windowfocus --sync "$WID" 2>/dev/null; xdotool type --delay 40 "$1"; sleep 0.5; }
click() { xdotool mousemove --window "$WID" "$1" "$2" click 1; sleep 1; }
title() { xdotool getwindowname "$WID"; }
