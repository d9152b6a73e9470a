"Run each notebook's tests through nbdev's own `test_nb`, one pytest case per notebook (flags as in settings.ini)."
import os
from pathlib import Path
import pytest
import nbdev.test as nbt
from nbdev.config import get_config

cfg = get_config()
NBS = sorted(p for p in Path(cfg.nbs_path).rglob('*.ipynb')
             if not any(part.startswith(('_', '.')) for part in p.relative_to(cfg.nbs_path).parts))
FLAGS = os.environ.get('GAS_NB_TEST_FLAGS', '').split()   # e.g. "slow" to run the slow cells too

@pytest.mark.parametrize('nb', NBS, ids=[str(p.relative_to(cfg.nbs_path)) for p in NBS])
def test_notebook(nb):
    os.environ['IN_TEST'] = '1'
    import torch
    torch.set_grad_enabled(True)      # every notebook runs in this one process: one that turns autograd off must not leak it into the next
    skip = [f for f in cfg.tst_flags.split() if f not in FLAGS]
    ok, _ = nbt.test_nb(nb, skip_flags=skip, force_flags=FLAGS, basepath=cfg.config_path, do_print=True)
    assert ok, f"{nb} failed (the traceback is printed above)"
