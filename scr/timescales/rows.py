"""Milestone rows as the commands across reviews read them: sorted, the next due, the overdue
counted, those due within some days, and a row kept whatever the day (:data:`TIMELESS`) as it
stands on a day. Light on purpose: `scr status` imports this, not the clocks (timescales/clocks.py
makes the rows).
"""

from datetime import date, timedelta

UNMET = ("due", "overdue", "paused", "pending")


#: The day a clock is computed on for the derived index, which keeps a review's milestones whatever
#: the day: every dated, unmet, unpaused milestone is then ``due`` (its due date is on or after
#: this day), and :func:`as_of` decides it for the day a command runs. A review with an open pause
#: cannot be kept so (the pause runs to today, moving the due date day by day).
TIMELESS = date.min


def as_of(row, today):
    """A milestone row computed on :data:`TIMELESS`, as it stands on TODAY: ``due`` until its due
    date, ``overdue`` after it (as ``clocks.evaluate`` decides: ``due >= today``)."""
    if row["status"] == "due" and row["due"] < today.isoformat():  # ISO dates sort as days do
        return dict(row, status="overdue")
    return row


def sort_rows(rows):
    """Ordered by due (nulls last), then review, then milestone."""
    return sorted(rows, key=lambda r: (r["due"] is None, r["due"] or "", r["review"], r["milestone"]))


def next_due(rows):
    """The earliest due date (ISO) of an unmet milestone, or None."""
    dues = [r["due"] for r in rows if r["status"] in UNMET and r["due"]]
    return min(dues) if dues else None


def count_overdue(rows):
    return sum(1 for r in rows if r["status"] == "overdue")


def within(rows, days, today):
    """The unmet rows due within DAYS of TODAY (inclusive), and every overdue one."""
    try:
        limit = (today + timedelta(days=days)).isoformat()
    except OverflowError:  # --within 99999999999: every due date there is
        limit = "9999-12-31"
    return [r for r in rows if r["status"] in ("overdue", "pending")  # pending: never due, always kept
            or (r["status"] in ("due", "paused") and r["due"] and r["due"] <= limit)]
