"""GS sampling cost against DPM-Solver++(3M) at equal NFE on the MNIST UNet teacher (issue: GS must cost no more than
its model evaluations). Both run alternately in one process, `--repeats` times each, under no_grad, batch `--batch`;
the ratio of median times is printed per NFE. Usage: .venv/bin/python benchmarks/gs_cost.py [--batch 64] [--repeats 7]"""
import argparse, json, platform, statistics, time
from pathlib import Path
import torch
from gas_nb.generalized_solver import GeneralizedSolver
from gas_nb.solvers import dpm_solver_pp_3m
from gas_nb.teachers import seed_noise, data_dir
from gas_nb.unet_teacher import mnist_unet_teacher

def main():
    p = argparse.ArgumentParser(description=__doc__); p.add_argument('--batch', type=int, default=64)
    p.add_argument('--repeats', type=int, default=7); p.add_argument('--nfe', type=int, nargs='*', default=[4, 6, 10])
    p.add_argument('--out', default=None, help='write the results as JSON here')
    a = p.parse_args()
    teacher = mnist_unet_teacher()
    x = seed_noise(range(50000, 50000 + a.batch), teacher.shape)
    rows = []
    for nfe in a.nfe:
        gs = GeneralizedSolver(nfe)
        with torch.no_grad():
            gs.sample(teacher, x); dpm_solver_pp_3m(teacher, x, gs.timesteps())        # warm-up
            tg, td = [], []
            for _ in range(a.repeats):                                                 # alternate, so drifts hit both
                t0 = time.perf_counter(); gs.sample(teacher, x); tg.append(time.perf_counter() - t0)
                t0 = time.perf_counter(); dpm_solver_pp_3m(teacher, x, gs.timesteps()); td.append(time.perf_counter() - t0)
        g, d = statistics.median(tg), statistics.median(td)
        rows.append(dict(nfe=nfe, gs_s=g, dpm_s=d, ratio=g / d))
        print(f"NFE {nfe:2d}: GS {g * 1000:7.1f} ms   DPM-Solver++(3M) {d * 1000:7.1f} ms   ratio {g / d:.3f}", flush=True)
    info = dict(batch=a.batch, repeats=a.repeats, threads=torch.get_num_threads(), cpu=platform.processor() or platform.machine(), rows=rows)
    if a.out: Path(a.out).write_text(json.dumps(info, indent=1))

if __name__ == '__main__': main()
