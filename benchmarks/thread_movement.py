"""How far the quick profile's Table 4 moves with the torch thread count (issue #12). GAS training is bitwise repeatable at
a fixed thread count but not across thread counts (float sums in another order, amplified by the adversarial game), so
the profiles pin `threads`; this script re-runs the Table 4 runs at NFE `--nfe` (GS and GAS, every seed of the profile)
at `--threads` threads into a scratch folder, then compares them run by run and in the paired GAS − GS interval with the
committed `results/<profile>/table4.json` (made at the profile's pinned thread count). Writes `--out` (JSON, default
results/<profile>/threads.json) and prints a table. `--seeds` re-runs some seeds only (then no interval is computed from
fewer than 2). Finished runs are kept in `--cache` (default cache/threads-runs), so a killed run starts again where it stopped.
Usage: .venv/bin/python benchmarks/thread_movement.py [--profile quick] [--threads 2] [--nfe 3] [--w-advs 0 1] [--seeds 0]"""
import argparse, json, sys, tempfile
from pathlib import Path

def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--threads', type=int, default=2); p.add_argument('--nfe', type=int, default=3)
    p.add_argument('--w-advs', nargs='+', type=float, default=[0.0, 1.0])
    p.add_argument('--profile', default='quick', choices=['quick', 'mnist']); p.add_argument('--seeds', nargs='+', type=int)
    p.add_argument('--metric', default='classifier_fd'); p.add_argument('--cache', default='cache/threads-runs'); p.add_argument('--out')
    a = p.parse_args()
    from gas_nb.reproduce import run_profile, paired_ci
    from gas_nb.teachers import repo_dir
    ref = json.loads((repo_dir() / 'results' / a.profile / 'table4.json').read_text())
    seeds = a.seeds or ref['seeds']
    if bad := [s for s in seeds if s not in ref['seeds']]: sys.exit(f"seeds {bad} are not in results/{a.profile}/table4.json (it has {ref['seeds']})")
    ws = a.w_advs
    with tempfile.TemporaryDirectory() as d:
        run_profile(a.profile, d, ['table4'], overrides={'table4': dict(threads=a.threads, nfes=[a.nfe], w_advs={a.nfe: ws}, seeds=seeds)},
                    run_cache=repo_dir() / a.cache, workers=1)
        new = json.loads((Path(d) / 'table4.json').read_text())
    rows = []
    for w in ws:
        for s in seeds:
            k = f'{w}|{a.nfe}|{s}'; o, n = ref['runs'][k], new['runs'][k]
            rows.append(dict(w_adv=w, seed=s, **{f'{m}_{t}': r[m] for m in ('l1', a.metric) for t, r in (('pinned', o), ('other', n))}))
    ci = {}
    for w in [w for w in ws if w > 0 and len(seeds) > 1]:
        for t, r in (('pinned', ref), ('other', new)):
            ci[f'{w}|{t}'] = paired_ci([r['runs'][f'{w}|{a.nfe}|{s}'][a.metric] for s in seeds], [r['runs'][f'0.0|{a.nfe}|{s}'][a.metric] for s in seeds])
    rec = dict(profile=a.profile, command='python benchmarks/thread_movement.py ' + ' '.join(sys.argv[1:]), nfe=a.nfe, metric=a.metric, pinned_threads=ref.get('threads'), other_threads=a.threads, seeds=seeds, runs=rows, paired_ci95=ci)
    Path(a.out or f'results/{a.profile}/threads.json').write_text(json.dumps(rec, indent=1) + '\n')
    print(f"NFE {a.nfe}, {a.metric}: threads {ref.get('threads')} (committed) against {a.threads}\n")
    print(f"| run | {a.metric}, {ref.get('threads')} thread | {a.metric}, {a.threads} threads | L1, {ref.get('threads')} | L1, {a.threads} |\n|---|---|---|---|---|")
    for r in rows:
        print(f"| {'GS' if r['w_adv'] == 0 else 'GAS w_adv ' + str(r['w_adv'])}, seed {r['seed']} | {r[a.metric + '_pinned']:.3f} | "
              f"{r[a.metric + '_other']:.3f} | {r['l1_pinned']:.5f} | {r['l1_other']:.5f} |")
    for k, (m, lo, hi) in ci.items(): print(f"GAS {k}: GAS − GS = {m:+.3f} [{lo:+.3f}, {hi:+.3f}]")

if __name__ == '__main__': main()
