"""Training cost of the content-aware SASRec variants relative to SASRec (MSMRec target: <= 1.5x time per epoch).

Measures seconds per training epoch (BCE, batch 128, maxlen 200, d=50, 2 blocks) and one full-ranking pass
over every user, for SASRec, SASRec+KAR and the three MSMRec gates, on the real datasets with content tensors
of the real shapes (items x 9 aspects x 384 for MiniLM; items x 2 x 384 for KAR). TIMING ONLY: the tensor
values are random because cost does not depend on them; accuracy numbers come from paper/03 on the
generated texts, never from here. Writes benchmarks/results/msmrec_cost.{csv,md}; asserts nothing.

    MODREC_DATA=../shared/data python benchmarks/msmrec_cost_bench.py --datasets ml-100k ml-1m-sas
"""
import argparse, time
from pathlib import Path
import pandas as pd
import torch
from modrec.core import seed_everything
from modrec.data.movielens import load_dataset
from modrec.data.splits import seq_split
from modrec.models.sasrec import SASRec, MSMREC_SASREC
from modrec.models.kar import SASRecKAR
from modrec.models.msmrec import MSMRec
from modrec.train.seq import evaluate_seq, seq_train_data, seq_batches, bce_loss
from modrec.train.loop import fit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT/'benchmarks'/'results'

def variants(n_items, d_text):
    g = torch.Generator().manual_seed(0)
    mod = torch.randn(n_items + 1, 9, d_text, generator=g); mod[0] = 0
    kn = torch.randn(n_items + 1, 2, d_text, generator=g); kn[0] = 0
    base = dict(n_items=n_items, **MSMREC_SASREC)
    return {'SASRec': lambda: SASRec(**base),
            'SASRec-KAR': lambda: SASRecKAR(**base, knowledge_emb=kn),
            'MSMRec': lambda: MSMRec(**base, modality_emb=mod, gate='paper'),
            'MSMRec-code': lambda: MSMRec(**base, modality_emb=mod, gate='code'),
            'MSMRec-top4': lambda: MSMRec(**base, modality_emb=mod, gate='paper', top_k=4)}

def timing(make, split, epochs):
    "Mean seconds per epoch after the first, and the best of 3 full-ranking passes."
    seed_everything(0); model = make()
    maxlen = MSMREC_SASREC['maxlen']
    fr = fit(model, batches=seq_batches(seq_train_data(split, maxlen), 128), loss_fn=bce_loss,
             validate=lambda m: {'none': 0.0}, monitor='none', epochs=epochs, scheduler='none', progress=False)
    ev = []
    for _ in range(3):
        t0 = time.perf_counter(); evaluate_seq(model, split, 'test', maxlen); ev.append(time.perf_counter() - t0)
    return sum(fr.epoch_seconds[1:]) / max(1, len(fr.epoch_seconds) - 1), min(ev), fr.peak_mem_mb

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--datasets', nargs='+', default=['ml-100k', 'ml-1m-sas'])
    ap.add_argument('--epochs', type=int, default=3, help='timed epochs per model (the first is discarded)')
    ap.add_argument('--d-text', type=int, default=384)
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for ds in a.datasets:
        split = seq_split(load_dataset(ds))
        for name, make in variants(split.n_items, a.d_text).items():
            s, ev, mem = timing(make, split, a.epochs)
            rows.append({'dataset': ds, 'model': name, 'sec_per_epoch': round(s, 3), 'eval_all_users_s': round(ev, 3),
                         'peak_mem_mb': round(mem, 1), 'threads': torch.get_num_threads()})
            print(rows[-1], flush=True)
    df = pd.DataFrame(rows)
    sasrec = df[df.model == 'SASRec'].set_index('dataset').sec_per_epoch
    df['x_sasrec_epoch'] = (df.sec_per_epoch / df.dataset.map(sasrec)).round(2)
    df.to_csv(OUT/'msmrec_cost.csv', index=False)
    (OUT/'msmrec_cost.md').write_text("Timing only (random-valued content tensors of the real shapes); target: MSMRec <= 1.5x SASRec per epoch\n\n"
                                      + df.to_markdown(index=False) + '\n')
    print(df.to_string(index=False))

if __name__ == '__main__':
    main()
