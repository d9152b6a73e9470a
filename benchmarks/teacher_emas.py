"""Choose a teacher checkpoint's EMA length: FID and classifier FD against MNIST-test of `--n` samples from each of its
EMAs (the recipe's and the extra ones of `train_teacher(..., extra_emas=...)`), all from the same noise seeds, which are
not the evaluation seeds (50,000+) of the full measurement in nbs/11_unet_teacher.ipynb, so that the choice is not made on
the samples it is then reported on. Writes results/teacher/emas-<step>.json and prints a Markdown table.
`--also` adds exported weights (safetensors) as rows measured the same way, e.g. the committed teacher.
Usage: .venv/bin/python benchmarks/teacher_emas.py CHECKPOINT [--n 1000] [--seed0 200000] [--also data/mnist_edm_unet.safetensors]"""
import argparse, json, math, time
from pathlib import Path
import torch
from gas_nb.metrics import fid, mnist_fid_stats, classifier_fd
from gas_nb.teachers import load_mnist
from gas_nb.unet_teacher import UNetTeacher, load_unet_precond, precond_from_checkpoint, teacher_samples

def main():
    p = argparse.ArgumentParser(description=__doc__); p.add_argument('ckpt')
    p.add_argument('--n', type=int, default=1000); p.add_argument('--seed0', type=int, default=200_000)
    p.add_argument('--also', nargs='*', default=[]); a = p.parse_args()
    st = torch.load(a.ckpt, map_location='cpu', weights_only=True)
    keys = ['ema'] + sorted(st.get('emas', {}), key=float)
    decay = lambda k: st['recipe'].get('ema_decay', 0.999) if k == 'ema' else float(k)
    test_x, stats, rows = load_mnist('test')[0], mnist_fid_stats(), {}
    def measure(pre):                                                             # the same seeds and metrics for every row
        t0 = time.time(); xs = teacher_samples(UNetTeacher(pre, t_eps=1e-4), a.n, seed0=a.seed0)
        return dict(fid=fid(xs, stats, progress=False), classifier_fd=classifier_fd(xs, test_x), seconds=round(time.time() - t0))
    for k in keys:
        rows[k] = dict(ema_decay=decay(k), half_life_steps=round(math.log(0.5) / math.log(decay(k))),
                       from_step=0 if k == 'ema' else st['emas_from'][k], **measure(precond_from_checkpoint(a.ckpt, k)))
        print(k, rows[k], flush=True)
    for w in a.also:                                                              # exported weights, e.g. the committed teacher
        rows[w] = dict(weights=w, **measure(load_unet_precond(w))); print(w, rows[w], flush=True)
    out = dict(ckpt=str(a.ckpt), step=st['step'], n_samples=a.n, seed0=a.seed0, recipe=st['recipe'], emas=rows)
    path = Path('results/teacher') / f"emas-{st['step']}.json"; path.write_text(json.dumps(out, indent=1) + '\n')
    lines = [f"| step {st['step']:,}: EMA decay | half-life (steps) | averaged from step | FID, {a.n} samples | classifier FD, {a.n} samples |", '|---|---|---|---|---|']
    for r in rows.values():
        lines.append(f"| `{r['weights']}` | | | {r['fid']:.2f} | {r['classifier_fd']:.2f} |" if 'weights' in r else
                     f"| {r['ema_decay']:g} | {r['half_life_steps']:,} | {r['from_step']:,} | {r['fid']:.2f} | {r['classifier_fd']:.2f} |")
    path.with_suffix('.md').write_text('\n'.join(lines) + '\n'); print('\n'.join(lines))

if __name__ == '__main__': main()
