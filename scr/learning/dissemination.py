"""Dissemination and publication.

- ``scr learning add REF --date --kind --audience [--attended] [--note]``: a learning event held
  from a review (the seed's "learning dissemination workshops" after Child F), in the review's
  table ``learning``, record ids ``l<N>``: ``{date, kind, audience, attended, note, withdrawn}``.
- The publication record: where the report was published (``scr publication REF --url URL``),
  online until (given, else 12 months after the ``published`` event, as Working Together asks),
  and the day it was sent to the national case review repository: the first notification to a
  recipient whose name holds ``repository`` (``scr notify REF national-repository --purpose
  report``; a framework's milestone of basis ``expectation`` is met by it).

Nothing here prints.
"""

from scr import values
from scr.errors import ScrError

TABLE = "learning"
KINDS = ("workshop", "briefing", "conference", "newsletter", "training", "seminar", "webinar",
         "learning-event", "other")
ONLINE_MONTHS = 12
REPOSITORY_RECIPIENT = "national-repository"


def check_kind(kind):
    if kind not in KINDS:
        raise ScrError(f"--kind {kind!r} is not a kind of learning event; use one of {', '.join(KINDS)}")
    return kind


def check_attended(attended):
    if attended is None:
        return None
    try:
        number = int(str(attended).strip())
    except ValueError:
        raise ScrError(f"--attended {attended!r} is not a whole number of people") from None
    if number < 0:
        raise ScrError(f"--attended {attended!r} is negative: give the number of people who attended")
    return number


def events(review, include_withdrawn=False):
    """The review's learning events, oldest first, each with its id ``l<N>``; as of today (an
    event after ``--as-of`` has not happened yet)."""
    return dated_records(review, TABLE, "l", include_withdrawn)


def dated_records(review, table, prefix, include_withdrawn=False):
    """The records of ``table`` (learning events, costs), oldest first, each with its id
    PREFIX<N>; withdrawn ones left out unless asked for, and (read-only) those dated after today."""
    rows = []
    for key, doc in review.storage.data.get(table, {}).items():
        if doc.get("withdrawn") and not include_withdrawn:
            continue
        if not review.writable and doc.get("date") and doc["date"] > review.ws.today.isoformat():
            continue
        rows.append({"id": f"{prefix}{key}", **doc})
    return sorted(rows, key=lambda r: (r.get("date") or "", int(r["id"][len(prefix):])))


def public(event):
    """An event as ``scr show --json`` lists it."""
    return {key: event.get(key) for key in ("id", "date", "kind", "audience", "attended", "note")}


def add_event(ws, ref, date, kind, audience, attended=None, note=None):
    """``scr learning add``: record one learning event; returns its record id."""
    day = values.parse_date(date, "--date") if isinstance(date, str) else date
    if day > ws.today:
        raise ScrError(f"--date {day.isoformat()} is after today ({ws.today.isoformat()}): record an event once it is held")
    record = {
        "date": day.isoformat(), "kind": check_kind(kind),
        "audience": values.text(audience, "--audience"),
        "attended": check_attended(attended),
        "note": values.check_text(values.optional_text(note), "--note"),
        "withdrawn": None,
    }
    with ws.open_review(ref, write=True) as review:
        return f"l{review.table(TABLE).insert(record)}"


# ------------------------------------------------------------------------------ publication


def _published_on(review):
    dates = [e["date"] for e in review.events() if e["kind"] == "published" and not e["planned"]]
    return min(dates) if dates else None


def _repository_sent(review):
    for event in review.events():
        if event["planned"] or not values.is_notification(event["kind"]):
            continue
        recipient = values.notification_parts(event["kind"])[0]
        if "repository" in recipient:
            return event["date"]
    return None


def publication(review):
    """``{published, url, online_until, repository_sent}`` (null where not known)."""
    from scr.timescales.workdays import add_months

    stored = review.record.get("publication") or {}
    published = _published_on(review)
    until = stored.get("online_until")
    if until is None and published:
        until = add_months(values.from_iso(published), ONLINE_MONTHS).isoformat()
    return {"published": published, "url": stored.get("url"), "online_until": until,
            "repository_sent": _repository_sent(review)}


def check_url(url):
    url = values.text(url, "--url")
    if not url.lower().startswith(("https://", "http://")) or " " in url:
        raise ScrError(f"--url {url!r} is not a web address (https://…)")
    return url


def set_publication(ws, ref, url=None, online_until=None):
    """``scr publication REF --url URL [--online-until DATE]``: where the report is published."""
    if url is None and online_until is None:
        raise ScrError("give --url, --online-until or both")
    with ws.open_review(ref, write=True) as review:
        stored = dict(review.record.get("publication") or {})
        if url is not None:
            stored["url"] = check_url(url)
        if online_until is not None:
            day = values.parse_date(online_until, "--online-until") if isinstance(online_until, str) else online_until
            stored["online_until"] = day.isoformat()
        review.update_record(publication=stored)
        return publication(review)
