"""The documentation site as a reader meets it. scripts/docs.py builds the offline site (nbdev's processing and
nbconvert: Quarto cannot be installed here) once, from a copy of the project with one more Markdown page; a headless
Chromium opens every page and checks that it opens with its title and description (not with nbdev's front matter
printed raw), that the sidebar shows the sections of SECTIONS with the page under its own, that the maths is typeset by
the local MathJax, that the Markdown pages' tables are tables and that every image loaded. nbs/sidebar.yml (Quarto's
sidebar) has to be the one made from the same table."""
import configparser, json, re, shutil, sys, time
from pathlib import Path
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / 'nbs'
sys.path.insert(0, str(ROOT / 'scripts'))
import docs  # noqa: E402  (scripts/docs.py)

SECTION_NAMES = ['Start here', 'Tutorial', 'Reference', 'Experiments', 'Results', 'Guides']
CHECK_PAGE = 'guides/site_check.md'   # added to the copy: a table, a figure from results/, links


def expected_section(rel):
    "The section a page belongs to, as the reading path puts it (written out here, apart from docs.SECTIONS' patterns)."
    rel = Path(rel)
    if rel.as_posix() in ('index.ipynb', '00_gas_in_15_minutes.ipynb'):
        return 'Start here'
    folder = {'experiments': ('Experiments', '.ipynb'), 'results': ('Results', '.md'), 'guides': ('Guides', '.md')}
    if len(rel.parts) == 2 and rel.parts[0] in folder and rel.suffix == folder[rel.parts[0]][1]:
        return folder[rel.parts[0]][0]
    m = re.match(r'(\d+)[a-z]?_', rel.name)
    if len(rel.parts) == 1 and rel.suffix == '.ipynb' and m and int(m.group(1)) < 30:
        return 'Tutorial' if int(m.group(1)) < 10 else 'Reference'
    return None


def test_sections_table():
    "SECTIONS puts the renumbered reading path where it belongs (the landing notebook under Start here, not Tutorial)."
    paths = ['index.ipynb', '00_gas_in_15_minutes.ipynb', '01_schedules.ipynb', '01_schedules.ipynb',
             '13_solver_files.ipynb', '08_widgets.ipynb', '07_training.ipynb', '10_metrics.ipynb', '14_files.ipynb',
             '21_paper_pipeline.ipynb', '29_x.ipynb', 'experiments/table4.ipynb', 'results/mnist.md', 'guides/gpu.md']
    for rel in paths:
        assert docs.section_of(rel) == expected_section(rel), rel
    for rel in ['30_x.ipynb', 'notes.md', 'results/x.ipynb', 'experiments/x.md', 'guides/more/x.md']:
        assert docs.section_of(rel) == docs.OTHER, rel
    assert [h for h, _ in docs.SECTIONS] == SECTION_NAMES


def test_quarto_sidebar_is_current():
    "nbs/sidebar.yml is the sidebar made from SECTIONS for today's pages, and nbdev leaves it alone (custom_sidebar)."
    made = docs.sidebar_yml()
    stale = "nbs/sidebar.yml is stale: run `python scripts/docs.py --sidebar` (scripts/docs.sh does) and commit it"
    assert (NBS / 'sidebar.yml').read_text() == made, stale
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / 'settings.ini')
    assert cfg['DEFAULT'].getboolean('custom_sidebar'), "settings.ini: custom_sidebar = False, nbdev rewrites it"
    contents = yaml.safe_load(made)['website']['sidebar']['contents']
    pages = docs.source_pages()
    used = [s for s in SECTION_NAMES if any(expected_section(p) == s for p in pages)]
    assert [s['section'] for s in contents] == used
    for s in contents:
        for p in s['contents']:
            assert (NBS / p).exists() and expected_section(p) == s['section'], (s['section'], p)
    assert sum(len(s['contents']) for s in contents) == len(pages)


def plain(md):
    "Markdown `md` as the browser shows it, roughly: without code and emphasis marks."
    return re.sub(r'[`*]', '', md)


def title_cell(path):
    "The text of a Markdown page, or of a notebook's first markdown cell (its title cell)."
    if path.suffix == '.md':
        return path.read_text()
    return next(''.join(c['source']) for c in json.loads(path.read_text())['cells'] if c['cell_type'] == 'markdown')


def source_title(path):
    "The title a page's source gives it: the `# Title` opening its title cell."
    m = re.match(r'\s*#\s+(.+?)\s*$', title_cell(path), re.M)
    assert m, f"{path}: does not open with a `# Title`"
    return m.group(1)


