"""Decode time of the local LLM server with llama-cpp-python's own grammar sampler chain vs modrec's GreedyGrammarSampler.

Replays the first N first-attempt requests of a committed pack against the local server twice (each request
rebuilt as the pipeline builds it, from its template's schema, and checked against the pack's cache key: the
pack stores parameters with sorted keys, and the grammar follows the schema's property order), once per
sampler, with no cache, and records seconds, tokens, whether the two samplers' answers are byte-identical
(they must be: both pick the same tokens) and whether they equal the pack's answer (expected on the machine
that wrote the pack; llama.cpp picks its CPU kernels by the CPU's features, so another machine may round
differently and decode another text). Writes
benchmarks/results/llm_sampler.{csv,md}; asserts nothing. Needs both CPU cores idle (pause any generation run).

    MODREC_DATA=../shared/data python benchmarks/llm_sampler_bench.py --n 8
"""
import argparse, time
from pathlib import Path
import pandas as pd
from openai import OpenAI
from modrec.llm import LocalLLMServer, cache_key, free_port, load_pack, request_params
from modrec.prompts import get_template

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT/'benchmarks'/'results'

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--pack', default=str(ROOT/'artifacts/llm/msmrec_modalities_rag-v2_ml-100k_sample300-seed0.jsonl.gz'))
    p.add_argument('--n', type=int, default=8, help='requests to replay')
    p.add_argument('--n-threads', type=int, default=2)
    a = p.parse_args()
    entries = [e for e in load_pack(a.pack).values() if len(e['messages']) == 2][:a.n]
    if not entries: raise SystemExit(f"{a.pack}: no first-attempt requests")
    rows = []
    for greedy in (False, True):
        with LocalLLMServer(port=free_port(), n_threads=a.n_threads, greedy_grammar=greedy) as srv:
            client = OpenAI(base_url=srv.base_url, api_key='local')
            for e in entries:
                t = get_template(e['template'])
                params = request_params(srv.config(), t.schema, t.max_tokens)
                if cache_key(srv.alias, t.name, str(t.version), e['messages'], params) != e['key']:
                    raise SystemExit(f"item {e['item_id']}: the rebuilt request does not match the pack's key {e['key'][:12]}")
                t0 = time.perf_counter()
                r = client.chat.completions.create(model=srv.alias, messages=e['messages'], **params)
                rows.append(dict(sampler='GreedyGrammarSampler' if greedy else 'llama-cpp-python chain', item_id=e['item_id'],
                                 seconds=round(time.perf_counter() - t0, 2), tokens_in=r.usage.prompt_tokens,
                                 tokens_out=r.usage.completion_tokens, answer=r.choices[0].message.content,
                                 same_as_pack=r.choices[0].message.content == e['content']))
                print({k: v for k, v in rows[-1].items() if k != 'answer'}, flush=True)
    df = pd.DataFrame(rows)
    chain = df[df.sampler == df.sampler.iloc[0]].set_index('item_id').answer
    df['same_as_chain'] = df.answer.values == chain.loc[df.item_id].values
    df = df.drop(columns='answer')
    OUT.mkdir(parents=True, exist_ok=True)
    df.to_csv(OUT/'llm_sampler.csv', index=False)
    s = df.groupby('sampler', sort=False).agg(items=('item_id', 'size'), seconds_per_item=('seconds', 'mean'),
                                              tokens_out=('tokens_out', 'sum'), seconds=('seconds', 'sum'),
                                              same_as_chain=('same_as_chain', 'sum'), same_as_pack=('same_as_pack', 'sum'))
    s['tokens_per_s'] = s.tokens_out / s.seconds
    s['speedup'] = s.seconds_per_item.iloc[0] / s.seconds_per_item
    md = (f"# Local LLM decode time by sampler\n\nPack `{Path(a.pack).name}`, first {len(entries)} first-attempt requests, "
          f"{a.n_threads} threads, greedy with the JSON grammar; `same_as_chain` / `same_as_pack` count answers byte-identical "
          f"to llama-cpp-python's chain / to the pack.\n\n"
          + s.round(3).to_markdown() + "\n")
    (OUT/'llm_sampler.md').write_text(md); print(md)

if __name__ == '__main__': main()
