"""Build the documentation site offline, without Quarto: nbdev's notebook processing (show_doc, directives), then one
HTML page per notebook with nbconvert, Quarto-only markup removed, maths rendered by a local MathJax, a sidebar in
reading order. Usage: python scripts/docs.py [OUT]   (default _docs/; scripts/docs.sh calls it when Quarto is absent)."""
import json, re, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / 'nbs'
DIRECTIVE = re.compile(r'^\s*#\|\s*([\w-]+)\s*:?\s*(.*?)\s*$')
QUARTO_ATTRS = re.compile(r'(?<=[)\]])\{[^{}\n]*(?:target=|style=|\.[\w-]+|#[\w-]+)[^{}\n]*\}')   # `[x](y){target=…}`


def page_name(nb):
    "The page nbdev/Quarto gives a notebook: its path without the leading number (`00_schedules` → `schedules.html`)."
    return '/'.join(re.sub(r'^\d+[a-zA-Z0-9]*_', '', p.lower()) for p in nb.with_suffix('.html').parts)   # as nbdev's _nbpath2html


def notebooks(proc):
    "The processed notebooks in reading order (nbdev's sidebar order: sorted paths), the landing page first."
    nbs = sorted(p.relative_to(proc) for p in proc.rglob('*.ipynb') if not any(s.startswith(('.', '_')) for s in p.relative_to(proc).parts))
    return sorted(nbs, key=lambda p: (p.name != 'index.ipynb', len(p.parts) > 1, str(p)))


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


def sidebar(pages, here, titles):
    "An HTML sidebar with every page in reading order, the current one marked."
    up = '../' * (len(Path(here).parts) - 1)
    items = ''.join(f'<li{" class=current" if p == here else ""}><a href="{up}{p}">{titles[p]}</a></li>' for p in pages)
    return f'<nav id="gas-nb-sidebar"><a class="title" href="{up}index.html">gas_nb</a><ul>{items}</ul></nav>'


CSS = """<style>#gas-nb-sidebar{position:fixed;top:0;left:0;bottom:0;width:230px;overflow-y:auto;padding:14px;
background:#f6f7f9;border-right:1px solid #ddd;font:14px/1.4 sans-serif}#gas-nb-sidebar ul{list-style:none;padding:0}
#gas-nb-sidebar li{margin:4px 0}#gas-nb-sidebar li.current a{font-weight:bold}#gas-nb-sidebar .title{font-size:18px;
font-weight:bold;text-decoration:none}body{margin-left:250px!important}</style>"""


def title_of(nb):
    "The notebook's `# Title` (first markdown heading), else its file name."
    for c in nb['cells']:
        if c['cell_type'] == 'markdown':
            m = re.search(r'^#\s+(.+)$', ''.join(c['source']), re.M)
            if m: return m.group(1).strip()
    return None


def build(out):
    "Process the notebooks with nbdev in a copy of the project, convert them to HTML pages in `out`."
    import nbformat
    from nbconvert import HTMLExporter
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        shutil.copy(ROOT / 'settings.ini', d); shutil.copytree(NBS, d / 'nbs', ignore=shutil.ignore_patterns('.ipynb_checkpoints'))
        subprocess.run([sys.executable, '-c', 'from nbdev.serve import proc_nbs; proc_nbs(n_workers=2, force=True)'], cwd=d, check=True)
        proc = d / '_proc'
        nbs = notebooks(proc)
        raw = {p: json.loads((proc / p).read_text()) for p in nbs}
        pages = [page_name(p) for p in nbs]
        titles = {page_name(p): title_of(raw[p]) or p.stem for p in nbs}
        if out.exists(): shutil.rmtree(out)
        mj = Path(__import__('jupyter_server_mathjax').__file__).parent / 'static'
        shutil.copytree(mj, out / 'mathjax', ignore=shutil.ignore_patterns('*.md', 'LICENSE'))
        for p in nbs:
            nb = raw[p]
            nb['cells'] = [c for c in map(clean_cell, nb['cells']) if c is not None]
            page = page_name(p)
            up = '../' * (len(Path(page).parts) - 1)
            ex = HTMLExporter(template_name='lab', mathjax_url=f'{up}mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe')
            html, _ = ex.from_notebook_node(nbformat.from_dict(nb))
            html = html.replace('</head>', CSS + '</head>', 1)
            html = re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + sidebar(pages, page, titles), html, count=1)
            (out / page).parent.mkdir(parents=True, exist_ok=True)
            (out / page).write_text(html)
    print(f"docs: {len(pages)} pages in {out}")
    return out


if __name__ == '__main__': build(sys.argv[1] if len(sys.argv) > 1 else ROOT / '_docs')
