"""Add a teacher checkpoint to the long run's proxy table: `recipe_report` (x0-MSE at fixed σ on 256 MNIST-test digits,
classifier FD of 500 teacher samples against MNIST-test) into results/teacher/<recipe>-progress.json and .md.
The proxy tracks the run between the full measurements (FID and classifier FD on 5,000 samples, nbs/11_unet_teacher.ipynb).
Usage: .venv/bin/python benchmarks/teacher_progress.py CHECKPOINT [--recipe edm-mix] [--n 500]"""
import argparse, json
from pathlib import Path
from gas_nb.teachers import load_mnist
from gas_nb.unet_teacher import recipe_report

SIGMAS = ('0.03', '0.3', '3.0', '152.17')                                         # the columns of the README's table

def table(rows, recipe):
    "The Markdown progress table of `rows` {step: report} of `recipe`, by step."
    lines = [f'| {recipe} step | classifier FD, 500 samples | ' + ' | '.join(f'x0-MSE σ={s}' for s in SIGMAS) + ' |', '|---|---|' + '---|' * len(SIGMAS)]
    for k in sorted(rows, key=int):
        r = rows[k]; lines.append(f"| {k} | {r['classifier_fd']:.0f} | " + ' | '.join(f"{r['x0_mse'][s]:.2e}" for s in SIGMAS) + ' |')
    return '\n'.join(lines)

def main():
    p = argparse.ArgumentParser(description=__doc__); p.add_argument('ckpt'); p.add_argument('--recipe', default='edm-mix')
    p.add_argument('--n', type=int, default=500); a = p.parse_args()
    path = Path('results/teacher') / f'{a.recipe}-progress.json'
    rows = json.loads(path.read_text()) if path.exists() else {}
    test_x = load_mnist('test')[0]
    r = json.loads(json.dumps(recipe_report(a.ckpt, test_x, test_x[:256], n=a.n))); rows[str(r['steps'])] = r   # σ keys as JSON has them
    path.write_text(json.dumps(rows, indent=1) + '\n')
    md = path.with_suffix('.md'); old = md.read_text().splitlines() if md.exists() else []
    t = table(rows, a.recipe).splitlines()
    by_step = {l.split('|')[1].strip(): l for l in old[2:] + t[2:]}                   # rows of the table kept (step 300: recipes.json)
    steps = sorted((k for k in by_step if k.isdigit()), key=int)
    md.write_text('\n'.join(t[:2] + [by_step[k] for k in steps] + [l for k, l in by_step.items() if not k.isdigit()]) + '\n')
    print(f"step {r['steps']}: classifier FD {r['classifier_fd']:.1f} on {a.n} samples; x0-MSE", {s: f"{r['x0_mse'][s]:.2e}" for s in SIGMAS})

if __name__ == '__main__': main()
