"""Execute notebooks the way the tests do (cells flagged slow/gpu/notest skipped, working directory = the notebook's
folder) and save their outputs, so that readers see figures, tables and numbers on opening them (on GitHub too) and the
docs show them. Usage: python scripts/run_nbs.py nbs/00_schedules.ipynb [...]   (then `nbdev_clean`)."""
import os, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.process import NBProcessor


def run_nb(path, skip=('slow', 'gpu', 'notest')):
    "Run notebook `path` in a fresh shell, skipping flagged cells; write it back with the new outputs (old ones of skipped cells kept)."
    path = Path(path).resolve()
    nb = read_nb(path)
    NBProcessor(nb=nb, procs=[])                                              # parses the `#|` directives into cell.directives_
    def no_eval(cell):
        if cell.cell_type != 'code': return True
        d = getattr(cell, 'directives_', {}) or {}
        return d.get('eval:', [''])[0].lower() == 'false' or bool(set(skip) & d.keys())
    sh = CaptureShell(path)
    t0 = time.time()
    with working_directory(path.parent): sh.run_all(nb, exc_stop=True, preproc=no_eval)
    for c in nb.cells:                                                        # directives_ is a parsing artefact, not notebook JSON
        c.pop('directives_', None)
    write_nb(nb, path)
    print(f"{path.name}: {time.time() - t0:.0f} s")


if __name__ == '__main__':
    os.environ['IN_TEST'] = '1'
    sys.path.insert(0, str(get_config().config_path))
    for p in sys.argv[1:]: run_nb(p)
