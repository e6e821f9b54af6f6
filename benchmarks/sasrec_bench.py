"""SASRec against the reference PyTorch SASRec (pmixer recipe), side by side on the same split, threads and machine.

Per dataset it measures, in this one run: seconds per training epoch of modrec's SASRec (the chosen recipe's
model and optimiser, its tensor negative sampler included) and of the reference (`ref_pmixer_sasrec.py`, its
Python sampler excluded), and the time to evaluate every user under full ranking. Accuracy comes from result
files, never from this run: modrec's from `benchmarks/sasrec_recipes.py` (`results/paper/recipes/`) or, when it
trained the same recipe, parameters and seed, from the paper chain (`paper/01`, `results/paper/`), the
reference's from `ref_pmixer_sasrec.py` (`benchmarks/results/ref_pmixer_sasrec_*`); a missing file is
reported as not trained. Targets are printed as met / NOT met, never asserted. Writes
`benchmarks/results/sasrec_benchmark.{csv,md}` (`sasrec_benchmark_{recipe}.{csv,md}` for `--recipe` other than the chosen one).

    MODREC_DATA=../shared/data python benchmarks/sasrec_bench.py --datasets ml-100k ml-1m-sas
"""
import argparse, json, os, sys, time
from pathlib import Path
import pandas as pd
import torch
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ref_pmixer_sasrec import ref_epoch_seconds
from modrec.data.movielens import load_dataset
from modrec.data.splits import seq_split
from modrec.models.sasrec import SASRec, MSMREC_SASREC
from dataclasses import asdict
from modrec.train.loop import fit, peak_memory_mb, matching_record, TrainConfig
from modrec.train.seq import evaluate_seq, seq_train_data, seq_batches, bce_loss, seq_recipe

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT/'benchmarks'/'results'
TARGETS = {'ml-100k': {'HR@10': ('>=', 0.198), 'NDCG@10': ('>=', 0.101), 'time vs reference': ('<=', 0.5)},
           'ml-1m-sas': {'HR@10': ('>=', 0.2351), 'NDCG@10': ('>=', 0.1211), 'time vs reference': ('<=', 0.5), 'eval all users (s)': ('<=', 1.0)}}

def chosen_recipe(required:bool=True):
    "The recipe chosen on validation by `sasrec_recipes.py` on ML-100K (None when not compared yet and not `required`)."
    f = OUT/'sasrec_recipes_ml-100k.csv'
    if not f.exists():
        if not required: return None
        raise FileNotFoundError(f"{f}: run benchmarks/sasrec_recipes.py --dataset ml-100k first (or pass --recipe)")
    df = pd.read_csv(f)
    return df.loc[df['chosen (validation)'], 'recipe'].item()

def our_timing(split, recipe, epochs, eval_batch_size=512):
    "Seconds per training epoch (first excluded) and for evaluating every user (best of 3) of modrec's SASRec under `recipe`."
    cfg, hp = seq_recipe(recipe)
    model = SASRec(n_items=split.n_items, **MSMREC_SASREC, **hp)
    fr = fit(model, batches=seq_batches(seq_train_data(split, 200), 128, buckets=cfg.length_buckets), loss_fn=bce_loss, validate=lambda m: {'none': 0.0},
             monitor='none', epochs=epochs, scheduler='none', optimizer=cfg.optimizer, betas=cfg.betas, progress=False)
    ev = []
    for _ in range(3):
        t0 = time.perf_counter(); evaluate_seq(model, split, 'test', 200, batch_size=eval_batch_size); ev.append(time.perf_counter() - t0)
    return sum(fr.epoch_seconds[1:]) / max(1, len(fr.epoch_seconds) - 1), min(ev), peak_memory_mb(torch.device('cpu'))

def result(path):
    return json.loads(path.read_text()) if path.exists() else None

