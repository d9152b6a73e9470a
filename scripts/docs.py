"""Build the documentation site offline, without Quarto: nbdev's notebook processing (show_doc, directives), then one
HTML page per notebook and per Markdown page (`nbs/results/*.md`, `nbs/guides/*.md`) with nbconvert, each opening with
its title and description, Quarto-only markup removed, maths rendered by a local MathJax, a sidebar in sections.
The sections are the table SECTIONS below; `--sidebar` writes the same sections to nbs/sidebar.yml for Quarto.
Usage: python scripts/docs.py [OUT]   (default _docs/; scripts/docs.sh calls it when Quarto is absent)
       python scripts/docs.py --sidebar   (rewrite nbs/sidebar.yml from SECTIONS; scripts/docs.sh does it first)"""
import json, os, re, shutil, subprocess, sys, tempfile
from configparser import ConfigParser
from html import escape
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / 'nbs'
DIRECTIVE = re.compile(r'^\s*#\|\s*([\w-]+)\s*:?\s*(.*?)\s*$')
QUARTO_ATTRS = re.compile(r'(?<=[)\]])\{[^{}\n]*(?:target=|style=|\.[\w-]+|#[\w-]+)[^{}\n]*\}')   # `[x](y){target=…}`

# The sidebar's sections in reading order, for the offline site and for Quarto (nbs/sidebar.yml). A page goes to the
# first section whose pattern matches its path under nbs/: tutorial notebooks are numbered 00–09, reference 10–29.
SECTIONS = [
    ('Start here', r'index\.ipynb|00_gas_in_15_minutes\.ipynb'),
    ('Tutorial', r'0\d[a-z]?_[^/]+\.ipynb'),
    ('Reference', r'[12]\d[a-z]?_[^/]+\.ipynb'),
    ('Experiments', r'experiments/[^/]+\.ipynb'),
    ('Results', r'results/[^/]+\.md'),
    ('Guides', r'guides/[^/]+\.md'),
]
OTHER = 'More'   # pages that no section's pattern matches (a warning names them)
IMAGE_SUFFIXES = {'.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp'}
SIDEBAR_HEADER = ("# Made by `python scripts/docs.py --sidebar` from SECTIONS in scripts/docs.py: "
                  "edit that table, not this file.\n")


def page_name(nb):
    "The page nbdev/Quarto gives a notebook: its path without the leading number (`01_schedules` → `schedules.html`)."
    return '/'.join(re.sub(r'^\d+[a-zA-Z0-9]*_', '', p.lower()) for p in nb.with_suffix('.html').parts)   # as nbdev's _nbpath2html


def section_of(rel):
    "The heading of the SECTIONS entry that page `rel` (a path under nbs/) belongs to, else `OTHER`."
    for heading, pattern in SECTIONS:
        if re.fullmatch(pattern, Path(rel).as_posix()):
            return heading
    return OTHER


def source_pages(nbs=NBS):
    "The notebooks and Markdown pages under `nbs` (paths relative to it) in sidebar order: section, landing page, path."
    found = [p.relative_to(nbs) for p in nbs.rglob('*') if p.suffix in ('.ipynb', '.md') and p.is_file()]
    found = [p for p in found if not any(s.startswith(('.', '_')) for s in p.parts)]   # as nbdev skips them
    order = [h for h, _ in SECTIONS] + [OTHER]
    key = lambda p: (order.index(section_of(p)), p.name != 'index.ipynb', p.as_posix())
    return sorted(found, key=key)


def sections(pages):
    "[(heading, pages)] for the non-empty sections, in SECTIONS order."
    groups = {}
    for p in pages:
        groups.setdefault(section_of(p), []).append(p)
    return list(groups.items())


def sidebar_yml(nbs=NBS):
    "Quarto's sidebar (nbs/sidebar.yml) with SECTIONS' sections."
    contents = [{'section': h, 'contents': [p.as_posix() for p in ps]} for h, ps in sections(source_pages(nbs))]
    return SIDEBAR_HEADER + yaml.safe_dump({'website': {'sidebar': {'contents': contents}}}, sort_keys=False)


def write_sidebar(nbs=NBS):
    "Write nbs/sidebar.yml (nbdev leaves it alone: settings.ini has `custom_sidebar = True`)."
    (nbs / 'sidebar.yml').write_text(sidebar_yml(nbs))
    print(f"docs: wrote {nbs / 'sidebar.yml'}")


