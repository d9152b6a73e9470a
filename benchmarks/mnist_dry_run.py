"""The `mnist` profile end to end at toy sizes on the CPU: its teacher (`mnist-edm-unet`), NFEs, seeds, rows, metrics (FID
included) and claims.json, with every size shrunk (48 training pairs, 4 iterations, 16 evaluation samples), so that a GPU
session's `gas_nb-reproduce --profile mnist` is known to run through before it is paid for. The numbers mean nothing.
Usage: .venv/bin/python benchmarks/mnist_dry_run.py [--out cache/mnist-dry] [--profile mnist]"""
import argparse, json, time
from pathlib import Path
from gas_nb.reproduce import PROFILES, run_profile

TOY = dict(n_pairs=64, val_size=16, batch=8, iters=4, val_every=2, n_eval=16, fid_samples=16)
TRAIN = dict(train_size=48, gs_train_size=48, gas_train_size=48)

def toy_overrides(profile):
    "{experiment: parameters} shrinking every size of `profile` and nothing else (teacher, NFEs, seeds, rows, metrics stay)."
    p = PROFILES[profile]
    return {**({'baselines': dict(teachers={k: [t, 16] for k, (t, _) in p['baselines']['teachers'].items()}, nfes=p['baselines']['nfes'][:2])}
               if 'baselines' in p else {}),                                   # `mnist` has none (the summary has every baseline)
            **{e: {**TOY, **{k: v for k, v in TRAIN.items() if k in p[e]}} for e in ('table3', 'table4')},
            'summary': dict(grid_val=16, **{k: TOY[k] for k in ('n_pairs', 'val_size', 'n_eval', 'fid_samples')})}   # the tables' pairs

def main():
    a = argparse.ArgumentParser(description=__doc__)
    a.add_argument('--out', default='cache/mnist-dry'); a.add_argument('--profile', default='mnist'); a = a.parse_args()
    t = time.time(); run_profile(a.profile, a.out, overrides=toy_overrides(a.profile), run_cache=False)
    claims = json.loads((Path(a.out) / 'claims.json').read_text())
    need = {'nfe', 'gs_gap_closed', 's4s_gap_over_gs_gap', 'gas_fid_over_gs_fid', 'gas_minus_gs_ci95', 'seeds', 'metric'}
    assert need <= set(claims), f"claims.json lacks {need - set(claims)}"
    assert claims['seeds'] == PROFILES[a.profile]['table4']['seeds'], claims['seeds']
    print(f"{a.profile} at toy sizes ran through in {time.time() - t:.0f} s; claims.json: {sorted(claims)}")

if __name__ == '__main__': main()
