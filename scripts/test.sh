#!/usr/bin/env bash
# The test command: set up .venv, check that the library is exported from the notebooks and the notebooks are clean,
# then run every notebook's tests with nbdev's test_nb (cells flagged slow/gpu skipped), the docs check (nbdev processing,
# nbconvert, a Chromium screenshot) and the real-browser test of the widgets in JupyterLab; print "N passed, N failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
snap() { find "$@" -type f ! -path '*/__pycache__/*' ! -path '*/.ipynb_checkpoints/*' -print0 | sort -z | xargs -0 sha256sum; }
fail=0
before=$(snap gas_nb); nbdev_export; after=$(snap gas_nb)
if [ "$before" != "$after" ]; then
  echo "FAIL: nbdev_export changed gas_nb/ — the library is not the export of nbs/:"; diff <(echo "$before") <(echo "$after") || true; fail=1
else echo "ok: nbdev_export leaves gas_nb/ unchanged"; fi
before=$(snap nbs); nbdev_clean; after=$(snap nbs)
if [ "$before" != "$after" ]; then
  echo "FAIL: nbdev_clean changed nbs/ — run nbdev_clean before committing:"; diff <(echo "$before") <(echo "$after") || true; fail=1
else echo "ok: nbdev_clean leaves nbs/ unchanged"; fi
rc=0
python -m pytest tests -p no:cacheprovider -q --junitxml=.test-results.xml "$@" || rc=$?
python - <<'PY'
import xml.etree.ElementTree as ET
r = ET.parse('.test-results.xml').getroot()
s = r if r.tag == 'testsuite' else r.find('testsuite')
n, f, e, sk = (int(s.get(k, 0)) for k in ('tests', 'failures', 'errors', 'skipped'))
print(f"{n - f - e - sk} passed, {f + e} failed")
PY
[ "$fail" = 0 ] && [ "$rc" = 0 ]
