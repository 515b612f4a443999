"""Issue 6: `scr actions overdue --json` over 300 reviews × 60 actions, beside a plain script that
loads the same review files with the standard json module and filters them (same run)."""

import sys
from datetime import date, timedelta

from common import ROOT, SCR, WORK, make_portfolio, row, timed

REVIEWS, ACTIONS = 300, 60
AS_OF = "2014-04-30"

FLOOR = """
import json, pathlib, sys
today = sys.argv[2]
rows = []
for path in sorted(pathlib.Path(sys.argv[1]).glob("*/review.json")):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    ref = path.parent.name
    for action in data.get("actions", {}).values():
        if action["status"] in ("not-started", "in-progress") and action["due"] < today:
            rows.append(dict(action, id=f"{ref}:{action['n']}", review=ref))
rows.sort(key=lambda a: (a["due"], a["review"], a["n"]))
print(json.dumps(rows, indent=2))
"""


def fill_actions(root):
    """60 actions in each review: a third completed (with evidence), some in progress, due dates
    spread over two years around the as-of date."""
    sys.path.insert(0, str(ROOT))
    from scr.actions import rules as actions
    from scr.workspace.workspace import Workspace

    marker = root / ".actions-filled"
    if marker.exists():
        return
    added = date(2013, 6, 1)
    ws = Workspace(root, today=added, user="bench", command="benchmark")
    agencies = ["Children's Social Care", "Health", "Police", "Youth Offending Service", "Education"]
    for i, ref in enumerate(ws.refs()):
        with ws.open_review(ref, write=True) as review:
            for n in range(1, ACTIONS + 1):
                record = actions.new_action(
                    n, recommendation=str(n % 7 + 1), text=f"Action {n} of review {ref}: " + "x" * 60,
                    agency=agencies[(i + n) % len(agencies)], due=added + timedelta(days=(n * 13 + i) % 700),
                    added=added, today=added, user="bench", owner="Owner", outcome="Outcome text",
                )
                if n % 3 == 0:
                    record = actions.change(
                        record, {"status": "completed", "evidence": "Audit evidence"},
                        today=added, user="bench", source="update", require_evidence=True)
                elif n % 3 == 1:
                    record = actions.change(record, {"status": "in-progress"}, today=added,
                                            user="bench", source="update", require_evidence=True)
                actions.ensure_recommendation(review, record["recommendation"])
                actions.store_action(review, record, new=True)
    marker.write_text("done\n")


def run():
    ws = make_portfolio(WORK / "actions-300x60", reviews=REVIEWS)
    fill_actions(ws)
    env = {"SCR_WORKSPACE": str(ws), "SCR_AS_OF": AS_OF}
    scr_time, _ = timed([SCR, "actions", "overdue", "--json"], env=env)
    floor, _ = timed([sys.executable, "-c", FLOOR, str(ws / "reviews"), AS_OF])
    return [row(f"scr actions overdue --json ({REVIEWS} reviews × {ACTIONS} actions)", scr_time, floor,
                3.0, "json.load of the same files and a filter")]
