"""Reference timing: RecBole 1.2.1's LightGCN on a fixed split written as RecBole benchmark files.

Run by benchmarks/topk_bench.py with the Python of a separate venv that has recbole==1.2.1 (it needs numpy<2):
    python ref_recbole_lightgcn.py DATA_DIR DATASET EPOCHS
DATA_DIR/DATASET/DATASET.{train,valid,test}.inter hold `user_id:token item_id:token`. Prints one JSON line:
seconds of each training epoch, seconds of one full-ranking test evaluation, and the test metrics after EPOCHS.
"""
import json, os, sys, time
os.environ.setdefault('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', '1')
import torch
from recbole.config import Config
from recbole.data import create_dataset, data_preparation
from recbole.model.general_recommender import LightGCN
from recbole.trainer import Trainer
from recbole.utils import init_seed

def main(data_dir, name, epochs):
    torch.set_num_threads(int(os.environ.get('REF_THREADS', torch.get_num_threads())))
    cfg = Config(model='LightGCN', dataset=name, config_dict={
        'data_path': data_dir, 'benchmark_filename': ['train', 'valid', 'test'],
        'USER_ID_FIELD': 'user_id', 'ITEM_ID_FIELD': 'item_id', 'load_col': {'inter': ['user_id', 'item_id']},
        'embedding_size': 64, 'n_layers': 3, 'reg_weight': 1e-4, 'learning_rate': 1e-3, 'train_batch_size': 2048,
        'train_neg_sample_args': {'distribution': 'uniform', 'sample_num': 1, 'alpha': 1.0, 'dynamic': False, 'candidate_num': 0},
        'eval_args': {'group_by': 'user', 'order': 'RO', 'mode': 'full'}, 'metrics': ['Recall', 'NDCG'], 'topk': [10, 20],
        'valid_metric': 'Recall@20', 'eval_batch_size': 4096, 'epochs': epochs, 'seed': 0, 'reproducibility': True,
        'device': 'cpu', 'use_gpu': False, 'show_progress': False, 'checkpoint_dir': os.path.join(data_dir, 'ckpt'),
        'log_wandb': False, 'state': 'ERROR'})
    init_seed(cfg['seed'], cfg['reproducibility'])
    ds = create_dataset(cfg)
    train, valid, test = data_preparation(cfg, ds)
    model = LightGCN(cfg, train.dataset).to(cfg['device'])
    tr = Trainer(cfg, model)
    secs = []
    for ep in range(epochs):
        t0 = time.perf_counter(); tr._train_epoch(train, ep, show_progress=False); secs.append(time.perf_counter() - t0)
    t0 = time.perf_counter(); res = tr.evaluate(test, load_best_model=False, show_progress=False); ev = time.perf_counter() - t0
    print(json.dumps({'epoch_seconds': secs, 'eval_seconds': ev, 'test': {k: float(v) for k, v in res.items()},
                      'users': ds.user_num - 1, 'items': ds.item_num - 1, 'threads': torch.get_num_threads()}))

if __name__ == '__main__': main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
