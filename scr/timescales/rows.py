"""Milestone rows as the commands across reviews read them: sorted, the next due, the overdue
counted, those due within some days, and a row kept whatever the day (:data:`TIMELESS`) as it
stands on a day. Light on purpose: `scr status` imports this, not the clocks (timescales/clocks.py
makes the rows).
"""

from datetime import date, timedelta

import msgspec

UNMET = ("due", "overdue", "paused", "pending")


class Kept(msgspec.Struct, array_like=True):
    """A milestone row as the derived index keeps it: what a command sorts and chooses by, beside
    the row itself (a dict; from the index, its JSON as kept, ``msgspec.Raw``, never decoded)."""

    due: str | None
    status: str
    review: str
    milestone: str
    row: msgspec.Raw  # or the dict itself, where made just now (a Struct's fields are not checked)


def kept(rows):
    """ROWS as :class:`Kept` rows."""
    return [Kept(r["due"], r["status"], r["review"], r["milestone"], r) for r in rows]


def kept_as_of(items, today):
    """:class:`Kept` ITEMS as they stand on TODAY (:func:`as_of`), the JSON of each changed one
    changed to match."""
    limit = today.isoformat()
    out = []
    for item in items:
        if _late(item.status, item.due, limit):
            row = item.row
            if isinstance(row, msgspec.Raw):
                # msgspec's compact JSON: the row's one "status" key (a quote in a string is escaped)
                row = msgspec.Raw(bytes(row).replace(b'"status":"due"', b'"status":"overdue"', 1))
            else:
                row = dict(row, status="overdue")
            item = Kept(item.due, "overdue", item.review, item.milestone, row)
        out.append(item)
    return out


def plain(items):
    """The rows of :class:`Kept` ITEMS as dicts."""
    return [item.row if isinstance(item.row, dict) else msgspec.json.decode(item.row) for item in items]


def _late(status, due, limit):
    """A dated milestone computed on TIMELESS and still ``due`` is overdue after its due date."""
    return status == "due" and due < limit  # ISO dates sort as the days do


#: The day a clock is computed on for the derived index, which keeps a review's milestones whatever
#: the day: every dated, unmet, unpaused milestone is then ``due`` (its due date is on or after
#: this day), and :func:`as_of` decides it for the day a command runs. A review with an open pause
#: cannot be kept so (the pause runs to today, moving the due date day by day).
TIMELESS = date.min


def as_of(row, today):
    """A milestone row computed on :data:`TIMELESS`, as it stands on TODAY: ``due`` until its due
    date, ``overdue`` after it (as ``clocks.evaluate`` decides: ``due >= today``)."""
    if _late(row["status"], row["due"], today.isoformat()):
        return dict(row, status="overdue")
    return row


def overdue_among(unmet, today):
    """How many of UNMET (``[due, status, ...]`` of dated, unmet milestones) are overdue on TODAY,
    as :func:`as_of` decides each, without making a row of any (`scr status` counts 3,000
    reviews')."""
    limit = today.isoformat()
    return sum(1 for m in unmet if m[1] == "overdue" or _late(m[1], m[0], limit))


def sort_rows(rows):
    """Ordered by due (nulls last), then review, then milestone (rows, or :class:`Kept` rows)."""
    if rows and isinstance(rows[0], Kept):
        return sorted(rows, key=lambda r: _order(r.due, r.review, r.milestone))
    return sorted(rows, key=lambda r: _order(r["due"], r["review"], r["milestone"]))


def _order(due, review, milestone):
    return due is None, due or "", review, milestone


def next_due(rows):
    """The earliest due date (ISO) of an unmet milestone, or None."""
    dues = [r["due"] for r in rows if r["status"] in UNMET and r["due"]]
    return min(dues) if dues else None


def within(rows, days, today):
    """The unmet rows due within DAYS of TODAY (inclusive), and every overdue one (rows, or
    :class:`Kept` rows)."""
    try:
        limit = (today + timedelta(days=days)).isoformat()
    except OverflowError:  # --within 99999999999: every due date there is
        limit = "9999-12-31"
    if rows and isinstance(rows[0], Kept):
        return [r for r in rows if _within(r.status, r.due, limit)]
    return [r for r in rows if _within(r["status"], r["due"], limit)]


def _within(status, due, limit):
    return (status in ("overdue", "pending")  # pending: never due, always kept
            or (status in ("due", "paused") and due is not None and due <= limit))
