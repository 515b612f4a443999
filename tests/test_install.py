"""The installed console script and `python -m scr` work as real processes."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

SCR = shutil.which("scr", path=str(Path(sys.executable).parent)) or shutil.which("scr")


def _run(args, ws, **kw):
    env = dict(os.environ, SCR_WORKSPACE=str(ws), SCR_USER="proc")
    return subprocess.run(args, capture_output=True, text=True, env=env, **kw)


def test_console_script_round_trip(tmp_path):
    assert SCR, "the scr console script is not installed"
    ws = tmp_path / "ws"
    assert _run([SCR, "init", str(ws), "--board", "Test Board"], ws).returncode == 0
    made = _run([SCR, "new", "scr", "--title", "T", "--subject", "Child F", "--aware", "2012-10-15"], ws)
    assert made.returncode == 0 and made.stdout.strip() == "2012-child-f"
    listed = _run([SCR, "list", "--json"], ws)
    assert json.loads(listed.stdout)[0]["ref"] == "2012-child-f"
    bad = _run([SCR, "show", "../etc"], ws)
    assert bad.returncode == 1 and bad.stderr.startswith("Error:") and "Traceback" not in bad.stderr
    usage = _run([SCR, "list", "--nope"], ws)
    assert usage.returncode == 2


def test_python_dash_m(tmp_path):
    ws = tmp_path / "ws"
    assert _run([sys.executable, "-m", "scr", "init", str(ws)], ws).returncode == 0
    result = _run([sys.executable, "-m", "scr", "list", "--json"], ws)
    assert result.returncode == 0 and json.loads(result.stdout) == []
    help_text = _run([sys.executable, "-m", "scr", "--help"], ws).stdout
    assert help_text.startswith("Usage: scr [OPTIONS] COMMAND")  # the name users type, not "python -m"


def test_plain_pip_install_ships_templates_and_works(tmp_path):
    """`pip install .` (not editable): the installed package has its templates and frameworks."""
    root = Path(__file__).resolve().parent.parent
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(root)], check=True, capture_output=True)
    assert (target / "scr" / "templates" / "scr.toml").is_file()
    env = dict(os.environ, PYTHONPATH=str(target))
    ws = tmp_path / "ws"
    code = "import scr, sys; print(scr.__file__); from scr.cli import main; sys.argv=['scr','init',%r]; main()" % str(ws)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(str(target))
    assert (ws / "scr.toml").is_file()
