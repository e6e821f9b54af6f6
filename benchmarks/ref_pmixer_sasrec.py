"""The reference PyTorch SASRec (pmixer/SASRec.pytorch) reproduced for side-by-side benchmarks.

pmixer's repository is not a package, so its recipe is rebuilt here from its description in
`../shared/docs/PROTOCOLS.md`: `nn.MultiheadAttention` blocks (dropout on the attention weights) with
queries from the layer-normed input, a Conv1d point-wise feed-forward, item embeddings scaled by sqrt(d) plus
learned positions, Xavier-normal init, BCE with one sampled negative per position, Adam(lr 1e-3, betas 0.9 /
0.98), constant learning rate, batch 128 of users drawn with replacement, `n_users // 128` batches per epoch,
and its per-user Python sampler. It is trained and evaluated on modrec's leave-one-out split with modrec's
full-ranking evaluator (history masked), so the two implementations differ only in their own code.

Timing (`epoch_seconds`) covers the reference's training steps; its batches are drawn beforehand, so its
Python sampler (which the original runs in background processes) is not counted against it.

    MODREC_DATA=../shared/data python benchmarks/ref_pmixer_sasrec.py --dataset ml-100k --epochs 200
"""
import argparse, json, math, time
from pathlib import Path
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from tqdm.auto import tqdm
from modrec.core import seed_everything, save_json
from modrec.data.movielens import load_dataset
from modrec.data.splits import seq_split
from modrec.eval.metrics import summarise
from modrec.models.base import Recommender
from modrec.train.seq import evaluate_seq

ROOT = Path(__file__).resolve().parent.parent

class PointWiseFF(nn.Module):
    "pmixer's feed-forward: Conv1d(k=1) -> dropout -> ReLU -> Conv1d -> dropout, plus the input."
    def __init__(self, d, p):
        super().__init__()
        self.c1, self.c2 = nn.Conv1d(d, d, 1), nn.Conv1d(d, d, 1)
        self.d1, self.d2 = nn.Dropout(p), nn.Dropout(p)
    def forward(self, x):
        y = self.d2(self.c2(F.relu(self.d1(self.c1(x.transpose(-1, -2))))))
        return y.transpose(-1, -2) + x

class RefSASRec(Recommender):
    "pmixer's SASRec network; `forward(seq)` returns the per-position features [B, L, d] (modrec's contract, for evaluation)."
    def __init__(self, *, n_items, maxlen=200, d=50, n_blocks=2, n_heads=1, dropout=0.2):
        super().__init__()
        self.n_items, self.d = n_items, d
        self.item_emb = nn.Embedding(n_items + 1, d, padding_idx=0)
        self.pos_emb = nn.Embedding(maxlen + 1, d, padding_idx=0)
        self.emb_dropout = nn.Dropout(dropout)
        self.attn_ln = nn.ModuleList(nn.LayerNorm(d, eps=1e-8) for _ in range(n_blocks))
        self.attn = nn.ModuleList(nn.MultiheadAttention(d, n_heads, dropout) for _ in range(n_blocks))
        self.ff_ln = nn.ModuleList(nn.LayerNorm(d, eps=1e-8) for _ in range(n_blocks))
        self.ff = nn.ModuleList(PointWiseFF(d, dropout) for _ in range(n_blocks))
        self.last_ln = nn.LayerNorm(d, eps=1e-8)
        for p in self.parameters():
            if p.dim() > 1: nn.init.xavier_normal_(p)
        with torch.no_grad(): self.item_emb.weight[0].zero_(); self.pos_emb.weight[0].zero_()

    def forward(self, seq, last_only=False):
        x = self.item_emb(seq) * math.sqrt(self.d)
        pos = torch.arange(1, seq.shape[1] + 1, device=seq.device).expand_as(seq) * (seq != 0)
        x = self.emb_dropout(x + self.pos_emb(pos))
        L = seq.shape[1]
        mask = ~torch.tril(torch.ones(L, L, dtype=torch.bool, device=seq.device))
        for ln, attn, fln, ff in zip(self.attn_ln, self.attn, self.ff_ln, self.ff):
            x = x.transpose(0, 1)
            q = ln(x)
            a, _ = attn(q, x, x, attn_mask=mask)
            x = (q + a).transpose(0, 1)
            x = ff(fln(x))
        x = self.last_ln(x)
        return x[:, -1:] if last_only else x  # (the reference computes every position)

    def score(self, h, items):
        e = self.item_emb(items)
        return (e * h.unsqueeze(-2)).sum(-1) if e.dim() == h.dim() + 1 else (e * h).sum(-1)

    def score_all(self, h): return h @ self.item_emb.weight.T

