"""SASRec benchmark under the MSMRec protocol (maxlen 200, d=50, 2 blocks, full ranking, history masked).

Prints and writes, per dataset: test HR@10 / NDCG@10 / HR@100, seconds per epoch, peak memory and the time
to evaluate every user. Results land in benchmarks/results/ as JSON (parameters, seed, data checksum) and a
summary CSV/Markdown; nothing here is asserted (targets are compared in the printout only).

    python benchmarks/sasrec_bench.py --datasets ml-100k ml-1m-sas --loss bce --epochs 200
"""
import argparse, json, time
from pathlib import Path
import pandas as pd
import torch
from modrec.data import load_dataset, seq_split
from modrec.sasrec import SASRec
from modrec.train import TrainConfig, run_seq_experiment, evaluate_seq

OUT = Path(__file__).parent/'results'
TARGETS = {'ml-100k': {'HR@10': 0.198, 'NDCG@10': 0.101, 'sec_per_epoch': 3.0},
           'ml-1m-sas': {'HR@10': 0.2351, 'NDCG@10': 0.1211, 'eval_all_users_s': 2.0}}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--datasets', nargs='+', default=['ml-100k', 'ml-1m-sas'])
    ap.add_argument('--loss', default='bce', choices=['bce', 'ce'])
    ap.add_argument('--epochs', type=int, default=200)
    ap.add_argument('--patience', type=int, default=20)
    ap.add_argument('--eval-every', type=int, default=5)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--tag', default='')
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for ds in a.datasets:
        split = seq_split(load_dataset(ds))
        params = dict(n_items=split.n_items, maxlen=200, d=50, n_blocks=2, n_heads=1, dropout=0.2)
        cfg = TrainConfig(loss=a.loss, epochs=a.epochs, patience=a.patience, eval_every=a.eval_every)
        stem = f'sasrec_{ds}_{a.loss}_seed{a.seed}{a.tag}'
        rec = run_seq_experiment(lambda: SASRec(**params), split, cfg, model_params=params, seed=a.seed,
                                 name='SASRec', dataset=ds, out=OUT/f'{stem}.json')
        row = {'dataset': ds, 'loss': a.loss, 'seed': a.seed, 'users': split.n_users, 'items': split.n_items,
               'best_epoch': rec['best_epoch'], 'epochs_run': rec['epochs_run'],
               **{k: rec['test'][k] for k in ('HR@10', 'NDCG@10', 'HR@100')},
               'sec_per_epoch': rec['seconds_per_epoch'], 'eval_all_users_s': rec['eval_seconds_test'],
               'peak_mem_mb': rec['peak_mem_mb'], 'threads': rec['threads'], 'device': rec['device']}
        rows.append(row)
        tgt = TARGETS.get(ds, {})
        print(json.dumps(row, indent=1))
        for k, v in tgt.items():
            ok = row[k] <= v if k in ('sec_per_epoch', 'eval_all_users_s') else row[k] >= v
            print(f'  target {k} {"<=" if k.endswith("_s") or k == "sec_per_epoch" else ">="} {v}: {row[k]:.4f} {"MET" if ok else "NOT MET"}')
    df = pd.DataFrame(rows)
    csv = OUT/f'sasrec_summary_{a.loss}{a.tag}.csv'
    df.to_csv(csv, index=False); csv.with_suffix('.md').write_text(df.to_markdown(index=False, floatfmt='.4f') + '\n')
    print(df.to_string(index=False))

if __name__ == '__main__': main()
