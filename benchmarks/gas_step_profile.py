"""Where the time of one GAS step goes (issue #12: the quick profile's GAS steps cost ~5x a GS step on the MNIST mixture).
Builds the quick profile's GAS trainer (MNIST mixture, NFE 4, batch 24, one-block width-8 R3GAN D) and times, in one
process at one torch thread, each part of `Trainer.train_step` as it runs it: the D step's student samples (no grad), the
D loss forward with R1/R2's input gradients, its backward (the double backprop), the solver step's sampling + L1 +
adversarial forward, its backward, and the optimizer/EMA updates; beside it the whole GS and GAS steps. Each part is the
median of `--repeats` alternating repetitions; shares are of the sum of the parts. Results: `--out` (JSON) and a table.
Usage: .venv/bin/python benchmarks/gas_step_profile.py [--repeats 30] [--threads 1]"""
import argparse, json, platform, statistics, time
from pathlib import Path
import torch

def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--teacher', default='mnist-gmm'); p.add_argument('--nfe', type=int, default=4)
    p.add_argument('--batch', type=int, default=24); p.add_argument('--repeats', type=int, default=30)
    p.add_argument('--threads', type=int, default=1); p.add_argument('--out', default='results/bench/gas_step_profile.json')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    from gas_nb.training import Trainer, make_teacher
    from gas_nb.losses import grad_penalty, r3gan_g_loss
    import torch.nn.functional as F
    T = make_teacher(a.teacher); g = torch.Generator().manual_seed(0); n = 8 * a.batch
    pairs = dict(noise=torch.randn(n + 1, *T.shape, generator=g), images=torch.randn(n + 1, *T.shape, generator=g).clamp(-1, 1))
    cfg = dict(teacher=a.teacher, nfe=a.nfe, batch=a.batch, train_size=n, val_size=1, iters=10**9, device='cpu', lr=5e-3,
               d_lr=1e-4, d_width=8, d_blocks=1, gamma=0.2)
    gs, gas = Trainer(cfg, T, pairs, '/nonexistent/gs'), Trainer(dict(cfg, w_adv=1.0), T, pairs, '/nonexistent/gas')
    z, y = pairs['noise'][:a.batch], pairs['images'][:a.batch]
    D, S = gas.D, gas.solver
    state = {}
    def fake(): 
        with torch.no_grad(): state['fake'] = S.sample(T, torch.randn(z.shape))
    def d_forward(): state['r'], state['d'] = grad_penalty(D, torch.cat([y, state['fake']]))
    def d_backward():
        B = len(y); (r1, r2), (dr, df) = state['r'].split(B), state['d'].split(B)
        loss = (F.softplus(-(dr - df)) + 0.1 * (r1 + r2)).mean(); gas.opt_d.zero_grad(set_to_none=True); loss.backward()
    def d_opt(): gas.opt_d.step()
    def g_forward():
        x = S.sample(T, z); state['loss'] = ((x - y).abs().flatten(1).mean(1) + r3gan_g_loss(D, x, y)).mean()
    def g_backward(): gas.opt.zero_grad(set_to_none=True); state['loss'].backward()
    def g_opt(): gas.opt.step()
    parts = [('D step: student samples, no grad', fake), ('D step: D([real; fake]) and ∇ₓD for R1/R2', d_forward),
             ('D step: backward (double backprop)', d_backward), ('D step: Adam', d_opt),
             ('solver step: sample + L1 + D(fake), D(real)', g_forward), ('solver step: backward through D and the solver', g_backward),
             ('solver step: Adam', g_opt)]
    def gs_fwd_bwd():
        x = gs.solver.sample(T, z); l = (x - y).abs().flatten(1).mean(1).mean(); gs.opt.zero_grad(set_to_none=True); l.backward()
    whole = [('whole GS step (Trainer.train_step)', gs.train_step), ('whole GAS step (Trainer.train_step)', gas.train_step),
             ('GS: sample + L1, backward', gs_fwd_bwd)]
    times = {k: [] for k, _ in parts + whole}
    for _ in range(3): [f() for _, f in parts + whole]                                   # warm-up
    for _ in range(a.repeats):                                                          # alternate: drifts hit every part alike
        for k, f in parts + whole:
            t0 = time.perf_counter(); f(); times[k].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    total = sum(med[k] for k, _ in parts)
    rows = [dict(part=k, ms=med[k] * 1e3, share=med[k] / total) for k, _ in parts]
    rec = dict(teacher=a.teacher, nfe=a.nfe, batch=a.batch, repeats=a.repeats, threads=torch.get_num_threads(), cpu=platform.machine(),
               d_params=sum(p.numel() for p in D.parameters()), parts=rows, **{k: med[k] * 1e3 for k, _ in whole},
               gas_over_gs=med['whole GAS step (Trainer.train_step)'] / med['whole GS step (Trainer.train_step)'])
    print(f"{a.teacher}, NFE {a.nfe}, batch {a.batch}, D {rec['d_params'] / 1e3:.0f}k params, {rec['threads']} torch thread(s), "
          f"medians of {a.repeats}\n\n| part of a GAS step | ms | share |\n|---|---|---|")
    for r in rows: print(f"| {r['part']} | {r['ms']:.1f} | {100 * r['share']:.0f}% |")
    for k, _ in whole: print(f"| {k} | {med[k] * 1e3:.1f} | |")
    print(f"\nGAS step / GS step = {rec['gas_over_gs']:.2f}")
    if a.out: Path(a.out).parent.mkdir(parents=True, exist_ok=True); Path(a.out).write_text(json.dumps(rec, indent=1) + '\n')

if __name__ == '__main__': main()
