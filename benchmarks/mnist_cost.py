"""What the `mnist`-style profiles cost on this machine, from measured parts (issue #12's time budget).

Measures, at one torch thread (the profiles pin one thread a run): one UNet evaluation per image (batch 250), a teacher
pair (the Table 17 sampler, 20 NFE), a GS and a GAS training step at each NFE and batch of the profiles, and TF-Inception
features per image (the marginal cost of FID) at one thread and at `--cores` threads (`run_fid` uses every core).
From them it predicts each profile's wall time on `--cores` cores: training runs spread over the cores (one process
each), FIDs at every core's thread, everything else (pairs, baselines, the summary's sampling) on one. The prediction counts work; it does not run the profile.
Usage: .venv/bin/python benchmarks/mnist_cost.py [--teacher mnist-edm-unet] [--profiles mnist mnist-full] [--cores 2]
       [--out results/bench/mnist_cost.json]"""
import argparse, json, tempfile, time
from pathlib import Path
import torch
from gas_nb.training import make_teacher, Trainer
from gas_nb.teachers import seed_noise
from gas_nb.unet_teacher import teacher_samples
from gas_nb.metrics import InceptionFeatures, batched_features
from gas_nb.reproduce import PROFILES, BASELINES, hardware

def _summary_solvers():
    "The default `solvers` of nbs/experiments/summary.ipynb's parameters (the training-free rows of every profile's table)."
    import ast, papermill
    return ast.literal_eval(papermill.inspect_notebook(str(Path(__file__).parent.parent / 'nbs/experiments/summary.ipynb'))['solvers']['default'])

SUMMARY_SOLVERS = _summary_solvers()

def per_image(fn, n):
    "Seconds per image of `fn()` over `n` images (after one warm-up call)."
    fn(); t = time.perf_counter(); fn(); return (time.perf_counter() - t) / n

def step_cost(T, nfe, w_adv, batch=24, iters=6):
    "Seconds per training step of GS (`w_adv` 0) or GAS at `nfe` and `batch`, the profiles' D (width 8, 2 blocks)."
    z = seed_noise(range(0, 60), T.shape); pairs = dict(noise=z, images=torch.rand_like(z) * 2 - 1)
    cfg = dict(teacher=T.name, nfe=nfe, w_adv=w_adv, train_size=48, val_size=12, batch=batch, lr=5e-3, loss='l1', d_lr=1e-4,
               d_width=8, d_blocks=2, iters=iters + 1, val_every=1000, ckpt_every=1000, seed=0)
    with tempfile.TemporaryDirectory() as tmp:
        tr = Trainer(cfg, T, pairs, tmp); tr.fit(1, progress=False)                     # the first step warms up
        t = time.perf_counter(); tr.fit(iters + 1, progress=False); return (time.perf_counter() - t) / iters

