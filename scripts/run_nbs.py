"""Execute notebooks the way the tests do (cells flagged slow/gpu/notest or `eval: false` skipped, working directory =
the notebook's folder) and save their outputs, so that readers see figures, tables and numbers on opening them (on GitHub
too) and the docs show them. The cells' sources are written back untouched. Usage: python scripts/run_nbs.py NB [...]
(then `nbdev_clean`)."""
import json, os, re, sys, time
from pathlib import Path
from execnb.nbio import read_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config

DIRECTIVE = re.compile(r'^\s*#\|\s*([\w-]+)\s*:?\s*(.*?)\s*$')


def flags(src):
    "The leading `#|` directives of a cell's source as {name: value}."
    out = {}
    for line in src.splitlines():
        m = DIRECTIVE.match(line)
        if not m: break
        out[m.group(1)] = m.group(2)
    return out


def run_nb(path, skip=('slow', 'gpu', 'notest')):
    "Run notebook `path` in a fresh shell, skipping flagged cells; write back its JSON with only the outputs of the run cells replaced."
    path = Path(path).resolve()
    nb = read_nb(path)
    def no_eval(cell):
        if cell.cell_type != 'code': return True
        d = flags(cell.source)
        return d.get('eval', '').lower() == 'false' or bool(set(skip) & d.keys())
    sh = CaptureShell(path)
    t0 = time.time()
    with working_directory(path.parent): sh.run_all(nb, exc_stop=True, preproc=no_eval)
    raw = json.loads(path.read_text())                                        # the file as it is: sources never rewritten
    outs = {c['id']: c for c in nb.cells if c.cell_type == 'code' and not no_eval(c)}
    for c in raw['cells']:
        if c['id'] in outs: c['outputs'] = [dict(o) for o in outs[c['id']].get('outputs', [])]
    path.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + '\n')
    print(f"{path.name}: {time.time() - t0:.0f} s", flush=True)


if __name__ == '__main__':
    os.environ['IN_TEST'] = '1'
    sys.path.insert(0, str(get_config().config_path))
    for p in sys.argv[1:]: run_nb(p)
