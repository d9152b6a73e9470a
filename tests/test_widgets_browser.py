"""Real-browser test of the widgets notebook: JupyterLab on 127.0.0.1, Debian's Chromium driven by Playwright.

It opens a copy of `nbs/08_widgets.ipynb` (cells flagged `slow` left out, as `nbdev_test` does), runs all cells, moves
two sliders with the keyboard and checks that the kernel's value, the readout and the image in the page change together.
(The file is named so that pytest runs it after `test_notebooks.py`, whose run of the notebook fills `cache/widgets`.)
"""
import hashlib, json, os, secrets, shutil, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / 'nbs' / '08_widgets.ipynb'
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']
# (cell that shows the widget, its variable, the key to press, the readout's text after it); the notebook's own tests
# leave `ts_w` at step 0 and `tw` at its last step (4)
SLIDERS = [('ts_w = TrainingSlider(run)', 'ts_w', 'ArrowRight', 'step 1'), ('tw = TrajectorySlider(', 'tw', 'ArrowLeft', 'step 3')]


def chromium_or_fail():
    "Debian's Chromium and Playwright, or a loud failure (never a skip)."
    exe = shutil.which('chromium')
    if exe is None:
        pytest.fail("FAIL: no `chromium` on PATH — the real-browser test cannot run. scripts/env.sh installs it with "
                    "`apt-get install -y chromium`; install it (as root) and rerun.", pytrace=False)
    try: import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("FAIL: the `playwright` Python package is missing (dev requirement; `pip install -e .[dev]`).", pytrace=False)
    return exe


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def notebook_copy(d):
    "The widgets notebook without its `slow` cells and outputs, in folder `d`."
    nb = json.loads(NB.read_text())
    nb['cells'] = [c for c in nb['cells'] if not (c['cell_type'] == 'code' and any(l.strip() in ('#| slow', '#|slow') for l in c['source']))]
    for c in nb['cells']:
        if c['cell_type'] == 'code': c['outputs'], c['execution_count'] = [], None
    (d / 'widgets.ipynb').write_text(json.dumps(nb))


def lab_settings(d):
    "User settings: render every cell (no windowing, so the widgets stay in the page) and fetch no news."
    for name, val in (('notebook-extension/tracker', {'windowingMode': 'none'}),
                      ('apputils-extension/notification', {'fetchNews': 'false', 'checkForUpdates': False})):
        f = d / 'settings' / '@jupyterlab' / f'{name}.jupyterlab-settings'
        f.parent.mkdir(parents=True, exist_ok=True); f.write_text(json.dumps(val))


@pytest.fixture
def jupyterlab(tmp_path):
    "A JupyterLab server on 127.0.0.1 serving a copy of the notebook; stopped (with its kernels) by PID afterwards."
    chromium_or_fail()                                      # before starting anything
    notebook_copy(tmp_path); lab_settings(tmp_path)
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / 'config'), JUPYTER_RUNTIME_DIR=str(tmp_path / 'runtime'),
               JUPYTER_DATA_DIR=str(tmp_path / 'data'), IPYTHONDIR=str(tmp_path / 'ipython'))   # nothing into the home folder
    env.setdefault('MPLCONFIGDIR', str(tmp_path / 'mpl'))
    cmd = [sys.executable, '-m', 'jupyterlab', '--no-browser', '--allow-root', '--ip=127.0.0.1', f'--port={port}',
           f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={tmp_path}', '--LabApp.expose_app_in_browser=True',
           f'--LabApp.user_settings_dir={tmp_path / "settings"}', f'--LabApp.workspaces_dir={tmp_path / "workspaces"}']
    log = open(tmp_path / 'server.log', 'w')
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    kernel_pids = []
    try:
        url = f'http://127.0.0.1:{port}'
        for _ in range(240):
            try:
                urllib.request.urlopen(f'{url}/api/status?token={token}', timeout=2); break
            except OSError:
                assert proc.poll() is None, (tmp_path / 'server.log').read_text()
                time.sleep(0.5)
        else: pytest.fail('JupyterLab did not start:\n' + (tmp_path / 'server.log').read_text())
        yield dict(url=url, token=token, kernel_pids=kernel_pids, log=tmp_path / 'server.log')
    finally:
        proc.send_signal(signal.SIGTERM)                    # the server shuts its kernels down on SIGTERM
        try: proc.wait(30)
        except subprocess.TimeoutExpired: proc.kill(); proc.wait()
        for pid in kernel_pids:                             # and if its kernel outlived it, stop that by its PID
            try:
                if b'ipykernel' in Path(f'/proc/{pid}/cmdline').read_bytes(): os.kill(pid, signal.SIGKILL)
            except (FileNotFoundError, ProcessLookupError): pass
        log.close()


