"""The documentation, checked without Quarto (which cannot be installed here): nbdev's notebook processing (it executes
every `show_doc` and the cells they need), `jupyter nbconvert --to html`, every public function and class documented, a
headless-Chromium screenshot of one API page; the Quarto settings nbdev needs; the landing page consistent with the README.
"""
import importlib, inspect, json, re, shutil, subprocess, sys, time
from pathlib import Path
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / 'nbs'


def module_notebooks():
    "{notebook path: module name} for the notebooks that export a module."
    out = {}
    for nb in sorted(NBS.glob('*.ipynb')):
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', '\n'.join(''.join(c['source']) for c in json.loads(nb.read_text())['cells']), re.M)
        if m: out[nb] = m.group(1)
    return out


def public_api(module):
    "The functions and classes of `gas_nb.module`'s `__all__` defined there: each wants a `show_doc` entry."
    m = importlib.import_module(f'gas_nb.{module}')
    return [n for n in m.__all__ if (inspect.isfunction(getattr(m, n)) or inspect.isclass(getattr(m, n)))
            and getattr(getattr(m, n), '__module__', '') == m.__name__]


def test_quarto_settings(tmp_path):
    "nbs/_quarto.yml, nbs/nbdev.yml (as nbdev regenerates it from settings.ini) and the sidebar nbdev would write."
    q = yaml.safe_load((NBS / '_quarto.yml').read_text())
    assert q['project']['type'] == 'website' and {'nbdev.yml', 'sidebar.yml'} <= set(q['metadata-files'])
    assert (NBS / q['format']['html']['css']).exists()
    d = tmp_path; shutil.copy(ROOT / 'settings.ini', d); shutil.copytree(NBS, d / 'nbs', ignore=shutil.ignore_patterns('.ipynb_checkpoints'))
    (d / 'nbs' / 'nbdev.yml').unlink()
    subprocess.run([sys.executable, '-c', 'from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar; '
                    'refresh_quarto_yml(); nbdev_sidebar.__wrapped__(force=True)'], cwd=d, check=True)   # as nbdev_docs does first
    assert (d / 'nbs' / 'nbdev.yml').read_text() == (NBS / 'nbdev.yml').read_text(), "nbs/nbdev.yml is not what nbdev makes of settings.ini"
    assert (d / 'nbs' / '_quarto.yml').read_text() == (NBS / '_quarto.yml').read_text()
    pages = (d / 'nbs' / 'sidebar.yml').read_text()
    for nb in list(module_notebooks()) + [NBS / 'index.ipynb']: assert nb.name in pages, nb.name
    assert yaml.safe_load((ROOT / '_quarto.yml').read_text())['project']['output-dir'] == '_docs'   # settings.ini's doc_path


def code_beside_imports(nbs=NBS):
    "Cells that nbdev's docs processing would execute (they import) but that hold more than imports."
    import ast
    from execnb.nbio import read_nb
    from nbdev.process import NBProcessor
    from nbdev.processors import _do_eval
    bad = []
    for path in sorted(nbs.rglob('*.ipynb')):
        if any(p.startswith(('.', '_')) for p in path.relative_to(nbs).parts): continue
        nb = read_nb(path); NBProcessor(nb=nb, procs=[])
        for i, c in enumerate(nb.cells):
            if c.cell_type != 'code' or c.directives_.keys() & {'export', 'exports', 'exporti'} or not _do_eval(c): continue
            body = ast.parse('\n'.join(l for l in c.source.splitlines() if not l.lstrip().startswith(('%', '!')))).body
            if any(not isinstance(s, (ast.Import, ast.ImportFrom)) and not (isinstance(s, ast.Expr) and 'show_doc' in ast.unparse(s)) for s in body):
                bad.append(f"{path.relative_to(nbs.parent)} cell {i}: {c.source.splitlines()[0][:80]!r}")
    return bad


