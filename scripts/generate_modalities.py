#!/usr/bin/env python
"""LLM item texts for a dataset (MSMRec's nine modalities by default, any prompt template) with the local LLM, resumably.

  RAG on, all items:          .venv/bin/python scripts/generate_modalities.py --dataset ml-100k --rag
  RAG off, seeded sample:     .venv/bin/python scripts/generate_modalities.py --dataset ml-100k --no-rag --sample 300
  KAR knowledge, with RAG:    .venv/bin/python scripts/generate_modalities.py --dataset ml-100k --rag --template kar_knowledge
  faster, llama.cpp's C++ server: add --llama-server (after: bash scripts/build_llama_server.sh), and --parallel 4 for 4 slots
  quick check (3 items):      .venv/bin/python scripts/generate_modalities.py --dataset ml-100k --rag --limit 3 --out /tmp/gen3
  RAG-VisualRec descriptions: .venv/bin/python scripts/generate_modalities.py --dataset ml-latest-small --mmtf --no-rag \
      --template visualrec_description   (and --rag; every movie with trailer features; the prompt shows viewers' tags)
  LMMRec item motivations:    .venv/bin/python scripts/generate_modalities.py --dataset ml-100k --rag --template lmmrec_motivations
  LMMRec user motivations:    .venv/bin/python scripts/generate_modalities.py --dataset ml-100k --no-rag --users
    (one record per user: their latest training items, never a validation/test item of either LMMRec protocol)
  RAG-VisualRec LLM re-ranking: .venv/bin/python scripts/generate_modalities.py --dataset ml-latest-small --no-rag \
      --records results/paper/ragvisualrec_rerank_records/paper.jsonl.gz --template ragvisualrec_rerank_n20_top10
    (prompt records written by paper/20; any depth/top by name, modrec.llm.rerank.template_named; the pack is named
    after the records file: artifacts/llm/ragvisualrec_rerank_n20_top10-v1_ml-latest-small_paper.jsonl.gz)

Safe to kill and restart: every answer is cached atomically as it arrives (cache_dir('llm')/responses), the
committed pack (if any) is a read-only source, and a rerun asks the model only for the items not yet answered.
Every --pack-every items and at the end it (re)writes the pack `<out>/<run>.jsonl.gz` (all answers of this run,
merged with the pack's earlier entries) and the run record `<out>/<run>.run.json`; the per-item texts and the
failure table go to `<out>/<run>/`. Run it in the background with setsid + nohup (see --help epilog).
"""
from __future__ import annotations
import argparse, json, os, re, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def parse_args(argv=None):
    from modrec.llm.client import add_serving_args
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="background: setsid nohup .venv/bin/python scripts/generate_modalities.py --dataset ml-100k "
                                       "--rag > gen_rag.log 2>&1 < /dev/null &")
    p.add_argument('--dataset', default='ml-100k', help='dataset name for modrec.data.movielens.load_items')
    p.add_argument('--data-root', default=None, help='data root (default $MODREC_DATA)')
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument('--rag', dest='rag', action='store_true', help='retrieve passages (MSMREC_RAG template)')
    g.add_argument('--no-rag', dest='rag', action='store_false', help='no retrieval (MSMREC template)')
    p.add_argument('--template', default=None, help='prompt template name from modrec.llm.prompts.TEMPLATES, or a re-ranking '
                   'one ragvisualrec_rerank_n{N}_top{T} (default: msmrec_modalities_rag with --rag, msmrec_modalities with --no-rag)')
    p.add_argument('--users', action='store_true', help="LMMRec user motivations (template lmmrec_user_motivations): one prompt "
                   "per user over their training history (modrec.llm.motivations.lmmrec_histories), with their own tags where the "
                   "dataset has them (ml-latest-small)")
    p.add_argument('--records', default=None, metavar='FILE', help='prompt records from a JSON-lines file (.gz allowed; '
                   'modrec.llm.rerank.save_records, e.g. the re-ranking records paper/20 writes) instead of item records; '
                   'needs --template; the pack name ends with the file name without .jsonl[.gz]')
    p.add_argument('--max-history', type=int, default=20, help='--users: most recent training items per prompt')
    p.add_argument('--split-seed', type=int, default=0, help='--users: the 8:1:1 split whose validation/test items stay out of the prompts')
    p.add_argument('--sample', type=int, default=None, help='a seeded sample of N items (default: all items)')
    p.add_argument('--seed', type=int, default=0, help='sampling seed')
    p.add_argument('--limit', type=int, default=None, help='only the first N items (after sampling), for checks')
    p.add_argument('--mmtf', action='store_true', help='only the items with finite MMTF-14K trailer features (load_mmtf; '
                   'MovieLens ids: ml-latest-small, ml-1m), e.g. the RAG-VisualRec descriptions')
    p.add_argument('--k', type=int, default=3, help='passages per item (RAG)')
    p.add_argument('--overviews', default=None, help='knowledge-base CSV (default <data root>/ml-1m/overviews.csv)')
    p.add_argument('--repairs', type=int, default=1, help='repair requests for a malformed reply (a second pass over '
                   'failed items with more: earlier answers are cache hits, only the extra repairs are asked)')
    add_serving_args(p)
    p.add_argument('--out', default=str(ROOT/'artifacts'/'llm'), help='folder for the pack and the run record')
    p.add_argument('--pack-every', type=int, default=50, help='rewrite the pack and run record every N items')
    p.add_argument('--no-progress', action='store_true', help='no tqdm bar')
    return p.parse_args(argv)


