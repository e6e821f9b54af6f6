"""Where a SASRec training step and a full-ranking evaluation spend their time (torch profiler, CPU).

One ML-1M training step (batch 128 x maxlen 200, BCE with sampled negatives, Adam) with and without dropout on
the attention weights, and one evaluation of every user; prints and writes the top operators to
`benchmarks/results/sasrec_profile.md` (`sasrec_profile_{recipe}.md` for a recipe other than `pmixer`, whose model
keywords, e.g. `dropout_impl`, the model then takes; the optimiser stays Adam with betas 0.9 / 0.98).

    MODREC_DATA=../shared/data python benchmarks/sasrec_profile.py [--recipe pmixer-bits]
"""
import argparse, time
from pathlib import Path
import pandas as pd
import torch
from torch.profiler import profile, ProfilerActivity
from modrec.data.movielens import load_dataset
from modrec.data.splits import seq_split
from modrec.models.sasrec import SASRec, MSMREC_SASREC
from modrec.train.seq import seq_train_data, seq_batches, bce_loss, evaluate_seq, seq_recipe

OUT = Path(__file__).resolve().parent/'results'

def top_ops(prof, n):
    rows = [{'operator': e.key, 'self CPU (ms)': e.self_cpu_time_total / 1e3, 'calls': e.count} for e in prof.key_averages()]
    df = pd.DataFrame(rows).sort_values('self CPU (ms)', ascending=False)
    df['share'] = df['self CPU (ms)'] / df['self CPU (ms)'].sum()
    return df.head(n)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dataset', default='ml-1m-sas'); ap.add_argument('--steps', type=int, default=3); ap.add_argument('--top', type=int, default=8)
    ap.add_argument('--recipe', default='pmixer', help="a SEQ_RECIPES key; its model keywords apply (attention dropout set per section)")
    a = ap.parse_args()
    hp = seq_recipe(a.recipe)[1]
    split = seq_split(load_dataset(a.dataset))
    data = seq_train_data(split, 200)
    batches = list(seq_batches(data, 128)(torch.Generator().manual_seed(0)))[:a.steps + 1]
    parts = [f"{a.dataset}, {torch.get_num_threads()} threads, torch {torch.__version__}"
             + (f", recipe {a.recipe} (model {hp})" if a.recipe != 'pmixer' else '') + "; self CPU time of the top operators\n"]
    for attn in (0.2, 0.0):
        torch.manual_seed(0)
        m = SASRec(n_items=split.n_items, **{**MSMREC_SASREC, **hp, 'attn_dropout': attn}).train()
        opt = torch.optim.Adam(m.parameters(), 1e-3, betas=(0.9, 0.98))
        def step(b):
            loss = bce_loss(m, b)['bce']; opt.zero_grad(); loss.backward(); opt.step()
        step(batches[0])
        t0 = time.perf_counter()
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            for b in batches[1:]: step(b)
        sec = (time.perf_counter() - t0) / a.steps
        parts.append(f"\n## training step, attention dropout {attn}: {sec:.3f} s/step (profiled)\n\n" + top_ops(prof, a.top).to_markdown(index=False, floatfmt='.3f') + '\n')
    m.eval(); evaluate_seq(m, split, 'test', 200, batch_size=512)
    t0 = time.perf_counter()
    with profile(activities=[ProfilerActivity.CPU]) as prof: evaluate_seq(m, split, 'test', 200, batch_size=512)
    parts.append(f"\n## evaluation of all {split.n_users} users (batch 512): {time.perf_counter() - t0:.3f} s (profiled)\n\n"
                 + top_ops(prof, a.top).to_markdown(index=False, floatfmt='.3f') + '\n')
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT/('sasrec_profile.md' if a.recipe == 'pmixer' else f'sasrec_profile_{a.recipe}.md')).write_text(''.join(parts))
    print(''.join(parts))

if __name__ == '__main__': main()
