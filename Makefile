# The two commands of the README. Everything else is CMake/CTest underneath.
#   make run    install what the server needs, build the server only, start it with a demo fair
#   make test   install the test dependencies too, build everything, run every suite
# Either may come first and neither breaks the other: `run` builds only the fuar target (no
# Catch2, no Node); `test` re-configures with the suites required, so a build directory made
# by `run` gains the test targets once their dependencies are installed.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: run test build build-server deps test-deps configure clean

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

configure:
	cmake -S . -B $(BUILD) -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=RelWithDebInfo

build-server: configure
	cmake --build $(BUILD) -j $(JOBS) --target fuar

build:
	cmake -S . -B $(BUILD) -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFUAR_REQUIRE_TESTS=ON
	cmake --build $(BUILD) -j $(JOBS)

run: deps
	@$(MAKE) --no-print-directory build-server
	$(BUILD)/fuar --config config/fuar.json

test: test-deps
	@$(MAKE) --no-print-directory build
	cd $(BUILD) && ctest --output-on-failure --timeout 900

clean:
	rm -rf $(BUILD)
