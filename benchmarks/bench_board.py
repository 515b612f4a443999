"""Issue 7: `scr status --json` over the 300-review wt2018 portfolio of bench_timescales (every
review's clocks run, its actions counted), beside its floor: json.load of the same review files."""

from bench_timescales import AS_OF, make_framework_portfolio
from common import SCR, WORK, timed_against_json_floor


def run():
    ws = make_framework_portfolio(WORK / "portfolio-300-wt2018")
    return [timed_against_json_floor("scr status --json (300 open reviews, wt2018)",
                                     [SCR, "status", "--json"], ws, 6.0, AS_OF)]
