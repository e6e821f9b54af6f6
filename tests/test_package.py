"""Package-level checks: the exported library imports, and no MovieLens file is ever tracked."""
import subprocess
import modrec

def test_version(): assert modrec.__version__

def test_modules_import():
    import modrec.core, modrec.data, modrec.download, modrec.metrics, modrec.sasrec, modrec.train  # noqa: F401

def test_no_movielens_files_tracked(root):
    files = subprocess.run(['git', 'ls-files'], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    banned = {'u.data', 'u.item', 'u.user', 'ratings.dat', 'movies.dat', 'users.dat', 'ml-1m.txt', 'ml-100k.inter'}
    assert not [f for f in files if f.rsplit('/', 1)[-1] in banned or f.endswith('.zip')]
