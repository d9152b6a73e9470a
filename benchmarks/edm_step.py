"""Step time and peak memory of GS and GAS on a random-weight EDM teacher (issue #13). The default is the paper's CIFAR-10
setting: EDM's CIFAR-10 DDPM++ (`SongUNet`, 55.7M parameters, EDM's `train.py --arch=ddpmpp` config) as a `gas_nb.edm`
teacher, NFE 4, batch 24, LPIPS-VGG at 224, for GAS R3GAN's CIFAR-10 D (random weights, written and read back as an
R3GAN snapshot, bfloat16 early stages). Each (GS|GAS) x (plain|recompute) runs in a fresh process: `--repeats` timed
`Trainer.train_step`s after `--warmup` ones; the median step time and the peak memory (CUDA: max allocated; CPU: peak RSS growth during the steps)
are printed and written to `--out` (JSON). The paper: 0.18 s a GS iteration at NFE 4 on an H100 (30 min for 10k, GAS Table
14) and 17 GB (Table 15). On a GPU run it as is: `.venv/bin/python benchmarks/edm_step.py`.
On a CPU only a small size is practical: `--small` (a 16-channel DDPM++ at 32², batch 2, LPIPS-AlexNet at 32², a 16-wide D)."""
import argparse, json, resource, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import torch

CIFAR10 = dict(img_resolution=32, img_channels=3, model_type='SongUNet', embedding_type='positional', encoder_type='standard',
               decoder_type='standard', channel_mult_noise=1, resample_filter=[1, 1], model_channels=128, channel_mult=[2, 2, 2],
               augment_dim=9, dropout=0.13)                                   # EDM train.py: --arch=ddpmpp, --augment on
SMALL = dict(CIFAR10, model_channels=16, channel_mult=[1, 2], num_blocks=1)

def child(a):
    from gas_nb.edm import VPPrecond, edm_teacher, write_r3gan_snapshot
    from gas_nb.discriminator import R3GANNetDiscriminator
    from gas_nb.training import Trainer
    dev = 'cuda' if torch.cuda.is_available() else 'cpu'
    torch.manual_seed(0)
    net = VPPrecond(**{k: v for k, v in (SMALL if a.small else CIFAR10).items()})
    T = edm_teacher(net, device=dev)
    n = 4 * a.batch
    pairs = dict(noise=torch.randn(n + 1, *T.shape), images=torch.randn(n + 1, *T.shape).clamp(-1, 1))
    cfg = dict(teacher='edm', nfe=a.nfe, batch=a.batch, train_size=n, val_size=1, iters=10**9, device=dev, memory=a.memory,
               loss='lpips' if a.small else 'lpips-paper', w_adv=0.0)
    with tempfile.TemporaryDirectory() as d:
        if a.mode == 'gas':                                                     # R3GAN's CIFAR-10 preset D, class-conditional
            w, c = ([16] * 4, [4] * 4) if a.small else ([768] * 4, [96] * 4)
            D = R3GANNetDiscriminator(w, c, [2] * 4, cond_dim=10, emb_dim=w[0])
            for s in D.MainLayers[:3]: s.DataType = torch.bfloat16
            write_r3gan_snapshot(Path(d) / 'd.pkl', D)
            cfg.update(w_adv=0.1, d_preset=str(Path(d) / 'd.pkl'), d_lr=1e-5)
        tr = Trainer(cfg, T, pairs, Path(d) / 'run')
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20         # GB: the process before its first step
        for _ in range(a.warmup): tr.train_step()
        if dev == 'cuda': torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats()
        ts = []
        for _ in range(a.repeats):
            t0 = time.perf_counter(); tr.train_step()
            if dev == 'cuda': torch.cuda.synchronize()
            ts.append(time.perf_counter() - t0)
    peak = torch.cuda.max_memory_allocated() / 2**30 if dev == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20 - base
    print(json.dumps(dict(mode=a.mode, memory=a.memory, step_s=statistics.median(ts), peak_gb=peak, peak_kind='CUDA max allocated' if dev == 'cuda' else 'peak RSS growth over the set-up process',
                          params_m=sum(p.numel() for p in net.parameters()) / 1e6, nfe=a.nfe, batch=a.batch, small=a.small,
                          device=torch.cuda.get_device_name() if dev == 'cuda' else f'CPU, {torch.get_num_threads()} threads')))

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--small', action='store_true', help='CPU size: a 16-channel DDPM++, batch 2, LPIPS-AlexNet')
    p.add_argument('--nfe', type=int, default=4); p.add_argument('--batch', type=int, default=None, help='default 24 (2 with --small)')
    p.add_argument('--repeats', type=int, default=5); p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--modes', nargs='*', default=['gs', 'gas']); p.add_argument('--memories', nargs='*', default=['plain', 'recompute'])
    p.add_argument('--out', default='results/bench/edm_step.json')
    p.add_argument('--child', action='store_true'); p.add_argument('--mode'); p.add_argument('--memory')
    a = p.parse_args()
    a.batch = a.batch or (2 if a.small else 24)
    if a.child: return child(a)
    rows = []
    for mode in a.modes:
        for mem in a.memories:
            cmd = [sys.executable, __file__, '--child', '--mode', mode, '--memory', mem, '--nfe', str(a.nfe), '--batch', str(a.batch),
                   '--repeats', str(a.repeats), '--warmup', str(a.warmup)] + (['--small'] if a.small else [])
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode: sys.exit(f"{' '.join(cmd)} failed:\n{r.stderr[-3000:]}")
            rows.append(json.loads(r.stdout.strip().splitlines()[-1]))
            print(f"{mode.upper():3s} {mem:9s} step {rows[-1]['step_s']:.3f} s  peak {rows[-1]['peak_gb'] * 1024:.0f} MB ({rows[-1]['peak_kind']})", flush=True)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(dict(rows=rows, paper=dict(gs_step_s_h100=0.18, gs_peak_gb=17, gas_peak_gb=19)), indent=1) + '\n')
    print(f"| run | memory | step (s) | peak (MB, {rows[0]['peak_kind']}) |\n|---|---|---|---|\n" + '\n'.join(
        f"| {r['mode'].upper()} | {r['memory']} | {r['step_s']:.3f} | {r['peak_gb'] * 1024:.0f} |" for r in rows))
    print(f"{rows[0]['params_m']:.1f}M-parameter teacher, NFE {a.nfe}, batch {a.batch}, {rows[0]['device']}; written {a.out}")

if __name__ == '__main__': main()