def main(argv=None):
    "Generate (or resume) one pack; `argv` without the program name (default sys.argv[1:]); returns the run record."
    argv = sys.argv[1:] if argv is None else list(argv)
    a = parse_args(argv)
    command = ' '.join(['scripts/generate_modalities.py', *argv])
    # SIGTERM/SIGHUP -> a normal exit, so the local server is stopped and the pack written
    os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('TRANSFORMERS_OFFLINE', '1')
    from modrec.core import cache_dir, data_root, sha256_file
    from modrec.data.movielens import load_items
    from modrec.llm.client import LLMClient, ResponseCache, serving
    from modrec.llm.generate import generate_items, on_stop_signals, run_recorder, save_run
    from modrec.llm.prompts import MSMREC, MSMREC_RAG
    from modrec.llm.rerank import template_named

    if a.users and a.records: raise SystemExit("--users and --records exclude each other")
    if a.users:
        import pandas as pd
        from modrec.data.movielens import load_dataset, load_user_tags
        from modrec.llm.motivations import lmmrec_histories, user_history_records
        data = load_dataset(a.dataset, a.data_root)
        tags = load_user_tags(a.data_root) if a.dataset == 'ml-latest-small' else None  # the only set with per-user tags
        items = pd.DataFrame(user_history_records(lmmrec_histories(data, a.split_seed), data.items, tags, a.max_history))
        if a.template not in (None, 'lmmrec_user_motivations'): raise SystemExit("--users takes the template lmmrec_user_motivations")
        a.template = 'lmmrec_user_motivations'
    elif a.records:
        import pandas as pd
        from modrec.llm.rerank import load_records, check_rerank_records
        if a.template is None: raise SystemExit("--records needs --template (the template the records were written for)")
        try:
            recs = load_records(a.records)
            if a.template.startswith('ragvisualrec_rerank_'): check_rerank_records(recs, template_named(a.template))
        except (ValueError, KeyError) as e: raise SystemExit(f"--records {a.records}: {e}")
        if not recs: raise SystemExit(f"--records {a.records}: no records")
        items = pd.DataFrame(recs)
    else: items = load_items(a.dataset, a.data_root)
    if a.mmtf:
        if a.users or a.records: raise SystemExit("--mmtf selects items: not with --users or --records")
        from modrec.data.movielens import load_mmtf
        items = items[items.item_id.isin(load_mmtf(a.data_root, nonfinite='drop')[0])].reset_index(drop=True)
        if items.empty: raise SystemExit(f"--mmtf: no item of {a.dataset} has MMTF features (they are keyed by MovieLens ids)")
    if a.sample is not None:
        if not 0 < a.sample <= len(items): raise SystemExit(f"--sample must be in 1..{len(items)}, got {a.sample}")
        items = items.sample(n=a.sample, random_state=a.seed).sort_values('item_id').reset_index(drop=True)
    if a.limit is not None: items = items.head(a.limit)
    template = template_named(a.template) if a.template else (MSMREC_RAG if a.rag else MSMREC)
    if a.rag and template.context == 'none': raise SystemExit(f"template {template.name} takes no retrieved context: use --no-rag")
    if not a.rag and template.context == 'required': raise SystemExit(f"template {template.name} needs retrieval: use --rag")
    if getattr(template, 'item_tags', 0) and 'tags' not in items.columns:
        raise SystemExit(f"template {template.name} shows viewers' tags; {a.dataset} has none (ml-latest-small has them)")
    name = f"{template.name}{'_rag' if a.rag and template.context == 'optional' else ''}-v{template.version}_{a.dataset}" + ('_mmtf' if a.mmtf else '') + (f"_sample{a.sample}-seed{a.seed}" if a.sample else '') \
           + (f"_{re.sub(r'[.]jsonl([.]gz)?$', '', Path(a.records).name)}" if a.records else '') \
           + (f"_first{a.limit}" if a.limit else '') \
           + (f"_hist{a.max_history}-split{a.split_seed}" if a.users and (a.max_history, a.split_seed) != (20, 0) else '')
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    pack, record_path = out/f'{name}.jsonl.gz', out/f'{name}.run.json'
    kb = None
    if a.rag:
        from modrec.llm.rag import KnowledgeBase
        from modrec.llm.encoders import minilm_encoder
        ov = Path(a.overviews) if a.overviews else data_root(a.data_root)/'ml-1m'/'overviews.csv'
        t = time.perf_counter(); kb = KnowledgeBase.from_csv(ov, encoder=minilm_encoder())
        print(f"knowledge base {kb!r} in {time.perf_counter() - t:.1f} s", flush=True)

    # every committed pack of this template answers from the cache: keys are (model, template, version, messages,
    # params), so a sample run's answers are reused by the full run on a fresh machine
    cache = ResponseCache(cache_dir('llm')/'responses', packs=sorted(pack.parent.glob(f'{template.name}*.jsonl.gz')))
    server, make_cfg, model, runtime = serving(a)
    base = dict(dataset=a.dataset, rag=a.rag, k=a.k if a.rag else 0, sample=a.sample, seed=a.seed, limit=a.limit, **({'mmtf': True} if a.mmtf else {}),
                **(dict(users=True, max_history=a.max_history, split_seed=a.split_seed) if a.users else {}),
                **(dict(records=a.records, records_sha256=sha256_file(a.records)) if a.records else {}),
                items=len(items), template=template.name, template_version=str(template.version), model=model, repairs=a.repairs)
    write = run_recorder(out, name, cache, base, runtime, command, root=ROOT)
    state = {}
    def _stop(signum, frame):
        # kill / Ctrl-C: every answer so far is already cached (atomic files); write the pack and the record,
        # stop the server and leave at once, without waiting for the request in flight (it is redone on resume)
        if 'client' in state:
            try: write(state['client'].ledger.keys(), state['client'].ledger.summary(), None, final=False)
            except Exception as e: print(f"could not write the pack: {e}", flush=True)
        if hasattr(server, 'stop'): server.stop(grace=2)
        print(f"stopped by signal {signum} after {state.get('n', 0)} items; rerun the same command to resume", flush=True)
        os._exit(130)
    with on_stop_signals(_stop), server:
        client = state['client'] = LLMClient(make_cfg(), cache)
        def on_item(iid, ok):
            state['n'] = state.get('n', 0) + 1
            if state['n'] % a.pack_every == 0:
                write(client.ledger.keys(), client.ledger.summary(), None, final=False)
        run = generate_items(items.to_dict('records') if a.users or a.records else items, template, client, kb=kb, k=a.k, n_workers=a.n_workers or a.parallel, repairs=a.repairs,
                             progress=not a.no_progress, on_item=on_item)
    save_run(run, out/name)
    fails = run.failures.to_dict('records')
    rec = write(run.keys, run.summary, fails, final=True)
    s = run.summary
    fresh = {r['item_id'] for r in client.ledger.records if not r['hit']}
    print(json.dumps(dict(run=name, items=s['items'], done=s['done'], failed=s['failed'], hit_rate=round(s['hit_rate'], 4),
                          wall_s=s['wall_s'], seconds=s['seconds'], tokens_out=s['tokens_out'], tokens_per_s=s['tokens_per_s'],
                          items_generated=len(fresh), s_per_generated_item=round(s['busy_seconds'] / max(1, len(fresh)), 2),
                          pack=str(pack), record=str(record_path)), indent=1), flush=True)
    return rec


if __name__ == '__main__':
    main()
