#!/usr/bin/env bash
# Build the documentation site: `nbdev_docs` (Quarto) when Quarto is installed, otherwise an offline site made by
# scripts/docs.py (nbdev's processing + nbconvert, local MathJax, sidebar in reading order). Output: _docs/index.html.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if command -v quarto >/dev/null 2>&1; then nbdev_docs
else echo "[docs] Quarto is not installed: building the offline site with scripts/docs.py"; python scripts/docs.py "${1:-_docs}"; fi