def test_no_code_beside_imports():
    "The docs processing runs every cell that imports: such cells must hold imports only, or building the docs runs tests."
    bad = code_beside_imports()
    assert not bad, "cells that mix imports with other code (run by the docs processing; split them):\n" + '\n'.join(bad)


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "The notebooks processed by nbdev (show_doc executed) and converted to HTML, in a copy of the project."
    if code_beside_imports(): pytest.fail("not processing the docs: some cells would run tests during it (test_no_code_beside_imports)", pytrace=False)
    d = tmp_path_factory.mktemp('docs')
    shutil.copy(ROOT / 'settings.ini', d); shutil.copytree(NBS, d / 'nbs', ignore=shutil.ignore_patterns('.ipynb_checkpoints'))
    t0 = time.time()
    r = subprocess.run([sys.executable, '-c', 'from nbdev.serve import proc_nbs; proc_nbs(n_workers=2, force=True)'],
                       cwd=d, capture_output=True, text=True)
    assert r.returncode == 0, f"nbdev's notebook processing failed:\n{r.stderr[-6000:]}"
    t1 = time.time()
    procd = sorted((d / '_proc').rglob('*.ipynb'))
    r = subprocess.run([sys.executable, '-m', 'jupyter', 'nbconvert', '--to', 'html', '--output-dir', str(d / 'html'), *map(str, procd)],
                       cwd=d, capture_output=True, text=True)
    assert r.returncode == 0, f"nbconvert failed:\n{r.stderr[-6000:]}"
    print(f"docs: nbdev processing {t1 - t0:.0f} s, nbconvert {time.time() - t1:.0f} s ({len(procd)} notebooks)")
    return d


def test_show_doc_for_public_api(site):
    "Every public function and class has its show_doc entry, rendered, in its module's page."
    missing = []
    for nb, module in module_notebooks().items():
        stem = nb.stem
        proc = json.loads((site / '_proc' / nb.name).read_text())
        docs = '\n'.join(''.join(o.get('data', {}).get('text/markdown', '')) for c in proc['cells'] if c['cell_type'] == 'code'
                         for o in c.get('outputs', []))
        html = (site / 'html' / f'{stem}.html').read_text()
        for name in public_api(module):
            if not re.search(rf'^#+ {re.escape(name)}\s*$', docs, re.M) or f'>{name}<' not in html: missing.append(f'{module}.{name}')
    assert not missing, f"public API without a rendered show_doc: {missing}"


def test_api_page_in_chromium(site, tmp_path):
    "A headless Chromium opens one API page (no network): the page shows GeneralizedSolver's entry; the screenshot is not blank."
    from test_widgets_browser import chromium_or_fail, CHROMIUM_ARGS
    exe = chromium_or_fail()
    from playwright.sync_api import sync_playwright
    from PIL import Image
    import numpy as np
    page_file = site / 'html' / '06_generalized_solver.html'
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={'width': 1200, 'height': 900})
            page.route('**/*', lambda route: route.continue_() if route.request.url.startswith('file:') else route.abort())
            page.goto(page_file.as_uri(), wait_until='load', timeout=60_000)
            entry = page.locator('h3[id="GeneralizedSolver"]')
            entry.scroll_into_view_if_needed(); assert entry.is_visible()
            assert 'An N-step learned solver' in page.inner_text('body')
            shot = tmp_path / 'generalized_solver.png'
            page.screenshot(path=str(shot))
        finally: browser.close()
    img = np.asarray(Image.open(shot).convert('L'))
    assert img.shape == (900, 1200) and (img < 200).mean() > 0.01, 'the screenshot is blank'


def code_block(text, lang='sh'):
    return re.search(rf'```{lang}\n(.*?)```', text, re.S).group(1)


def md_tables(text):
    "The Markdown tables of `text`, each as its block of lines (header, separator, rows)."
    return [m.group(0) for m in re.finditer(r'^\|.*\|\n\|(?:-+\|)+\n(?:\|.*\|\n?)*', text, re.M)]


def test_md_tables():
    text = "intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nmore\n| c |\n| 3 |\n\n| x |\n|---|\n| y |\n"
    assert md_tables(text) == ["| a | b |\n|---|---|\n| 1 | 2 |\n", "| x |\n|---|\n| y |\n"]     # no separator, no table