def source_lead(path):
    "The description (the whole `> …` block under the title) and, in a notebook, the text after it in the title cell."
    m = re.match(r'\s*#\s+.+\n(?:\s*\n)*((?:>.*\n?)*)\s*(.*)', title_cell(path))
    desc = ' '.join(line.lstrip('>').strip() for line in m.group(1).splitlines())
    return desc, m.group(2) if path.suffix == '.ipynb' else ''


def words(md):
    "The plain words of Markdown `md`: links as their text, code and emphasis marks dropped, maths and HTML left out."
    md = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', md)
    md = re.sub(r'\$[^$]*\$|<[^>]+>', ' ', md)
    return re.sub(r'[`*]', '', md).split()


def source_markdown(path):
    "The Markdown of a page's source (markdown cells of a notebook), code spans and fenced code removed."
    if path.suffix == '.md':
        text = path.read_text()
    else:
        cells = json.loads(path.read_text())['cells']
        text = '\n'.join(''.join(c['source']) for c in cells if c['cell_type'] == 'markdown')
    return re.sub(r'`[^`\n]*`', '', re.sub(r'^```.*?^```', '', text, flags=re.S | re.M))


@pytest.fixture(scope='session')
def site(tmp_path_factory):
    "The offline site of a copy of the project (results/ and README linked in) with CHECK_PAGE added: (project, site)."
    proj = tmp_path_factory.mktemp('project')
    shutil.copy(ROOT / 'settings.ini', proj)
    shutil.copytree(NBS, proj / 'nbs', ignore=shutil.ignore_patterns('.ipynb_checkpoints'))
    for linked in ('results', 'README.md'):
        (proj / linked).symlink_to(ROOT / linked)
    figure = next(iter(sorted((ROOT / 'results').rglob('*.png'))))
    gs_nb = next(iter(sorted(NBS.glob('*_generalized_solver.ipynb'))))
    (proj / 'nbs' / 'guides').mkdir(exist_ok=True)
    (proj / 'nbs' / CHECK_PAGE).write_text(
        "# Site check: a Markdown page\n\n> Made by `tests/test_site.py`: a table, a figure, links.\n\n"
        "| solver | NFE 3 |\n|---|---|\n| GS | 7.63 |\n| GAS | 5.55 |\n\n"
        f"![a figure](../../{figure.relative_to(ROOT).as_posix()})\n\n"
        f"The [generalized solver](../{gs_nb.name}#parameters), the [GPU guide](gpu.md), "
        "the [README](../../README.md).\n")
    t0 = time.time()
    out = docs.build(tmp_path_factory.mktemp('site') / 'site', root=proj)
    print(f"site: built in {time.time() - t0:.0f} s")
    return proj, out


def test_markdown_page(site):
    """A Markdown page: title block, an HTML table, the figure copied into the site, links turned into the site's pages
    (a notebook's heading reached by Pandoc's id, as Quarto names it), other files of the project on GitHub."""
    proj, out = site
    html = (out / 'guides' / 'site_check.html').read_text()
    assert '<h1 class="title">Site check: a Markdown page</h1>' in html
    lead = '<p>Made by <code>tests/test_site.py</code>: a table, a figure, links.</p>'
    assert f'<div class="description">{lead}</div>' in html
    assert re.search(r'<table>.*<th>solver</th>.*<td>GAS</td>\s*<td>5.55</td>', html, re.S) and '|---|' not in html
    src = re.search(r'<img [^>]*src="([^"]+)"', html).group(1)
    assert src.startswith('../files/results/') and (out / 'guides' / src).resolve().is_file(), src
    gs = docs.page_name(next(iter(sorted((proj / 'nbs').glob('*_generalized_solver.ipynb')))).relative_to(proj / 'nbs'))
    assert f'href="../{gs}#parameters"' in html and 'id="parameters"' in (out / gs).read_text()
    assert 'href="gpu.html"' in html
    assert 'href="https://github.com/gas-nb/gas_nb/blob/main/README.md"' in html


