# The two commands of the README: `make run` and `make test`.
# Both install what is missing (installer/bootstrap.sh), configure and build.
BUILD ?= build
JOBS ?= 2
CONFIG ?= Release

.PHONY: run test build configure setup bench clean format hardening

setup:
	@bash installer/bootstrap.sh

configure: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(CONFIG) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@bash installer/run.sh $(BUILD)

test: build
	@cd $(BUILD) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)

bench: build
	@$(BUILD)/tests/bench/flowline-bench
	@$(BUILD)/tests/bench/flowline-bench-canvas
	@$(BUILD)/tests/bench/flowline-bench-ml
	@$(BUILD)/tests/bench/flowline-bench-store

# ASan + UBSan suite, TSan on the thread tests, each fuzz target FUZZ_SECONDS (default 60).
hardening:
	@JOBS=$(JOBS) bash tests/ci/hardening.sh

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	@rm -rf $(BUILD)
