"""The documentation, checked without Quarto (which cannot be installed here): nbdev's notebook processing (it executes
every `show_doc` and the cells they need), `jupyter nbconvert --to html`, every public function and class documented, a
headless-Chromium screenshot of one API page; the Quarto settings nbdev needs; the landing page consistent with the README;
the README a landing page whose results table is generated, and the results pages (nbs/results/*.md) showing their runs verbatim.
"""
import importlib, inspect, json, os, re, runpy, shutil, subprocess, sys, time, warnings
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
    page_file = site / 'html' / '04_generalized_solver.html'
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
    "The first fenced block of language `lang` in `text`."
    return re.search(rf'```{lang}\n(.*?)```', text, re.S).group(1)


def md_tables(text):
    "The Markdown tables of `text`, each as its block of lines (header, separator, rows)."
    return [m.group(0) for m in re.finditer(r'^\|.*\|\n\|(?:-+\|)+\n(?:\|.*\|\n?)*', text, re.M)]


def test_md_tables():
    text = "intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nmore\n| c |\n| 3 |\n\n| x |\n|---|\n| y |\n"
    assert md_tables(text) == ["| a | b |\n|---|---|\n| 1 | 2 |\n", "| x |\n|---|\n| y |\n"]     # no separator, no table


def readme_claims():
    "scripts/readme_claims.py as a namespace (it renders the results table of README.md and nbs/index.ipynb)."
    return runpy.run_path(str(ROOT / 'scripts' / 'readme_claims.py'))


def index_text(root=ROOT):
    "nbs/index.ipynb's markdown cells and its Markdown outputs."
    nb = json.loads((root / 'nbs' / 'index.ipynb').read_text())
    md = '\n'.join(''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'markdown')
    shown = ''.join(''.join(o['data']['text/markdown']) for c in nb['cells'] if c['cell_type'] == 'code'
                    for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {}))
    return nb, md, shown


def check_readme_claims(root=ROOT):
    "README.md's results table is exactly what scripts/readme_claims.py renders from results/*/claims.json."
    rc = readme_claims()
    shown = rc['readme_table']((root / 'README.md').read_text())
    assert shown is not None, "README.md has lost the marker lines of its generated results table"
    assert shown == rc['claims_table'](root), "README.md's results table is stale: run python scripts/readme_claims.py"


def check_landing_page(root=ROOT):
    "nbs/index.ipynb shows the README's two commands and quickstart, and the claims table as rendered now, with links to the site's pages."
    nb, md, shown = index_text(root)
    readme = (root / 'README.md').read_text()
    assert code_block(md) == code_block(readme), "the two commands differ between nbs/index.ipynb and README.md"
    assert code_block(md, 'python') == code_block(readme, 'python'), "the quickstart differs between nbs/index.ipynb and README.md"
    rc = readme_claims()
    assert rc['index_table'](nb) == rc['claims_table'](root, page=rc['index_page']), \
        "nbs/index.ipynb shows a stale results table: run python scripts/readme_claims.py"
    assert any('image/png' in o.get('data', {}) for c in nb['cells'] if c['cell_type'] == 'code' for o in c['outputs']), "index has no picture"


def test_landing_page_matches_readme():
    "nbs/index.ipynb (the docs landing page) and README.md: same commands, same quickstart, the same generated results table."
    check_readme_claims()
    check_landing_page()


def test_readme_claims_renderer():
    "The results table: every profile with a claims.json, its three claims, the verdicts true/false/null (with the reason)."
    rc = readme_claims()
    table = rc['claims_table']()
    assert md_tables(table) == [table]
    for profile, c in rc['load_claims']().items():
        assert f"[`{profile}`](nbs/results/{profile}.md)" in table and (NBS / 'results' / f'{profile}.md').exists()
        assert f"{100 * c['detail']['gs_gap_closed']:.0f}%".replace('-', '−') in table
    c = json.loads((ROOT / 'results' / 'quick' / 'claims.json').read_text())
    test = lambda holds, **kw: rc['verdict'](dict(c, holds=dict(c['holds'], gs_closes_most_of_the_gap=holds), **kw), 'gs_closes_most_of_the_gap')
    assert test(True) == 'yes' and test(False) == 'no'
    assert test(None, reasons=dict(gs_closes_most_of_the_gap='the teacher is not the best row')) == 'undefined: the teacher is not the best row'
    assert test(dict(holds=None, reason='no gap')) == 'undefined: no gap'
    by_data = dict(c, detail=c['by_metric']['classifier_fd_data']['by_nfe']['3'])   # DPM-Solver++(2M) lands closer to the data than the teacher
    assert rc['verdict'](dict(by_data, holds=dict(c['holds'], gs_closes_most_of_the_gap=None)), 'gs_closes_most_of_the_gap').startswith(
        'undefined: the best training-free solver (DPM-Solver++(2M)) is not further from the data than the teacher')
    rows = rc['claims_table']().splitlines()[2:]
    assert len(rows) == 3 * len(rc['load_claims']()) and all(r.count(' | ') == 5 for r in rows)


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


