"""The demo's year told as the seed tells it (issue 13 item 6): the seed's three reviews, built by
the demo's own steps (scripts/demo.d/10-reviews.sh and 20-timescales.sh), under the frameworks in
force then; the 2013-14 annual figures show no notification late and every figure traceable to the
seed (Tower Hamlets SCB annual report 2013-14, lines cited in the scripts)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_seed_year(tmp_path):
    shutil.copy(ROOT / "scr.toml", tmp_path / "scr.toml")
    (tmp_path / "reviews").mkdir()
    env = dict(os.environ, SCR_WORKSPACE=str(tmp_path), SCR_USER="demo", SCR_AS_OF="2014-04-30",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    steps = " && ".join(f"source {ROOT / 'scripts' / 'demo.d' / name}" for name in ("10-reviews.sh", "20-timescales.sh"))
    proc = subprocess.run(["bash", "-c", f"set -euo pipefail; {steps}"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr

    def scr(*args):
        done = subprocess.run([sys.executable, "-m", "scr", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    frameworks = {r["ref"]: r["framework"] for r in scr("list", "--all", "--json")}
    assert frameworks == {"2012-child-f": "wt2010", "2013-infant-b": "wt2013", "2014-six-young-men": None}
    year = scr("annual", "--from", "2013-04-01", "--to", "2014-03-31", "--json")
    # seed 769: Child F concluded in 2013-14 and published in August 2013; 791: the infant's SCR
    # initiated in December 2013; 793: the thematic review commissioned in January 2014
    assert (year["initiated"], year["concluded"], year["published"]) == (
        ["2013-infant-b", "2014-six-young-men"], ["2012-child-f"], ["2012-child-f"])
    # seed 767: notifications to Ofsted, the DfE and the newly formed national panel, meeting the
    # statutory requirements: none late, none missed
    notes = year["notifications"]
    assert notes["late"] == 0 and notes["on_time"] == notes["total"] > 0
    assert notes.get("missed", 0) == 0
    child_f = {r["milestone"]: r for r in scr("deadlines", "2012-child-f", "--json")}
    assert "decision-to-panel" not in child_f  # decided in November 2012, before the panel existed
    assert child_f["prepublication-panel"]["status"] == "met"
    md = tmp_path / "annual.md"
    done = subprocess.run([sys.executable, "-m", "scr", "annual", "--from", "2013-04-01", "--to", "2014-03-31",
                           "-o", str(md)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = md.read_text(encoding="utf-8")
    assert "0 late" in text and "no fixed period" in text  # the incident notifications WT2013 set no period for
