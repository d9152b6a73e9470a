"""What the `mnist`-style profiles cost on this machine, from measured parts (issue #12's time budget).

Measures, at one torch thread (the profiles pin one thread a run): one UNet evaluation per image (batch 250), a teacher
pair (the Table 17 sampler, 20 NFE), a GS and a GAS training step (batch 24) at each NFE, and TF-Inception features per image
(the marginal cost of FID).
From them it predicts each profile's wall time on `--cores` cores: training runs spread over the cores (one process
each), everything else (pairs, baselines, FID) on one. The prediction counts work; it does not run the profile.
Usage: .venv/bin/python benchmarks/mnist_cost.py [--teacher mnist-edm-unet] [--profiles mnist mnist-full] [--cores 2]
       [--out results/bench/mnist_cost.json]"""
import argparse, json, tempfile, time
from pathlib import Path
import torch
from gas_nb.training import make_teacher, Trainer
from gas_nb.teachers import seed_noise
from gas_nb.unet_teacher import teacher_samples
from gas_nb.metrics import InceptionFeatures, batched_features
from gas_nb.reproduce import PROFILES, hardware

def _summary_solvers():
    "The default `solvers` of nbs/experiments/summary.ipynb's parameters (the training-free rows of every profile's table)."
    import ast, papermill
    return ast.literal_eval(papermill.inspect_notebook(str(Path(__file__).parent.parent / 'nbs/experiments/summary.ipynb'))['solvers']['default'])

SUMMARY_SOLVERS = _summary_solvers()

def per_image(fn, n):
    "Seconds per image of `fn()` over `n` images (after one warm-up call)."
    fn(); t = time.perf_counter(); fn(); return (time.perf_counter() - t) / n

def step_cost(T, nfe, w_adv, iters=6):
    "Seconds per training step of GS (`w_adv` 0) or GAS at `nfe`, batch 24, the profiles' D (width 8, 2 blocks)."
    z = seed_noise(range(0, 60), T.shape); pairs = dict(noise=z, images=torch.rand_like(z) * 2 - 1)
    cfg = dict(teacher=T.name, nfe=nfe, w_adv=w_adv, train_size=48, val_size=12, batch=24, lr=5e-3, loss='l1', d_lr=1e-4,
               d_width=8, d_blocks=2, iters=iters + 1, val_every=1000, ckpt_every=1000, seed=0)
    with tempfile.TemporaryDirectory() as tmp:
        tr = Trainer(cfg, T, pairs, tmp); tr.fit(1, progress=False)                     # the first step warms up
        t = time.perf_counter(); tr.fit(iters + 1, progress=False); return (time.perf_counter() - t) / iters

def predict(p, c, cores):
    "{part: seconds} of profile `p` from the measured costs `c` (seconds per unit) on `cores` cores."
    ev = lambda n_img, nfe: n_img * nfe * c['unet_eval_s_per_img']               # sampling n_img images at nfe, no grad
    runs = []                                                                     # (nfe, w_adv) of each training run
    if 'table3' in p: runs += [(n, 0.0) for _ in p['table3']['parameterizations'] for n in p['table3']['nfes'] for _ in p['table3']['seeds']]
    if 'table4' in p:
        t4 = p['table4']; w = t4['w_advs']
        shared = set(p['table3']['nfes']) if 'gs' in p.get('table3', {}).get('parameterizations', []) else set()
        runs += [(n, a) for n in t4['nfes'] for a in (w[n] if isinstance(w, dict) else w) for _ in t4['seeds']
                 if a > 0 or n not in shared]                                    # Table 4's GS rows are Table 3's GS runs
    cfg = p.get('table3') or p['table4']; fid_n = min(cfg.get('fid_samples', 0) if 'fid' in cfg['metrics'] else 0, cfg['n_eval'])
    def run_s(nfe, w):
        vals = cfg['iters'] // cfg['val_every'] + 1
        return (cfg['iters'] * c['step_s'][f'{"gas" if w else "gs"}-{nfe}'] + vals * 2 * ev(cfg['val_size'], nfe)
                + ev(cfg['n_eval'], nfe) + fid_n * c['fid_s_per_img'])
    s = p.get('summary', {}); sn = s.get('nfes', []); n_sol = len(s.get('solvers', SUMMARY_SOLVERS))   # default: the summary notebook's
    out = dict(pairs=(cfg['n_pairs'] + cfg['n_eval']) * c['teacher_pair_s'],
               training_runs=sum(run_s(n, w) for n, w in runs) / cores,
               summary=sum(n_sol * 3 * ev(s.get('grid_val', 256), n) + ev(s['n_eval'], n) for n in sn)
                       + (len(sn) * n_sol + 1) * fid_n * c['fid_s_per_img'])   # grids on validation pairs; the chosen one's FID
    out['total'] = sum(out.values()); out['runs'] = len(runs)
    return out

def main():
    a = argparse.ArgumentParser(description=__doc__)
    a.add_argument('--teacher', default='mnist-edm-unet'); a.add_argument('--profiles', nargs='*', default=['mnist', 'mnist-full'])
    a.add_argument('--cores', type=int, default=2); a.add_argument('--out', default=None)
    a = a.parse_args(); torch.set_num_threads(1)
    T = make_teacher(a.teacher); z = seed_noise(range(50000, 50250), T.shape)
    inc = InceptionFeatures()
    with torch.no_grad(): unet = per_image(lambda: T.predict(z, torch.full((len(z),), 0.5)), len(z))
    nfes = sorted({n for pr in a.profiles for e in ('table3', 'table4') if e in PROFILES[pr] for n in PROFILES[pr][e]['nfes']})
    c = dict(unet_eval_s_per_img=unet, teacher_pair_s=per_image(lambda: teacher_samples(T, 50, seed0=0, batch=50), 50),
             fid_s_per_img=per_image(lambda: batched_features(inc, z[:128].clamp(-1, 1), 64, False), 128),
             step_s={f'{k}-{n}': step_cost(T, n, w) for n in nfes for k, w in (('gs', 0.0), ('gas', 1.0))})
    for k, v in c.items(): print(k, v, flush=True)
    pred = {pr: predict(PROFILES[pr], c, a.cores) for pr in a.profiles}
    for pr, v in pred.items(): print(f"{pr}: {v['runs']} training runs, predicted {v['total'] / 3600:.1f} h on {a.cores} CPU cores "
                                      f"(pairs {v['pairs'] / 60:.0f} min, runs {v['training_runs'] / 60:.0f} min, summary {v['summary'] / 60:.0f} min)")
    if a.out: Path(a.out).write_text(json.dumps(dict(teacher=a.teacher, threads=1, cores=a.cores, hardware=hardware(), costs=c, predicted_s=pred), indent=1))

if __name__ == '__main__': main()