def ref_batches(split, maxlen, batch_size, rng):
    "One epoch of pmixer's sampler: `n_users // batch_size` batches of users drawn with replacement, negatives outside each user's items."
    users = [u for u in range(split.n_users) if len(split.train[u]) > 1]
    for _ in range(max(1, split.n_users // batch_size)):
        seq, pos, neg = (np.zeros((batch_size, maxlen), np.int64) for _ in range(3))
        for r, u in enumerate(rng.choice(users, batch_size)):
            items = split.train[u]; seen = set(items.tolist())
            nxt, idx = items[-1], maxlen - 1
            for i in items[:-1][::-1]:
                seq[r, idx], pos[r, idx] = i, nxt
                t = rng.integers(1, split.n_items + 1)
                while t in seen: t = rng.integers(1, split.n_items + 1)
                neg[r, idx] = t; nxt = i; idx -= 1
                if idx == -1: break
        yield torch.from_numpy(seq), torch.from_numpy(pos), torch.from_numpy(neg)

def ref_step(model, opt, batch):
    "pmixer's training step: BCE on the positive and the negative logit at every non-padding position."
    seq, pos, neg = batch
    h = model(seq); m = pos != 0
    pl, nl = model.score(h, pos)[m], model.score(h, neg)[m]
    loss = F.binary_cross_entropy_with_logits(pl, torch.ones_like(pl)) + F.binary_cross_entropy_with_logits(nl, torch.zeros_like(nl))
    opt.zero_grad(); loss.backward(); opt.step()
    return loss.item()

def ref_model_opt(split, seed, maxlen=200):
    seed_everything(seed)
    model = RefSASRec(n_items=split.n_items, maxlen=maxlen)
    return model, torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98))

def ref_epoch_seconds(split, epochs=4, seed=0, maxlen=200):
    "Mean seconds per training epoch of the reference (first epoch excluded as warm-up), batches drawn beforehand."
    model, opt = ref_model_opt(split, seed, maxlen); model.train()
    rng = np.random.default_rng(seed)
    secs = []
    for _ in range(epochs):
        bs = list(ref_batches(split, maxlen, 128, rng))
        t0 = time.perf_counter()
        for b in bs: ref_step(model, opt, b)
        secs.append(time.perf_counter() - t0)
    return float(np.mean(secs[1:] if len(secs) > 1 else secs))

def ref_train(split, *, epochs=200, eval_every=20, seed=0, maxlen=200, ks=(10, 20, 100)):
    "Train the reference for `epochs`, validate every `eval_every` (pmixer's cadence), test the best validation state once."
    model, opt = ref_model_opt(split, seed, maxlen)
    rng = np.random.default_rng(seed)
    best, best_state, best_epoch, hist, secs = -1., None, 0, [], []
    for ep in tqdm(range(1, epochs + 1), desc='reference epochs'):
        model.train(); bs = list(ref_batches(split, maxlen, 128, rng))
        t0 = time.perf_counter(); loss = float(np.mean([ref_step(model, opt, b) for b in bs])); secs.append(time.perf_counter() - t0)
        if ep % eval_every and ep != epochs: continue
        val = summarise({k: v for k, v in evaluate_seq(model, split, 'valid', maxlen, ks).items() if k != 'user'})
        hist.append({'epoch': ep, 'loss': loss, **val})
        if val['NDCG@10'] > best: best, best_epoch, best_state = val['NDCG@10'], ep, {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    test = summarise({k: v for k, v in evaluate_seq(model, split, 'test', maxlen, ks).items() if k != 'user'})
    return {'name': 'pmixer SASRec (reproduced)', 'seed': seed, 'epochs': epochs, 'eval_every': eval_every, 'best_epoch': best_epoch,
            'valid': next(h for h in hist if h['epoch'] == best_epoch), 'test': test, 'history': hist,
            'seconds_per_epoch': float(np.mean(secs)), 'threads': torch.get_num_threads(), 'data_checksum': split.checksum}

def cached_ref_train(ds, split, *, epochs=200, seed=0):
    "`ref_train` into `benchmarks/results/ref_pmixer_sasrec_{ds}_seed{seed}.json`, reused when epochs, seed and data are unchanged."
    out = ROOT/'benchmarks'/'results'/f'ref_pmixer_sasrec_{ds}_seed{seed}.json'
    if out.exists():
        r = json.loads(out.read_text())
        if (r['epochs'], r['seed'], r['data_checksum']) == (epochs, seed, split.checksum): return r
    r = ref_train(split, epochs=epochs, seed=seed); r['dataset'] = ds
    save_json(r, out)
    return r

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--dataset', default='ml-100k'); ap.add_argument('--epochs', type=int, default=200); ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    r = cached_ref_train(a.dataset, seq_split(load_dataset(a.dataset)), epochs=a.epochs, seed=a.seed)
    print(json.dumps({k: r[k] for k in ('best_epoch', 'valid', 'test', 'seconds_per_epoch')}, indent=1))