def test_landing_page_matches_readme():
    "nbs/index.ipynb (the docs landing page) and the hand-written README: same commands, same Table 3 as results/quick."
    nb = json.loads((NBS / 'index.ipynb').read_text())
    md = '\n'.join(''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'markdown')
    readme = (ROOT / 'README.md').read_text()
    assert code_block(md) == code_block(readme), "the two commands differ between nbs/index.ipynb and README.md"
    table = md_tables((ROOT / 'results' / 'quick' / 'table3.md').read_text())[0]
    assert table in readme, "README's Table 3 is not results/quick/table3.md's"
    ours_md = sorted([*(ROOT / 'results').glob('*/table[34].md'), *(ROOT / 'results').glob('*/summary.md')])
    for path in ours_md:                                                  # every table of ours, header and separator included
        for ours in md_tables(path.read_text()):
            if ours.startswith('| paper'): continue                         # the paper's numbers, quoted beside ours
            assert ours in readme, f"README does not show the table of {path.relative_to(ROOT)} verbatim:\n{ours}"
        for claim in [l for l in path.read_text().splitlines() if l.startswith(('- GS closes', '- S4S LMS+PC is', '- GAS / GS'))]:
            assert claim in readme, f"README does not quote the claim of {path.relative_to(ROOT)} verbatim:\n{claim}"   # claims.json's numbers
    shown = ''.join(''.join(o['data']['text/markdown']) for c in nb['cells'] if c['cell_type'] == 'code' for o in c['outputs'] if 'text/markdown' in o.get('data', {}))
    assert table.strip() in shown, "nbs/index.ipynb shows a stale Table 3: re-run it and nbdev_clean"
    assert any('image/png' in o.get('data', {}) for c in nb['cells'] if c['cell_type'] == 'code' for o in c['outputs']), "index has no picture"


def test_offline_site_in_chromium(tmp_path):
    """scripts/docs.py builds a browsable site without Quarto: two pages open in Chromium with maths typeset by the local
    MathJax, a figure shown, no leftover Quarto directives or attributes, and a sidebar listing every page in reading order."""
    from test_widgets_browser import chromium_or_fail, CHROMIUM_ARGS
    exe = chromium_or_fail()
    r = subprocess.run([sys.executable, str(ROOT / 'scripts' / 'docs.py'), str(tmp_path / 'site')], capture_output=True, text=True)
    assert r.returncode == 0, f"scripts/docs.py failed:\n{r.stderr[-4000:]}"
    site = tmp_path / 'site'
    names = ['index.html'] + [re.sub(r'^\d+[a-zA-Z0-9]*_', '', nb.stem.lower()) + '.html' for nb in sorted(NBS.glob('*.ipynb')) if nb.name != 'index.ipynb']
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={'width': 1300, 'height': 900})
            page.route('**/*', lambda route: route.continue_() if route.request.url.startswith('file:') else route.abort())
            for name, needs_image in (('index.html', True), ('schedules.html', False)):
                page.goto((site / name).as_uri(), wait_until='load', timeout=60_000)
                page.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 && "
                                       "document.querySelectorAll('.MathJax, .MathJax_CHTML, .MathJax_SVG').length > 0", timeout=60_000)
                text = page.inner_text('body')
                assert '#|' not in text and '{target=' not in text and 'source{' not in text, f"{name}: Quarto markup left"
                assert not re.search(r'\$[^$\n]{1,80}\$', text), f"{name}: raw $…$ maths left untypeset"
                links = page.eval_on_selector_all('#gas-nb-sidebar li a', 'els => els.map(e => e.getAttribute("href"))')
                assert [l.split('/')[-1] for l in links][:len(names)] == names, f"{name}: sidebar {links} is not the reading order {names}"
                if needs_image:
                    assert page.evaluate("() => [...document.images].some(i => i.complete && i.naturalWidth > 100)"), f"{name}: no figure"
        finally: browser.close()


