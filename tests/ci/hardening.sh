#!/usr/bin/env bash
# Hardening checks, end to end; exits non-zero on any failure:
#   1. every test under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan, gcc)
#   2. the thread tests under ThreadSanitizer (build-tsan, gcc)
#   3. the libFuzzer targets (build-fuzz, clang): each over its seed corpus, then fuzzed
#      for FUZZ_SECONDS (default 60); crashes land in build-fuzz/artifacts/.
# Build trees are reused from run to run. Environment: JOBS (default 2), FUZZ_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
jobs=${JOBS:-2}
fuzz_seconds=${FUZZ_SECONDS:-60}
supp=$root/tests/sanitizers
# Debug (asserts on) at -O1: quicker to build than -O2 and still fast enough to run.
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1")

bash installer/bootstrap.sh --fuzz

start=$SECONDS
failed=()
step() {
    echo "hardening: $* ($((SECONDS - start)) s)"
}
# A failing check is noted and the others still run; the script fails at the end.
check() {
    local name=$1
    shift
    "$@" || { failed+=("$name"); echo "hardening: FAILED: $name" >&2; }
}

export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS=suppressions=$supp/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

step "ASan + UBSan: build-asan"
cmake -S . -B build-asan "${cmake_args[@]}" -DFLOWLINE_SANITIZE=address >/dev/null
cmake --build build-asan -j "$jobs"
step "ASan + UBSan: ctest"
check "ASan + UBSan ctest" ctest --test-dir build-asan --output-on-failure -j "$jobs"

step "TSan: build-tsan"
tsan_tests=(tst_parallel tst_executor tst_importcontroller tst_store_logging)
cmake -S . -B build-tsan "${cmake_args[@]}" -DFLOWLINE_SANITIZE=thread >/dev/null
cmake --build build-tsan -j "$jobs" --target "${tsan_tests[@]}"
step "TSan: ctest"
tsan_regex="^($(IFS='|'; echo "${tsan_tests[*]}"))\$"
TSAN_OPTIONS="suppressions=$supp/tsan.supp:second_deadlock_stack=1" \
    check "TSan ctest" ctest --test-dir build-tsan --output-on-failure -j "$jobs" -R "$tsan_regex"

step "fuzz: build-fuzz"
CC=clang CXX=clang++ cmake -S . -B build-fuzz "${cmake_args[@]}" -DFLOWLINE_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$jobs"
step "fuzz: seed corpora"
check "fuzz seed corpora" ctest --test-dir build-fuzz --output-on-failure -j "$jobs"
mkdir -p build-fuzz/artifacts
for target in fuzz_csvreader fuzz_flowfile fuzz_formula; do
    step "fuzz: $target for $fuzz_seconds s"
    max_len=4096
    [ "$target" = fuzz_csvreader ] && max_len=8192
    # New inputs go to build-fuzz/corpus (kept between runs); the seeds stay as they are.
    mkdir -p "build-fuzz/corpus/$target"
    log=build-fuzz/artifacts/$target.log
    if "build-fuzz/tests/fuzz/$target" "build-fuzz/corpus/$target" "tests/fuzz/corpus/$target" \
        -max_total_time="$fuzz_seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="build-fuzz/artifacts/$target-" -print_final_stats=1 >"$log" 2>&1; then
        grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$log" || true
    else
        tail -n 80 "$log" >&2
        failed+=("$target")
        echo "hardening: FAILED: $target; see $log and build-fuzz/artifacts/" >&2
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    step "failed: ${failed[*]}"
    exit 1
fi
step "all passed"