def directives(src):
    "The `#|` directives of a cell and its source without them."
    found, keep = {}, []
    for line in src.splitlines():
        m = DIRECTIVE.match(line)
        if m: found[m.group(1)] = m.group(2)
        else: keep.append(line)
    return found, '\n'.join(keep).strip('\n')


def strip_quarto(text): return QUARTO_ATTRS.sub('', text)


def clean_cell(c):
    "Apply the Quarto directives nbdev leaves for Quarto (hide, echo, output, include) and drop Quarto-only markup."
    c.pop('has_sd', None)   # nbdev's mark of show_doc cells, not nbformat's
    if c['cell_type'] == 'markdown':
        c['source'] = strip_quarto(''.join(c['source'])); return c
    if c['cell_type'] != 'code': return c
    d, src = directives(''.join(c['source']))
    if 'hide' in d or d.get('include') == 'false' or 'export' in d and not c.get('outputs'): return None
    c['source'] = src
    if d.get('echo') == 'false' or not src.strip(): c.setdefault('metadata', {})['transient'] = {'remove_source': True}
    if d.get('output') == 'false': c['outputs'] = []
    for o in c.get('outputs', []):
        for k, v in o.get('data', {}).items():
            if k in ('text/markdown', 'text/html'): o['data'][k] = strip_quarto(''.join(v))
    if not src.strip() and not c.get('outputs'): return None
    return c


def front_matter(nb):
    "Title and description from the YAML front matter cell nbdev makes of `# Title` / `> …`; the cell is removed."
    for i, c in enumerate(nb['cells']):
        src = ''.join(c['source'])
        if c['cell_type'] == 'raw' and src.lstrip().startswith('---'):
            meta = yaml.safe_load(src.strip().strip('-')) or {}
            del nb['cells'][i]
            return str(meta.get('title', '')), str(meta.get('description', ''))
    return '', ''


def markdown_page(text):
    "Title, description and body of a Markdown page: its first `# Title` line and a `> description` right under it."
    m = re.match(r'\s*#\s+(.+?)\s*\n(?:\s*\n)*((?:>.*\n?)+)?', text)
    if m is None: return '', '', text
    desc = ' '.join(l.lstrip('>').strip() for l in (m.group(2) or '').splitlines())
    return m.group(1), desc, text[m.end():]


def inline_html(md):
    "Markdown `md` (a title) as inline HTML: code spans and emphasis kept, no paragraph around it."
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    return re.sub(r'^<p>|</p>$', '', markdown2html_mistune(md).strip())


def plain(md):
    "A title without Markdown's code and emphasis marks (`` ` ``, `*`), for the browser tab; `_` stays (names have it)."
    return re.sub(r'[`*]', '', md)


def title_block(title, desc):
    "A markdown cell opening the page with its title (h1) and description (a lead paragraph), as Quarto's title block."
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    lead = markdown2html_mistune(desc).strip().replace('\n\n', '\n') if desc else ''
    block = f'<header id="title-block-header"><h1 class="title">{inline_html(title)}</h1>'
    block += f'<div class="description">{lead}</div></header>' if lead else '</header>'
    return {'cell_type': 'markdown', 'id': 'title-block', 'metadata': {}, 'source': block}


def link_target(target, rel, ctx):
    "Where relative link `target` of page `rel` points in the site: a page, a copied image, else the file on GitHub."
    url, hash_, frag = target.partition('#')
    if not url or re.match(r'^([a-zA-Z][\w+.-]*:|/)', url): return target
    if os.path.normpath(Path(page_name(rel)).parent / url) in ctx['names']: return target   # already a page's URL
    src = Path(os.path.normpath(ctx['root'] / 'nbs' / rel.parent / url))   # not resolved: a linked results/ stays in
    here = (ctx['out'] / page_name(rel)).parent
    if src.is_relative_to(ctx['root'] / 'nbs') and src.relative_to(ctx['root'] / 'nbs') in ctx['pages']:
        dest = ctx['out'] / page_name(src.relative_to(ctx['root'] / 'nbs'))
    elif src.is_file() and src.suffix.lower() in IMAGE_SUFFIXES and src.is_relative_to(ctx['root']):
        dest = ctx['out'] / 'files' / src.relative_to(ctx['root'])
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dest)
    elif src.exists() and src.is_relative_to(ctx['root']):
        kind = 'blob' if src.is_file() else 'tree'
        return f"{ctx['git_url']}/{kind}/{ctx['branch']}/{src.relative_to(ctx['root']).as_posix()}"
    else:
        ctx['broken'].append(f'{rel.as_posix()}: {target}')
        return target
    return os.path.relpath(dest, here) + hash_ + frag


