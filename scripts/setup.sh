#!/usr/bin/env bash
# Installs, with apt-get, whatever the build and the tests need and this
# machine lacks. Idempotent; prints nothing when everything is present.
set -euo pipefail

packages=(
  cmake g++ make ninja-build pkg-config
  nlohmann-json3-dev libabsl-dev libgtest-dev libgmock-dev librapidcheck-dev
  libcli11-dev libfmt-dev
  python3
  clang libclang-rt-14-dev  # libFuzzer and LeakSanitizer for the fuzz targets
  chromium                  # headless checks of the run reports
  valgrind                  # instruction counts in the throughput benchmark
)
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
else
  sudo=
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has empty package lists: refresh them only when needed.
if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/glomers-apt.log 2>&1; then
  $sudo apt-get update -q >>/tmp/glomers-apt.log 2>&1
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/glomers-apt.log 2>&1 || {
    cat /tmp/glomers-apt.log >&2
    echo "setup: apt-get failed (log above)" >&2
    exit 1
  }
fi
