"""Do the `mnist` Table 4's validation curves flatten, and does GAS − GS hold, when training runs 3× longer (issue #12)?
Runs Table 4 of the `mnist` profile at NFE 3 only (GS, GAS w_adv 1 and 0.1; the profile's 3 paired seeds, pairs, D and
pinned thread count) for `--iters` iterations (the profile trains 400) into `--out`, validating every `--val-every`.
Finished runs are kept in cache/runs, so a killed run starts again where it stopped. About 1.5 h on 2 idle CPU cores.
Usage: .venv/bin/python benchmarks/mnist_long.py [--iters 1200] [--val-every 200] [--out results/mnist/long]"""
import argparse, json, sys
from pathlib import Path

def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--iters', type=int, default=1200); p.add_argument('--val-every', type=int, default=200)
    p.add_argument('--out', default='results/mnist/long')
    a = p.parse_args()
    from gas_nb.reproduce import run_profile
    out = Path(a.out)
    run_profile('mnist', out, ['table4'], log_output=True,
                overrides={'table4': dict(iters=a.iters, val_every=a.val_every, nfes=[3], w_advs={3: [0.0, 1.0, 0.1]})})
    rec = json.loads((out / 'run.json').read_text())                       # run_profile names the profile's own command
    rec['command'] = ' '.join(['python benchmarks/mnist_long.py', *sys.argv[1:]])
    (out / 'run.json').write_text(json.dumps(rec, indent=1) + '\n')

if __name__ == '__main__': main()
