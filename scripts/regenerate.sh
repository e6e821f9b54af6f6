#!/usr/bin/env bash
# Regenerate every table and figure with papermill: runs paper/NN_*.ipynb in order with one profile.
# Result files already in results/<profile>/ with the same parameters, seed and data checksum are reused,
# so on a fresh clone the committed results are redrawn; delete them to retrain.
#   bash scripts/regenerate.sh            # profile 'paper' (figures/ and results/paper/)
#   bash scripts/regenerate.sh smoke      # tiny CI profile (figures/smoke/, results/smoke/)
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${1:-paper}"
export MODREC_DATA="${MODREC_DATA:-$(cd .. && pwd)/shared/data}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
mkdir -p "paper/_out/$PROFILE"
for nb in paper/[0-9][0-9]_*.ipynb; do
  echo "== $nb ($PROFILE)"
  .venv/bin/papermill "$nb" "paper/_out/$PROFILE/$(basename "$nb")" -k python3 --cwd . -p profile "$PROFILE" --log-level WARNING
done
echo "tables and figures: $( [ "$PROFILE" = paper ] && echo figures/ || echo figures/$PROFILE/ )"
