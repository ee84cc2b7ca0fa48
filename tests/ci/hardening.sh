#!/usr/bin/env bash
# Hardening checks, end to end (`make hardening`; CI runs it after `make test`). Exits non-zero
# on any failure, after running every check:
#   1. build-asan: clang, AddressSanitizer + UndefinedBehaviorSanitizer, libFuzzer's coverage in
#      core/ and flows/. Every test suite runs there, and each fuzz target once over its seeds.
#   2. each libFuzzer target (from build-asan) for FUZZ_SECONDS (default 60), two at a time;
#      inputs that find new paths are kept in build-asan/corpus/, crashes in build-asan/artifacts/.
#   3. build-tsan: clang, ThreadSanitizer: the executor, job, store and parallel-training suites.
# Build trees are reused from run to run (and ccache, when present, across clones).
# Environment: JOBS (default 2), FUZZ_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
jobs=${JOBS:-2}
fuzz_seconds=${FUZZ_SECONDS:-60}
supp=$root/tests/sanitizers
# -O1 with line tables only: about half the compile time of -g, and stack traces keep their lines.
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only")
export CC=clang CXX=clang++

bash installer/bootstrap.sh --fuzz

start=$SECONDS
failed=()
summary=()
step() {
    echo "hardening: $* ($((SECONDS - start)) s)"
}
# A failing check is noted and the others still run; the script fails at the end.
check() {
    local name=$1
    shift
    "$@" || { failed+=("$name"); echo "hardening: FAILED: $name" >&2; }
}
# Runs a command with its output also written to a log file; its own exit status.
logged() {
    local log=$1
    shift
    "$@" 2>&1 | tee "$log"
    return "${PIPESTATUS[0]}"
}
# "N of M suites passed" from a ctest log.
ctest_line() {
    grep -E '^[0-9]+% tests passed' "$1" | tail -n 1 || echo "no ctest summary"
}

export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1
export LSAN_OPTIONS=suppressions=$supp/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

step "ASan + UBSan: build-asan"
t0=$SECONDS
cmake -S . -B build-asan "${cmake_args[@]}" -DFLOWLINE_FUZZ=ON >/dev/null
cmake --build build-asan -j "$jobs"
summary+=("build-asan: $((SECONDS - t0)) s")
step "ASan + UBSan: ctest"
t0=$SECONDS
log=build-asan/ctest.log
check "ASan + UBSan ctest" logged "$log" ctest --test-dir build-asan --output-on-failure -j "$jobs"
summary+=("ASan + UBSan ctest: $(ctest_line "$log"), $((SECONDS - t0)) s")

# One target fuzzed for fuzz_seconds; its last lines (stats) go to its log.
fuzz() {
    local target=$1 max_len=4096
    [ "$target" = fuzz_csvreader ] && max_len=8192
    # New inputs go to build-asan/corpus (kept between runs); the seeds stay as they are.
    mkdir -p "build-asan/corpus/$target"
    "build-asan/tests/fuzz/$target" "build-asan/corpus/$target" "tests/fuzz/corpus/$target" \
        -max_total_time="$fuzz_seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="build-asan/artifacts/$target-" -print_final_stats=1 \
        >"build-asan/artifacts/$target.log" 2>&1
}
mkdir -p build-asan/artifacts
targets=(fuzz_csvreader fuzz_flowfile fuzz_formula fuzz_modelfile)
step "fuzz: ${targets[*]}, $fuzz_seconds s each, $jobs at a time"
# In batches of $jobs, each batch waited for; a target's exit status is kept in its .status file.
for ((i = 0; i < ${#targets[@]}; i += jobs)); do
    for target in "${targets[@]:i:jobs}"; do
        { fuzz "$target" && echo 0 || echo 1; } >"build-asan/artifacts/$target.status" &
    done
    wait
done
for target in "${targets[@]}"; do
    log=build-asan/artifacts/$target.log
    if [ "$(cat "build-asan/artifacts/$target.status")" = 0 ]; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        corpus=$(sed -n 's/.*DONE .*corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' "$log" | tail -n 1)
        summary+=("$target: $runs inputs run in $fuzz_seconds s, corpus $corpus (inputs/size)")
    else
        tail -n 80 "$log" >&2
        failed+=("$target")
        summary+=("$target: FAILED; see $log and build-asan/artifacts/")
    fi
done

step "TSan: build-tsan"
t0=$SECONDS
# Not tst_store_recovery: clang 14's TSan runtime stops with an internal CHECK when Qt starts a
# child process (QProcess's clone); it runs under ASan, and the store's threads under TSan in
# tst_store_logging.
tsan_tests=(tst_parallel tst_memory tst_executor tst_runrecording tst_store_open tst_store_logging
            tst_ml_forest tst_ml_boosting)
cmake -S . -B build-tsan "${cmake_args[@]}" -DFLOWLINE_SANITIZE=thread >/dev/null
cmake --build build-tsan -j "$jobs" --target "${tsan_tests[@]}"
summary+=("build-tsan (${#tsan_tests[@]} suites): $((SECONDS - t0)) s")
step "TSan: ctest"
t0=$SECONDS
tsan_regex="^($(IFS='|'; echo "${tsan_tests[*]}"))\$"
log=build-tsan/ctest.log
TSAN_OPTIONS="suppressions=$supp/tsan.supp:second_deadlock_stack=1:halt_on_error=1" \
    check "TSan ctest" logged "$log" ctest --test-dir build-tsan --output-on-failure -j "$jobs" \
    -R "$tsan_regex"
summary+=("TSan ctest: $(ctest_line "$log"), $((SECONDS - t0)) s")

echo "hardening summary:"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    step "failed: ${failed[*]}"
    exit 1
fi
step "all passed"
