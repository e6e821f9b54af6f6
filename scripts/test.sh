#!/usr/bin/env bash
# The README's test command: every library notebook's tests (nbdev_test), then pytest (paper chain on the
# smoke profile, JupyterLab, packaging) last, so its closing line ends the log.
set -euo pipefail
cd "$(dirname "$0")/.."
export MODREC_DATA="${MODREC_DATA:-$(cd .. && pwd)/shared/data}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
out=$(.venv/bin/nbdev_test --n_workers 1 2>&1) || { echo "$out"; exit 1; }
echo "$out"
if echo "$out" | grep -q "No files were eligible"; then echo "nbdev_test ran no notebook"; exit 1; fi
set +e; .venv/bin/python -m pytest -q tests; rc=$?; set -e
[ $rc -eq 5 ] && { echo "pytest collected no test"; exit 1; }
exit $rc