def predict(p, c, cores):
    "{part: seconds} of profile `p` from the measured costs `c` (seconds per unit) on `cores` cores."
    ev = lambda n_img, nfe: n_img * nfe * c['unet_eval_s_per_img']               # sampling n_img images at nfe, no grad
    runs = []                                                                     # (nfe, w_adv) of each training run
    if 'table3' in p:
        t3 = p['table3']; s4s = t3.get('s4s_seeds') or t3['seeds']
        runs += [(n, 0.0) for q in t3['parameterizations'] for n in t3['nfes'] for _ in (t3['seeds'] if q == 'gs' else s4s)]
    if 'table4' in p:
        t4 = p['table4']; w = t4['w_advs']
        shared = set(p['table3']['nfes']) if 'gs' in p.get('table3', {}).get('parameterizations', []) else set()
        runs += [(n, a) for n in t4['nfes'] for a in (w[n] if isinstance(w, dict) else w) for _ in t4['seeds']
                 if a > 0 or n not in shared]                                    # Table 4's GS rows are Table 3's GS runs
    cfg = p.get('table3') or p['table4']; fid_n = min(cfg.get('fid_samples', 0) if 'fid' in cfg['metrics'] else 0, cfg['n_eval'])
    fid = lambda k: k * fid_n * c['fid_s_per_img_all']                           # `run_fid`: k sample sets, each once, at every core
    step = lambda nfe, w: c['step_s'][f'{"gas" if w else "gs"}-{nfe}-b{cfg["batch"]}']
    def run_s(nfe, w):                                                            # one worker: steps, validations (EMA and raw), evaluation
        return cfg['iters'] * step(nfe, w) + (cfg['iters'] // cfg['val_every'] + 1) * 2 * ev(cfg['val_size'], nfe) + ev(cfg['n_eval'], nfe)
    s = p.get('summary', {}); sn = s.get('nfes', []); sol = s.get('solvers', SUMMARY_SOLVERS)   # default: the summary notebook's
    rows = [(q, n) for q in sol for n in sn if n % (2 if q == 'heun' else 1) == 0]     # Heun: 2 evaluations a step
    b = p.get('baselines')
    out = dict(pairs=(cfg['n_pairs'] + cfg['n_eval']) * c['teacher_pair_s'],
               baselines=sum(len(BASELINES) * n * t[1] * c['unet_eval_s_per_img'] for t in b['teachers'].values() for n in b['nfes']) if b else 0.0,
               training_runs=sum(run_s(n, w) for n, w in runs) / cores, student_fids=fid(len(runs) + 1),   # + the teacher's samples
               summary=sum(3 * ev(s.get('grid_val', 256), n) + ev(s['n_eval'], n) for _, n in rows) + fid(len(rows)))   # grids on validation pairs
    out['total'] = sum(out.values()); out['runs'] = len(runs); out['fids'] = len(runs) + 1 + len(rows)
    return out

def main():
    a = argparse.ArgumentParser(description=__doc__)
    a.add_argument('--teacher', default='mnist-edm-unet'); a.add_argument('--profiles', nargs='*', default=['mnist', 'mnist-full'])
    a.add_argument('--cores', type=int, default=2); a.add_argument('--out', default=None)
    a = a.parse_args(); torch.set_num_threads(1)
    T = make_teacher(a.teacher); z = seed_noise(range(50000, 50250), T.shape)
    inc = InceptionFeatures()
    with torch.no_grad(): unet = per_image(lambda: T.predict(z, torch.full((len(z),), 0.5)), len(z))
    sizes = sorted({(n, PROFILES[pr][e]['batch']) for pr in a.profiles for e in ('table3', 'table4') if e in PROFILES[pr] for n in PROFILES[pr][e]['nfes']})
    feats = lambda: batched_features(inc, z[:128].clamp(-1, 1), 64, False)
    c = dict(unet_eval_s_per_img=unet, teacher_pair_s=per_image(lambda: teacher_samples(T, 50, seed0=0, batch=50), 50),
             fid_s_per_img=per_image(feats, 128))
    torch.set_num_threads(a.cores); c['fid_s_per_img_all'] = per_image(feats, 128); torch.set_num_threads(1)   # `run_fid`: every core
    c['step_s'] = {f'{k}-{n}-b{b}': step_cost(T, n, w, b) for n, b in sizes for k, w in (('gs', 0.0), ('gas', 1.0))}
    for k, v in c.items(): print(k, v, flush=True)
    pred = {pr: predict(PROFILES[pr], c, a.cores) for pr in a.profiles}
    for pr, v in pred.items(): print(f"{pr}: {v['runs']} training runs, predicted {v['total'] / 3600:.1f} h on {a.cores} CPU cores "
                                      f"(pairs {v['pairs'] / 60:.0f} min, runs {v['training_runs'] / 60:.0f} min, students' FIDs "
                                      f"{v['student_fids'] / 60:.0f} min, summary {v['summary'] / 60:.0f} min; {v['fids']} FIDs)")
    if a.out: Path(a.out).write_text(json.dumps(dict(teacher=a.teacher, threads=1, cores=a.cores, hardware=hardware(), costs=c, predicted_s=pred), indent=1))

if __name__ == '__main__': main()
