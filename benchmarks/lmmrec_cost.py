"""LMMRec's training time per epoch against its backbone's on the same data (issue target: <= 1.5x the backbone).

Tasks as `paper/40` builds them on ML-100K: LightGCN on the 8:1:1 split (seed 0, BPR, batch 2048, d 64) and
SASRec on the leave-one-out split (the `pmixer` recipe, BCE). The motivation texts are precomputed in LMMRec (frozen
buffers), so their values do not change the cost: this benchmark draws them at random with the shape of the
sentence encoder's output (384), and needs no motivation pack. LMMRec runs at `paper/40`'s settings (dim 64, tau 0.2,
momentum 0.99, at most 128 pairs a batch) with both loss weights 0.1 (`paper/40` picks them on validation; a non-zero
weight's value does not change the cost), and on LightGCN also at the `--max-pairs` given, to show
what the pair cap costs (SASRec's batches of 128 are whole whatever the cap). Each model trains `--epochs` epochs without validation;
the first epoch is left out of the mean. Run it alone (a second job on 2 cores doubles every number).
Writes benchmarks/results/lmmrec_cost.{csv,md}; the target is printed, never asserted.

    MODREC_DATA=../shared/data .venv/bin/python benchmarks/lmmrec_cost.py
"""
import argparse, os
from pathlib import Path
import numpy as np
import pandas as pd
import torch

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT/'benchmarks'/'results'
LMM = {'dim': 64, 'tau': 0.2, 'coord_weight': 0.1, 'corr_weight': 0.1, 'momentum': 0.99, 'max_pairs': 128}  # paper/40's `lmm` and one grid weight

def main():
    from modrec.data.movielens import load_dataset
    from modrec.data.multimodal import ratio_data
    from modrec.data.splits import seq_split
    from modrec.models.general import LightGCN
    from modrec.models.lmmrec import LMMRec
    from modrec.models.sasrec import SASRec, MSMREC_SASREC
    from modrec.train.loop import TrainConfig, fit
    from modrec.train.pairwise import pair_task
    from modrec.train.seq import seq_task, seq_recipe
    ap = argparse.ArgumentParser()
    ap.add_argument('--dataset', default='ml-100k')
    ap.add_argument('--epochs', type=int, default=4)
    ap.add_argument('--text-dim', type=int, default=384)
    ap.add_argument('--max-pairs', type=int, nargs='*', default=[256, 512], help='further LMMRec pair caps timed on LightGCN')
    a = ap.parse_args()
    src = load_dataset(a.dataset, None)
    gen = torch.Generator().manual_seed(0)
    texts = lambda n_users, n_items: (torch.randn(n_users, a.text_dim, generator=gen), torch.randn(n_items + 1, a.text_dim, generator=gen))
    # LightGCN, 8:1:1
    g = ratio_data(src, seed=0)
    tr = g.part('train'); u, i = torch.tensor(tr.user_id.values), torch.tensor(tr.item_id.values)
    lg_cfg = TrainConfig(loss='bpr', batch_size=2048, lr=1e-3, scheduler='none')
    lg = (lambda: LightGCN.from_interactions(n_users=g.n_users, n_items=g.n_items, users=u, items=i, features={}, d=64),
          pair_task(g, lg_cfg), lg_cfg, 64, 'pairs', texts(g.n_users, g.n_items))
    # SASRec, leave-one-out
    sp = seq_split(src)
    sq_cfg, over = seq_recipe('pmixer', loss='bce')
    params = {'n_items': sp.n_items, **MSMREC_SASREC, **over}
    sq = (lambda: SASRec(**params), seq_task(sp, sq_cfg, params.get('maxlen', 200)), sq_cfg, params['d'], 'sequences',
          texts(src.inter.user_id.nunique(), sp.n_items))
    rows = []
    for bb, (make, task, cfg, d, layout, (ut, it)) in {'LightGCN': lg, 'SASRec': sq}.items():
        caps = [None, LMM['max_pairs']] + (a.max_pairs if layout == 'pairs' else [])
        for cap in caps:
            torch.manual_seed(0)
            name = bb if cap is None else f'{bb} + LMMRec' + ('' if cap == LMM['max_pairs'] else f' (max_pairs {cap})')
            m = make() if cap is None else LMMRec(backbone=make(), d=d, user_text=ut, item_text=it, batch_layout=layout, **{**LMM, 'max_pairs': cap})
            fr = fit(m, batches=task.batches, loss_fn=task.loss_fn, validate=lambda mm: {'none': 0.}, monitor='none',
                     epochs=a.epochs, eval_every=a.epochs, lr=cfg.lr, optimizer=cfg.optimizer, betas=cfg.betas,
                     scheduler='none', progress=False)
            rows.append({'dataset': a.dataset, 'backbone': bb, 'model': name, 'epochs': a.epochs,
                         's/epoch': float(np.mean(fr.epoch_seconds[1:] or fr.epoch_seconds))})
            print(rows[-1], flush=True)
    df = pd.DataFrame(rows)
    df['x backbone'] = df['s/epoch'] / df.groupby('backbone')['s/epoch'].transform(lambda s: s.iloc[0])
    OUT.mkdir(parents=True, exist_ok=True)
    df.to_csv(OUT/'lmmrec_cost.csv', index=False)
    note = (f"{a.epochs} epochs each (the first left out of the mean), random {a.text_dim}-d texts, LMMRec {LMM}, "
            f"{torch.get_num_threads()} threads, load avg {os.getloadavg()[0]:.2f}; target: LMMRec s/epoch <= 1.5x the backbone's\n\n")
    (OUT/'lmmrec_cost.md').write_text(note + df.to_markdown(index=False, floatfmt='.4g') + '\n')
    print(df.to_string())

if __name__ == '__main__': main()
