"""Runs every numbered paper notebook with papermill on the `smoke` profile (outputs in a temp folder)."""
import os, sys
from pathlib import Path
import papermill as pm
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent/'paper').glob('[0-9][0-9]_*.ipynb'))

def test_chain_is_not_empty(): assert NOTEBOOKS

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: p.stem)
def test_paper_notebook_smoke(nb, tmp_path, root, have_data):
    pm.execute_notebook(str(nb), str(tmp_path/nb.name), kernel_name='python3', cwd=str(root), progress_bar=False,
                        parameters={'profile': 'smoke', 'results_dir': str(tmp_path/'results'), 'figures_dir': str(tmp_path/'figures')})
    produced = [p.name for p in (tmp_path/'figures').iterdir()]
    assert any(p.endswith('.csv') for p in produced) and any(p.endswith('.md') for p in produced), produced
