import os
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault('MODREC_DATA', str(ROOT.parent/'shared'/'data'))
os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('TRANSFORMERS_OFFLINE', '1')

@pytest.fixture
def root(): return ROOT

@pytest.fixture
def have_data():
    if not (Path(os.environ['MODREC_DATA'])/'ml-100k'/'u.data').exists(): pytest.skip('no local MovieLens copy (set MODREC_DATA)')
