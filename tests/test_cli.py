"""The command line as a user meets it: `gas_nb train|sample|export` and `gas_nb-reproduce`, run as subprocesses through the
real console scripts (importing this checkout: PYTHONPATH is set to it), on the tiny 2-D teacher in temporary folders.
Each refused command must exit with its status and one line on stderr naming what is wrong, and write or change no file."""
import json, os, shutil, signal, subprocess, sys, time
from pathlib import Path
import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from gas_nb.training import DEFAULTS, RESUME_APPLIED, CHOICES, LOSSES, MEMORY_MODES, D_PRESETS    # noqa: E402
from gas_nb.generalized_solver import PARAMETERIZATIONS                                         # noqa: E402
from gas_nb.solver_files import load_solver                                                      # noqa: E402
from gas_nb.teacher_data import TEACHERS                                                          # noqa: E402
from gas_nb.reproduce import PROFILES, EXPERIMENTS                                                # noqa: E402

BIN = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items() if k != 'GAS_NB_DEBUG'}
ENV.update(PYTHONPATH=str(ROOT), OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', COLUMNS='200', PYTHONHASHSEED='0')
SMALL = ['--iters', '20', '--train-size', '200', '--val-size', '100', '--val-every', '10', '--ckpt-every', '10']


def script(name):
    exe = BIN / name
    return str(exe) if exe.exists() else shutil.which(name)


def cli(*args, cwd, prog='gas_nb', env=ENV, **kw):
    return subprocess.run([script(prog), *map(str, args)], cwd=cwd, capture_output=True, text=True, env=env, timeout=600, **kw)


def one_line(r, rc, *words):
    "The single line `r` printed on stderr, after checking its exit status `rc`, that it is one line and holds `words`."
    assert r.returncode == rc, (r.returncode, r.stderr[-2000:])
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and 'Traceback' not in r.stderr, r.stderr[-2000:]
    for w in words: assert w in lines[0], (w, lines[0])
    return lines[0]


def files(d):
    "Every file under `d` with its bytes (an output folder's lock file, which names its last holder, aside): a refused command must leave this unchanged."
    return {p.relative_to(d): p.read_bytes() for p in sorted(Path(d).rglob('*')) if p.is_file() and p.name != '.gas_nb.lock'}


@pytest.fixture(scope='module')
def run(tmp_path_factory):
    "A finished 20-step GS run on the 2-D teacher (trained once, with progress bars on a non-terminal stderr)."
    d = tmp_path_factory.mktemp('run')
    r = cli('train', '--out', d / 'run', '--pairs-cache', d / 'pairs', *SMALL, cwd=d)
    assert r.returncode == 0, r.stderr[-2000:]
    return d, r


def copy_run(run, tmp_path):
    shutil.copytree(run[0] / 'run', tmp_path / 'run'); return tmp_path / 'run'


def test_console_script_runs_this_checkout(tmp_path):
    "`--debug` (and GAS_NB_DEBUG=1) show the traceback — whose frames are in this checkout's gas_nb/training.py."
    for extra, env in (([], dict(ENV, GAS_NB_DEBUG='1')), (['--debug'], ENV)):
        r = cli('train', '--out', tmp_path / 'o', '--batch', '0', *extra, cwd=tmp_path, env=env)
        assert r.returncode == 1 and 'Traceback' in r.stderr and str(ROOT / 'gas_nb' / 'training.py') in r.stderr, r.stderr
    assert not (tmp_path / 'o').exists()


@pytest.mark.parametrize('args, rc, words', [
    (['--loss', 'l2'], 2, ["--loss: invalid choice: 'l2'", 'lpips-vgg']),
    (['--loss', 'L1'], 2, ["invalid choice: 'L1'"]),
    (['--loss', 'mse'], 2, ["invalid choice: 'mse'"]),
    (['--loss', 'lpips'], 1, ['--loss lpips compares images', 'gmm2d', 'use --loss l1']),
    (['--memory', 'foo'], 2, ["--memory: invalid choice: 'foo'", 'recompute']),
    (['--d-preset', 'huge'], 2, ["--d-preset: invalid choice: 'huge'"]),
    (['--teacher', 'cifar'], 2, ["unknown teacher 'cifar'", 'mnist-gmm']),
    (['--w-adv', '-1'], 1, ['--w-adv must be ≥ 0, got -1.0']),
    (['--iters', '-5'], 1, ['--iters must be ≥ 1, got -5']),
    (['--batch', '0'], 1, ['--batch must be ≥ 1, got 0']),
    (['--nfe', '0'], 1, ['--nfe must be ≥ 1, got 0']),
])
def test_train_refuses_bad_options_before_any_work(tmp_path, args, rc, words):
    "Each bad value: its exit status, one line naming the option, and no output folder, pairs or any other file written."
    one_line(cli('train', '--out', tmp_path / 'out', '--pairs-cache', tmp_path / 'pairs', *args, cwd=tmp_path), rc, 'gas_nb train: error:', *words)
    assert files(tmp_path) == {} and not (tmp_path / 'out').exists() and not (tmp_path / 'pairs').exists()


REFUSED = dict(teacher='mnist-gmm', nfe=5, parameterization='no_theory', t_eps=0.002, loss='lpips', w_adv=1.0, batch=12, train_size=150,
               val_size=50, seed=1, d_width=4, d_blocks=1, d_preset='paper')
APPLIED = dict(iters=30, lr=5e-4, clip=0.5, ema=0.99, d_lr=2e-5, gamma=0.1, val_every=5, ckpt_every=5, device='cpu', memory='recompute')


def test_every_setting_has_a_resume_rule():
    "A resume applies and logs a changed setting, or refuses it: each setting of `DEFAULTS` is in exactly one of the two lists."
    assert set(RESUME_APPLIED) == set(APPLIED) and set(REFUSED) | set(APPLIED) == set(DEFAULTS) and not set(REFUSED) & set(APPLIED)


def resume_args(run, out, k):
    args = dict(zip(SMALL[::2], SMALL[1::2]), **{'--' + k.replace('_', '-'): str(REFUSED[k])})
    return ['train', '--out', str(out), '--pairs-cache', str(run[0] / 'pairs'), *[x for kv in args.items() for x in kv]]


def refusal_words(out, k): return [f"{out / 'checkpoint.pt'} was made with {k}=", f"this run has {k}=", 'a resume cannot change it', '--' + k.replace('_', '-')]


@pytest.mark.parametrize('k', ['nfe', 'batch', 'teacher'])
def test_resume_refuses_a_changed_setting(run, tmp_path, k):
    "A resume that changes what is trained (or on which data) is refused, naming the setting; the run's files stay as they were."
    out = copy_run(run, tmp_path); before = files(tmp_path)
    one_line(cli(*resume_args(run, out, k), cwd=tmp_path), 1, 'gas_nb train: error:', *refusal_words(out, k))
    assert files(tmp_path) == before


def test_resume_refuses_each_changed_setting(run, tmp_path):
    "The same for every refused setting, through the console script's `main` in this process (a subprocess each would cost minutes)."
    from gas_nb.training import main
    out = copy_run(run, tmp_path); before = files(tmp_path)
    for k in sorted(REFUSED):
        with pytest.raises(SystemExit) as e: main(resume_args(run, out, k))
        msg = e.value.code; assert isinstance(msg, str) and '\n' not in msg and msg.startswith('gas_nb train: error: '), (k, msg)
        for w in refusal_words(out, k): assert w in msg, (k, w, msg)
    assert files(tmp_path) == before


def test_resume_applies_and_logs_changed_settings(run, tmp_path):
    "Changed learning rate, clipping, EMA, …: trained with from the resume's step on, each change recorded with its step."
    out = copy_run(run, tmp_path)
    args = [x for k, v in APPLIED.items() for x in ('--' + k.replace('_', '-'), str(v))]
    r = cli('train', '--out', out, '--pairs-cache', run[0] / 'pairs', '--quiet', *SMALL[2:], *args, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'resuming' in r.stderr and 'step 20' in r.stderr and 'lr 0.001 → 0.0005' in r.stderr
    st = torch.load(out / 'checkpoint.pt', weights_only=True)
    log = json.loads((out / 'log.json').read_text())
    assert st['step'] == 30 and st['opt']['param_groups'][0]['lr'] == 5e-4                  # Adam steps with the new rate
    assert {c['setting']: (c['step'], c['new']) for c in log['changes']} == {k: (20, v) for k, v in APPLIED.items()}
    assert all(log['cfg'][k] == v and st['cfg'][k] == v for k, v in APPLIED.items())
    assert [r['step'] for r in log['log']] == list(range(31))


def test_same_run_same_bytes(run, tmp_path):
    "The same command twice gives the same solver file, byte for byte (so it can be compared and cached by hash)."
    r = cli('train', '--out', tmp_path / 'again', '--pairs-cache', run[0] / 'pairs', '--quiet', *SMALL, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for f in ('solver.safetensors', 'log.json'): assert (tmp_path / 'again' / f).read_bytes() == (run[0] / 'run' / f).read_bytes(), f


def test_progress_is_not_redrawn_every_step(run):
    "Not on a terminal, the progress bars write a few lines for a 20-step run, not one per step."
    err = run[1].stderr
    assert err.count('\r') + err.count('\n') < 10 and len(err) < 2000, err


def test_damaged_files_are_named(run, tmp_path):
    "A truncated checkpoint.pt or solver.safetensors is one line naming the file; nothing is changed."
    out = copy_run(run, tmp_path)
    for f in ('checkpoint.pt', 'solver.safetensors'):
        raw = (out / f).read_bytes(); (out / f).write_bytes(raw[:len(raw) // 3])
    before = files(tmp_path)
    one_line(cli('train', '--out', out, '--pairs-cache', run[0] / 'pairs', *SMALL, cwd=tmp_path), 1,
             f"{out / 'checkpoint.pt'} is a damaged or truncated gas_nb training checkpoint", 'delete it to start afresh')
    for cmd in ('sample', 'export'):
        one_line(cli(cmd, '--checkpoint', out / 'solver.safetensors', '--out', tmp_path / 'x', cwd=tmp_path), 1,
                 f"gas_nb {cmd}: error: {out / 'solver.safetensors'} is not a readable safetensors file")
    one_line(cli('sample', '--checkpoint', tmp_path / 'none.safetensors', cwd=tmp_path), 1, f"{tmp_path / 'none.safetensors'}: no such solver file")
    assert files(tmp_path) == before


@pytest.mark.parametrize('args, words', [(['--seeds', '5-1'], ["--seeds '5-1' is an empty range"]), (['--seeds', '1,x'], ["--seeds '1,x'"]),
                                         (['--batch', '0'], ['--batch must be ≥ 1']), (['--teacher', 'cifar'], ["unknown teacher 'cifar'"])])
def test_sample_refuses_bad_options(run, tmp_path, args, words):
    r = cli('sample', '--checkpoint', run[0] / 'run' / 'solver.safetensors', '--out', tmp_path / 's' / 'x', *args, cwd=tmp_path)
    one_line(r, 2 if '--teacher' in args else 1, 'gas_nb sample: error:', *words)
    assert files(tmp_path) == {}


def test_sample_warns_about_another_teacher(run, tmp_path):
    "A solver trained on gmm2d, sampled on mnist-gmm: it runs, with a warning naming both teachers."
    r = cli('sample', '--checkpoint', run[0] / 'run' / 'solver.safetensors', '--teacher', 'mnist-gmm', '--seeds', '0-1', '--out', tmp_path / 'm',
            cwd=tmp_path)
    assert r.returncode == 0 and "warning" in r.stderr and "'gmm2d'" in r.stderr and "'mnist-gmm'" in r.stderr, r.stderr
    from PIL import Image
    assert Image.open(tmp_path / 'm.png').size == (536, 272)                                 # two 32-px digits, ×8: large enough to read
    r = cli('sample', '--checkpoint', run[0] / 'run' / 'solver.safetensors', '--seeds', '50000-50009', '--out', tmp_path / 'g', cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == '', r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ['g.npz', 'g.png', 'm.npz', 'm.png']


def test_export_writes_the_table(run, tmp_path):
    "`gas_nb export`: the solver's times (as the solver computes them), EDM sigmas and one P, Q row per step, with its teacher."
    ck = run[0] / 'run' / 'solver.safetensors'
    r = cli('export', '--checkpoint', ck, '--out', tmp_path / 't.json', cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    tab, s = json.loads((tmp_path / 't.json').read_text()), load_solver(ck)
    assert tab['N'] == s.N == 4 and tab['teacher'] == 'gmm2d' and len(tab['P']) == len(tab['Q']) == 4 and len(tab['sigmas']) == 5
    assert torch.allclose(torch.tensor(tab['times'], dtype=torch.float64), s.timesteps().double(), atol=1e-12)
    assert tab['times'][0] == 1.0 and abs(tab['times'][-1] - 1e-3) < 1e-12


def test_ctrl_c_keeps_the_checkpoint(run, tmp_path):
    "SIGINT during training: exit status 130 and one line naming the kept checkpoint's step and path; no traceback."
    out = tmp_path / 'long'
    p = subprocess.Popen([script('gas_nb'), 'train', '--out', str(out), '--pairs-cache', str(run[0] / 'pairs'), '--quiet', *SMALL[2:],
                          '--iters', '100000', '--ckpt-every', '5'], cwd=tmp_path, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    t0 = time.time()
    while p.poll() is None and time.time() - t0 < 120:
        try:
            if torch.load(out / 'checkpoint.pt', weights_only=True)['step'] >= 5: break
        except (FileNotFoundError, RuntimeError, EOFError): pass
        time.sleep(0.2)
    p.send_signal(signal.SIGINT); _, err = p.communicate(timeout=120)
    step = torch.load(out / 'checkpoint.pt', weights_only=True)['step']
    line = one_line(subprocess.CompletedProcess(p.args, p.returncode, '', err), 130, 'gas_nb train: interrupted;')
    assert line == f"gas_nb train: interrupted; kept {out / 'checkpoint.pt'} at step {step}; the same command resumes it" and step >= 5
    assert not list(out.glob('*.tmp*'))


def wait_for_checkpoint(out, p, step=1, timeout=120):
    "Wait until the run of process `p` has written `out`/checkpoint.pt at `step` or later."
    t0 = time.time()
    while p.poll() is None and time.time() - t0 < timeout:
        try:
            if torch.load(out / 'checkpoint.pt', weights_only=True)['step'] >= step: return
        except (FileNotFoundError, RuntimeError, EOFError): pass
        time.sleep(0.2)
    raise AssertionError(f"no checkpoint at step {step} in {out}: {p.poll()}")


def test_one_process_per_output_folder(run, tmp_path):
    """A second `gas_nb train` on a folder in use (here with another learning rate) is refused at once, naming the folder and the
    running process; it does not resume from the first run's checkpoint, and the first run's settings stay its own."""
    out = tmp_path / 'run'
    args = ['train', '--out', str(out), '--pairs-cache', str(run[0] / 'pairs'), '--quiet', *SMALL[2:], '--ckpt-every', '5']
    p = subprocess.Popen([script('gas_nb'), *args, '--iters', '100000'], cwd=tmp_path, env=ENV, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        wait_for_checkpoint(out, p)
        r = cli(*args, '--iters', '30', '--lr', '5e-4', cwd=tmp_path)
        one_line(r, 1, f"gas_nb train: error: output folder {out.resolve()} is in use by process {p.pid} (", 'use another folder')
        assert 'resuming' not in r.stderr
    finally:
        p.send_signal(signal.SIGINT); p.communicate(timeout=120)
    st = torch.load(out / 'checkpoint.pt', weights_only=True)
    assert st['cfg']['lr'] == 1e-3 and json.loads(st['changes']) == [] and st['cfg']['iters'] == 100000
    assert not list(out.glob('*.tmp*'))


def test_sample_writes_the_names_given(run, tmp_path, capsys):
    "`--out run_lr1.5e-3` writes run_lr1.5e-3.png/.npz (not run_lr1.*), `--out grid.png` grid.png/grid.npz; the lines name them."
    from gas_nb.training import main
    ck = run[0] / 'run' / 'solver.safetensors'
    for out, base in (('run_lr1.5e-3', 'run_lr1.5e-3'), ('grid.png', 'grid'), ('x.npz', 'x')):
        main(['sample', '--checkpoint', str(ck), '--seeds', '0-3', '--out', str(tmp_path / out)])
        assert capsys.readouterr().out == f"wrote {tmp_path / base}.png and {tmp_path / base}.npz (4 samples)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ['grid.npz', 'grid.png', 'run_lr1.5e-3.npz', 'run_lr1.5e-3.png', 'x.npz', 'x.png']


def test_a_failed_sample_write_keeps_the_old_file(run, tmp_path, monkeypatch):
    "The disk fills while the .npz is written: one line naming it, and the previous .npz is still whole."
    import errno
    import numpy as np
    from gas_nb.training import main
    ck, npz = run[0] / 'run' / 'solver.safetensors', tmp_path / 's.npz'
    main(['sample', '--checkpoint', str(ck), '--seeds', '0-3', '--out', str(tmp_path / 's')])
    before = npz.read_bytes()

    def full_disk(f, **arrays):
        (f if hasattr(f, 'write') else open(f, 'wb')).write(b'PK half'); raise OSError(errno.ENOSPC, 'No space left on device')
    monkeypatch.setattr(np, 'savez', full_disk)
    with pytest.raises(SystemExit) as e: main(['sample', '--checkpoint', str(ck), '--seeds', '0-9', '--out', str(tmp_path / 's')])
    msg = e.value.code
    assert msg.startswith('gas_nb sample: error: ') and f"{npz}: the disk is full" in msg and '\n' not in msg, msg
    assert npz.read_bytes() == before and np.load(npz)['samples'].shape == (4, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ['s.npz', 's.png']


def exit_line(argv):
    "The one-line message the console script's `main(argv)` exits with."
    from gas_nb.training import main
    with pytest.raises(SystemExit) as e: main(argv)
    assert isinstance(e.value.code, str) and '\n' not in e.value.code, e.value.code
    return e.value.code


def test_outputs_are_checked_writable_first(run, tmp_path):
    "An output folder that cannot be made (under a regular file, or in /proc) is refused before any teacher or pair is loaded."
    ck = run[0] / 'run' / 'solver.safetensors'
    (tmp_path / 'file').write_text('not a folder')
    for cmd in (['train', '--out', str(tmp_path / 'file' / 'run'), '--home', str(tmp_path / 'home'), *SMALL],
                ['sample', '--checkpoint', str(ck), '--out', str(tmp_path / 'file' / 's')],
                ['export', '--checkpoint', str(ck), '--out', '/proc/x/y/t.json']):
        msg = exit_line(cmd)
        assert msg.startswith(f"gas_nb {cmd[0]}: error: --out ") and 'is not a writable folder' in msg, msg
    assert sorted(p.name for p in tmp_path.iterdir()) == ['file']                          # no pairs made under --home


@pytest.mark.parametrize('args, words', [
    (['--lr', '1e38'], '--lr must be a finite learning rate in (0, 1000], got 1e+38'),
    (['--d-lr', '1e4'], '--d-lr must be a finite learning rate in (0, 1000]'),
    (['--w-adv', 'inf'], '--w-adv must be a finite number, got inf'),
    (['--gamma', 'inf'], '--gamma must be a finite number'),
    (['--t-eps', '1.5'], '--t-eps must lie in (0, 1.0), got 1.5'),
    (['--t-eps', '0'], '--t-eps must lie in (0, 1.0), got 0.0'),
])
def test_train_refuses_numbers_it_cannot_train_with(tmp_path, args, words):
    "Rates that overflow float32, infinite weights and t_eps out of range: one line naming the option as typed, nothing written."
    msg = exit_line(['train', '--out', str(tmp_path / 'out'), '--home', str(tmp_path), *args])
    assert msg.startswith(f"gas_nb train: error: {words}"), msg
    assert files(tmp_path) == {} and not (tmp_path / 'out').exists()


@pytest.mark.parametrize('seeds, words', [('0-99999999', "asks for 100,000,000 seeds: at most 100,000 per call"),
                                          (str(2 ** 63), 'a seed must be < 2**63'), (f'0,{2 ** 64}', 'a seed must be < 2**63')])
def test_sample_refuses_seeds_before_making_them(run, tmp_path, seeds, words):
    "Too many seeds is refused at once (the range is never made), as is a seed that does not fit in int64."
    t0 = time.time()
    msg = exit_line(['sample', '--checkpoint', str(run[0] / 'run' / 'solver.safetensors'), '--seeds', seeds, '--out', str(tmp_path / 's')])
    assert msg.startswith(f"gas_nb sample: error: --seeds '{seeds}'") and words in msg and time.time() - t0 < 5, msg
    assert files(tmp_path) == {}


def test_an_infinite_gradient_stops_training(run, tmp_path):
    "`--w-adv 1e30`: the loss is finite, its gradient norm is not; the run stops with one line and keeps the last good checkpoint."
    out = tmp_path / 'run'
    msg = exit_line(['train', '--out', str(out), '--pairs-cache', str(run[0] / 'pairs'), '--quiet', *SMALL, '--w-adv', '1e30'])
    assert msg == f"gas_nb train: error: non-finite gradient norm inf at step 0; the last good checkpoint is kept in {out}", msg
    assert torch.load(out / 'checkpoint.pt', weights_only=True)['step'] == 0


def test_home_holds_the_pair_cache(tmp_path, monkeypatch):
    "Without --pairs-cache the pairs go under --home, else $GAS_NB_HOME, else the working folder: cache/pairs/."
    from gas_nb.training import main
    small = ['--quiet', '--iters', '1', '--train-size', '24', '--val-size', '8', '--val-every', '1']
    monkeypatch.setenv('GAS_NB_HOME', str(tmp_path / 'env'))
    main(['train', '--out', str(tmp_path / 'a'), '--home', str(tmp_path / 'opt'), *small])
    main(['train', '--out', str(tmp_path / 'b'), *small])
    for home in ('opt', 'env'): assert len(list((tmp_path / home / 'cache' / 'pairs').iterdir())) >= 1, home
    assert sorted(p.name for p in tmp_path.iterdir()) == ['a', 'b', 'env', 'opt']
    h = cli('train', '--help', cwd=tmp_path).stdout
    assert '--home' in h and 'GAS_NB_HOME' in h
    assert 'at most 100,000 seeds' in cli('sample', '--help', cwd=tmp_path).stdout


def test_help_lists_every_choice_and_default(tmp_path):
    h = cli('train', '--help', cwd=tmp_path).stdout
    for k, ok in CHOICES.items(): assert '{' + ','.join(ok) + '}' in h, k
    for name in TEACHERS: assert name in h
    assert h.count('default:') >= len(DEFAULTS) and 'default: l1' in h and 'default: gmm2d' in h and 'default: plain' in h
    h = cli('--help', cwd=tmp_path, prog='gas_nb-reproduce').stdout
    assert '{' + ','.join(sorted(PROFILES)) + '}' in h and '{' + ','.join(EXPERIMENTS) + '}' in h and 'default: quick' in h
    assert set(CHOICES) == {'parameterization', 'loss', 'memory', 'd_preset'} and CHOICES['parameterization'] == PARAMETERIZATIONS
    assert tuple(LOSSES) == CHOICES['loss'] and tuple(MEMORY_MODES) == CHOICES['memory'] and D_PRESETS == CHOICES['d_preset']


@pytest.mark.parametrize('args, words', [(['--only', 'table5'], ["--only: invalid choice: 'table5'", 'table3']),
                                         (['--only'], ['--only: expected at least one argument']),
                                         (['--profile', 'huge'], ["--profile: invalid choice: 'huge'"]),
                                         (['--workers', '0'], ['--workers: must be at least 1, got 0'])])
def test_reproduce_refuses_bad_options(tmp_path, args, words):
    "`gas_nb-reproduce` with an unknown experiment or profile: exit status 2, one line, no tables.md (nor anything else) written."
    r = cli('--profile', 'smoke', '--out', tmp_path / 'res', *args, cwd=tmp_path, prog='gas_nb-reproduce')
    one_line(r, 2, 'gas_nb-reproduce: error:', *words)
    assert files(tmp_path) == {}


def test_reproduce_refuses_an_experiment_the_profile_lacks(tmp_path, monkeypatch):
    import gas_nb.reproduce as rp
    monkeypatch.setitem(rp.PROFILES, 'tiny', {'baselines': rp.PROFILES['smoke']['baselines']})
    with pytest.raises(ValueError, match="profile 'tiny' has no experiment table3"): rp.run_profile('tiny', tmp_path / 'r', ['table3'])
    assert not (tmp_path / 'r').exists()


def test_import_from_the_folder_holding_the_clone(tmp_path):
    "`import gas_nb` run beside a clone folder named gas_nb finds the package, not the folder as a namespace package."
    (tmp_path / 'gas_nb').symlink_to(ROOT, target_is_directory=True)
    code = 'import gas_nb, gas_nb.training; print(gas_nb.__file__)'
    # scripts/env.sh installs gas_nb in setuptools' compat editable mode: a .pth path entry to the clone, as PYTHONPATH gives
    r = subprocess.run([sys.executable, '-c', code], cwd=tmp_path, capture_output=True, text=True, env=ENV)
    assert r.returncode == 0 and r.stdout.strip() == str(ROOT / 'gas_nb' / '__init__.py'), r.stderr
    assert 'editable_mode=compat' in (ROOT / 'scripts' / 'env.sh').read_text()
    # the venv itself, without PYTHONPATH: right once scripts/env.sh has (re)installed gas_nb in compat mode
    finder = [f.name for p in sys.path if Path(p).is_dir() for f in Path(p).glob('__editable___gas_nb*finder.py')]
    if finder: pytest.skip(f"this venv has the finder-style editable install ({finder[0]}): re-run scripts/env.sh, which installs in compat mode")
    env = {k: v for k, v in ENV.items() if k != 'PYTHONPATH'}
    r = subprocess.run([sys.executable, '-c', code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stdout.strip().endswith('gas_nb/__init__.py'), r.stderr