def test_every_module_comes_from_a_notebook():
    """Each gas_nb/*.py is the export of a notebook that declares it (`#| default_exp`) and has `#| export` cells: a notebook
    whose directives were lost would leave a stale module behind that `nbdev_export` never rewrites."""
    declared = set(module_notebooks().values())
    mods = {p.stem for p in (ROOT / 'gas_nb').glob('*.py') if p.stem not in ('__init__', '_modidx')}
    assert mods == declared, f"modules without a notebook: {sorted(mods - declared)}; notebooks without a module: {sorted(declared - mods)}"
    for nb, module in module_notebooks().items():
        cells = json.loads(nb.read_text())['cells']
        assert any(re.match(r'\s*#\|\s*export', ''.join(c['source'])) for c in cells if c['cell_type'] == 'code'), f"{nb.name}: no #| export cell"


def test_readme_teacher_quality():
    "README's measurement of the MNIST teacher shows results/teacher/quality.json's numbers (FID, classifier FD, floors, steps) and the proxy table."
    q = json.loads((ROOT / 'results' / 'teacher' / 'quality.json').read_text())
    readme = (ROOT / 'README.md').read_text()
    cells = lambda l: [c.strip() for c in l.split('|')[1:-1]]
    header = cells(next(l for l in readme.splitlines() if l.startswith('| metric | edm-mix')))
    rows = {cells(l)[0]: dict(zip(header, cells(l))) for l in readme.splitlines() if l.startswith(('| FID (TF-Inception) |', '| classifier FD |'))}
    assert header[1] == f"{q['recipe']}, step {q['teacher_steps']:,}", f"README's teacher table is of another recipe or step than quality.json's {q['recipe']} at {q['teacher_steps']}: {header[1]}"
    floor = next(h for h in header if h.startswith('floor'))
    for row, k in (('FID (TF-Inception)', 'fid'), ('classifier FD', 'classifier_fd')):
        assert rows[row][header[1]] == f"**{q[k]:.1f}**", f"README's teacher {row} {rows[row][header[1]]} is not quality.json's {q[k]:.1f}"
        assert rows[row][floor] == f"{q[f'{k}_train_vs_test']:.2f}", f"README's floor of {row} {rows[row][floor]} is not quality.json's"
    for table in md_tables((ROOT / 'results' / 'teacher' / 'edm-mix-progress.md').read_text()):
        assert table in readme, f"README does not show results/teacher/edm-mix-progress.md verbatim:\n{table}"
    for path in sorted((ROOT / 'results' / 'teacher').glob('emas-*.md')):          # the EMA comparisons, one a checkpoint
        for table in md_tables(path.read_text()):
            assert table in readme, f"README does not show {path.relative_to(ROOT)} verbatim:\n{table}"


def test_readme_thread_movement():
    "README's thread-count paragraphs show results/<profile>/threads.json's paired intervals (and, for mnist, every run)."
    readme = (ROOT / 'README.md').read_text()
    neg = lambda v, d: f"{v:+.{d}f}".replace('-', '−').lstrip('+')
    for profile, d in (('quick', 2), ('mnist', 1)):
        t = json.loads((ROOT / 'results' / profile / 'threads.json').read_text())
        for k, (m, lo, hi) in t['paired_ci95'].items():
            shown = f"{neg(m, d)} [{neg(lo, d)}, {neg(hi, d)}]"
            assert shown in readme, f"README does not show results/{profile}/threads.json's {k} interval {shown}"
    for r in json.loads((ROOT / 'results' / 'mnist' / 'threads.json').read_text())['runs']:
        name = 'GS' if r['w_adv'] == 0 else f"GAS w_adv {r['w_adv']:g}"
        row = (f"| {name}, seed {r['seed']} | {r['classifier_fd_pinned']:.3f} | {r['classifier_fd_other']:.3f} | "
               f"{r['l1_pinned']:.5f} | {r['l1_other']:.5f} |")
        assert row in readme, f"README does not show results/mnist/threads.json's run {row}"
