"""``--as-of`` as a point in time (CLI.md 1.1, "Today"): a review file as it stood on a day.

:func:`view` takes the data of a review file (its tables, as TinyDB keeps them) and returns the
data as of DAY: every record dated after DAY left out, as if it had not happened yet. Commands that
read see this view; commands that write see every record. A record counts by the date of the fact
it records:

- events and notifications by their ``date`` (planned events are kept: they are expected dates);
- pauses by ``from`` (a resumption after DAY leaves the pause open);
- actions by ``added``; each later change is undone, except a completion or cancellation whose own
  date is on or before DAY (recorded late, it still happened by then);
- chronology requests by ``requested``, files by ``received`` (a replacement after DAY leaves the
  earlier file in place);
- delays by ``date``;
- a withdrawal, and a change with no date of its own (``set``, ``link``), from the day it was made,
  as ``--as-of`` stood then: the withdrawal's ``date``, the audit record's ``effective``. Audit
  records written before 1.1 carry no ``effective`` and stay in force.

The review itself (table ``review``, its creation) is never left out. Nothing here reads the clock,
a file or the workspace: a pure function of the data and the day, unit tested on its own.
"""

import copy

# An action's fields are read from its own history, so this module imports no rules.
_ENDED = ("completed_on", "cancelled_on")


def _after(text, day):
    """Is the ISO date TEXT after DAY (an ISO string)? A missing date is never after."""
    return isinstance(text, str) and text[:10] > day


def _unwithdrawn(record, day):
    """A record withdrawn after DAY was not withdrawn yet."""
    withdrawn = record.get("withdrawn")
    if isinstance(withdrawn, dict) and _after(withdrawn.get("date"), day):
        record = dict(record, withdrawn=None)
    return record


def event(record, day):
    if not record.get("planned") and _after(record.get("date"), day):
        return None
    return _unwithdrawn(record, day)


def pause(record, day):
    if _after(record.get("from"), day):
        return None
    record = _unwithdrawn(record, day)
    if _after(record.get("to"), day):
        record = dict(record, to=None)
    return record


def request(record, day):
    if _after(record.get("requested"), day):
        return None
    return _unwithdrawn(record, day)


def chronology_file(record, day):
    if _after(record.get("received"), day):
        return None
    if _after(record.get("replaced"), day):
        record = dict(record, replaced=None)
    return record


def delay(record, day):
    if _after(record.get("date"), day):
        return None
    return _unwithdrawn(record, day)


def _kept(change, day):
    """Does an action's history record count as of DAY?"""
    if not _after(change.get("date"), day):
        return True
    # Recorded after DAY, but completing or cancelling on or before it (a late entry).
    ended = [c.get("to") for f, c in (change.get("changes") or {}).items() if f in _ENDED]
    return any(isinstance(t, str) and not _after(t, day) for t in ended)


def action(record, day):
    """The action as it stood on DAY, or None where it was added after DAY."""
    if _after(record.get("added"), day):
        return None
    history = record.get("history") or []
    if not history or all(_kept(h, day) for h in history):
        return record
    kept = [history[0]] + [h for h in history[1:] if _kept(h, day)]
    state = dict(record)
    changed = {field for h in history for field in (h.get("changes") or {})}
    for field in changed:
        state[field] = None
    for h in kept:  # replay what had happened by DAY, oldest first
        for field, change in (h.get("changes") or {}).items():
            if isinstance(change, dict):
                state[field] = change.get("to")
    state["history"] = kept
    state["version"] = kept[-1].get("version", len(kept))
    if not state.get("status"):
        state["status"] = "not-started"
    return state


def review_record(record, audit, day):
    """The review's own fields as of DAY: changes whose audit record is ``effective`` after DAY
    (``set``, ``link``) undone, newest first. The creation is never undone."""
    later = [a for a in audit if _after(a.get("effective"), day)]
    if not later:
        return record
    record = copy.deepcopy(record)
    for entry in reversed(later):
        for change in entry.get("changes") or []:
            if (change.get("table") == "review" and change.get("id") == "1"
                    and change.get("op") == "changed"):
                for field, pair in (change.get("fields") or {}).items():
                    # schema 2 keeps {old, new}; records written before it keep [old, new]
                    record[field] = pair["old"] if isinstance(pair, dict) else pair[0]
    return record


_TABLES = {
    "events": event, "pauses": pause, "requests": request, "chronology_files": chronology_file,
    "delays": delay, "actions": action,
}


def view(data, day):
    """The review file's DATA as of DAY (a date): a new dict; DATA itself is not changed.

    Returns DATA itself where nothing in it is after DAY (the usual case, and a fast one)."""
    limit = day.isoformat()
    out = None
    for table, rule in _TABLES.items():
        documents = data.get(table)
        if not documents:
            continue
        kept = {}
        changed = False
        for key, doc in documents.items():
            result = rule(doc, limit) if isinstance(doc, dict) else doc
            if result is not doc:
                changed = True
            if result is not None:
                kept[key] = result
        if changed:
            out = out if out is not None else dict(data)
            out[table] = kept
    audit = data.get("audit") or {}
    record = (data.get("review") or {}).get("1")
    if isinstance(record, dict) and any(isinstance(e, dict) and _after(e.get("effective"), limit)
                                        for e in audit.values()):
        keys = sorted(audit, key=lambda k: int(k) if str(k).isdigit() else 0)
        as_of = review_record(record, [audit[k] for k in keys if isinstance(audit[k], dict)], limit)
        if as_of is not record:
            out = out if out is not None else dict(data)
            out["review"] = dict(data["review"], **{"1": as_of})
    return data if out is None else out


# The dates each table's rule above reads (a withdrawal's own date is read for every table).
_DATES = {"events": ("date",), "pauses": ("from", "to"), "requests": ("requested",),
          "chronology_files": ("received", "replaced"), "delays": ("date",), "actions": ("added",)}


def latest(data):
    """The first day (ISO) from which :func:`view` gives DATA itself, or a later one: the latest
    date a rule above reads (an action's history by the date of each change, whether or not it
    ended the action by then), ``0001-01-01`` where there is none. On and after it nothing in DATA
    is after the day; the derived index serves a review from its copy from that day on. DATA is a
    file the schema has checked: every date is an ISO string or None."""
    dates = []
    add = dates.append
    for table, fields in _DATES.items():
        for doc in (data.get(table) or {}).values():
            if table != "events" or not doc.get("planned"):  # a plan is kept whatever its date
                for name in fields:
                    add(doc.get(name))
            withdrawn = doc.get("withdrawn")
            if withdrawn:
                add(withdrawn.get("date"))
            if table == "actions":
                dates += [change.get("date") for change in doc.get("history") or ()]
    dates += [entry.get("effective") for entry in (data.get("audit") or {}).values()]
    # an ISO date or timestamp: the latest string is the latest day (its first ten characters)
    found = max(filter(None, dates), default=None)
    return found[:10] if found else "0001-01-01"
