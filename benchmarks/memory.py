"""Peak memory and step time of GS training against NFE for the three memory modes (plain backprop, activation
checkpointing around each teacher call, recompute), each configuration in its own process, on the MNIST UNet teacher.
CPU: peak RSS growth over the loaded model (ru_maxrss); GPU: torch.cuda.max_memory_allocated.
Usage: .venv/bin/python benchmarks/memory.py [--batch 16] [--steps 3] [--random-weights] [--out results/bench/memory.json]"""
import argparse, json, resource, statistics, subprocess, sys, time
from pathlib import Path
import torch

def child(a):
    from gas_nb.generalized_solver import GeneralizedSolver
    from gas_nb.teachers import seed_noise
    from gas_nb.training import recompute_backward
    from gas_nb.unet_teacher import UNetTeacher, VPPrecond, UNet, mnist_unet_teacher
    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    teacher = (UNetTeacher(VPPrecond(UNet())) if a.random_weights else mnist_unet_teacher()).to(dev)
    solver = GeneralizedSolver(a.nfe).to(dev)
    z, y = seed_noise(range(a.batch), teacher.shape, device=dev), torch.zeros(a.batch, *teacher.shape, device=dev)
    loss_fn = lambda x: (x - y).abs().mean()
    with torch.no_grad(): solver.sample(teacher, z)                                   # warm-up, allocator settled
    base = torch.cuda.memory_allocated() if dev.type == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats()
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter(); solver.zero_grad()
        if a.mode == 'recompute': recompute_backward(solver, teacher, z, loss_fn)
        else: loss_fn(solver.sample(teacher, z, checkpoint_teacher=a.mode == 'checkpoint')).backward()
        if dev.type == 'cuda': torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    peak = (torch.cuda.max_memory_allocated() - base) / 2**20 if dev.type == 'cuda' else \
        (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    print(json.dumps(dict(nfe=a.nfe, mode=a.mode, peak_mb=peak, step_s=statistics.median(times), device=dev.type)))

def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--batch', type=int, default=16); p.add_argument('--steps', type=int, default=3)
    p.add_argument('--nfes', type=int, nargs='*', default=[4, 6, 10]); p.add_argument('--random-weights', action='store_true')
    p.add_argument('--out'); p.add_argument('--child', action='store_true'); p.add_argument('--nfe', type=int); p.add_argument('--mode')
    a = p.parse_args()
    if a.child: return child(a)
    rows = []
    for nfe in a.nfes:
        for mode in ('plain', 'checkpoint', 'recompute'):
            cmd = [sys.executable, __file__, '--child', '--nfe', str(nfe), '--mode', mode, '--batch', str(a.batch), '--steps', str(a.steps)]
            r = json.loads(subprocess.run(cmd + (['--random-weights'] if a.random_weights else []), check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
            rows.append(r); print(f"NFE {nfe:2d} {mode:10s} peak +{r['peak_mb']:8.1f} MB   step {r['step_s']:.3f} s", flush=True)
    get = lambda n, m, k: next(r[k] for r in rows if r['nfe'] == n and r['mode'] == m)
    lo, hi = min(a.nfes), max(a.nfes)
    print(f"recompute: peak NFE{hi}/NFE{lo} = {get(hi, 'recompute', 'peak_mb') / get(lo, 'recompute', 'peak_mb'):.2f}; "
          f"step time recompute/plain at NFE{hi} = {get(hi, 'recompute', 'step_s') / get(hi, 'plain', 'step_s'):.2f}")
    if a.out: Path(a.out).parent.mkdir(parents=True, exist_ok=True); Path(a.out).write_text(json.dumps(dict(batch=a.batch, rows=rows), indent=1))

if __name__ == '__main__': main()
