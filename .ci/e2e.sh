#!/bin/sh
# End-to-end test of the real studio window: run under xvfb-run, it starts
# the binary on the bundled example, drives it with xdotool as a person
# would (shortcuts, typing, Escape), and checks after every step that the
# process is alive and that the folders on disk hold what they should.
#
#   xvfb-run -a -s "-screen 0 1920x1080x24" sh .ci/e2e.sh ./wsstudio [SHOTS_DIR]
. "$(dirname "$0")/e2e_lib.sh" "$@"
# a user's home as a desktop has it (the file dialog lists these places)
mkdir -p "$HOME/Desktop" "$HOME/Documents" "$HOME/Downloads" "$HOME/Music" "$HOME/Pictures" "$HOME/Videos"
EX="$XDG_DATA_HOME/wsstudio/example"
COPY="$XDG_DATA_HOME/wsstudio/SavedCopy"
sums() { (cd "$1" && find . -type f ! -name '*.tmp*' | LC_ALL=C sort | xargs sha256sum); }
resize() {
	xdotool windowsize --sync "$WID" "$1" "$2" 2>/dev/null || xdotool windowsize "$WID" "$1" "$2"
	sleep 1.5
}

"$BIN" >"$WORK/stdout" 2>"$WORK/stderr" &
PID=$!
WID=$(timeout 60 xdotool search --sync --name "WebSocket Studio" | head -n1)
[ -n "$WID" ] || { echo "FAIL: no studio window appeared"; cat "$WORK/stderr"; exit 1; }
xdotool windowmove "$WID" 0 0
resize 1280 800
sleep 3 # the example's feeds connect and draw
alive "opening the example"
shot start-1280x800
sums "$EX" >"$WORK/example.before"


step "the File menu: New, Open and Save As, each cancelled"
for item in "45 New" "83 NewFromExample" "123 Open" "244 SaveAs"; do
	set -- $item
	click 27 14
	alive "opening the File menu"
	click 60 "$1"
	alive "File, $2"
	shot "menu-$2"
	key Escape
	alive "cancelling File, $2"
done

step "close the project (Ctrl+W); the welcome screen's New and Open, cancelled"
key ctrl+w
alive "Ctrl+W"
shot welcome
click 310 195
alive "the welcome screen's New Project"
key Escape
click 453 195
alive "the welcome screen's Open Project"
shot welcome-open
key Escape
alive "cancelling the welcome screen's Open"
step "reopen the example from File, Open Recent"
click 27 14
click 60 161
click 250 161
sleep 3
alive "File, Open Recent"
case "$(title)" in *Dashboard*) ;; *) fail "Open Recent did not reopen the example: $(title)";; esac
shot reopened

step "select a variable in the tree, open its context menu, Escape"
xdotool mousemove --window "$WID" 120 328 click 1
sleep 0.5
xdotool mousemove --window "$WID" 120 328 click 3
sleep 0.8
alive "the tree's context menu"
shot tree-menu
key Escape
alive "closing the context menu"

step "Open (Ctrl+O), then Escape"
key ctrl+o
alive "Ctrl+O"
shot open-dialog
key Escape
alive "cancelling the folder dialog"

step "New (Ctrl+N), then Escape"
key ctrl+n
alive "Ctrl+N"
shot new-dialog
key Escape
alive "cancelling New"

step "Help: keyboard shortcuts, then Escape; the File menu"
key alt+h
key Return
alive "Help menu"
key Escape
alive "closing the shortcuts"

step "Save As (Ctrl+Shift+S) into a new folder"
key ctrl+shift+s
alive "Ctrl+Shift+S"
key ctrl+a
typ "SavedCopy"
key Return
sleep 1
alive "Save As"
[ -f "$COPY/.wmproject.properties" ] || fail "Save As did not make $COPY with the project in it"
[ -f "$COPY/src/main/webapp/pages/Main/Main.html" ] || fail "Save As did not copy the page to $COPY"
sums "$EX" | cmp -s - "$WORK/example.before" || fail "Save As changed the example it copied from"
sums "$COPY" >"$WORK/copy.before"

step "Add a chart (Ctrl+Shift+1), undo it; add a table, save, delete it (Delete key), undo the deletion"
key ctrl+shift+1
alive "adding a chart"
case "$(title)" in *"*"*) ;; *) fail "adding a chart did not mark the project modified: $(title)";; esac
shot chart-added
key ctrl+z
alive "undoing the chart"
case "$(title)" in *"*"*) fail "undoing the only edit left the project modified: $(title)";; esac
key ctrl+shift+2
alive "adding a table"
key ctrl+s
alive "saving"
sums "$COPY" >"$WORK/copy.table"
cmp -s "$WORK/copy.before" "$WORK/copy.table" && fail "Save did not write the new table"
case "$(title)" in *"*"*) fail "Save left the project modified: $(title)";; esac
# the new table is selected: Delete asks, Enter answers Yes
xdotool key Delete; sleep 0.8
alive "Delete"
shot delete-question
key Return
alive "deleting the table"
case "$(title)" in *"*"*) ;; *) fail "deleting the table did not mark the project modified: $(title)";; esac
key ctrl+z
alive "undoing the deletion"
key ctrl+s
sums "$COPY" | cmp -s - "$WORK/copy.table" || fail "delete, undo, save changed the folder"

step "Import a demo feed through the wizard, then close with Don't Save"
key ctrl+i
alive "opening the wizard"
typ "ws://127.0.0.1:8765/echo"
shot wizard
key Return # Endpoint -> Test (the test runs)
sleep 3
key Return # Test -> Samples
alive "the wizard's test"
# Samples -> Review -> Finish: the Next button, bottom right of the wizard
for i in 1 2; do xdotool mousemove --window "$WID" 1040 696 click 1; sleep 1.5; alive "the wizard, Next $i"; done
shot wizard-finish
key Return # the offered variable: create it
sleep 1
alive "finishing the import"
shot wizard-done
key Escape
case "$(title)" in *"*"*) ;; *) fail "the import did not mark the project modified: $(title)";; esac

for size in "900 600" "1920 1080" "1280 800"; do
	set -- $size
	step "resize to ${1}x${2}"
	resize "$1" "$2"
	alive "resizing to ${1}x${2}"
	shot "window-${1}x${2}"
done

step "close the window, Don't Save"
key ctrl+q
sleep 1
alive "asking about unsaved changes"
shot close-prompt
# the prompt's buttons: Cancel, Don't Save, Save (focused); Shift+Tab, Space
key shift+Tab space
sleep 2
if kill -0 "$PID" 2>/dev/null; then
	fail "the window did not close after Don't Save"
else
	wait "$PID"; status=$?
	PID=
	[ "$status" = 0 ] || fail "the studio exited with status $status"
fi
sums "$COPY" | cmp -s - "$WORK/copy.table" || { fail "Don't Save changed the disk:"; sums "$COPY" | diff "$WORK/copy.table" - ; }

# dbus-launch is missing on a bare CI machine: Fyne cannot watch the
# desktop's theme there, which is the machine's, not the studio's
noise=$(grep -v -e 'XDG_RUNTIME_DIR' -e 'dbus' -e 'failed to watch theme settings' -e 'app_xdg.go' -e '^$' "$WORK/stderr")
[ -z "$noise" ] || { fail "stderr of a normal run is not empty:"; echo "$noise"; }
if [ "$fails" -gt 0 ]; then
	echo "e2e: $fails check(s) failed"
	exit 1
fi
echo "e2e: every step passed"
