"""Regulation 14 monitoring (SI 2018/789 reg 14: safeguarding partners "must monitor the time
being taken to conduct a review and the quality of the review at regular intervals").

No period is set in the regulations, so the interval is the board's own (basis ``local``):
``[reviews] check_in_weeks = N`` in scr.toml for every review, or ``scr set REF check-in-weeks N``
for one (0 turns it off for that review). The milestone ``check-in`` is then due N weeks after the
last ``check-in`` event, or after ``initiated`` where there is none yet; a check-in recorded starts
the next interval. It exists from ``initiated`` until the review is published or closed, and is
never ``met``: each check-in only moves the next one. The written request for a draft (reg 14:
"must be made in writing") is the event ``draft-requested``.

Nothing here prints.
"""

from datetime import timedelta

from scr.errors import ScrError

CHECK_IN = "check-in"
CHECK_IN_TITLE = "Safeguarding partners' check-in on the review's progress"
CHECK_IN_SOURCE = ("SI 2018/789 reg 14 (partners must monitor the time taken at regular "
                   "intervals); the interval is the board's: [reviews] check_in_weeks")
ENDS = ("published", "closed")
STARTS = "initiated"
DRAFT_REQUESTED = "draft-requested"
NOT_FOR = ("rapid",)  # a rapid review runs 15 working days: its progress is not monitored so


def parse_weeks(value, where):
    """A whole number of weeks typed by a person (``scr set REF check-in-weeks N``), 0 or more."""
    text = value.strip() if isinstance(value, str) else None
    if text is None or not text.isdigit():
        raise ScrError(f"{where} {value!r} is not a whole number of weeks (0 turns check-ins off)")
    return int(text)


def interval(record, workspace_weeks=0):
    """The review's check-in interval in weeks, or None: its own setting (``scr set REF
    check-in-weeks N``), else the workspace's (``[reviews] check_in_weeks``, read by
    workspace/config.py); 0 is none."""
    own = record.get("check_in_weeks")
    weeks = own if own is not None else workspace_weeks
    return weeks or None


def evaluate(facts, weeks, today, kind=None):
    """The check-in milestone's result (as ``clocks.evaluate`` returns), or None where it does
    not exist (no interval, not initiated, or the review is published or closed)."""
    if not weeks or kind in NOT_FOR:
        return None
    start = facts.actual(STARTS)
    if start is None or any(facts.actual(kind) for kind in ENDS):
        return None
    last = max((d for d in _days(facts, CHECK_IN) if d >= start), default=start)
    due = last + timedelta(weeks=weeks)
    status = "due" if due >= today else "overdue"
    return {"from": last, "before": None, "before_planned": False, "due": due, "status": status,
            "met_on": None}


def _days(facts, kind):
    from scr.values import from_iso

    return [from_iso(e["date"]) for e in facts.events if e["kind"] == kind and not e.get("planned")]
