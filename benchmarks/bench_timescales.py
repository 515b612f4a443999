"""Issue 3: `scr deadlines --json` over 300 reviews that each run a framework's clocks (working days
included, so the `holidays` package is imported and each year's bank holidays computed), beside its
floor."""

import sys
from datetime import date, timedelta

from common import ROOT, SCR, WORK, json_floor, row, timed


def make_framework_portfolio(root, reviews=300):
    sys.path.insert(0, str(ROOT))
    from scr import review as reviews_module
    from scr.workspace import Workspace, create

    if (root / "scr.toml").exists():
        return root
    create(root, "Benchmark Board")
    ws = Workspace(root, today=date(2026, 11, 26), user="bench", command="benchmark")
    for n in range(reviews):
        aware = date(2019, 1, 1) + timedelta(days=7 * n)
        reviews_module.create(ws, "lcspr", f"Review {n}", f"Child {n}", f"r{n:03d}", "wt2018", aware)
        with ws.open_review(f"r{n:03d}", write=True) as rv:
            rv.add_event("notify:panel:incident", aware + timedelta(days=3), recipient="panel", purpose="incident")
            rv.add_event("initiated", aware + timedelta(days=30))
    return root


def run():
    ws = make_framework_portfolio(WORK / "portfolio-300-wt2018", reviews=300)
    env = {"SCR_WORKSPACE": str(ws), "SCR_AS_OF": "2026-11-26"}
    value, _ = timed([SCR, "deadlines", "--json"], env=env)
    floor = json_floor(ws)
    return [row("scr deadlines --json (300 reviews, wt2018)", value, floor, 6.0,
                "json.load of the 300 review files")]
