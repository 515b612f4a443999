"""The portfolio at a glance: `scr status`, and the counts the board paper starts from.

It must feel instant: it imports only the core modules it counts with, never a plotting,
templating or document library. Nothing here prints.
"""

from scr import values


def _urgency(row, amber_days):
    if row["overdue_milestones"] or row["actions"]["overdue"]:
        return "red"
    if row["days_left"] is not None and row["days_left"] <= amber_days:
        return "amber"
    return "green"


def review_status(review, milestone_rows):
    """One open review as a row of `scr status`: the `scr list` row and its counts."""
    from scr.actions import rules as action_plan
    from scr.board.summary import review_row
    from scr.timescales.clocks import count_overdue

    ws = review.ws
    row = review_row(review, milestone_rows)
    records = action_plan.brief_records(review)
    counts = action_plan.counts(records, ws.today)
    row["days_left"] = (values.from_iso(row["next_due"]) - ws.today).days if row["next_due"] else None
    row["overdue_milestones"] = count_overdue(milestone_rows)
    row["actions"] = {**counts, "open": sum(1 for a in records if action_plan.is_open(a))}
    row["urgency"] = _urgency(row, ws.amber_days)
    return row


def status(ws, with_milestones=False):
    """``{reviews, overdue_milestones, overdue_actions}`` over the open reviews, ordered by ref.

    ``with_milestones`` keeps each review's milestone rows (under ``_milestones``) for the paper.
    """
    from scr.timescales.clocks import review_milestones
    from scr.timescales.workdays import for_workspace

    from scr.learning.themes import counts as theme_counts
    from scr.timescales.links import count_once, groups

    cal = for_workspace(ws)
    rows, overdue_rows, open_reviews = [], [], []
    reviews = ws.all_reviews()
    for review in reviews:
        if review.closed:
            continue
        open_reviews.append(review)
        milestone_rows = review_milestones(review, ws.today, cal)
        # CLI.md 1.1: a milestone two linked reviews both carry is counted once
        overdue_rows.extend(r for r in milestone_rows if r["status"] == "overdue")
        row = review_status(review, milestone_rows)
        if with_milestones:
            row["_milestones"] = milestone_rows
            row["_review"] = review
        rows.append(row)
    rows.sort(key=lambda r: r["ref"])
    return {
        "reviews": rows,
        "overdue_milestones": len(count_once(overdue_rows, groups(reviews))),
        "overdue_actions": sum(r["actions"]["overdue"] for r in rows),
        "themes": theme_counts(open_reviews),
    }


def public(result):
    """The `--json` document of `scr status` (nothing private, nothing not JSON)."""
    return {
        "reviews": [{k: v for k, v in row.items() if not k.startswith("_")} for row in result["reviews"]],
        "overdue_milestones": result["overdue_milestones"],
        "overdue_actions": result["overdue_actions"],
        "themes": result["themes"],
    }
