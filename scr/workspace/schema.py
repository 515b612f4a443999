"""The schema of a review file: one msgspec type per record, checked on every read.

A review file (``reviews/REF/review.json``) is a TinyDB file: an object of tables, each an object
of records keyed by their document id (``"1"``, ``"2"``…). Every table scr knows has a record type
here; a record that does not match it — a wrong type, a missing field, an unknown status — makes
the file damaged, and :func:`check` names the file, the record and the field::

    reviews/x/review.json is damaged: actions.1.due: expected a date (YYYY-MM-DD), got 20140331

Fields other issues add to a record are optional (with a default) and need no version bump; a
field this scr does not know is kept as it is and ignored here, so an older scr still reads a file
a newer one wrote at the same ``schema_version``. Tables this module does not name are not checked.

The decoded types are for code that reads many reviews fast (a portfolio index): :func:`decode`
turns a file's bytes into a :class:`ReviewFile` of these structs in one pass. The commands
themselves work on the plain dicts TinyDB keeps, after :func:`check` has passed them.
"""

import re
from datetime import date
from typing import Any, Literal, Optional

import msgspec

from scr.errors import DamagedFile

#: The schema version this scr writes; scr.workspace.migrate brings older files up to it.
#: 1: the first. 2: audit records hold only the fields that changed, ``{old, new}``, UTC times.
SCHEMA_VERSION = 2

ACTION_STATUSES = ("not-started", "in-progress", "completed", "cancelled")
INCIDENTS = ("death", "serious-harm", "other")


