"""The notebooks open in JupyterLab: start a server on 127.0.0.1 and list nbs/ and paper/ through its REST API."""
import json, socket, subprocess, sys, time, urllib.request
import pytest

def test_jupyterlab_lists_notebooks(root):
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    cmd = [sys.executable, '-m', 'jupyterlab', '--no-browser', '--allow-root', '--ip=127.0.0.1', f'--port={port}',
           '--IdentityProvider.token=modrec-test', f'--ServerApp.root_dir={root}']
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                req = urllib.request.Request(f'http://127.0.0.1:{port}/api/contents/nbs', headers={'Authorization': 'token modrec-test'})
                names = [c['name'] for c in json.load(urllib.request.urlopen(req, timeout=2))['content']]
                break
            except OSError: time.sleep(0.5)
        else: pytest.fail('JupyterLab did not answer within 60 s')
        assert '00_core.ipynb' in names and '40_train.loop.ipynb' in names
        req = urllib.request.Request(f'http://127.0.0.1:{port}/api/contents/paper', headers={'Authorization': 'token modrec-test'})
        assert any(c['name'].startswith('01_') for c in json.load(urllib.request.urlopen(req, timeout=5))['content'])
    finally:
        proc.terminate(); proc.wait(timeout=20)
