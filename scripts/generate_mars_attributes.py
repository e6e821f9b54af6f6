#!/usr/bin/env python
"""MARS LLM stage for a dataset with the local LLM, resumably: factor schema induction (eq. 1), then attributes (eq. 2).

  both stages:                .venv/bin/python scripts/generate_mars_attributes.py --dataset ml-1m-mm
  schema only:                .venv/bin/python scripts/generate_mars_attributes.py --dataset ml-1m-mm --stage schema
  with plot overviews:        add --overview (ml-1m/overviews.csv rows of the item's MovieLens id)
  faster, llama.cpp's C++ server: add --llama-server (after: bash scripts/build_llama_server.sh), and --parallel 4 for 4 slots
  quick check:                .venv/bin/python scripts/generate_mars_attributes.py --dataset ml-latest-small-mm --samples 2 --sample-size 8 --limit 5 --out /tmp/mars5

Stage `schema`: --samples disjoint seeded samples of --sample-size item descriptions, one mars_factor_template(--k-propose)
request each; the proposals are merged (modrec.llm.factors.merge_proposals: top --top-k factors by frequency, at most
--max-values values each) into `<out>/mars_schema_<dataset>.json` (`mars_schema_<dataset>_overview.json` with --overview).
Stage `attributes`: the schema's mars_attribute_template for every item (--limit: the first N). Each stage writes a pack
`<out>/<run>.jsonl.gz`, a run record `<out>/<run>.run.json` (tokens, seconds, failures per invocation; the attribute
record also the genre agreement and value counts) and its answers and failures in `<out>/<run>/`, as
scripts/generate_modalities.py does. Safe to kill and restart: every answer is cached atomically as it arrives
(cache_dir('llm')/responses), committed packs are read-only sources, and a rerun asks only for what is missing.
"""
from __future__ import annotations
import argparse, dataclasses, json, os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ('ml-latest-small-mm', 'ml-1m-mm', 'ml-1m-sas', 'ml-100k', 'ml-1m', 'ml-latest-small')


def parse_args(argv=None):
    from modrec.llm.client import add_serving_args
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="background: setsid nohup .venv/bin/python scripts/generate_mars_attributes.py --dataset ml-1m-mm "
                                       "> mars_ml-1m-mm.log 2>&1 < /dev/null &")
    p.add_argument('--dataset', default='ml-latest-small-mm', choices=DATASETS,
                   help="*-mm: modrec.data.multimodal.movielens_mm items (ids = the model's rows 1..n); others: modrec.data.movielens.load_items")
    p.add_argument('--data-root', default=None, help='data root (default $MODREC_DATA)')
    p.add_argument('--stage', default='all', choices=('schema', 'attributes', 'all'), help='which stage(s) to run (attributes reads the schema file)')
    p.add_argument('--samples', type=int, default=8, help='schema stage: number of disjoint item samples (proposals)')
    p.add_argument('--sample-size', type=int, default=20, help='schema stage: items described per proposal')
    p.add_argument('--k-propose', type=int, default=5, help="schema stage: factors asked per proposal (1..12; with the 0.5B model "
                   "8 factors overrun the template's 400 tokens, see --schema-max-tokens)")
    p.add_argument('--schema-max-tokens', type=int, default=None, help='schema stage: completion budget (default: the template\'s 400)')
    p.add_argument('--top-k', type=int, default=10, help='factors kept (the paper: 10)')
    p.add_argument('--max-values', type=int, default=8, help='values kept per factor (2..8)')
    p.add_argument('--seed', type=int, default=0, help='sampling seed of the schema stage')
    p.add_argument('--domain', default='movies', help='domain named in the schema prompt')
    p.add_argument('--overview', action='store_true', help="add the item's plot overview (knowledge base, by MovieLens id) to both stages")
    p.add_argument('--overviews', default=None, help='knowledge-base CSV (default <data root>/ml-1m/overviews.csv)')
    p.add_argument('--limit', type=int, default=None, help='attributes stage: only the first N items, for checks')
    p.add_argument('--max-tokens', type=int, default=None, help='attributes stage: completion budget (default max(120, 24 + 16 K))')
    p.add_argument('--repairs', type=int, default=1, help='repair requests for a malformed reply')
    add_serving_args(p)
    p.add_argument('--out', default=str(ROOT/'artifacts'/'llm'), help='folder for the schema, packs and run records')
    p.add_argument('--pack-every', type=int, default=50, help='rewrite the pack and run record every N items')
    p.add_argument('--no-progress', action='store_true', help='no tqdm bar')
    return p.parse_args(argv)