# Everything a page check needs, read in one go: the first h1, the description, the text (all of it; without code),
# the sidebar's sections with their items, the images that did not load, MathJax's output, the tables.
PAGE_FACTS = """() => {
    const main = document.querySelector('main'), bare = main.cloneNode(true), h1 = document.querySelector('h1');
    bare.querySelectorAll('code, pre, script, .MathJax_Preview').forEach(e => e.remove());
    const desc = document.querySelector('#title-block-header .description');
    return {h1: h1 ? h1.textContent.trim() : null, desc: desc ? desc.textContent : '', text: main.textContent,
        bare: bare.textContent, tables: main.querySelectorAll('table').length,
        mathjax: document.querySelectorAll('.MathJax, .MathJax_Display').length,
        formulas: document.querySelectorAll('script[type^="math/tex"]').length,
        bad_images: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 120)),
        sidebar: [...document.querySelectorAll('#gas-nb-sidebar h2.sidebar-section')].map(h => [h.textContent,
            [...h.nextElementSibling.querySelectorAll('li')].map(li => li.classList.contains('current'))])};
}"""
MATHJAX_DONE = "() => window.MathJax && MathJax.isReady && MathJax.Hub.queue.pending === 0"


def test_every_page_in_chromium(site):
    """Every page in Chromium (no network), one after the other in one tab: it opens with its title (the first h1) and
    its whole description, keeps the rest of the title cell (nbdev drops it), shows no raw front matter; the sidebar
    shows the sections with the page marked under its own; maths typeset (on the generalized solver's page MathJax's
    output elements are counted); tables are tables; every image loaded."""
    from test_widgets_browser import chromium_or_fail, CHROMIUM_ARGS
    exe = chromium_or_fail()
    from playwright.sync_api import sync_playwright
    proj, out = site
    rels = docs.source_pages(proj / 'nbs')
    assert Path(CHECK_PAGE) in rels and len(rels) >= 30
    sections = [s for s in SECTION_NAMES if any(expected_section(r) == s for r in rels)]
    failures = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={'width': 1300, 'height': 900})
            offline = lambda route: route.continue_() if route.request.url.startswith('file:') else route.abort()
            page.route('**/*', offline)
            for rel in rels:
                if not (out / docs.page_name(rel)).is_file():
                    failures.append(f"{rel}: no page {docs.page_name(rel)}")
                    continue
                page.goto((out / docs.page_name(rel)).as_uri(), wait_until='load', timeout=60_000)
                page.wait_for_function(MATHJAX_DONE, timeout=60_000)
                failures += page_problems(page.evaluate(PAGE_FACTS), rel, proj / 'nbs' / rel, sections)
        finally:
            browser.close()
    assert not failures, f"{len(failures)} problems in the site:\n" + '\n'.join(failures)


def page_problems(facts, rel, source, sections):
    "What is wrong with page `rel` (a list of messages), from its `facts` in the browser and its `source` file."
    bad = []
    title = source_title(source)
    if facts['h1'] != plain(title):
        bad.append(f"{rel}: first h1 {facts['h1']!r}, not its title {title!r}")
    desc, rest = source_lead(source)
    shown = ' '.join(facts['desc'].split())
    if desc and not (' '.join(words(desc)[:4]) in shown and ' '.join(words(desc)[-3:]) in shown):
        bad.append(f"{rel}: description {shown!r}, not the source's {desc!r}")
    if rest and ' '.join(words(rest)[:6]) not in ' '.join(facts['text'].split()):
        bad.append(f"{rel}: the title cell's text {rest[:60]!r}… is not in the page")
    for raw in ("['---", '\\xA7', '\\u03', 'output-file:'):
        if raw in facts['bare']:
            bad.append(f"{rel}: raw front matter {raw!r} in the page")
    raw_maths = re.search(r'.{0,40}\$[^$\n]{1,80}\$', facts['bare'])
    if raw_maths:
        bad.append(f"{rel}: untypeset $…$ maths: {raw_maths.group(0)!r}")
    md = source_markdown(source)
    if re.search(r'\$[^$\s][^$\n]*\$', md) and not facts['mathjax']:
        bad.append(f"{rel}: maths in the source, none typeset")
    if re.search(r'^\|(?:\s*:?-+:?\s*\|)+\s*$', md, re.M) and not facts['tables']:
        bad.append(f"{rel}: a Markdown table in the source, no table in the page")
    if [h for h, _ in facts['sidebar']] != sections:
        bad.append(f"{rel}: sidebar sections {[h for h, _ in facts['sidebar']]}, not {sections}")
    mine = [h for h, current in facts['sidebar'] if any(current)]
    if mine != [expected_section(rel)]:
        bad.append(f"{rel}: marked in sidebar section(s) {mine}, not {expected_section(rel)!r}")
    if facts['bad_images']:
        bad.append(f"{rel}: images not loaded: {facts['bad_images']}")
    if rel.name.endswith('_generalized_solver.ipynb') and (facts['mathjax'] < 10 or facts['formulas'] < 10):
        bad.append(f"{rel}: maths-heavy page with {facts['mathjax']} MathJax elements, {facts['formulas']} formulas")
    return bad