class Record(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    """A stored record; fields it does not name are ignored (a newer scr may add some). A field
    without a default is one scr always writes (null where not known): its absence is damage."""


class Withdrawn(Record):
    reason: str
    date: date
    user: Optional[str] = None


class Link(Record):
    ref: str
    relation: str
    local: Optional[bool] = None


class ReviewRecord(Record):
    ref: str
    kind: str
    title: str
    subject: str
    schema_version: int
    framework: Optional[str] = None
    scope_from: Optional[date] = None
    scope_to: Optional[date] = None
    author: Optional[str] = None
    chair: Optional[str] = None
    incident: Optional[Literal["death", "serious-harm", "other"]] = None
    terms_of_reference: Optional[str] = None
    links: list[Link] = []
    created: Optional[date] = None
    board: Optional[str] = None


class Event(Record):
    kind: str
    date: date
    planned: bool
    note: Optional[str] = None
    recipient: Optional[str] = None
    purpose: Optional[str] = None
    reference: Optional[str] = None
    withdrawn: Optional[Withdrawn] = None


class Pause(Record):
    start: date = msgspec.field(name="from")
    to: Optional[date]
    reason: Optional[str] = None
    withdrawn: Optional[Withdrawn] = None


class Request(Record):
    agency: str
    requested: date
    due: date
    withdrawn: Optional[Withdrawn] = None


class ChronologyFile(Record):
    agency: str
    file: str
    original: str
    sha256: str
    received: date
    entries: int
    entries_file: str
    entries_sha256: str
    user: Optional[str] = None
    replaced: Optional[date] = None


class FieldChange(Record):
    old: Any = msgspec.field(name="from", default=None)
    new: Any = msgspec.field(name="to", default=None)


class HistoryEntry(Record):
    version: int
    date: date
    at: str
    user: str
    source: str
    changes: dict[str, FieldChange]


class Action(Record):
    n: int
    recommendation: str
    text: str
    agency: str
    due: date
    added: date
    status: Literal["not-started", "in-progress", "completed", "cancelled"]
    version: int
    completed_on: Optional[date]
    cancelled_on: Optional[date]
    evidence: Optional[str]
    history: list[HistoryEntry]
    owner: Optional[str] = None
    outcome: Optional[str] = None


class Recommendation(Record):
    label: str
    text: str = ""
    response: Optional[str] = None


class Redaction(Record):
    name: str
    replace_with: Optional[str] = None


class AuditEntry(Record):
    """One audit record. ``changes``: from schema 2 on, a list of
    ``{table, id, op, fields: {FIELD: {old, new}}}`` (or ``{table, op: "summary", added, changed,
    removed}`` for a bulk change); records written before are kept and read as they are."""

    timestamp: str
    user: str
    command: str
    changes: list[dict[str, Any]]
    effective: Optional[date] = None


class ReviewFile(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    """A whole review file, decoded. Tables not named here are not decoded."""

    review: dict[int, ReviewRecord]
    events: dict[int, Event] = {}
    pauses: dict[int, Pause] = {}
    requests: dict[int, Request] = {}
    chronology_files: dict[int, ChronologyFile] = {}
    actions: dict[int, Action] = {}
    recommendations: dict[int, Recommendation] = {}
    redactions: dict[int, Redaction] = {}
    audit: dict[int, AuditEntry] = {}

    @property
    def record(self):
        return self.review[1]


#: The record type of each table scr checks.
TABLES = {
    "review": ReviewRecord, "events": Event, "pauses": Pause, "requests": Request,
    "chronology_files": ChronologyFile, "actions": Action, "recommendations": Recommendation,
    "redactions": Redaction, "audit": AuditEntry,
}

_TYPE_NAMES = {
    "date": "a date (YYYY-MM-DD)", "str": "text", "int": "a whole number", "bool": "true or false",
    "array": "a list", "object": "an object", "float": "a number", "null": "nothing (null)",
}
_EXPECTED = re.compile(r"Expected `([^`]+)`, got `([^`]+)`")
_PATH_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _path(text):
    """``$.history[0].changes`` -> ``["history", 0, "changes"]``."""
    return [name if name else int(index) for name, index in _PATH_PART.findall(text)]


def _lookup(value, parts):
    for part in parts:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _expected(spec):
    names = [_TYPE_NAMES.get(part.strip(), part.strip()) for part in spec.split("|")]
    names = [name for name in names if name != "nothing (null)"] or names
    return " or ".join(names)


def _describe(error, record):
    """A msgspec ValidationError on one record as ``field: expected …, got VALUE``."""
    message, _, where = str(error).partition(" - at `")
    parts = _path(where.rstrip("`"))
    missing = re.match(r"Object missing required field `([^`]+)`", message)
    if missing:
        parts.append(missing.group(1))
        field = ".".join(str(p) for p in parts)
        return field, "missing"
    field = ".".join(str(p) for p in parts)
    got = _lookup(record, parts)
    shown = msgspec.json.encode(got).decode() if got is not None else "null"
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if expected := _EXPECTED.match(message):
        return field, f"expected {_expected(expected.group(1))}, got {shown}"
    if message.startswith("Invalid enum value"):
        return field, f"{shown} is not one of the values scr knows"
    if "RFC3339" in message:
        return field, f"expected a real date (YYYY-MM-DD), got {shown}"
    return field, f"{message[:1].lower()}{message[1:]} (got {shown})"


def _record_problems(table, key, record, kind):
    where = f"{table}.{key}"
    if not isinstance(record, dict):
        return [f"{where}: expected an object, got {msgspec.json.encode(record).decode()[:60]}"]
    try:
        decoded = msgspec.convert(record, kind)
    except msgspec.ValidationError as error:
        field, problem = _describe(error, record)
        return [f"{where}.{field}: {problem}" if field else f"{where}: {problem}"]
    return [f"{where}.{problem}" for problem in _rules(table, key, decoded)]


def _rules(table, key, record):
    """What the types alone cannot say: which combinations of fields make sense."""
    if table == "review" and record.scope_from and record.scope_to \
            and record.scope_from > record.scope_to:
        yield (f"scope_from: {record.scope_from.isoformat()} is after scope_to"
               f" {record.scope_to.isoformat()}")
    if table == "actions":
        if str(record.n) != key:
            yield f"n: {record.n} is not the record's number {key}"
        if record.status == "completed" and record.completed_on is None:
            yield "completed_on: missing (the action is completed)"
        if record.status == "cancelled" and record.cancelled_on is None:
            yield "cancelled_on: missing (the action is cancelled)"
    if table == "pauses" and record.to is not None and record.to < record.start:
        yield f"to: {record.to.isoformat()} is before from {record.start.isoformat()}"


def problems(data):
    """Every way ``data`` (a review file as parsed JSON) breaks the schema: a list of
    ``TABLE.ID.FIELD: problem`` strings, empty when it is sound."""
    if not isinstance(data, dict):
        return ["the file is not an object of tables"]
    found = []
    for table, records in data.items():
        if not isinstance(records, dict):
            found.append(f"{table}: expected an object of records, got {type(records).__name__}")
            continue
        kind = TABLES.get(table)
        for key, record in records.items():
            if not key.isdigit() or key.startswith("0"):
                found.append(f"{table}.{key}: a record id must be a whole number from 1")
                continue
            if kind is None:
                if not isinstance(record, dict):
                    found.append(f"{table}.{key}: expected an object")
                continue
            found.extend(_record_problems(table, key, record, kind))
    review = data.get("review")
    if not isinstance(review, dict) or "1" not in review:
        found.insert(0, "review.1: missing (the file holds no review record)")
    return found


def check(data, path):
    """``data`` as parsed from ``path``; a DamagedFile naming every problem where it breaks the
    schema. Fast on a sound file: one pass per table, record by record only when that fails."""
    try:
        msgspec.convert(data, ReviewFile, str_keys=True)
    except msgspec.ValidationError:
        pass
    else:
        if not any(_fails_rules(data)):
            return data
    found = problems(data)
    if found:
        raise DamagedFile(path, "; ".join(found), problems=found)
    return data


def _fails_rules(data):
    # The cross-field rules, over the plain dicts (no second conversion on the fast path).
    record = data["review"].get("1")
    if record is None:
        yield True
        return
    if record.get("scope_from") and record.get("scope_to"):
        yield record["scope_from"] > record["scope_to"]
    for key, action in data.get("actions", {}).items():
        yield str(action["n"]) != key
        yield action["status"] == "completed" and not action.get("completed_on")
        yield action["status"] == "cancelled" and not action.get("cancelled_on")
    for pause in data.get("pauses", {}).values():
        yield pause.get("to") is not None and pause["to"] < pause["from"]


def decode(raw, path):
    """A review file's bytes as a :class:`ReviewFile` (structs, dates as ``date``); damage is a
    DamagedFile naming the record and field, as :func:`check` does."""
    try:
        decoded = msgspec.json.decode(raw, type=ReviewFile)
    except msgspec.ValidationError:
        pass
    except msgspec.DecodeError as error:
        raise DamagedFile(path, f"not valid JSON ({error})") from None
    else:
        found = [
            f"{table}.{key}.{problem}"
            for table in TABLES
            for key, record in getattr(decoded, table).items()
            for problem in _rules(table, str(key), record)
        ]
        if not found and 1 in decoded.review:
            return decoded
    data = msgspec.json.decode(raw)
    found = problems(data) or ["the file does not match the schema"]
    raise DamagedFile(path, "; ".join(found), problems=found)
