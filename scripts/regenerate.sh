#!/usr/bin/env bash
# Regenerate every table and figure with papermill: runs paper/NN_*.ipynb in order with one profile.
# Result files already in results/<profile>/ with the same parameters, seed and data checksum are reused,
# so on a fresh clone the committed results are redrawn; delete them to retrain.
#   bash scripts/regenerate.sh            # profile 'paper' (figures/ and results/paper/)
#   bash scripts/regenerate.sh smoke      # tiny CI profile (figures/smoke/, results/smoke/)
set -uo pipefail
cd "$(dirname "$0")/.."
PROFILE="${1:-paper}"
export MODREC_DATA="${MODREC_DATA:-$(cd .. && pwd)/shared/data}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
mkdir -p "paper/_out/$PROFILE"
failed=()
for nb in paper/[0-9][0-9]_*.ipynb; do
  echo "== $nb ($PROFILE)"
  out="paper/_out/$PROFILE/$(basename "$nb")"
  # a notebook whose inputs are missing (e.g. LLM texts not generated yet) stops with an error naming them;
  # the rest of the chain still runs, and the summary below lists what was not regenerated
  .venv/bin/papermill "$nb" "$out" -k python3 --cwd . -p profile "$PROFILE" --log-level WARNING 2>&1 | tee "$out.log"
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then
    failed+=("$nb: $(grep -E '^[A-Za-z.]*(Error|Exception)' "$out.log" | tail -1)")
  fi
done
echo "tables and figures: $( [ "$PROFILE" = paper ] && echo figures/ || echo figures/$PROFILE/ )"
if [ ${#failed[@]} -gt 0 ]; then
  echo "NOT regenerated (${#failed[@]}); executed notebooks with the full error are in paper/_out/$PROFILE/:"
  printf '  %s\n' "${failed[@]}"
  exit 1
fi
