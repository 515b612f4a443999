"""Recording what happened to a review: events, notifications, pauses and their resumption.

Every function checks all of its input before it changes anything, and raises ScrError (exit 1) on
bad input: an invalid slug, an unreadable date, a date in the future for something that has
happened, a resume without an open pause, a pause that would end before it starts. Changes are made
through the review session, which writes nothing when an error is raised.
"""

from scr import values
from scr.errors import ScrError
from scr.timescales.vocabulary import RECIPIENT_NAMES  # noqa: F401  (letters name recipients from it)
from scr.values import check_event_kind, notification_kind, notification_parts


def vocabulary(ws):
    """The workspace's known event kinds, recipients and purposes (CLI.md 1.1)."""
    from scr.timescales.clocks import workspace_frameworks
    from scr.timescales.vocabulary import of_workspace

    return of_workspace(ws, workspace_frameworks(ws))


def happened(day, today, what, hint="it must have happened"):
    """Refuse a date after today for something that has happened."""
    if day > today:
        raise ScrError(f"{what} {day.isoformat()} is after today ({today.isoformat()}): {hint}")
    return day


def record_event(review, kind, date_text, note=None, planned=False, allow_new=False):
    """``scr event``: add an event; returns its record id.

    A kind the vocabulary does not know is refused with the nearest spelling unless ALLOW_NEW."""
    check_event_kind(kind)
    if not allow_new:
        vocabulary(review.ws).check_kind(kind)
    day = values.parse_date(date_text, "--date")
    note = values.text(note, "--note", required=False)
    if not planned:
        happened(day, review.ws.today, "--date", "only a --planned event may be in the future")
    extra = {}
    if values.is_notification(kind):
        recipient, purpose = notification_parts(kind)
        extra = {"recipient": recipient, "purpose": purpose}
    return review.add_event(kind, day, note=note, planned=planned, **extra)


def record_notification(review, recipient, date_text, purpose=None, reference=None, note=None,
                        allow_new=False):
    """``scr notify``: RECIPIENT was told something on DATE; returns the event's record id.

    A recipient or purpose the vocabulary does not know is refused unless ALLOW_NEW."""
    kind = notification_kind(recipient, purpose)
    if not allow_new:
        known = vocabulary(review.ws)
        known.check("recipients", recipient)
        known.check("purposes", purpose)
    day = values.parse_date(date_text, "--date")
    reference = values.text(reference, "--reference", required=False)
    note = values.text(note, "--note", required=False)
    happened(day, review.ws.today, "--date")
    return review.add_event(kind, day, note=note, recipient=recipient, purpose=purpose,
                            reference=reference)


def open_pause(review):
    """The review's open pause (a dict with id, from…), or None."""
    for pause in review.pauses():
        if not pause.get("to"):
            return pause
    return None


def start_pause(review, from_text, reason):
    """``scr pause``: a pause from DATE, open until ``resume``; returns its record id."""
    day = values.parse_date(from_text, "--from")
    reason = values.text(reason, "--reason", required=False)
    if not reason:
        raise ScrError("--reason is needed")
    happened(day, review.ws.today, "--from")
    current = open_pause(review)
    if current:
        raise ScrError(f"review '{review.ref}' already has an open pause ({current['id']}, from "
                       f"{current['from']}): `scr resume {review.ref} --date DATE` ends it first")
    for pause in review.pauses():
        if pause["from"] <= day.isoformat() < pause["to"]:
            raise ScrError(f"{day.isoformat()} falls inside the pause {pause['id']} "
                           f"({pause['from']} to {pause['to']})")
    doc_id = review.table("pauses").insert(
        {"from": day.isoformat(), "to": None, "reason": reason, "withdrawn": None})
    return f"p{doc_id}"


def resume(review, date_text):
    """``scr resume``: end the open pause on DATE; returns the pause's record id."""
    day = values.parse_date(date_text, "--date")
    happened(day, review.ws.today, "--date")
    current = open_pause(review)
    if current is None:
        raise ScrError(f"review '{review.ref}' has no open pause to resume "
                       f"(`scr pause {review.ref} --from DATE --reason TEXT` starts one)")
    if day.isoformat() < current["from"]:
        raise ScrError(f"the pause {current['id']} started on {current['from']}: it cannot end "
                       f"before it starts ({day.isoformat()})")
    for pause in review.pauses():
        if pause["id"] != current["id"] and pause["to"] and current["from"] < pause["to"] \
                and pause["from"] < day.isoformat():
            raise ScrError(f"the pause {current['id']} from {current['from']} to {day.isoformat()} would "
                           f"overlap the pause {pause['id']} ({pause['from']} to {pause['to']}): a "
                           "day can be paused only once")
    review.table("pauses").update({"to": day.isoformat()}, doc_ids=[int(current["id"][1:])])
    return current["id"]
