#!/usr/bin/env bash
# Starts the studio; without a display, runs the bundled example headless.
set -euo pipefail
build=${1:-build}
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$build/app/flowline" resources/examples/churn_explore.flow
fi
example=resources/examples/churn_explore.flow
echo "flowline: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the studio cannot open."
echo "flowline: running the bundled example flow headless instead:"
echo "  $build/app/flowline-cli run $example"
echo
exec "$build/app/flowline-cli" run "$example"