PAGE_SOURCES = {'quick': ('quick/*.md',), 'mnist': ('mnist/*.md', 'mnist/long/*.md'), 'flow': ('flow/*.md',),
                'teacher': ('teacher/*.md',)}                        # results page: the run files whose tables it shows


def results_page(name, root=ROOT): return (root / 'nbs' / 'results' / f'{name}.md').read_text()


def check_results_pages(root=ROOT):
    "Each results page shows every table its run wrote verbatim (header and separator included; not the paper's, quoted beside them) and the claims lines."
    for name, globs in PAGE_SOURCES.items():
        page = results_page(name, root)
        for path in sorted(p for g in globs for p in (root / 'results').glob(g) if p.name != 'tables.md'):
            for table in md_tables(path.read_text()):
                if table.startswith('| paper'): continue
                assert table in page, f"nbs/results/{name}.md does not show the table of {path.relative_to(root)} verbatim:\n{table}"
            for claim in [l for l in path.read_text().splitlines() if l.startswith(('- GS closes', '- S4S LMS+PC is', '- GAS / GS'))]:
                assert claim in page, f"nbs/results/{name}.md does not quote the claim of {path.relative_to(root)} verbatim:\n{claim}"


def check_teacher_page(root=ROOT):
    "nbs/results/teacher.md's measurement of the MNIST teacher shows results/teacher/quality.json's numbers (FID, classifier FD, floors, steps)."
    q = json.loads((root / 'results' / 'teacher' / 'quality.json').read_text())
    page = results_page('teacher', root)
    cells = lambda l: [c.strip() for c in l.split('|')[1:-1]]
    header = cells(next(l for l in page.splitlines() if l.startswith('| metric | edm-mix')))
    rows = {cells(l)[0]: dict(zip(header, cells(l))) for l in page.splitlines() if l.startswith(('| FID (TF-Inception) |', '| classifier FD |'))}
    assert header[1] == f"{q['recipe']}, step {q['teacher_steps']:,}", f"the teacher table is of another recipe or step than quality.json's {q['recipe']} at {q['teacher_steps']}: {header[1]}"
    floor = next(h for h in header if h.startswith('floor'))
    for row, k in (('FID (TF-Inception)', 'fid'), ('classifier FD', 'classifier_fd')):
        assert rows[row][header[1]] == f"**{q[k]:.1f}**", f"the teacher's {row} {rows[row][header[1]]} is not quality.json's {q[k]:.1f}"
        assert rows[row][floor] == f"{q[f'{k}_train_vs_test']:.2f}", f"the floor of {row} {rows[row][floor]} is not quality.json's"


def check_thread_movement(root=ROOT):
    "The profiles' pages show results/<profile>/threads.json's paired intervals (and, for mnist, every run)."
    neg = lambda v, d: f"{v:+.{d}f}".replace('-', '−').lstrip('+')
    for profile, d in (('quick', 2), ('mnist', 1)):
        page = results_page(profile, root)
        t = json.loads((root / 'results' / profile / 'threads.json').read_text())
        for k, (m, lo, hi) in t['paired_ci95'].items():
            shown = f"{neg(m, d)} [{neg(lo, d)}, {neg(hi, d)}]"
            assert shown in page, f"nbs/results/{profile}.md does not show results/{profile}/threads.json's {k} interval {shown}"
    page = results_page('mnist', root)
    for r in json.loads((root / 'results' / 'mnist' / 'threads.json').read_text())['runs']:
        name = 'GS' if r['w_adv'] == 0 else f"GAS w_adv {r['w_adv']:g}"
        row = (f"| {name}, seed {r['seed']} | {r['classifier_fd_pinned']:.3f} | {r['classifier_fd_other']:.3f} | "
               f"{r['l1_pinned']:.5f} | {r['l1_other']:.5f} |")
        assert row in page, f"nbs/results/mnist.md does not show results/mnist/threads.json's run {row}"


