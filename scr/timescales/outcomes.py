"""What a rapid review decided, and a decision not to initiate a review, with the reasons.

- ``scr outcome RAPID OUTCOME --date DATE --reason TEXT``: the rapid review's outcome, one of
  :data:`OUTCOMES`, with its rationale, recorded as the event ``outcome`` (its ``outcome`` field the
  value, its note the rationale), so it is dated, withdrawable and seen ``--as-of`` like any event.
  The latest outcome not withdrawn counts. The Panel's response to the rapid review is the event
  ``panel-response``.
- A decision not to initiate a review is the event ``not-initiated``, its note the reasons
  (``scr event REF not-initiated --date DATE --note REASONS``); the frameworks' milestone that
  tells the Panel of it exists once that event is recorded.

Nothing here prints.
"""

from scr import values
from scr.errors import ScrError

OUTCOME = "outcome"
NOT_INITIATED = "not-initiated"
PANEL_RESPONSE = "panel-response"
OUTCOMES = {
    "practice-review": "a local child safeguarding practice review",
    "national-review": "a national review, for the Panel to consider",
    "other-learning": "other learning, without a practice review",
    "no-further-review": "no further review",
}


def record_outcome(review, outcome, date_text, reason):
    """``scr outcome``: the rapid review's outcome on DATE with its rationale; the event's id."""
    from scr.timescales.events import happened
    from scr.values import check_text

    if review.kind != "rapid":
        raise ScrError(f"review '{review.ref}' is a {review.kind} review: `scr outcome` records a "
                       f"rapid review's outcome (a decision not to initiate is `scr event "
                       f"{review.ref} not-initiated --date DATE --note REASONS`)")
    if outcome not in OUTCOMES:
        raise ScrError(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    if not isinstance(reason, str) or not reason.strip():
        raise ScrError("--reason must not be blank: the Panel asks for the rationale")
    check_text(reason, "--reason")
    day = values.parse_date(date_text, "--date")
    happened(day, review.ws.today, "--date")
    return review.add_event(OUTCOME, day, note=reason.strip(), outcome=outcome)


def outcome_of(events):
    """The latest ``outcome`` event among EVENTS (not withdrawn) as ``{id, outcome, date,
    rationale}``, or None."""
    found = [e for e in events if e["kind"] == OUTCOME and not e.get("planned")]
    if not found:
        return None
    latest = max(found, key=lambda e: (e["date"], int(str(e["id"]).lstrip("e") or 0)))
    return {"id": latest["id"], "outcome": latest.get("outcome"), "date": latest["date"],
            "rationale": latest.get("note")}


def not_initiated_of(events):
    """The decision not to initiate (the earliest ``not-initiated`` event) as ``{id, date,
    reasons}``, or None."""
    found = sorted((e for e in events if e["kind"] == NOT_INITIATED and not e.get("planned")),
                   key=lambda e: e["date"])
    if not found:
        return None
    return {"id": found[0]["id"], "date": found[0]["date"], "reasons": found[0].get("note")}
