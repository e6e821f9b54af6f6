"""Runs the numbered paper notebooks in order with papermill on the `smoke` profile, sharing one temp results
folder (later notebooks read what earlier ones wrote, as in scripts/regenerate.sh)."""
import os, sys
from pathlib import Path
import papermill as pm
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent/'paper').glob('[0-9][0-9]_*.ipynb'))

def test_chain_is_not_empty(): assert NOTEBOOKS

@pytest.fixture(scope='module')
def chain_dir(tmp_path_factory): return tmp_path_factory.mktemp('chain')

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: p.stem)
def test_paper_notebook_smoke(nb, chain_dir, root, have_data):
    figs = chain_dir/'figures'/nb.stem  # each notebook's own figures; results shared along the chain
    pm.execute_notebook(str(nb), str(chain_dir/nb.name), kernel_name='python3', cwd=str(root), progress_bar=False,
                        parameters={'profile': 'smoke', 'results_dir': str(chain_dir/'results'), 'figures_dir': str(figs)})
    produced = [p.name for p in figs.iterdir()]
    assert any(p.endswith('.csv') for p in produced) and any(p.endswith('.md') for p in produced), produced
