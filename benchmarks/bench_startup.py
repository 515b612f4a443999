"""Issue 2: `scr --help` and `scr list --json` over 300 reviews, each beside its floor."""

import sys

from common import SCR, WORK, json_floor, make_portfolio, row, timed


def run():
    help_time, _ = timed([SCR, "--help"])
    floor, _ = timed([sys.executable, "-c", "import click, rich.console"])
    rows = [row("scr --help", help_time, floor, 1.6, "python -c 'import click, rich.console'")]

    ws = make_portfolio(WORK / "portfolio-300", reviews=300)
    env = {"SCR_WORKSPACE": str(ws)}
    list_time, _ = timed([SCR, "list", "--json"], env=env)
    floor = json_floor(ws)
    rows.append(row("scr list --json (300 reviews)", list_time, floor, 3.0, "json.load of the 300 review files"))
    return rows