def test_results_pages_show_the_runs():
    "nbs/results/*.md show the tables and claims their runs wrote, verbatim."
    check_results_pages()


def test_readme_teacher_quality():
    "The teacher page's measurement shows results/teacher/quality.json's numbers."
    check_teacher_page()


def test_readme_thread_movement():
    "The quick and mnist pages show results/<profile>/threads.json's intervals and runs."
    check_thread_movement()


MUTATIONS = [  # (check, file, text, the same with one digit changed): each check must fail on its mutation
    (check_results_pages, 'nbs/results/quick.md', '| S4S LMS | 43.88 ± 2.45', '| S4S LMS | 43.89 ± 2.45'),
    (check_results_pages, 'nbs/results/mnist.md', '| GS (w_adv = 0) | 27.24 ± 0.10', '| GS (w_adv = 0) | 27.25 ± 0.10'),
    (check_results_pages, 'nbs/results/mnist.md', '- GAS / GS = **0.967**', '- GAS / GS = **0.968**'),
    (check_results_pages, 'nbs/results/flow.md', '| GS (w_adv 0) | 0.0531', '| GS (w_adv 0) | 0.0532'),
    (check_results_pages, 'nbs/results/teacher.md', '| 300 | 436 |', '| 300 | 437 |'),
    (check_results_pages, 'nbs/results/teacher.md', '| 0.9999 | 6,931 | 30,500 | 16.91 |', '| 0.9999 | 6,931 | 30,500 | 16.92 |'),
    (check_teacher_page, 'nbs/results/teacher.md', '| FID (TF-Inception) | **7.3** |', '| FID (TF-Inception) | **7.4** |'),
    (check_teacher_page, 'nbs/results/teacher.md', '| 17.3 | 93.0 | 2.35 |', '| 17.3 | 93.0 | 2.36 |'),
    (check_thread_movement, 'nbs/results/quick.md', '−2.07 [−2.75, −1.40] | −2.08', '−2.07 [−2.76, −1.40] | −2.08'),
    (check_thread_movement, 'nbs/results/mnist.md', '| GS, seed 0 | 36.760 |', '| GS, seed 0 | 36.761 |'),
    (check_readme_claims, 'README.md', '| 75% (', '| 76% ('),
    (check_readme_claims, 'results/quick/claims.json', '"gs": 7.628150986756585', '"gs": 7.638150986756585'),   # GS 7.63 → 7.64
    (check_landing_page, 'nbs/index.ipynb', '| 75% (', '| 76% ('),
]


def test_results_checks_fail_on_one_digit(tmp_path):
    "Each check of the README and the results pages fails when one digit of what it checks changes (in a copy of the files)."
    for d in ('nbs/results', 'results'):
        shutil.copytree(ROOT / d, tmp_path / d, ignore=shutil.ignore_patterns('*.pt', '*.png', '*.safetensors', '*.npz', 'solvers', 'cli'))
    for f in ('README.md', 'nbs/index.ipynb'): shutil.copy(ROOT / f, tmp_path / f)
    for check, f, old, new in MUTATIONS:
        check(tmp_path)                                                  # the copy passes
        text = (tmp_path / f).read_text()
        assert old in text, f"{f} no longer holds {old!r}: update MUTATIONS"
        (tmp_path / f).write_text(text.replace(old, new, 1))
        with pytest.raises(AssertionError): check(tmp_path)
        (tmp_path / f).write_text(text)


