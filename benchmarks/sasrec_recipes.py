"""SASRec training recipes compared on validation (issue: SASRec at the anchors).

Each recipe is an optimiser / schedule / epoch cap plus the attention-dropout switch, trained on the same
leave-one-out split with the same model (MSMRec protocol: maxlen 200, d 50, 2 blocks, 1 head, dropout 0.2),
early-stopped on validation NDCG@10. The recipe with the best *validation* NDCG@10 is the one the paper chain
uses; test metrics are printed beside it for the record, never used to choose. Result files go to
`results/paper/recipes/` (reused when parameters, seed and data are unchanged; killed runs resume).

    MODREC_DATA=../shared/data python benchmarks/sasrec_recipes.py --dataset ml-100k
"""
import argparse, itertools
from pathlib import Path
import pandas as pd
from modrec.data.movielens import load_dataset
from modrec.data.splits import seq_split
from modrec.models.sasrec import SASRec, MSMREC_SASREC
from modrec.train.seq import cached_seq_experiment, seq_recipe, SEQ_RECIPES

ROOT = Path(__file__).resolve().parent.parent

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dataset', default='ml-100k'); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--recipes', nargs='+', default=list(SEQ_RECIPES))
    ap.add_argument('--eval-every', type=int, default=5); ap.add_argument('--patience', type=int, default=6)
    a = ap.parse_args()
    split = seq_split(load_dataset(a.dataset))
    rows = []
    for seed, name in itertools.product(a.seeds, a.recipes):
        cfg, hp = seq_recipe(name, loss='bce', eval_every=a.eval_every, patience=a.patience)
        params = dict(n_items=split.n_items, **MSMREC_SASREC, **hp)
        r = cached_seq_experiment(lambda: SASRec(**params), split, cfg, model_params=params, seed=seed,
                                  name=f'SASRec-{name}', dataset=a.dataset, results_dir=ROOT/'results'/'paper'/'recipes')
        rows.append({'recipe': name, 'seed': seed, 'optimizer': cfg.optimizer, 'betas': tuple(cfg.betas), 'scheduler': cfg.scheduler,
                     'epoch cap': cfg.epochs, 'attn dropout': hp.get('attn_dropout', MSMREC_SASREC['dropout']), 'length buckets': cfg.length_buckets,
                     'best epoch': r['best_epoch'], 'epochs run': r['epochs_run'],
                     'valid NDCG@10': r['valid']['NDCG@10'], 'valid HR@10': r['valid']['HR@10'],
                     'test NDCG@10': r['test']['NDCG@10'], 'test HR@10': r['test']['HR@10'], 'test HR@100': r['test']['HR@100'],
                     's/epoch': r['seconds_per_epoch'], 'threads': r['threads']})
        print(rows[-1], flush=True)
    runs = pd.DataFrame(rows)
    keys = ['recipe', 'optimizer', 'betas', 'scheduler', 'epoch cap', 'attn dropout', 'length buckets']
    metrics = ['valid NDCG@10', 'valid HR@10', 'test NDCG@10', 'test HR@10', 'test HR@100']
    g = runs.groupby(keys, sort=False)
    df = g[metrics + ['s/epoch']].mean().reset_index()
    df.insert(len(keys), 'seeds', g.size().values)
    for m in metrics: df[f'{m} std'] = g[m].std().values
    df['best epochs'] = g['best epoch'].apply(list).values
    best = df.loc[df['valid NDCG@10'].idxmax(), 'recipe']
    df['chosen (validation)'] = df.recipe == best
    out = ROOT/'benchmarks'/'results'/f'sasrec_recipes_{a.dataset}'
    df.to_csv(out.with_suffix('.csv'), index=False); runs.to_csv(out.parent/f'{out.name}_runs.csv', index=False)
    out.with_suffix('.md').write_text(
        f"SASRec recipes on {a.dataset}, seeds {a.seeds} (mean over seeds; std columns): early stopping on validation NDCG@10 (every "
        f"{a.eval_every} epochs, patience {a.patience}); full ranking, history masked. Chosen by mean validation NDCG@10: **{best}** "
        "(test shown for the record only, never used to choose).\n\n"
        + df.to_markdown(index=False, floatfmt='.4f') + '\n\nPer run:\n\n' + runs.to_markdown(index=False, floatfmt='.4f') + '\n')
    print(df.to_string())

if __name__ == '__main__': main()
