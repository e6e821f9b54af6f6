"""Speed of the RAG-VisualRec retrieval path on ml-latest-small (targets: fusion + indexing of all items < 5 s,
retrieval for all users < 1 s), and the recall of the HNSW index against the exact one.

Uses the real item vectors (MiniLM text of each movie's metadata + MMTF visuals, temporal split of
`paper/20_ragvisualrec_retrieval`), times every fusion (best of 3 after one warm-up) and exact / HNSW retrieval of
the top 10 unseen items for every user. Prints and writes benchmarks/results/ragvisualrec_speed.{csv,md};
asserts nothing.

    MODREC_DATA=../shared/data python benchmarks/ragvisualrec_bench.py
"""
import time
from pathlib import Path
import numpy as np
import pandas as pd
from modrec.data.multimodal import movielens_mm
from modrec.llm.content import item_text
from modrec.llm.encoders import SENTENCE_ENCODERS
from modrec.models.retrieval import fuse, build_index, index_recall, user_profiles, retrieve

OUT = Path(__file__).resolve().parent/'results'

def best_of(f, n=3):
    f(); ts = []
    for _ in range(n):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return min(ts)

def main():
    data = movielens_mm('ml-latest-small-mm', temporal=True)
    tr = data.inter[data.inter.split != 'test']
    T = np.asarray(SENTENCE_ENCODERS['all-MiniLM-L6-v2']().encode([item_text(r) for r in data.items.to_dict('records')]), dtype=np.float32)
    VIS = data.features['visual'][1:]
    fit_rows = np.sort(data.inter[data.inter.split == 'train'].item_id.unique()) - 1
    u, r, t = tr.user_id.values, tr.item_id.values - 1, tr.timestamp.values / 86400.
    rows = []
    for method, dim in [('concat', None), ('pca', 64), ('cca', 64)]:
        V = fuse(T, VIS, method, dim, fit_rows)
        P = user_profiles(u, r, t, V, data.n_users, 180.)
        exact, hnsw = build_index(V), build_index(V, 'hnsw')
        rows.append({'fusion': method, 'items': data.n_items, 'users': data.n_users,
                     'fusion + exact index, all items (s)': best_of(lambda: build_index(fuse(T, VIS, method, dim, fit_rows))),
                     'fusion + HNSW index (s)': best_of(lambda: build_index(fuse(T, VIS, method, dim, fit_rows), 'hnsw')),
                     'retrieval top-10, all users, exact (s)': best_of(lambda: retrieve(exact, P, u, r, 10)),
                     'retrieval top-10, all users, HNSW (s)': best_of(lambda: retrieve(hnsw, P, u, r, 10)),
                     'HNSW recall@10 vs exact': index_recall(hnsw, exact, P, 10)})
    df = pd.DataFrame(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    df.to_csv(OUT/'ragvisualrec_speed.csv', index=False)
    note = 'targets: fusion + indexing of all items < 5 s; retrieval for all users < 1 s (2-core CPU, text vectors precomputed)\n\n'
    (OUT/'ragvisualrec_speed.md').write_text(note + df.to_markdown(index=False, floatfmt='.4f') + '\n')
    print(note + df.to_markdown(index=False, floatfmt='.4f'))

if __name__ == '__main__': main()