KERNEL = "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
RUN_CODE = """async (code) => {
  const f = %s.requestExecute({code, silent: false, store_history: false});
  let out = '', err = '';
  f.onIOPub = m => { if (m.header.msg_type === 'stream') out += m.content.text;
                     if (m.header.msg_type === 'error') err += m.content.ename + ': ' + m.content.evalue; };
  await f.done; if (err) throw new Error(err); return out; }""" % KERNEL
CELLS_STATE = """() => { const nb = window.jupyterapp.shell.currentWidget.content;
  const cells = nb.widgets.filter(c => c.model.type === 'code');
  return {n: cells.length, done: cells.filter(c => c.model.executionCount !== null).length,
          errors: cells.flatMap(c => c.model.outputs.toJSON().filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue)),
          busy: %s.status !== 'idle'}; }""" % KERNEL
IMG_SHA = """async (i) => { const cell = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
  const img = cell.querySelector('.jp-OutputArea img'); if (!img || !img.src) return null;
  const buf = await (await fetch(img.src)).arrayBuffer();
  const h = await crypto.subtle.digest('SHA-256', buf);
  return Array.from(new Uint8Array(h)).map(b => b.toString(16).padStart(2, '0')).join(''); }"""


def wait(cond, timeout, what, step=0.5):
    t0 = time.time()
    while time.time() - t0 < timeout:
        v = cond()
        if v: return v
        time.sleep(step)
    pytest.fail(f'timed out after {timeout} s waiting for {what}')


def kernel_view(page, var):
    "The kernel's slider value, readout and the SHA-256 of its current PNG."
    out = page.evaluate(RUN_CODE, f"import hashlib; print(repr({var}.slider.value)); print({var}.readout.value); "
                                  f"print(hashlib.sha256({var}.image.value).hexdigest())")
    value, readout, sha = out.strip().split('\n')
    return value, readout, sha


def page_view(page, i):
    "What the page shows in cell `i`: the readout's text and the SHA-256 of the image's bytes."
    cell = page.locator('.jp-Notebook .jp-Cell').nth(i)
    return cell.locator('.widget-html-content').first.inner_text(), page.evaluate(IMG_SHA, i)


def stable_view(page, i, var, timeout=60):
    "Wait until the kernel is idle and the page shows the kernel's image twice in a row; returns both views."
    last = [None]
    def check():
        if page.evaluate(CELLS_STATE)['busy']: return None
        k, p = kernel_view(page, var), page_view(page, i)
        ok = p[1] == k[2] and p == last[0]
        last[0] = p
        return (k, p) if ok else None
    return wait(check, timeout, f'a stable image of `{var}` equal to the kernel\'s', step=0.4)


def test_widgets_notebook_in_jupyterlab(jupyterlab, tmp_path):
    from playwright.sync_api import sync_playwright
    exe = chromium_or_fail()
    t0 = time.time()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={'width': 1400, 'height': 1000})
            page.goto(f"{jupyterlab['url']}/lab/tree/widgets.ipynb?token={jupyterlab['token']}", timeout=120_000)
            page.wait_for_function(f"() => {{ try {{ return {KERNEL}.connectionStatus === 'connected' && {KERNEL}.status === 'idle'; }} catch (e) {{ return false; }} }}",
                                   timeout=120_000, polling=250)
            jupyterlab['kernel_pids'].append(int(page.evaluate(RUN_CODE, 'import os; print(os.getpid())')))
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            st = wait(lambda: (s := page.evaluate(CELLS_STATE)) and (s['errors'] or (s['done'] == s['n'] and not s['busy'])) and s,
                      480, 'all cells to run')
            assert not st['errors'], f"cells raised in JupyterLab: {st['errors']}"
            sources = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.map(c => c.model.sharedModel.getSource())")
            for marker, var, key, after in SLIDERS:
                i = next(k for k, s in enumerate(sources) if marker in s and '#| export' not in s)
                page.locator('.jp-Notebook .jp-Cell').nth(i).scroll_into_view_if_needed()
                (k0, p0) = stable_view(page, i, var)
                handle = page.locator('.jp-Notebook .jp-Cell').nth(i).locator('.noUi-handle').first
                handle.focus(); handle.press(key)
                wait(lambda: kernel_view(page, var)[0] != k0[0], 30, f'the kernel to see `{var}` move')
                (k1, p1) = stable_view(page, i, var)
                page.locator('.jp-Notebook .jp-Cell').nth(i).screenshot(path=str(tmp_path / f'{var}.png'))
                assert k1[0] != k0[0], 'kernel value unchanged'
                assert after in p1[0] and after in k1[1] and p1[0] != p0[0], (p0[0], p1[0])   # the readout moved with it
                assert p1[1] != p0[1] and p1[1] == k1[2], 'the image in the page is not the kernel\'s new image'
                print(f"{var}: {k0[0]} → {k1[0]}; readout {p1[0][:40]!r}; image {p0[1][:8]} → {p1[1][:8]}")
        finally:
            browser.close()
    print(f"browser test: {time.time() - t0:.0f} s")
