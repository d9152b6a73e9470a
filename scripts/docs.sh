#!/usr/bin/env bash
# Build the documentation site: `nbdev_docs` (Quarto) when Quarto is installed, otherwise an offline site made by
# scripts/docs.py (nbdev's processing + nbconvert, local MathJax, the sidebar in sections). Output: _docs/index.html.
# First nbs/sidebar.yml (Quarto's sidebar; settings.ini's custom_sidebar keeps nbdev from rewriting it) is made again
# from the sections table in scripts/docs.py, so that a renamed or new page is in it; commit it if it changed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
python scripts/docs.py --sidebar
if command -v quarto >/dev/null 2>&1; then nbdev_docs
else echo "[docs] Quarto is not installed: building the offline site with scripts/docs.py"; python scripts/docs.py "${1:-_docs}"; fi
