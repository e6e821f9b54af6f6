"""Decode time of the local LLM server: llama-cpp-python's own grammar sampler chain, modrec's GreedyGrammarSampler, llama.cpp's llama-server (1 or N slots).

Replays the first N first-attempt requests of a committed pack against each local server (each request
rebuilt as the pipeline builds it, from its template's schema, and checked against the pack's cache key: the
pack stores parameters with sorted keys, and the grammar follows the schema's property order), once per
server, with no cache, and records seconds, tokens, whether the two llama-cpp-python samplers' answers are
byte-identical (they must be: both pick the same tokens) and whether they equal the pack's answer (expected on
the machine that wrote the pack; llama.cpp picks its CPU kernels by the CPU's features, so another machine may
round differently and decode another text). llama-server (built by scripts/build_llama_server.sh; skipped when
absent) compiles the schema to its own grammar, which lets the model indent the JSON, so its texts differ:
`parses` counts its answers that validate against the template's schema. With N slots (`llama-server-N`) N
requests are in flight at once and decoded in one batch: its `seconds_per_item` is the batch's wall time over the
items, the throughput a generation run with `--parallel N` gets. Writes benchmarks/results/<name>.{csv,md}
(default llm_sampler); asserts nothing. Needs both CPU cores idle (pause any generation run).

    MODREC_DATA=../shared/data python benchmarks/llm_sampler_bench.py --n 8
    python benchmarks/llm_sampler_bench.py --servers llama-server,llama-server-4 --n 16 --name llm_slots \
        --pack artifacts/llm/msmrec_modalities_rag-v2_ml-1m-sas.jsonl.gz
"""
import argparse, os, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import pandas as pd
from openai import OpenAI
from modrec.llm.client import LocalLLMServer, cache_key, free_port, llama_server_path, load_pack, parse_json_reply, request_params
from modrec.llm.prompts import get_template

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT/'benchmarks'/'results'

SERVERS = {'chain': ('llama-cpp-python chain', dict(greedy_grammar=False)),  # name: (label, LocalLLMServer arguments)
           'greedy': ('GreedyGrammarSampler', dict(greedy_grammar=True)),
           'llama-server': ('llama.cpp llama-server', dict(binary=llama_server_path()))}

def server(name:str)->tuple[str, dict]:
    "(label, LocalLLMServer arguments) of a server name; 'llama-server-N' is llama-server with N slots."
    if name in SERVERS: return SERVERS[name]
    n = name.removeprefix('llama-server-')
    if n.isdigit() and int(n) > 0: return f'llama.cpp llama-server, {n} slots', dict(binary=llama_server_path(), parallel=int(n))
    raise SystemExit(f"--servers: unknown {name!r}; known: {list(SERVERS)} and llama-server-N (N slots)")

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--pack', default=str(ROOT/'artifacts/llm/msmrec_modalities_rag-v2_ml-100k_sample300-seed0.jsonl.gz'))
    p.add_argument('--n', type=int, default=8, help='requests to replay')
    p.add_argument('--n-threads', type=int, default=2)
    p.add_argument('--servers', default='chain,greedy,llama-server', help=f'comma-separated: {", ".join(SERVERS)}, llama-server-N')
    p.add_argument('--name', default='llm_sampler', help='result file name under benchmarks/results')
    a = p.parse_args()
    entries = [e for e in load_pack(a.pack).values() if len(e['messages']) == 2][:a.n]
    if not entries: raise SystemExit(f"{a.pack}: no first-attempt requests")
    rows = []
    for name in a.servers.split(','):
        label, kwargs = server(name)
        if 'binary' in kwargs and not llama_server_path().exists():
            print(f"skipping llama-server: {llama_server_path()} is not built (bash scripts/build_llama_server.sh)"); continue
        with LocalLLMServer(port=free_port(), n_threads=a.n_threads, **kwargs) as srv:
            client = OpenAI(base_url=srv.base_url, api_key='local')
            def ask(e):
                t = get_template(e['template'])
                params = request_params(srv.config(), t.schema, t.max_tokens)
                if cache_key(srv.alias, t.name, str(t.version), e['messages'], params) != e['key']:
                    raise SystemExit(f"item {e['item_id']}: the rebuilt request does not match the pack's key {e['key'][:12]}")
                t0 = time.perf_counter()
                r = client.chat.completions.create(model=srv.alias, messages=e['messages'], **params)
                answer = r.choices[0].message.content
                try: parse_json_reply(answer, t.schema); parses = True
                except ValueError: parses = False
                row = dict(server=label, item_id=e['item_id'], seconds=round(time.perf_counter() - t0, 2),
                           tokens_in=r.usage.prompt_tokens, tokens_out=r.usage.completion_tokens, answer=answer,
                           parses=parses, same_as_pack=answer == e['content'])
                print({k: v for k, v in row.items() if k != 'answer'}, flush=True)
                return row
            t0 = time.perf_counter()
            with ThreadPoolExecutor(srv.parallel) as ex: done = list(ex.map(ask, entries))
            wall = time.perf_counter() - t0
            rows += [dict(r, wall_s=round(wall, 2)) for r in done]
    df = pd.DataFrame(rows)
    first = df[df.server == df.server.iloc[0]].set_index('item_id').answer
    df['same_as_first'] = df.answer.values == first.loc[df.item_id].values
    df = df.drop(columns='answer')
    OUT.mkdir(parents=True, exist_ok=True)
    df.to_csv(OUT/f'{a.name}.csv', index=False)
    s = df.groupby('server', sort=False).agg(items=('item_id', 'size'), seconds=('wall_s', 'first'), tokens_out=('tokens_out', 'sum'),
                                             parses=('parses', 'sum'), same_as_first=('same_as_first', 'sum'),
                                             same_as_pack=('same_as_pack', 'sum'))
    s['seconds_per_item'] = s.seconds / s['items']
    s['tokens_per_s'] = s.tokens_out / s.seconds
    s['speedup'] = s.seconds_per_item.iloc[0] / s.seconds_per_item
    md = (f"# Local LLM decode time by server and sampler\n\nPack `{Path(a.pack).name}`, first {len(entries)} first-attempt "
          f"requests, {a.n_threads} threads, greedy with the JSON grammar, {os.cpu_count()} CPUs; `seconds`: wall time of all "
          f"requests (sent concurrently to a server with N slots); `parses`: answers that "
          f"validate against the template's schema; `same_as_first` / `same_as_pack`: answers byte-identical to the first "
          f"row's / to the pack's; `speedup` against the first row.\n\n" + s.round(3).to_markdown() + "\n")
    (OUT/f'{a.name}.md').write_text(md); print(md)

if __name__ == '__main__': main()
