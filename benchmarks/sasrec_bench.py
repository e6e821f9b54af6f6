"""SASRec benchmark under the MSMRec protocol (maxlen 200, d=50, 2 blocks, BCE, full ranking, history masked).

Prints and writes, per dataset: test HR@10 / NDCG@10 / HR@100, seconds per epoch, peak memory and the time
to evaluate every user. Training results are the paper chain's own files (results/paper/, reused when they
exist with the same parameters, seed and data checksum); the timing pass (a few epochs, measured on its own)
and the summary land in benchmarks/results/. Targets are compared in the printout only, never asserted.

    MODREC_DATA=../shared/data python benchmarks/sasrec_bench.py --datasets ml-100k ml-1m-sas
"""
import argparse, json, os, time
from pathlib import Path
import pandas as pd
import torch
from modrec.data.movielens import load_dataset
from modrec.data.splits import seq_split
from modrec.models.sasrec import SASRec, MSMREC_SASREC
from modrec.train.loop import TrainConfig, fit
from modrec.train.seq import cached_seq_experiment, evaluate_seq, seq_train_data, seq_batches, bce_loss

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT/'benchmarks'/'results'
TARGETS = {'ml-100k': {'HR@10': ('>=', 0.198), 'NDCG@10': ('>=', 0.101), 'sec_per_epoch': ('<=', 3.0)},
           'ml-1m-sas': {'HR@10': ('>=', 0.2351), 'NDCG@10': ('>=', 0.1211), 'eval_all_users_s': ('<=', 2.0)}}

def timing(split, params, epochs):
    "Seconds per training epoch and for a full-ranking pass over every user (best of 3), measured alone."
    model = SASRec(**params)
    fr = fit(model, batches=seq_batches(seq_train_data(split, params['maxlen']), 128), loss_fn=bce_loss,
             validate=lambda m: {'none': 0.0}, monitor='none', epochs=epochs, scheduler='none', progress=False)
    ev = []
    for _ in range(3):
        t0 = time.perf_counter(); evaluate_seq(model, split, 'test', params['maxlen']); ev.append(time.perf_counter() - t0)
    return sum(fr.epoch_seconds[1:]) / max(1, len(fr.epoch_seconds) - 1), min(ev), fr.peak_mem_mb

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--datasets', nargs='+', default=['ml-100k', 'ml-1m-sas'])
    ap.add_argument('--epochs', type=int, nargs='+', default=[200, 60],
                    help='epoch budget per dataset, in --datasets order (the paper profile of paper/01 uses the same)')
    ap.add_argument('--eval-every', type=int, default=5)
    ap.add_argument('--patience', type=int, default=6)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--timing-epochs', type=int, default=4)
    a = ap.parse_args()
    res = ROOT/'results'/'paper'; OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for ds, epochs in zip(a.datasets, a.epochs):
        cfg = TrainConfig(loss='bce', epochs=epochs, eval_every=a.eval_every, patience=a.patience)
        split = seq_split(load_dataset(ds))
        params = dict(n_items=split.n_items, **MSMREC_SASREC)
        rec = cached_seq_experiment(lambda: SASRec(**params), split, cfg, model_params=params, seed=a.seed,
                                    name='SASRec', dataset=ds, results_dir=res)
        sec, ev, mem = timing(split, params, a.timing_epochs)
        row = {'dataset': ds, 'users': split.n_users, 'items': split.n_items, 'seed': a.seed,
               'best_epoch': rec['best_epoch'], 'epochs_run': rec['epochs_run'],
               **{k: rec['test'][k] for k in ('HR@10', 'NDCG@10', 'HR@100')},
               'sec_per_epoch': sec, 'eval_all_users_s': ev, 'peak_mem_mb': mem,
               'sec_per_epoch_during_training': rec['seconds_per_epoch'], 'threads': torch.get_num_threads(),
               'device': rec['device'], 'load_avg_1m': os.getloadavg()[0], 'data_checksum': split.checksum}
        for k, (op, v) in TARGETS.get(ds, {}).items():
            row[f'target {k}'] = f"{op} {v}: {'met' if (row[k] >= v if op == '>=' else row[k] <= v) else 'NOT met'}"
        rows.append(row); print(json.dumps(row, indent=1))
    df = pd.DataFrame(rows)
    df.to_csv(OUT/'sasrec_benchmark.csv', index=False)
    (OUT/'sasrec_benchmark.md').write_text(df.T.to_markdown(floatfmt='.4f') + '\n')
    print(df.T.to_string())

if __name__ == '__main__': main()
