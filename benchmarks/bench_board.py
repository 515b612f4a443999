"""Issue 7: `scr status --json` over the 300-review wt2018 portfolio of bench_timescales (every
review's clocks run, its actions counted), beside its floor: json.load of the same review files."""

from bench_timescales import make_framework_portfolio
from common import SCR, WORK, json_floor, row, timed


def run():
    ws = make_framework_portfolio(WORK / "portfolio-300-wt2018", reviews=300)
    env = {"SCR_WORKSPACE": str(ws), "SCR_AS_OF": "2026-11-26"}
    value, _ = timed([SCR, "status", "--json"], env=env)
    floor = json_floor(ws)
    return [row("scr status --json (300 open reviews, wt2018)", value, floor, 6.0,
                "json.load of the 300 review files")]
