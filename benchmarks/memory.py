"""Peak memory and step time of GS training against NFE for the three memory modes (plain backprop, activation
checkpointing around each teacher call, recompute), on the MNIST UNet teacher.
Peak memory: each (NFE, mode) in its own process, one training step after a warm-up sample; CPU: peak RSS growth over the
loaded model (ru_maxrss); GPU: torch.cuda.max_memory_allocated.
Step time: per NFE, one process that alternates the three modes `--steps` times (after a warm-up step each) and keeps the
medians, so a drift in CPU load hits every mode alike; the recompute / plain ratio is taken within that process.
Usage: .venv/bin/python benchmarks/memory.py [--batch 8] [--steps 5] [--threads 0] [--random-weights] [--out results/bench/memory.json]"""
import argparse, json, platform, resource, statistics, subprocess, sys, time
from pathlib import Path
import torch

MODES = ('plain', 'checkpoint', 'recompute')

def setup(a):
    if a.threads: torch.set_num_threads(a.threads)
    from gas_nb.generalized_solver import GeneralizedSolver
    from gas_nb.teachers import seed_noise
    from gas_nb.unet_teacher import UNetTeacher, VPPrecond, UNet, mnist_unet_teacher
    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    teacher = (UNetTeacher(VPPrecond(UNet())) if a.random_weights else mnist_unet_teacher()).to(dev)
    solver = GeneralizedSolver(a.nfe).to(dev)
    z, y = seed_noise(range(a.batch), teacher.shape, device=dev), torch.zeros(a.batch, *teacher.shape, device=dev)
    return dev, teacher, solver, z, (lambda x: (x - y).abs().mean())

def step(mode, dev, teacher, solver, z, loss_fn):
    "One training step's forward and backward in `mode`; its wall time."
    from gas_nb.training import recompute_backward
    t0 = time.perf_counter(); solver.zero_grad()
    if mode == 'recompute': recompute_backward(solver, teacher, z, loss_fn)
    else: loss_fn(solver.sample(teacher, z, checkpoint_teacher=mode == 'checkpoint')).backward()
    if dev.type == 'cuda': torch.cuda.synchronize()
    return time.perf_counter() - t0

def child_peak(a):
    dev, teacher, solver, z, loss_fn = setup(a)
    with torch.no_grad(): solver.sample(teacher, z)                                   # warm-up, allocator settled
    base = torch.cuda.memory_allocated() if dev.type == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats()
    step(a.mode, dev, teacher, solver, z, loss_fn)
    peak = (torch.cuda.max_memory_allocated() - base) / 2**20 if dev.type == 'cuda' else \
        (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    print(json.dumps(dict(nfe=a.nfe, mode=a.mode, peak_mb=peak, device=dev.type)))

def child_time(a):
    dev, teacher, solver, z, loss_fn = setup(a)
    times = {m: [] for m in MODES}
    for m in MODES: step(m, dev, teacher, solver, z, loss_fn)                         # warm-up
    for _ in range(a.steps):
        for m in MODES: times[m].append(step(m, dev, teacher, solver, z, loss_fn))
    print(json.dumps(dict(nfe=a.nfe, threads=torch.get_num_threads(), device=dev.type, **{m: statistics.median(t) for m, t in times.items()},
                          all={m: t for m, t in times.items()})))

def run(args):
    out = subprocess.run([sys.executable, __file__] + args, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])

def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--batch', type=int, default=8); p.add_argument('--steps', type=int, default=5)
    p.add_argument('--nfes', type=int, nargs='*', default=[4, 6, 10]); p.add_argument('--random-weights', action='store_true')
    p.add_argument('--threads', type=int, default=0, help='torch threads (0: default)')
    p.add_argument('--out'); p.add_argument('--child', choices=['peak', 'time']); p.add_argument('--nfe', type=int); p.add_argument('--mode')
    a = p.parse_args()
    if a.child: return (child_peak if a.child == 'peak' else child_time)(a)
    common = ['--batch', str(a.batch), '--steps', str(a.steps), '--threads', str(a.threads)] + (['--random-weights'] if a.random_weights else [])
    rows = []
    for nfe in a.nfes:
        t = run(['--child', 'time', '--nfe', str(nfe)] + common)
        for m in MODES:
            r = run(['--child', 'peak', '--nfe', str(nfe), '--mode', m] + common)
            rows.append(dict(r, step_s=t[m], step_s_all=t['all'][m], threads=t['threads']))
            print(f"NFE {nfe:2d} {m:10s} peak +{r['peak_mb']:8.1f} MB   step {t[m]:.3f} s", flush=True)
    get = lambda n, m, k: next(r[k] for r in rows if r['nfe'] == n and r['mode'] == m)
    lo, hi = min(a.nfes), max(a.nfes)
    print(f"\nbatch {a.batch}, {rows[0]['threads']} thread(s), {rows[0]['device']}, medians of {a.steps} alternating steps\n")
    print('| NFE | plain | checkpoint | recompute | step time plain / checkpoint / recompute | recompute / plain |\n|---|---|---|---|---|---|')
    for n in a.nfes:
        print(f"| {n} | " + ' | '.join(f"+{get(n, m, 'peak_mb'):.0f} MB" for m in MODES) + ' | '
              + ' / '.join(f"{get(n, m, 'step_s'):.2f}" for m in MODES) + f" s | {get(n, 'recompute', 'step_s') / get(n, 'plain', 'step_s'):.2f} |")
    print(f"recompute: peak NFE{hi}/NFE{lo} = {get(hi, 'recompute', 'peak_mb') / get(lo, 'recompute', 'peak_mb'):.2f}; "
          f"step time recompute/plain at NFE{hi} = {get(hi, 'recompute', 'step_s') / get(hi, 'plain', 'step_s'):.2f}")
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(json.dumps(dict(batch=a.batch, steps=a.steps, threads=rows[0]['threads'],
                                               cpu=platform.processor() or platform.machine(), rows=rows), indent=1))

if __name__ == '__main__': main()