def our_result(ds, recipe, seed, split):
    "modrec's SASRec run under `recipe`: the recipe comparison's file, else paper/01's when it is the same run."
    r = result(ROOT/'results'/'paper'/'recipes'/f'sasrec-{recipe}_{ds}_bce_seed{seed}.json')
    if r is not None: return r
    cfg, hp = seq_recipe(recipe, loss='bce', eval_every=5, patience=6)  # as sasrec_recipes.py and paper/01 train it
    return matching_record(ROOT/'results'/'paper'/f'sasrec_{ds}_bce_seed{seed}.json', defaults={'train_config': asdict(TrainConfig())},
                           train_config=asdict(cfg), data_checksum=split.checksum,
                           model_params=dict(n_items=split.n_items, **MSMREC_SASREC, **hp))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--datasets', nargs='+', default=['ml-100k', 'ml-1m-sas'])
    ap.add_argument('--recipe', default=None, help='default: the recipe chosen on validation (benchmarks/results/sasrec_recipes_ml-100k.csv)')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--timing-epochs', type=int, default=3)
    a = ap.parse_args()
    chosen = chosen_recipe(required=a.recipe is None)  # `--recipe` runs without the comparison
    recipe = a.recipe or chosen
    stem = 'sasrec_benchmark' if recipe == chosen else f'sasrec_benchmark_{recipe}'  # another recipe never overwrites the chosen one's figures
    rows = []
    for ds in a.datasets:
        split = seq_split(load_dataset(ds))
        sec, ev, mem = our_timing(split, recipe, a.timing_epochs)
        ref_sec = ref_epoch_seconds(split, epochs=a.timing_epochs, seed=a.seed)
        ours = our_result(ds, recipe, a.seed, split)
        ref = result(OUT/f'ref_pmixer_sasrec_{ds}_seed{a.seed}.json')
        for mine, name, r, s in ((True, f'modrec SASRec ({recipe})', ours, sec), (False, 'reference SASRec (pmixer recipe)', ref, ref_sec)):
            n_seq = sum(len(t) > 1 for t in split.train) if mine else max(1, split.n_users // 128) * 128  # training sequences per epoch
            row = {'dataset': ds, 'implementation': name, 'users': split.n_users, 'items': split.n_items, 'seed': a.seed,
                   'trained': r is not None, 'best epoch': r and r['best_epoch'],
                   **{m: (r['test'][m] if r else float('nan')) for m in ('HR@10', 'NDCG@10', 'HR@100')},
                   's/epoch': s, 'time vs reference': s / ref_sec, 'sequences/epoch': n_seq, 'ms per sequence': 1000 * s / n_seq,
                   'eval all users (s)': ev if mine else float('nan'), 'peak RSS (MiB)': mem if mine else float('nan'),
                   'threads': torch.get_num_threads(), 'load avg': os.getloadavg()[0], 'data checksum': split.checksum[:12]}
            if mine:
                for k, (op, v) in TARGETS.get(ds, {}).items():
                    row[f'target {k}'] = f"{op} {v}: " + ('not trained' if row[k] != row[k] else 'met' if (row[k] >= v if op == '>=' else row[k] <= v) else 'NOT met')
            rows.append(row); print(json.dumps(row, default=str), flush=True)
    df = pd.DataFrame(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    df.to_csv(OUT/f'{stem}.csv', index=False)
    how = ', chosen on ML-100K validation' if recipe == chosen else f"; chosen on ML-100K validation: {f'`{chosen}`' if chosen else 'none yet'}"
    (OUT/f'{stem}.md').write_text(
        f"modrec SASRec (recipe `{recipe}`{how}) vs the reference PyTorch SASRec (pmixer recipe, reproduced in "
        f"benchmarks/ref_pmixer_sasrec.py), same split, {torch.get_num_threads()} threads, one run; s/epoch: mean over {a.timing_epochs - 1} "
        "epochs after a warm-up (ours includes negative sampling, the reference's Python sampler is excluded); accuracy: test of the "
        "validation-selected state, full ranking, history masked, from the result files.\n\n"
        + df.T.to_markdown(floatfmt='.4f') + '\n')
    print(df.T.to_string())

if __name__ == '__main__': main()
