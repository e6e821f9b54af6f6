"""MARS's training time per epoch against FREEDOM's on the same data (issue target: MARS <= 1.5x FREEDOM).

Data as `paper/11` and `paper/90` build it (`llm.content.topk_dataset`: 8:1:1 split seed 0, MMTF visual + MiniLM
text features). The attribute matrix has the shape of the dataset's committed factor schema (K factors, their
value counts) with values drawn at random: a factor propagation costs the same whatever the values are, so the
timing needs no attribute pack. MARS runs at lambda 0.01, eta 0.1 (the point chosen on ml-latest-small-mm's
validation), with and without its factor graphs, and with FREEDOM's edge pruning of the user-item graph (0.8).
Each model trains `--epochs` epochs (d 64, batch 2048, Adam 1e-3); the first epoch is left out of the mean.
Run it alone (a second job on 2 cores doubles every number).
Writes benchmarks/results/mars_cost.{csv,md}; the target is printed, never asserted.

    MODREC_DATA=../shared/data .venv/bin/python benchmarks/mars_cost.py
"""
import argparse, os
from pathlib import Path
import numpy as np
import pandas as pd
import torch

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT/'benchmarks'/'results'

def main():
    from modrec.llm.content import topk_dataset
    from modrec.llm.factors import load_schema
    from modrec.models.general import FREEDOM
    from modrec.models.mars import MARS
    from modrec.train.loop import fit
    from modrec.train.pairwise import pair_batches, bpr_loss
    ap = argparse.ArgumentParser()
    ap.add_argument('--datasets', nargs='+', default=['ml-latest-small-mm', 'ml-1m-mm'])
    ap.add_argument('--epochs', type=int, default=4)
    a = ap.parse_args()
    rows = []
    for ds in a.datasets:
        d = topk_dataset(ds, None, split_seed=0, encoder_name='all-MiniLM-L6-v2')
        tr = d.part('train'); u, i = torch.tensor(tr.user_id.values), torch.tensor(tr.item_id.values)
        feats = {k: torch.as_tensor(v) for k, v in d.features.items()}
        schema = load_schema(ROOT/'artifacts'/'llm'/f'mars_schema_{ds}_overview.json')
        n_values = schema.n_values
        gen = torch.Generator().manual_seed(0)
        att = torch.stack([torch.randint(-1, n, (d.n_items + 1,), generator=gen) for n in n_values], 1)
        mars = dict(attributes=att, n_values=n_values, sem_weight=0.01, view_weight=0.1)
        models = {'FREEDOM': (FREEDOM, {'feature_weights': [0.1, 0.9]}), 'MARS without factor graphs': (MARS, {**mars, 'factor_graphs': False}),
                  'MARS': (MARS, mars), 'MARS, edge pruning 0.8': (MARS, {**mars, 'dropout': 0.8})}
        for name, (cls, hp) in models.items():
            torch.manual_seed(0)
            m = cls.from_interactions(n_users=d.n_users, n_items=d.n_items, users=u, items=i, features=feats, **hp)
            fr = fit(m, batches=pair_batches(d, 2048), loss_fn=bpr_loss, validate=lambda mm: {'none': 0.}, monitor='none',
                     epochs=a.epochs, eval_every=a.epochs, scheduler='none', progress=False)
            sec = float(np.mean(fr.epoch_seconds[1:] or fr.epoch_seconds))
            rows.append({'dataset': ds, 'model': name, 'items': d.n_items, 'train interactions': len(tr), 'factors': len(n_values),
                         'epochs': a.epochs, 's/epoch': sec})
            print(rows[-1], flush=True)
    df = pd.DataFrame(rows)
    df['x FREEDOM'] = df['s/epoch'] / df.groupby('dataset')['s/epoch'].transform(lambda s: s.iloc[0])
    OUT.mkdir(parents=True, exist_ok=True)
    df.to_csv(OUT/'mars_cost.csv', index=False)
    note = (f"{a.epochs} epochs each (the first left out of the mean), d 64, batch 2048, Adam 1e-3, {torch.get_num_threads()} threads, "
            f"load avg {os.getloadavg()[0]:.2f}; target: MARS s/epoch <= 1.5x FREEDOM's\n\n")
    (OUT/'mars_cost.md').write_text(note + df.to_markdown(index=False, floatfmt='.4g') + '\n')
    print(df.to_string())

if __name__ == '__main__': main()
