"""Issue 3: `scr deadlines --json` over 300 reviews that each run a framework's clocks (working days
included, so the `holidays` package is imported and each year's bank holidays computed), beside its
floor."""

from datetime import date, timedelta

from common import SCR, WORK, make_portfolio, timed_against_json_floor

AS_OF = {"SCR_AS_OF": "2026-11-26"}


def make_framework_portfolio(root, reviews=300):
    """300 local reviews under Working Together 2018, each notified to the Panel and initiated."""
    return make_portfolio(
        root, reviews, kind="lcspr", framework="wt2018", today=date(2026, 11, 26),
        aware=lambda n: date(2019, 1, 1) + timedelta(days=7 * n),
        events=lambda n, aware: [
            ("notify:panel:incident", aware + timedelta(days=3), {"recipient": "panel", "purpose": "incident"}),
            ("initiated", aware + timedelta(days=30), {}),
        ],
    )


def run():
    ws = make_framework_portfolio(WORK / "portfolio-300-wt2018")
    return [timed_against_json_floor("scr deadlines --json (300 reviews, wt2018)",
                                     [SCR, "deadlines", "--json"], ws, 6.0, AS_OF)]
