"""Cost of a GAS step against a GS step (issue #5: the default D must keep a GAS step within ~2x a GS step on the MNIST
teacher on a CPU). For each configuration (teacher x discriminator) a fresh process builds two `Trainer`s on the same
teacher and batch, GS (w_adv=0) and GAS (w_adv>0), and times `Trainer.train_step` alternately, `--repeats` times each after
a warm-up; the ratio of the medians is reported. The pairs are random tensors of the teacher's shape: a step's cost does
not depend on their values. Results go to `--out` (JSON) and a Markdown table is printed.
Usage: .venv/bin/python benchmarks/gas_cost.py [--teachers mnist-unet mnist-gmm] [--ds 8x2 32x2 paper] [--threads 1]"""
import argparse, json, platform, statistics, subprocess, sys, time
from pathlib import Path
import torch

def parse_d(spec):
    "'8x2' → width 8, 2 blocks a stage (the small preset); 'paper' → the paper's widths (GAS App. D.4, R3GAN's presets)."
    if spec == 'paper': return dict(d_preset='paper')
    w, b = spec.split('x'); return dict(d_width=int(w), d_blocks=int(b), d_preset='small')

def child(a):
    if a.threads: torch.set_num_threads(a.threads)
    from gas_nb.training import Trainer, make_teacher
    teacher = make_teacher(a.teacher)
    g = torch.Generator().manual_seed(0)
    n = 8 * a.batch
    pairs = dict(noise=torch.randn(n + 1, *teacher.shape, generator=g), images=torch.randn(n + 1, *teacher.shape, generator=g).clamp(-1, 1))
    cfg = dict(teacher=a.teacher, nfe=a.nfe, batch=a.batch, train_size=n, val_size=1, iters=10**9, device='cpu', **parse_d(a.d))
    gs, gas = Trainer(cfg, teacher, pairs, '/nonexistent/gs'), Trainer(dict(cfg, w_adv=1.0), teacher, pairs, '/nonexistent/gas')
    gs.train_step(); gas.train_step()                                                   # warm-up
    tg, ta = [], []
    for _ in range(a.repeats):                                                          # alternate, so drifts hit both
        t0 = time.perf_counter(); gs.train_step(); tg.append(time.perf_counter() - t0)
        t0 = time.perf_counter(); gas.train_step(); ta.append(time.perf_counter() - t0)
    g_, a_ = statistics.median(tg), statistics.median(ta)
    print(json.dumps(dict(teacher=a.teacher, d=a.d, d_params=sum(p.numel() for p in gas.D.parameters()), nfe=a.nfe, batch=a.batch,
                          gs_s=g_, gas_s=a_, ratio=a_ / g_, threads=torch.get_num_threads())))

def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--teachers', nargs='*', default=['mnist-unet', 'mnist-gmm'])
    p.add_argument('--ds', nargs='*', default=['8x2', '8x1', '16x2', '32x2'], help="discriminators: WIDTHxBLOCKS or 'paper'")
    p.add_argument('--nfe', type=int, default=4); p.add_argument('--batch', type=int, default=24)
    p.add_argument('--repeats', type=int, default=5); p.add_argument('--threads', type=int, default=0, help='torch threads (0: default)')
    p.add_argument('--out', default='results/bench/gas_cost.json')
    p.add_argument('--child', action='store_true'); p.add_argument('--teacher'); p.add_argument('--d')
    a = p.parse_args()
    if a.child: return child(a)
    rows = []
    for t in a.teachers:
        for d in a.ds:
            cmd = [sys.executable, __file__, '--child', '--teacher', t, '--d', d, '--nfe', str(a.nfe), '--batch', str(a.batch),
                   '--repeats', str(a.repeats), '--threads', str(a.threads)]
            r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
            rows.append(r); print(f"{t:10s} D {d:6s} ({r['d_params'] / 1e3:7.0f}k)  GS {r['gs_s'] * 1e3:7.0f} ms  GAS {r['gas_s'] * 1e3:7.0f} ms  ratio {r['ratio']:.2f}", flush=True)
    print(f"\nNFE {a.nfe}, batch {a.batch}, {rows[0]['threads']} torch thread(s), medians of {a.repeats} alternating steps\n")
    print('| teacher | D (width × blocks) | D params | GS step | GAS step | GAS / GS |\n|---|---|---|---|---|---|')
    for r in rows:
        print(f"| {r['teacher']} | {r['d']} | {r['d_params'] / 1e3:.0f}k | {r['gs_s'] * 1e3:.0f} ms | {r['gas_s'] * 1e3:.0f} ms | {r['ratio']:.2f} |")
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(json.dumps(dict(nfe=a.nfe, batch=a.batch, repeats=a.repeats, cpu=platform.processor() or platform.machine(),
                                               rows=rows), indent=1))

if __name__ == '__main__': main()
