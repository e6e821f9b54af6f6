#!/usr/bin/env bash
# Optional: build llama.cpp's own OpenAI-compatible server (llama-server) from the llama.cpp sources vendored in
# the llama-cpp-python 0.3.36 sdist on PyPI (the same llama.cpp the default server runs), as one static binary
# in ~/.cache/modrec/bin. Long generation runs use it with `scripts/generate_modalities.py --llama-server`:
# its sampling loop is C++: on 2 CPU cores 1.2x faster than GreedyGrammarSampler, 1.8x than llama-cpp-python's own chain
# (benchmarks/llm_sampler_bench.py). ~5-10 min on 2 cores, once.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST="${MODREC_CACHE:-$HOME/.cache/modrec}/bin"
if [ -x "$DEST/llama-server" ]; then echo "$DEST/llama-server exists"; exit 0; fi
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
.venv/bin/pip download -q --no-deps --no-binary :all: -d "$WORK" "llama-cpp-python==0.3.36"
tar xzf "$WORK"/llama_cpp_python-0.3.36.tar.gz -C "$WORK"
SRC="$WORK/llama_cpp_python-0.3.36/vendor/llama.cpp"
# portable CPU build (no -march=native: a VM may report AMX it does not allow), static, no network code
cmake -S "$SRC" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=OFF \
  -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$WORK/build" -j"$(nproc)" --target llama-server >/dev/null
mkdir -p "$DEST"; install -m 755 "$WORK/build/bin/llama-server" "$DEST/llama-server"
"$DEST/llama-server" --version 2>&1 | head -1
echo "built $DEST/llama-server"
