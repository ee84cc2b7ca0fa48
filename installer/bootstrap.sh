#!/usr/bin/env bash
# Installs the Debian packages Flowline builds and tests with, and nothing
# when they are all present. Usage: installer/bootstrap.sh [--gui-tools] [--reference] [--fuzz]
#   --gui-tools  also Xvfb (to run the studio or take screenshots without a display)
#   --reference  also python3-pandas / python3-sklearn (to regenerate test fixtures
#                and time the peers in the benchmark; xgboost and OpenBLAS for the model
#                benchmarks, as a pip install of scikit-learn would use OpenBLAS)
#   --fuzz       also clang and its runtime with libFuzzer (FLOWLINE_FUZZ=ON, tests/ci/hardening.sh)
# nodejs and npm: the ONNX export tests install onnxruntime-node into the build folder (npm) and
# run the exported models in it (tests/core/onnx/).
set -euo pipefail

pkgs=(g++ cmake ninja-build pkg-config
      qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
      libqcustomplot-dev libeigen3-dev libsqlite3-dev libgl-dev
      libonnx-dev libprotobuf-dev)
# Node.js may come from elsewhere (NodeSource's nodejs bundles npm and conflicts with Debian's
# npm package): install Debian's only when the command is missing.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
for arg in "$@"; do
    case "$arg" in
    --gui-tools) pkgs+=(xvfb xauth) ;;
    --reference) pkgs+=(python3 python3-pandas python3-sklearn python3-xgboost libopenblas0-pthread) ;;
    --fuzz) pkgs+=(clang libclang-rt-14-dev) ;;
    *) echo "bootstrap.sh: unknown option '$arg'" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bootstrap: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