def load_items(dataset, root):
    "(item table, n_items, column of MovieLens ids or None)."
    if dataset.endswith('-mm'):
        from modrec.data.multimodal import movielens_mm
        d = movielens_mm(dataset, root)
        return d.items, d.n_items, 'movie_id'
    from modrec.data.movielens import load_items as _load
    items = _load(dataset, root)
    movielens_ids = 'movie_id' if 'movie_id' in items.columns else ('item_id' if dataset in ('ml-1m', 'ml-latest-small') else None)
    return items, int(items.item_id.max()), movielens_ids


def main(argv=None):
    "Run the stages; `argv` without the program name (default sys.argv[1:])."
    argv = sys.argv[1:] if argv is None else list(argv)
    a = parse_args(argv)
    command = ' '.join(['scripts/generate_mars_attributes.py', *argv])
    os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('TRANSFORMERS_OFFLINE', '1')
    from modrec.core import cache_dir, data_root
    from modrec.llm.client import LLMClient, ResponseCache, serving
    from modrec.llm.generate import generate_items, on_stop_signals, run_recorder, save_run
    from modrec.llm.prompts import mars_factor_template
    from modrec.llm.factors import (OverviewContext, attribute_matrix, attribute_template, cost_table, genre_agreement, induce_schema,
                                    item_overviews, load_schema, primary_genres, save_schema)

    items, n_items, ml_col = load_items(a.dataset, a.data_root)
    overviews = None
    if a.overview:
        if ml_col is None: raise SystemExit(f"--overview needs MovieLens ids; {a.dataset} items have none")
        overviews = item_overviews(items, Path(a.overviews) if a.overviews else data_root(a.data_root)/'ml-1m'/'overviews.csv', on=ml_col)
        print(f"overviews for {sum(bool(len(v)) for v in overviews.values())} of {len(items)} items", flush=True)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    tag = '_overview' if a.overview else ''
    schema_path = out/f'mars_schema_{a.dataset}{tag}.json'
    # committed MARS packs answer from the cache (keys hash model, template, messages and parameters)
    cache = ResponseCache(cache_dir('llm')/'responses', packs=sorted(out.glob('mars_*.jsonl.gz')))

    server, make_cfg, model, runtime = serving(a)
    base = dict(dataset=a.dataset, overview=a.overview, model=model, repairs=a.repairs)
    state, records = {}, {}

    def _stop(signum, frame):
        # kill / Ctrl-C: every answer so far is cached; write the current stage's pack and record, stop the server, leave at once
        if 'write' in state:
            c, m = state['client'], state['mark']
            try: state['write'](c.ledger.keys(start=m), c.ledger.summary(start=m), None, final=False)
            except Exception as e: print(f"could not write the pack: {e}", flush=True)
        if hasattr(server, 'stop'): server.stop(grace=2)
        print(f"stopped by signal {signum}; rerun the same command to resume", flush=True)
        os._exit(130)

    def every(write, client, mark):
        n = [0]
        def on_item(iid, ok):
            n[0] += 1
            if n[0] % a.pack_every == 0: write(client.ledger.keys(start=mark), client.ledger.summary(start=mark), None, final=False)
        return on_item

    def stages():
        with server:
            client = state['client'] = LLMClient(make_cfg(), cache)
            if a.stage in ('schema', 'all'):
                T = mars_factor_template(a.k_propose)
                if a.schema_max_tokens: T = dataclasses.replace(T, max_tokens=a.schema_max_tokens)
                name = f"{T.name}{tag}-v{T.version}_{a.dataset}_{a.samples}x{a.sample_size}-seed{a.seed}"
                write = run_recorder(out, name, cache, dict(base, stage='schema', template=T.name, template_version=str(T.version),
                                     samples=a.samples, sample_size=a.sample_size, seed=a.seed, k_propose=a.k_propose, max_tokens=T.max_tokens, items=a.samples),
                                     runtime, command, root=ROOT)
                state.update(write=write, mark=len(client.ledger))
                prov = dict(model=client.config.model, temperature=client.config.temperature, seed=client.config.seed,
                            schema_mode=client.config.schema_mode, card=model.get('name'), runtime=runtime)
                schema, run = induce_schema(items, client, a.dataset, k_propose=a.k_propose, n_samples=a.samples, sample_size=a.sample_size,
                                            seed=a.seed, top_k=a.top_k, max_values=a.max_values, domain=a.domain, overviews=overviews,
                                            n_workers=a.n_workers or a.parallel, repairs=a.repairs, progress=not a.no_progress, model=prov,
                                            max_tokens=a.schema_max_tokens)
                if schema_path.exists():
                    try: old = load_schema(schema_path).digest
                    except (ValueError, OSError): old = None
                    if old != schema.digest: print(f"{schema_path} replaced: its factors or provenance differ from this run's", flush=True)
                save_schema(schema, schema_path)
                save_run(run, out/name)
                records['schema'] = write(run.keys, run.summary, run.failures.to_dict('records'), final=True,
                                          schema=str(schema_path), schema_digest=schema.digest, factors=[f.name for f in schema.factors])
                print(f"schema: {schema.n_parsed} of {len(schema.samples)} proposals parsed; factors "
                      + '; '.join(f"{f.name} ({f.samples}): {', '.join(f.values)}" for f in schema.factors), flush=True)
            if a.stage in ('attributes', 'all'):
                schema = load_schema(schema_path)
                T = attribute_template(schema, a.max_tokens)
                todo = items.head(a.limit) if a.limit else items
                name = f"{T.name}{tag}-v{T.version}_{a.dataset}" + (f"_first{a.limit}" if a.limit else '')
                write = run_recorder(out, name, cache, dict(base, stage='attributes', template=T.name, template_version=str(T.version),
                                     max_tokens=T.max_tokens, schema=str(schema_path), schema_digest=schema.digest,
                                     factors=[f.name for f in schema.factors], n_values=schema.n_values, limit=a.limit, items=len(todo)),
                                     runtime, command, root=ROOT)
                mark = len(client.ledger); state.update(write=write, mark=mark)
                run = generate_items(todo, T, client, kb=OverviewContext(overviews) if overviews is not None else None, k=1,
                                     n_workers=a.n_workers or a.parallel, repairs=a.repairs, progress=not a.no_progress,
                                     on_item=every(write, client, mark))
                save_run(run, out/name)
                am = attribute_matrix(run.results, schema, n_items)  # ids: movielens_mm rows 1..n, or the dataset's own ids
                best = genre_agreement(am.attributes, am.factors, primary_genres(items, n_items)).iloc[0]
                quality = dict(best_factor=best.factor, items=int(best['items']), **{k: round(float(best[k]), 4) for k in
                               ('nmi', 'nmi_chance', 'cramers_v', 'cramers_v_chance')})
                records['attributes'] = write(run.keys, run.summary, run.failures.to_dict('records'), final=True, quality=quality,
                                              value_counts=am.counts.to_dict('records'))
                print(f"attributes: {run.summary['done']} of {run.summary['items']} items, {run.summary['failed']} failed; "
                      f"genre agreement: {quality}", flush=True)

    with on_stop_signals(_stop): stages()
    if records: print(cost_table(records).to_string(index=False), flush=True)
    print(json.dumps(dict(schema_file=str(schema_path), **{f'{k}_pack': v['pack'] for k, v in records.items()}), indent=1), flush=True)
    return records


if __name__ == '__main__':
    main()