def test_readme_claims_rewrites(tmp_path):
    "`python scripts/readme_claims.py` finds a stale table (--check: exit status 1) and rewrites README.md and nbs/index.ipynb."
    skip = shutil.ignore_patterns('*.png', 'solvers', 'cli', 'long', 'before-d-sweep')
    for d in ('results/quick', 'results/mnist', 'results/flow'): shutil.copytree(ROOT / d, tmp_path / d, ignore=skip)
    for f in ('README.md', 'nbs/index.ipynb', 'scripts/readme_claims.py'):
        (tmp_path / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / f, tmp_path / f)
    claims = tmp_path / 'results' / 'quick' / 'claims.json'
    claims.write_text(claims.read_text().replace('"gs": 7.628150986756585', '"gs": 7.638150986756585', 1))   # GS 7.63 → 7.64
    for check in (check_readme_claims, check_landing_page):
        with pytest.raises(AssertionError, match='stale'): check(tmp_path)
    run = lambda *a: subprocess.run([sys.executable, str(tmp_path / 'scripts' / 'readme_claims.py'), *a], capture_output=True, text=True)
    assert run('--check').returncode == 1
    assert run().returncode == 0 and run('--check').returncode == 0
    check_readme_claims(tmp_path)
    check_landing_page(tmp_path)
    readme = (tmp_path / 'README.md').read_text()
    assert 'GS 7.64' in readme and 'GS 7.63' not in readme


SHOWN = [ROOT / 'README.md', *sorted((NBS / 'results').glob('*.md')), *sorted((NBS / 'guides').glob('*.md'))]


def test_readme_is_a_landing_page():
    "README.md stays a landing page (≤ 250 lines, ≤ 20 KB); every page starts with its title and names no internal wording."
    readme = (ROOT / 'README.md').read_text()
    assert len(readme.splitlines()) <= 250 and len(readme.encode()) <= 20_000, f"README.md: {len(readme.splitlines())} lines, {len(readme.encode())} bytes"
    for page in SHOWN[1:]: assert page.read_text().startswith('# '), f"{page.relative_to(ROOT)} does not start with its # Title"
    shown = [(p.relative_to(ROOT), p.read_text()) for p in SHOWN] + [('nbs/index.ipynb', index_text()[1])]
    for name, text in shown:
        for phrase in ('spec §', 'the spec', 'the issue', 'task', 'lent'):
            assert phrase not in text.lower(), f"{name} says {phrase!r}: readers have no spec, issue or task"


def md_anchors(text):
    "The anchors GitHub gives the headings of Markdown `text` (lower case, punctuation dropped, spaces to hyphens)."
    return {re.sub(r'[^\w\- ]', '', h.strip().lower()).replace(' ', '-') for h in re.findall(r'^#+ (.*)$', text, re.M)}


def test_readme_links_resolve():
    "Every relative link and figure of README.md and the pages points at a file of the repository."
    missing = []
    for page in SHOWN:
        for target in re.findall(r'\]\(([^)\s]+)\)', page.read_text()):
            if re.match(r'(https?|mailto):', target) or target.startswith('#'): continue
            path, _, anchor = target.partition('#')
            if not (page.parent / path).exists(): missing.append(f"{page.relative_to(ROOT)}: {target}")
            elif anchor and path.endswith('.md') and anchor not in md_anchors((page.parent / path).read_text()):
                missing.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not missing, "links to nothing:\n" + '\n'.join(missing)


def test_readme_quickstart(tmp_path):
    "README's quickstart runs as shown (in a fresh folder, one thread) and prints GS far closer to the teacher than DPM-Solver++(3M)."
    code = code_block((ROOT / 'README.md').read_text(), 'python')
    assert len(code.splitlines()) <= 15 and all(len(l) <= 120 for l in code.splitlines())
    r = subprocess.run([sys.executable, '-c', code], cwd=tmp_path, capture_output=True, text=True, env={**os.environ, 'OMP_NUM_THREADS': '1'})
    assert r.returncode == 0, r.stderr[-3000:]
    gs, dpm = map(float, re.fullmatch(r'NFE 4, L1 to the teacher: GS (\S+), DPM-Solver\+\+\(3M\) (\S+)\n', r.stdout).groups())
    assert gs < dpm / 5, (gs, dpm)
    said = re.search(r'It prints `NFE 4, L1 to the teacher: GS (\S+), DPM-Solver\+\+\(3M\) (\S+)`', (ROOT / 'README.md').read_text())
    assert said and abs(float(said[1]) - gs) < 0.005 and abs(float(said[2]) - dpm) < 0.02, (said and said.groups(), gs, dpm)
