"""The audit trail of a review: what each command changed, built to be read.

Every command that changes a review appends one audit record to its file, in the same atomic write
(table ``audit``)::

    {"timestamp": "2026-12-01T09:14:03+00:00",   # UTC, with its offset
     "user": "jane", "command": "scr actions update 2013-child-f:3 --status completed ...",
     "effective": "2014-03-02",                   # the day the change counts from (--as-of)
     "changes": [{"table": "actions", "id": "3", "op": "changed",
                  "fields": {"status": {"old": "in-progress", "new": "completed"}, ...}}]}

Only the fields that changed are kept, old -> new (schema 2): never a copy of an action's history
(the action keeps its own), so the file grows with the size of each change, not with the number of
changes made before it. A command that changes more than :data:`DETAIL_LIMIT` records of one table
(an import) keeps counts: ``{"table", "op": "summary", "added", "changed", "removed"}``.

Records written before schema 2 stay as they were written (``fields: {F: [old, new]}``, ``values``
for added and removed records, local times); :func:`lines` reads both forms.
"""

import json
import re
from datetime import datetime, timezone

from scr import values

DETAIL_LIMIT = 20  # more records than this changed in one table are summarised by count
#: Fields left out of audit records: an action's history is its own record of the same changes.
NOT_AUDITED = frozenset({"history"})
RECORD_PREFIXES = {"events": "e", "pauses": "p", "requests": "r"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def record_id(table, key):
    prefix = RECORD_PREFIXES.get(table)
    return f"{prefix}{key}" if prefix else key


def _fields(old, new):
    return {
        field: {"old": old.get(field), "new": new.get(field)}
        for field in sorted(set(old) | set(new))
        if field not in NOT_AUDITED and old.get(field) != new.get(field)
    }


def diff(before, after):
    """What changed between two snapshots of a review file, table by table (audit excluded)."""
    changes = []
    for table in sorted(set(before) | set(after)):
        if table == "audit":
            continue
        old, new = before.get(table, {}), after.get(table, {})
        added = [k for k in new if k not in old]
        removed = [k for k in old if k not in new]
        changed = [k for k in new if k in old and new[k] != old[k]]
        if len(added) + len(removed) + len(changed) > DETAIL_LIMIT:
            changes.append({"table": table, "op": "summary", "added": len(added),
                            "changed": len(changed), "removed": len(removed)})
            continue
        for op, keys in (("added", added), ("removed", removed), ("changed", changed)):
            for key in keys:
                fields = _fields(old.get(key, {}), new.get(key, {}))
                if op == "added":
                    fields = {k: v for k, v in fields.items() if v["new"] is not None}
                if fields or op != "changed":
                    changes.append({"table": table, "id": record_id(table, key), "op": op,
                                    "fields": fields})
    return changes


def entry(ws, changes):
    """The audit record of one command's ``changes``."""
    return {
        "timestamp": values.timestamp(),
        "user": ws.user,
        "command": ws.command,
        "effective": ws.today.isoformat(),
        "changes": changes,
    }


def append(data, record):
    """Add ``record`` to the audit table of a review file's ``data``."""
    audit = data.setdefault("audit", {})
    next_id = max((int(k) for k in audit), default=0) + 1
    audit[str(next_id)] = record


def entries(data):
    """The audit trail, oldest first."""
    rows = data.get("audit", {})
    return [rows[key] for key in sorted(rows, key=int)]


# ----------------------------------------------------------------------------- reading


def _value(value):
    """A stored value as a person reads it: dates day first, nothing as '-', text as it is."""
    if value is None or value == "" or value == [] or value == {}:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            try:
                return values.show(value)
            except ValueError:
                pass
        text = " ".join(value.split())
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= 60 else text[:59] + "…"


def _pairs(change):
    """``(field, old, new)`` of one change, in either audit form."""
    fields = change.get("fields")
    if isinstance(fields, dict):
        for field, pair in fields.items():
            if field in NOT_AUDITED:
                continue  # a record written before schema 2 may hold a whole history
            if isinstance(pair, dict):
                yield field, pair.get("old"), pair.get("new")
            elif isinstance(pair, (list, tuple)) and len(pair) == 2:
                yield field, pair[0], pair[1]
        return
    stored = change.get("values") or {}
    for field, value in stored.items():
        if field in NOT_AUDITED or value in (None, "", [], {}):
            continue
        if change.get("op") == "removed":
            yield field, value, None
        else:
            yield field, None, value


def describe(change):
    """One change as one line: ``actions 3 changed: status in-progress -> completed``."""
    table = change.get("table", "?")
    if change.get("op") in (None, "summary"):
        return (f"{table}: {change.get('added', 0)} added, {change.get('changed', 0)} changed,"
                f" {change.get('removed', 0)} removed")
    op = change["op"]
    if op == "changed":
        parts = [f"{field} {_value(old)} -> {_value(new)}" for field, old, new in _pairs(change)]
    else:
        parts = [f"{field} {_value(old if op == 'removed' else new)}"
                 for field, old, new in _pairs(change)]
    return f"{table} {change.get('id', '?')} {op}: {', '.join(parts) or 'no fields'}"


def _when(timestamp):
    """An audit time as UTC, day first: ``1 Dec 2026 09:14:03 +00:00`` (older local times too)."""
    try:
        moment = datetime.fromisoformat(str(timestamp))
    except ValueError:
        return str(timestamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
        return f"{values.show(moment.date())} {moment:%H:%M:%S} +00:00"
    return f"{values.show(moment.date())} {moment:%H:%M:%S}"


def lines(rows):
    """The audit trail as text, one line per change: when, who, what, and the command."""
    out = []
    for row in rows:
        head = f"{_when(row.get('timestamp'))}  {row.get('user')}"
        changes = row.get("changes") or []
        for change in changes:
            out.append(f"{head}  {describe(change)}  [{row.get('command')}]")
        if not changes:
            out.append(f"{head}  no change  [{row.get('command')}]")
    return out


def as_json(rows):
    """``scr log --json``: ``{timestamp, user, command, changes}`` of each record, as stored."""
    return [{key: row.get(key) for key in ("timestamp", "user", "command", "changes")}
            for row in rows]
