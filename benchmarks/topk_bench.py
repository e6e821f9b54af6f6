"""Speed of the general top-K family against reference implementations, side by side on the same split.

- LightGCN: ours vs RecBole 1.2.1 (run in its own venv, `--recbole-python`, since RecBole needs numpy<2).
- FREEDOM: ours vs MMRec's FREEDOM logic reproduced below (COO `torch.sparse.mm`, dense kNN similarity,
  per-epoch degree-sensitive pruning), as MMRec itself is not installable here.
Both sides train the same number of epochs with the same hyper-parameters (d 64, batch 2048, Adam 1e-3) and are
then evaluated once on the test split (full ranking), so the accuracy columns compare equal budgets. Each
measurement runs in its own process (peak memory is the process's peak RSS). Also times the full-ranking
evaluation of all users of each dataset. Writes benchmarks/results/topk_speed.{csv,md}; targets are printed,
never asserted.

The RecBole venv (once; RecBole 1.2.1 needs numpy<2, so it cannot share modrec's venv):

    python3 -m venv ~/.cache/modrec/recbole-venv
    ~/.cache/modrec/recbole-venv/bin/pip install torch==2.13.0 recbole==1.2.1 "numpy<2" "pandas<3" "scipy<1.12"
    MODREC_DATA=../shared/data .venv/bin/python benchmarks/topk_bench.py --recbole-python ~/.cache/modrec/recbole-venv/bin/python

RecBole's peak memory is not recorded (it runs in that venv's process, whose RSS this script does not read).
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT/'benchmarks'/'results'

class MMRecFREEDOM(nn.Module):
    "FREEDOM as MMRec writes it (COO tensors, dense kNN similarity, masked adjacency rebuilt each epoch)."
    def __init__(self, n_users, n_items, users, items, feats, d=64, knn_k=10, mm_image_weight=0.1, dropout=0.8, reg_weight=1e-4):
        super().__init__()
        self.n_users, self.n_items, self.dropout, self.reg_weight = n_users, n_items, dropout, reg_weight
        self.user_embedding, self.item_id_embedding = nn.Embedding(n_users, d), nn.Embedding(n_items, d)
        nn.init.xavier_uniform_(self.user_embedding.weight); nn.init.xavier_uniform_(self.item_id_embedding.weight)
        self.edge_indices = torch.stack([users, items])
        self.edge_values = self._norm(self.edge_indices, (n_users, n_items))
        self.norm_adj = self._bipartite(self.edge_indices, self.edge_values)
        self.feats = [nn.Embedding.from_pretrained(f, freeze=False) for f in feats]
        for i, e in enumerate(self.feats): self.add_module(f'feat{i}', e)
        self.trs = nn.ModuleList(nn.Linear(f.shape[1], d) for f in feats)
        adjs = [self._knn(f, knn_k) for f in feats]
        self.mm_adj = mm_image_weight * adjs[0] + (1 - mm_image_weight) * adjs[1]
        self.masked_adj = None
    def _norm(self, idx, size):
        adj = torch.sparse_coo_tensor(idx, torch.ones(idx.shape[1]), size)
        r = (1e-7 + torch.sparse.sum(adj, -1).to_dense()).pow(-0.5); c = (1e-7 + torch.sparse.sum(adj.t(), -1).to_dense()).pow(-0.5)
        return r[idx[0]] * c[idx[1]]
    def _bipartite(self, idx, vals):
        idx = idx.clone(); idx[1] += self.n_users
        return torch.sparse_coo_tensor(torch.cat([idx, idx.flip(0)], 1), torch.cat([vals, vals]), (self.n_users + self.n_items,) * 2).coalesce()
    def _knn(self, f, k):
        x = f / f.norm(dim=-1, keepdim=True)
        ind = (x @ x.T).topk(k, dim=-1).indices
        idx = torch.stack([torch.arange(len(f)).unsqueeze(1).expand(-1, k).flatten(), ind.flatten()])
        adj = torch.sparse_coo_tensor(idx, torch.ones(idx.shape[1]), (len(f), len(f)))
        r = (1e-7 + torch.sparse.sum(adj, -1).to_dense()).pow(-0.5)
        return torch.sparse_coo_tensor(idx, r[idx[0]] * r[idx[1]], (len(f), len(f))).coalesce()
    def pre_epoch_processing(self):
        keep = torch.multinomial(self.edge_values, int(len(self.edge_values) * (1 - self.dropout)))
        idx = self.edge_indices[:, keep]
        self.masked_adj = self._bipartite(idx, self._norm(idx, (self.n_users, self.n_items)))
    def forward(self, adj):
        h = self.item_id_embedding.weight
        h = torch.sparse.mm(self.mm_adj, h)
        ego = torch.cat([self.user_embedding.weight, self.item_id_embedding.weight]); outs = [ego]
        for _ in range(2): ego = torch.sparse.mm(adj, ego); outs.append(ego)
        allm = torch.stack(outs, 1).mean(1)
        u, i = torch.split(allm, [self.n_users, self.n_items])
        return u, i + h
    def calculate_loss(self, u, p, n):
        ua, ia = self.forward(self.masked_adj)
        bpr = lambda x, a, b: -F.logsigmoid((x * a).sum(1) - (x * b).sum(1)).mean()
        loss = bpr(ua[u], ia[p], ia[n])
        for e, t in zip(self.feats, self.trs):
            f = t(e.weight); loss = loss + self.reg_weight * bpr(ua[u], f[p], f[n])
        return loss

def child(args):
    "One measurement in this process; prints a JSON line."
    from modrec.data.multimodal import load_topk
    from modrec.models.general import GENERAL_MODELS
    from modrec.train.loop import fit
    from modrec.train.pairwise import pair_batches, bpr_loss, evaluate_topk, sample_unseen
    torch.manual_seed(0)
    d = load_topk(args.dataset); tr = d.part('train')
    u, i = torch.tensor(tr.user_id.values), torch.tensor(tr.item_id.values)
    feats = {k: torch.from_numpy(v) for k, v in d.features.items()}
    hp = {'feature_weights': [0.1, 0.9]} if args.model == 'FREEDOM' else {}
    if args.impl == 'ours':
        m = GENERAL_MODELS[args.model].from_interactions(n_users=d.n_users, n_items=d.n_items, users=u, items=i, features=feats, **hp)
        fr = fit(m, batches=pair_batches(d, 2048), loss_fn=bpr_loss, validate=lambda mm: {'none': 0.}, monitor='none',
                 epochs=args.epochs, eval_every=args.epochs, scheduler='none', progress=False)  # one validation, at the end: the last state is kept
        secs = fr.epoch_seconds
        t0 = time.perf_counter(); ev = evaluate_topk(m, d, 'test', (10, 20)); ev_s = time.perf_counter() - t0
        test = {k: float(v.mean()) for k, v in ev.items() if k != 'user'}
    else:  # the MMRec-style FREEDOM: its own epoch loop, same batches and negatives as ours
        i0 = i - 1  # MMRec numbers items from 0 and has no padding row
        m = MMRecFREEDOM(d.n_users, d.n_items, u, i0, [f[1:].float() for f in feats.values()])
        opt = torch.optim.Adam(m.parameters(), lr=1e-3)
        keys = (u * (d.n_items + 1) + i).sort().values; gen = torch.Generator().manual_seed(0); secs = []
        for _ in range(args.epochs):
            t0 = time.perf_counter(); m.train(); m.pre_epoch_processing()
            for b in torch.randperm(len(u), generator=gen).split(2048):
                neg = sample_unseen(u[b], keys, d.n_items, gen) - 1
                loss = m.calculate_loss(u[b], i0[b], neg); opt.zero_grad(); loss.backward(); opt.step()
            secs.append(time.perf_counter() - t0)
        m.eval(); t0 = time.perf_counter()
        with torch.no_grad():
            ua, ia = m.forward(m.norm_adj)
            class _Wrap(nn.Module):
                def __init__(s): super().__init__(); s.w = nn.Parameter(torch.zeros(1))
                def forward(s, users): return ua[users]
                def score_all(s, h): return torch.cat([torch.zeros(len(h), 1), h @ ia.T], 1)  # column 0: padding
            ev = evaluate_topk(_Wrap(), d, 'test', (10, 20))
        ev_s = time.perf_counter() - t0
        test = {k: float(v.mean()) for k, v in ev.items() if k != 'user'}
    print(json.dumps({'epoch_seconds': secs, 'eval_seconds': ev_s, 'test': test,
                      'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'threads': torch.get_num_threads()}))

def run_child(dataset, model, impl, epochs):
    out = subprocess.run([sys.executable, __file__, '--child', '--dataset', dataset, '--model', model, '--impl', impl, '--epochs', str(epochs)],
                         capture_output=True, text=True, check=True, env={**os.environ, 'PYTHONWARNINGS': 'ignore'})
    return json.loads(out.stdout.strip().splitlines()[-1])

def run_recbole(py, dataset, epochs):
    from modrec.data.multimodal import load_topk
    from modrec.data.atomic import write_atomic
    d = load_topk(dataset)
    with tempfile.TemporaryDirectory() as tmp:
        for s, suffix in (('train', 'train'), ('valid', 'valid'), ('test', 'test')):
            write_atomic(d.part(s)[['user_id', 'item_id']], Path(tmp)/dataset/f'{dataset}.{suffix}.inter')
        out = subprocess.run([py, str(Path(__file__).parent/'ref_recbole_lightgcn.py'), tmp, dataset, str(epochs)],
                             capture_output=True, text=True, cwd=tmp, env={**os.environ, 'PYTHONWARNINGS': 'ignore'})  # RecBole logs into its cwd
        if out.returncode: raise RuntimeError(f"RecBole reference failed:\n{out.stderr[-3000:]}")
        r = json.loads(out.stdout.strip().splitlines()[-1])
        r['test'] = {k.replace('recall', 'Recall').replace('ndcg', 'NDCG'): v for k, v in r['test'].items()}
        return r

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--child', action='store_true'); ap.add_argument('--dataset'); ap.add_argument('--model'); ap.add_argument('--impl')
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--lightgcn-datasets', nargs='+', default=['amazon-baby', 'amazon-sports'])
    ap.add_argument('--freedom-datasets', nargs='+', default=['tiktok'])
    ap.add_argument('--recbole-python', default=str(Path.home()/'.cache'/'modrec'/'recbole-venv'/'bin'/'python'))
    a = ap.parse_args()
    if a.child: return child(a)
    rows = []
    def row(model, ds, impl, r):
        sec = float(np.mean(r['epoch_seconds'][1:] or r['epoch_seconds']))  # the first epoch warms caches
        return {'model': model, 'dataset': ds, 'implementation': impl, 'epochs': len(r['epoch_seconds']), 's/epoch': sec,
                'eval all test users (s)': r['eval_seconds'], 'Recall@20 after the same epochs': r['test'].get('Recall@20'),
                'NDCG@20': r['test'].get('NDCG@20'), 'peak RSS (MiB)': r.get('peak_rss_mb'), 'threads': r.get('threads')}
    for ds in a.lightgcn_datasets:
        ours = row('LightGCN', ds, 'modrec', run_child(ds, 'LightGCN', 'ours', a.epochs)); rows.append(ours); print(ours, flush=True)
        if Path(a.recbole_python).exists():
            ref = row('LightGCN', ds, 'RecBole 1.2.1', run_recbole(a.recbole_python, ds, a.epochs)); rows.append(ref); print(ref, flush=True)
        else: print(f'no RecBole venv at {a.recbole_python}: reference skipped')
    for ds in a.freedom_datasets:
        for impl, label in (('ours', 'modrec'), ('mmrec', 'MMRec logic (reproduced)')):
            r = row('FREEDOM', ds, label, run_child(ds, 'FREEDOM', impl, a.epochs)); rows.append(r); print(r, flush=True)
    df = pd.DataFrame(rows)
    base = df.groupby(['model', 'dataset'])['s/epoch'].transform(lambda s: s.iloc[-1])  # the reference is listed last
    df['time vs reference'] = df['s/epoch'] / base
    OUT.mkdir(parents=True, exist_ok=True)
    df.to_csv(OUT/'topk_speed.csv', index=False)
    note = (f"{a.epochs} epochs each, same split, d 64, batch 2048, Adam 1e-3, {torch.get_num_threads()} threads, load avg {os.getloadavg()[0]:.2f}; "
            "target: modrec's s/epoch <= 0.5x the reference at equal or better Recall@20; full-ranking evaluation of all Amazon Sports users < 5 s\n\n")
    (OUT/'topk_speed.md').write_text(note + df.to_markdown(index=False, floatfmt='.4g') + '\n')
    print(df.to_string())

if __name__ == '__main__': main()
