# WebSocket Studio. The two commands a fresh Debian machine needs:
#   make run    build and open the studio (no screen: render it to a PNG)
#   make test   vet, race-tested unit tests, the real binary, a real window under Xvfb

GO      ?= go
BIN     ?= wsstudio
# Debian packages the real (cgo, OpenGL) binary needs to build and run.
BUILD_PKGS = gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
             libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
# Extra packages for the tests: a virtual screen for the real window, and
# xdotool to drive it as a person would (imagemagick takes screenshots,
# xclip reads back text the window copied).
TEST_PKGS  = xvfb xauth libgl1-mesa-dri xdotool imagemagick xclip

export LANG ?= C.UTF-8
# Every UI change from another goroutine goes through fyne.Do, so the real
# binary is built as migrated: without the tag Fyne checks the calling
# goroutine (a stack dump) on every canvas refresh, a quarter of the CPU
# of a live window. Tests keep the checks.
BUILD_TAGS ?= migrated_fynedo

.PHONY: run test build deps deps-test vet fmt-check smoke e2e cpu bench package clean

run: deps build
	./$(BIN)

build: deps
	$(GO) build -tags $(BUILD_TAGS) -o $(BIN) .

test: deps-test fmt-check vet
	$(GO) test -race -tags ci -count=1 ./...
	$(GO) build -tags $(BUILD_TAGS) -o $(BIN) .
	$(MAKE) --no-print-directory smoke
	$(MAKE) --no-print-directory e2e

vet:
	$(GO) vet -tags ci ./...
	$(GO) vet .

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

# A real window (OpenGL through Mesa) on a virtual screen, until live data is drawn.
smoke:
	@rt=$$(mktemp -d) && XDG_RUNTIME_DIR=$$rt xvfb-run -a -s "-screen 0 1280x800x24" ./$(BIN) --smoke; \
	s=$$?; rm -rf $$rt; exit $$s

# The real window driven with xdotool: every dialog opened and cancelled,
# Save As, undo, the import wizard, Don't Save, three window sizes; then
# the two interactive examples built by hand and checked live.
# E2E_SHOTS=dir keeps a screenshot of each step.
e2e:
	xvfb-run -a -s "-screen 0 1920x1080x24" sh .ci/e2e.sh ./$(BIN) $(E2E_SHOTS)
	xvfb-run -a -s "-screen 0 1920x1080x24" sh .ci/e2e_examples.sh ./$(BIN) $(E2E_SHOTS)

# The studio's CPU on the example, feeds connected against closed, 20 s
# each, three rounds in turn; prints each ratio and the median.
cpu:
	xvfb-run -a -s "-screen 0 1920x1080x24" sh .ci/cpu.sh ./$(BIN) 20 3

bench:
	$(GO) test -tags ci -run XXX -bench . -benchtime 2x ./...

deps:
	@sh .ci/deps.sh $(BUILD_PKGS)

deps-test:
	@sh .ci/deps.sh $(BUILD_PKGS) $(TEST_PKGS)

# A Linux package (wsstudio.tar.xz: binary, icon, .desktop file) built with the
# fyne tool at a pinned version, installed into GOBIN and not added to go.mod.
FYNE_TOOL_VERSION = v1.7.4
FYNE_TOOL = $(shell $(GO) env GOPATH)/bin/fyne

package: deps
	@test -x $(FYNE_TOOL) && $(FYNE_TOOL) version 2>/dev/null | grep -q $(FYNE_TOOL_VERSION:v%=%) || \
		$(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOL_VERSION)
	$(FYNE_TOOL) package --target linux --release
	@mv "WebSocket Studio.tar.xz" $(BIN).tar.xz && echo "Package: $$(pwd)/$(BIN).tar.xz (extract and run 'sudo make install' inside)"

clean:
	rm -f $(BIN) *.tar.xz
