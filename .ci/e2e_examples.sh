#!/bin/sh
# End-to-end test of the two interactive examples in the real window: run
# under xvfb-run, it builds the heart-rate monitor and the chat room from
# empty projects with xdotool, as a person would (the import wizard, the
# variable, widgets, properties, bindings, Save), compares each saved folder
# with the bundled example, then checks the chat room live against
# "wsstudio watch" clients: what is typed in the studio's textarea and sent
# with its button reaches a watch client, and what a watch client sends
# shows in the studio (read back through the clipboard).
#
#   xvfb-run -a -s "-screen 0 1920x1080x24" sh .ci/e2e_examples.sh ./wsstudio [SHOTS_DIR]
. "$(dirname "$0")/e2e_lib.sh" "$@"
ASSETS=$(readlink -f "$(dirname "$0")/../assets")
PROJECTS="$XDG_DATA_HOME/wsstudio" # New Project suggests the open project's parent

# The feeds run in a process of their own on a free port; the hosts of the
# two services point at it for this run only (the saved files keep the
# demo address), so a feed server someone else runs on that address is
# never in the way.
"$BIN" serve-demo --addr 127.0.0.1:0 >"$WORK/feeds" 2>&1 &
FEEDS=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	ADDR=$(sed -n 's/^WebSocket Studio demo feeds on \(127\.0\.0\.1:[0-9]*\):$/\1/p' "$WORK/feeds")
	[ -n "$ADDR" ] && break
	sleep 0.5
done
[ -n "$ADDR" ] || { echo "FAIL: serve-demo did not start"; cat "$WORK/feeds"; exit 1; }
export WEBSOCKET_HEARTRATE_HOST="$ADDR" WEBSOCKET_CHATROOM_HOST="$ADDR"

"$BIN" >"$WORK/stdout" 2>"$WORK/stderr" &
PID=$!
WID=$(timeout 60 xdotool search --sync --name "WebSocket Studio" | head -n1)
[ -n "$WID" ] || { echo "FAIL: no studio window appeared"; cat "$WORK/stderr"; exit 1; }
xdotool windowmove "$WID" 0 0
xdotool windowsize --sync "$WID" 1280 800 2>/dev/null || xdotool windowsize "$WID" 1280 800
sleep 2
alive "opening the studio"

# newProject NAME: File → New Project, in the suggested folder.
newProject() {
	key ctrl+n
	key ctrl+a
	typ "$1"
	key Return
	sleep 1
	alive "creating project $1"
	case "$(title)" in "$1 — "*) ;; *) fail "New Project did not open $1: $(title)";; esac
}

# importService URL RESPONSE [REQUEST] VARIABLE: the import wizard without its
# connection test (the samples are typed, as WaveMaker's guides give them),
# then the offered variable, appending.
importService() {
	key ctrl+i
	alive "opening the wizard"
	typ "$1"
	key Return # Endpoint -> Test
	key Return # Test -> Samples, the sample response focused
	typ "$2"
	if [ -n "$3" ]; then
		click 442 303 # the sample request
		typ "$3"
	fi
	shot "wizard-samples-$4"
	for i in 1 2; do click 1040 696; sleep 0.5; alive "the wizard, Next $i"; done # Samples -> Review -> Finish
	key ctrl+a
	typ "$4"  # the variable's name
	click 339 373 # Append
	shot "wizard-variable-$4"
	click 1004 695 # Create variable
	sleep 1
	alive "creating variable $4"
}

