#!/usr/bin/env bash
# The main job: set up .venv, then run the experiment notebooks of a profile with papermill (default: quick, on CPU)
# and print the assembled tables. Usage: scripts/main.sh [--profile quick]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
gas_nb-reproduce "$@"