MD_LINK = re.compile(r'(!?\[[^\]\n]*\]\()([^)\s]+)((?:\s+"[^"\n]*")?\))')
HTML_SRC = re.compile(r'(<(?:img|a)\b[^>]*?\b(?:src|href)=")([^"]+)(")')


def site_links(md, rel, ctx):
    "Markdown `md` of page `rel` with its relative links and images pointing into the site (fenced code left alone)."
    parts = re.split(r'(^```.*?^```)', md, flags=re.S | re.M)
    fix = lambda m: m.group(1) + link_target(m.group(2), rel, ctx) + m.group(3)
    return ''.join(p if i % 2 else HTML_SRC.sub(fix, MD_LINK.sub(fix, p)) for i, p in enumerate(parts))


def pandoc_id(text):
    "Pandoc's (so Quarto's) id of a heading: lower case, punctuation but `_-.` dropped, `-` for spaces, from a letter."
    words = re.sub(r'[^\w\s.-]', '', text.lower()).split()
    return re.sub(r'^[\W\d_]+', '', '-'.join(words))


def heading_anchors(html):
    "Pandoc's heading ids added beside nbconvert's, so that `page.md#some-heading` links (written for Quarto) land."
    def add(m):
        text = re.sub(r'<[^>]+>|¶', '', m.group(3))
        pid = pandoc_id(text)
        return m.group(0) if not pid or pid == m.group(2) else f'{m.group(1)}<span id="{pid}"></span>{m.group(3)}'
    return re.sub(r'(<h[1-6] id="([^"]*)"[^>]*>)(.*?)(?=</h[1-6]>)', add, html, flags=re.S)


def sidebar(groups, here, titles):
    "An HTML sidebar with every page under its section's heading, the current one marked."
    up = '../' * (len(Path(here).parts) - 1)
    html = f'<nav id="gas-nb-sidebar"><a class="title" href="{up}index.html">gas_nb</a>'
    for heading, pages in groups:
        items = [f'<li{" class=current" if p == here else ""}><a href="{up}{p}">{titles[p]}</a></li>' for p in pages]
        html += f'<h2 class="sidebar-section">{escape(heading)}</h2><ul>{"".join(items)}</ul>'
    return html + '</nav>'


CSS = """<style>#gas-nb-sidebar{position:fixed;top:0;left:0;bottom:0;width:230px;overflow-y:auto;padding:14px;
background:#f6f7f9;border-right:1px solid #ddd;font:14px/1.4 sans-serif}#gas-nb-sidebar ul{list-style:none;padding:0;
margin:0 0 10px}#gas-nb-sidebar li{margin:4px 0}#gas-nb-sidebar li.current a{font-weight:bold}#gas-nb-sidebar .title{
font-size:18px;font-weight:bold;text-decoration:none}#gas-nb-sidebar h2.sidebar-section{font-size:12px;
margin:14px 0 4px;text-transform:uppercase;letter-spacing:.05em;color:#555}body{margin-left:250px!important}
#title-block-header h1.title{margin-bottom:.3em}#title-block-header .description{font-size:1.2em;color:#555}</style>"""


def page_notebook(proc, nbs, rel):
    "(title, description, notebook) of page `rel`: the processed notebook, or a one-cell notebook of a Markdown page."
    if rel.suffix == '.md':
        title, desc, body = markdown_page((nbs / rel).read_text())
        cells = [{'cell_type': 'markdown', 'id': 'page', 'metadata': {}, 'source': body}]
        return title, desc, {'cells': cells, 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}
    nb = json.loads((proc / rel).read_text())
    title, desc = front_matter(nb)
    source = json.loads((nbs / rel).read_text())
    first = next((''.join(c['source']) for c in source['cells'] if c['cell_type'] == 'markdown'), '')
    _, whole_desc, rest = markdown_page(first)
    rest = re.sub(r'^-\s+\S.*:.*\S\s*$', '', rest, flags=re.M).strip()   # `- key: value` lines: front matter too
    if title and (rest or whole_desc != desc):
        print(f"docs: WARNING {rel.as_posix()}: nbdev keeps only the title and the description's first line of the "
              "title cell (Quarto's page lacks the rest); kept here: put the description on one line, the rest in a "
              "cell of its own", file=sys.stderr)
    if title and rest:
        nb['cells'].insert(0, {'cell_type': 'markdown', 'id': 'title-cell-rest', 'metadata': {}, 'source': rest})
    return title, whole_desc or desc, nb