# sameAsBundled DIR NAME: the saved folder must be the bundled example, byte
# for byte. Two values are made up at the moment of the import, the
# service's API id (a random UUID) and the variable's _id (its creation
# time): the bundled files are compared with those two put in.
sameAsBundled() {
	built=$1
	want="$WORK/want-$2"
	cp -r "$ASSETS/$2" "$want"
	vars="src/main/webapp/pages/Main/Main.variables.json"
	for f in "services/$2/designtime/$2_API_WEBSOCKET_SERVICE.json:\"x-WM-API_ID\": \"[^\"]*\"" "$vars:\"_id\": \"[^\"]*\""; do
		file=${f%%:*} pat=${f#*:}
		got=$(grep -o "$pat" "$built/$file" | head -n1)
		old=$(grep -o "$pat" "$want/$file" | head -n1)
		[ -n "$got" ] && [ -n "$old" ] || { fail "$2: no $pat in $file"; continue; }
		grep -rl "$old" "$want" | while read -r g; do sed -i "s/$old/$got/" "$g"; done
	done
	if ! diff -r "$want" "$built" >"$WORK/diff-$2"; then
		fail "the $2 project built in the window is not the bundled example:"
		cat "$WORK/diff-$2"
	fi
}

# sendFromStudio TEXT: typed into the page's textarea, sent with its button.
sendFromStudio() {
	click 666 156
	key ctrl+a
	typ "$1"
	click 270 524
}

step "the heart-rate monitor from an empty project"
newProject HeartRateMonitor
importService "ws://127.0.0.1:8765/heartrate" '{"time":1764000000000,"value":72}' "" HeartRate
# setProp X Y TEXT: a property box of the panel, typed and applied.
setProp() {
	click "$1" "$2"
	key ctrl+a
	typ "$3"
	key Return
}
key ctrl+shift+4 # a label, bound to lastRecord.time on its own
setProp 1040 277 "hh:mm:ss a" # its Format
key ctrl+shift+4 # a second label
setProp 1040 215 "bind:Variables.HeartRate.lastRecord.value" # its Caption
key ctrl+shift+2 # a table of time and value
key ctrl+shift+1 # a line chart of value over time
alive "adding the heart-rate widgets"
shot heartrate-built
key ctrl+s
alive "saving the heart-rate monitor"
sameAsBundled "$PROJECTS/HeartRateMonitor" heartrate

step "the chat room from an empty project"
newProject ChatRoom
importService "ws://127.0.0.1:8765/chatroom?username=user1" '{"username":"user1","text":"hello","time":1764000000000}' '{"text":"hello"}' Chatroom
key ctrl+shift+3 # the list of messages: name, text, time of day
setProp 1030 420 text # Item subtitle field
setProp 1030 481 time # Item detail field
setProp 1175 481 "hh:mm:ss a" # its format
key ctrl+shift+6 # the textarea
key ctrl+shift+7 # the button: Send, on click Variables.Chatroom.send()
alive "adding the chat-room widgets"
# the variable's RequestBody reads the textarea: select the variable, scroll
# its panel to the bindings (the wheel in slow steps lands the same way
# every time), pick the textarea as the source
click 129 210
xdotool mousemove --window "$WID" 1050 400
xdotool click --repeat 40 --delay 20 4; sleep 0.5
xdotool click --repeat 10 --delay 60 5; sleep 0.5
click 1108 520 # RequestBody's source
click 1022 594 # Widget: textarea1
alive "binding the RequestBody to the textarea"
shot chatroom-built
key ctrl+s
alive "saving the chat room"
sameAsBundled "$PROJECTS/ChatRoom" chatroom

# copied: the text the studio put on the clipboard.
copied() { xclip -o -selection clipboard 2>/dev/null; }

# watchUntil FILE: waits (at most 20 s) for the watch client writing
# FILE.err to be in the room.
watchUntil() {
	for i in $(seq 1 80); do
		grep -q "connected" "$1.err" 2>/dev/null && { sleep 0.5; return 0; }
		sleep 0.25
	done
	fail "the watch client did not connect: $(cat "$1.err")"
}

step "live: a message sent from the studio reaches a watch client"
OUT="$WORK/watch-in"
"$BIN" watch "$PROJECTS/ChatRoom" Chatroom --count 2 --timeout 30s >"$OUT" 2>"$OUT.err" &
W=$!
watchUntil "$OUT"
SENT="hello from the studio $$"
sendFromStudio "$SENT"
alive "sending from the studio"
shot chatroom-sent
wait "$W" || fail "the watch client failed: $(cat "$OUT.err")"
grep -q "\"text\": \"$SENT\"" "$OUT" || { fail "the watch client did not receive \"$SENT\":"; cat "$OUT" "$OUT.err"; }

step "live: a message sent by watch --send shows in the studio"
OUT="$WORK/watch-out"
GOT="hello from watch $$"
"$BIN" watch "$PROJECTS/ChatRoom" Chatroom --send "$GOT" --count 2 --timeout 30s >"$OUT" 2>"$OUT.err" ||
	fail "watch --send failed: $(cat "$OUT.err")"
sleep 1
# the console, filtered to that message: select it, copy its pretty-printed text
click 782 604
key ctrl+a
typ "$GOT"
click 528 642
click 1068 646
key ctrl+a ctrl+c
alive "reading the console"
shot chatroom-received
case "$(copied)" in *"\"text\": \"$GOT\""*) ;; *) fail "the studio did not show \"$GOT\"; the console's message reads: $(copied)";; esac

step "close the window"
key ctrl+q
sleep 2
if kill -0 "$PID" 2>/dev/null; then
	fail "the window did not close"
else
	wait "$PID"; status=$?
	PID=
	[ "$status" = 0 ] || fail "the studio exited with status $status"
fi

# Besides the machine's dbus noise: Fyne watches its own preferences file
# and, when it wakes while the studio is rewriting it (every New and Save
# updates the recent projects), reads it half-written and logs an EOF; the
# preferences in memory are not touched.
noise=$(grep -v -e 'XDG_RUNTIME_DIR' -e 'dbus' -e 'failed to watch theme settings' -e 'app_xdg.go' -e '^$' \
	-e 'Fyne error:  Preferences load error:$' -e '  Cause: EOF$' -e 'fyne/v2@v[0-9.]*/app/preferences.go:' "$WORK/stderr")
[ -z "$noise" ] || { fail "stderr of a normal run is not empty:"; echo "$noise"; }
if [ "$fails" -gt 0 ]; then
	echo "e2e examples: $fails check(s) failed"
	exit 1
fi
echo "e2e examples: every step passed"
