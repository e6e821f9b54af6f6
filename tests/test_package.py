"""Package-level checks: every exported module imports, the package layering holds (nothing imports upward),
and no MovieLens file is ever tracked."""
import ast, importlib, subprocess
from pathlib import Path
import modrec

PKG = Path(modrec.__file__).parent
# what each subpackage may import from (besides itself); the README's architecture table says the same
ALLOWED = {'core': set(), 'data': {'core'}, 'eval': set(), 'llm': {'core', 'data'}, 'models': set(),
           'train': {'core', 'data', 'eval'}, 'analysis': {'data'}}

def modules():
    return sorted('.'.join(p.relative_to(PKG.parent).with_suffix('').parts) for p in PKG.rglob('*.py')
                  if p.name not in ('__init__.py', '_modidx.py'))

def test_version(): assert modrec.__version__

def test_subpackages_are_the_documented_ones():
    assert {m.split('.')[1] for m in modules()} == set(ALLOWED)

def test_modules_import():
    for m in modules(): importlib.import_module(m)

def modrec_imports(mod:str)->set:
    "Top-level modrec packages that module `mod` imports (absolute or relative, at any depth in the file)."
    path = PKG.parent/(mod.replace('.', '/') + '.py')
    here = mod.split('.')[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            targets = [base + (node.module.split('.') if node.module else [])]
        elif isinstance(node, ast.Import): targets = [a.name.split('.') for a in node.names]
        else: continue
        out.update(t[1] for t in targets if len(t) > 1 and t[0] == 'modrec')
    return out

def test_nothing_imports_upward():
    bad = {m: sorted(modrec_imports(m) - ALLOWED[m.split('.')[1]] - {m.split('.')[1]}) for m in modules()}
    assert not {m: v for m, v in bad.items() if v}, bad

def test_no_movielens_files_tracked(root):
    files = subprocess.run(['git', 'ls-files'], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    banned = {'u.data', 'u.item', 'u.user', 'ratings.dat', 'movies.dat', 'users.dat', 'ml-1m.txt', 'ml-100k.inter'}
    assert not [f for f in files if f.rsplit('/', 1)[-1] in banned or f.endswith('.zip')]