def git_settings(root):
    "settings.ini's `git_url` and `branch`: where links to the project's other files point."
    cfg = ConfigParser()
    cfg.read(root / 'settings.ini')
    return cfg['DEFAULT'].get('git_url', '').rstrip('/'), cfg['DEFAULT'].get('branch', 'main')


def build(out, root=ROOT):
    "Process the notebooks of project `root` with nbdev in a copy; its notebooks and Markdown pages as HTML in `out`."
    root = Path(root).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        shutil.copy(root / 'settings.ini', d)
        shutil.copytree(root / 'nbs', d / 'nbs', ignore=shutil.ignore_patterns('.ipynb_checkpoints'))
        proc_nbs = 'from nbdev.serve import proc_nbs; proc_nbs(n_workers=2, force=True)'
        subprocess.run([sys.executable, '-c', proc_nbs], cwd=d, check=True)
        return render(d, root, out)


def render(d, root, out):
    "The site in `out` from project copy `d` (its nbs/ and nbdev's _proc/); links resolved in project `root`."
    out = Path(out).resolve()
    rels = source_pages(d / 'nbs')
    docs = {rel: page_notebook(d / '_proc', d / 'nbs', rel) for rel in rels}
    titles = {page_name(rel): inline_html(docs[rel][0]) if docs[rel][0] else escape(rel.stem) for rel in rels}
    groups = [(h, [page_name(r) for r in rs]) for h, rs in sections(rels)]
    if out.exists(): shutil.rmtree(out)
    mj = Path(__import__('jupyter_server_mathjax').__file__).parent / 'static'
    shutil.copytree(mj, out / 'mathjax', ignore=shutil.ignore_patterns('*.md', 'LICENSE'))
    git_url, branch = git_settings(root)
    ctx = {'root': root, 'out': out, 'pages': set(rels), 'names': set(titles), 'git_url': git_url, 'branch': branch,
           'groups': groups, 'titles': titles, 'broken': []}
    for rel in rels:
        page = out / page_name(rel)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(page_html(rel, *docs[rel], ctx))
    for heading, pages in groups:
        if heading == OTHER:
            print(f"docs: WARNING pages in no section of SECTIONS (scripts/docs.py): {pages}", file=sys.stderr)
    for b in ctx['broken']: print(f"docs: WARNING link to a missing file: {b}", file=sys.stderr)
    print(f"docs: {len(rels)} pages in {out}")
    return out


def page_html(rel, title, desc, nb, ctx):
    "The HTML page of `rel`: its title block, its cells cleaned, its links into the site, maths, the sidebar."
    import nbformat
    from nbconvert import HTMLExporter
    cells = [c for c in map(clean_cell, nb['cells']) if c is not None]
    for c in cells:
        if c['cell_type'] == 'markdown':
            c['source'] = site_links(c['source'], rel, ctx)
    nb['cells'] = ([title_block(title, desc)] if title else []) + cells
    nb.setdefault('metadata', {})['title'] = plain(title) or rel.stem
    page = page_name(rel)
    up = '../' * (len(Path(page).parts) - 1)
    mathjax = f'{up}mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe'
    # our own notebooks: bleach's sanitizing of every highlighted code cell (a third of the time) is not needed
    ex = HTMLExporter(template_name='lab', mathjax_url=mathjax, filters={'clean_html': lambda html: html})
    html, _ = ex.from_notebook_node(nbformat.reads(json.dumps(nb), as_version=4))
    html = heading_anchors(html.replace('</head>', CSS + '</head>', 1))
    bar = sidebar(ctx['groups'], page, ctx['titles'])
    return re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + bar, html, count=1)


if __name__ == '__main__':
    if sys.argv[1:] == ['--sidebar']: write_sidebar()
    else: build(sys.argv[1] if len(sys.argv) > 1 else ROOT / '_docs')
