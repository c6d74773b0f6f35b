#!/usr/bin/env bash
# The main job: install what is missing, build, and run every Gossip Glomers
# challenge on our own bench, printing the scoreboard. Arguments go to
# `glomers suite` (e.g. --quick, --sim, --variants, --only 3d,3e).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
exec build/bin/glomers suite "$@"
