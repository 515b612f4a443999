"""Agency chronologies of a review: requests, templates, validated import, status, chasing, and
the integrated multi-agency chronology.

Tables of the review file owned here:
- ``requests``: one record per request, id ``r<N>``: ``{agency, requested, due, withdrawn}``.
- ``chronology_files``: every file imported, kept under ``chronologies/`` untouched:
  ``{agency, file, original, sha256, received, entries, user, replaced}`` (``replaced``: the date a
  later ``add --replace`` took its place, else null).
- ``chronology``: one document per entry of each agency's current file:
  ``{agency, row, date, precision, time, event, source, significance, practitioner}``, the empty
  ones (time, source, significance, practitioner) left out.

The file readers, the row checks, the merge and the exports live in the submodules; nothing here
imports openpyxl or python-docx at module level (``scr show`` imports this module).
"""

import hashlib
import re
from pathlib import Path

from .. import dates
from ..errors import ScrError
from ..workspace import safe_filename

STATUSES = ("requested", "overdue", "received")


class ImportRefused(ScrError):
    """A chronology file with bad rows: every problem, one ``FILE row N: …`` line each."""

    def __init__(self, name, problems):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            "\n".join(self.problems)
            + f"\n{name}: {count} problem{'s' if count != 1 else ''}; nothing was stored"
        )


def slug(name):
    """A file-name part for an agency: "Children's Social Care" -> childrens-social-care."""
    name = re.sub(r"['\u2019]", "", name.casefold())
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "agency"


# -- agencies -----------------------------------------------------------------------------------


def _live(rows):
    return [row for row in rows if not row.get("withdrawn")]


def requests(review):
    """Live (not withdrawn) requests, oldest first, each with its id."""
    rows = [{"id": f"r{doc.doc_id}", **doc} for doc in review.table("requests").all()]
    return _live(rows)


def seen_agencies(review):
    """Every agency spelling the review knows, first seen first (requests, then files)."""
    names = []
    for row in requests(review):
        if row["agency"] not in names:
            names.append(row["agency"])
    for row in review.table("chronology_files").all():
        if row["agency"] not in names:
            names.append(row["agency"])
    return names


def agency_name(review, name, check_requested=True):
    """The agency's spelling (register, else first seen in this review). Where the review has
    requested chronologies, an agency not among them is refused, naming the ones it knows."""
    if not isinstance(name, str) or not name.strip():
        raise ScrError("the agency name must not be blank")
    ws = review.ws
    canonical = ws.agencies.canonical(name, seen_agencies(review))
    if check_requested:
        requested = []
        for row in requests(review):
            if row["agency"] not in requested:
                requested.append(row["agency"])
        if requested and canonical not in requested:
            raise ScrError(
                f"unknown agency '{name.strip()}' for review '{review.ref}': the agencies asked for a "
                f"chronology are {', '.join(sorted(requested, key=str.casefold))} "
                f"(add a request with `scr chronology request {review.ref} \"{name.strip()}\" --due DATE`)"
            )
    return canonical


# -- requests -----------------------------------------------------------------------------------


def request(review, agencies, due, requested=None):
    """Record a request to each agency, due on ``due``. Returns the new records."""
    ws = review.ws
    requested = requested or ws.today
    if requested > ws.today:
        raise ScrError(f"a request cannot be dated after today ({dates.show(ws.today)})")
    if due < requested:
        raise ScrError(
            f"the due date {dates.show(due)} is before the request ({dates.show(requested)})"
        )
    names = []
    for name in agencies:
        canonical = agency_name(review, name, check_requested=False)
        if canonical in names:
            continue
        names.append(canonical)
    table = review.table("requests")
    made = []
    for name in names:
        doc_id = table.insert(
            {"agency": name, "requested": requested.isoformat(), "due": due.isoformat(),
             "withdrawn": None}
        )
        made.append({"id": f"r{doc_id}", "agency": name, "requested": requested.isoformat(),
                     "due": due.isoformat()})
    return made


# -- status -------------------------------------------------------------------------------------


def status(review):
    """``scr chronology status --json``: one row per agency, ordered by agency."""
    today = review.ws.today.isoformat()
    rows = {}
    for row in requests(review):  # the latest request counts
        rows[row["agency"]] = {
            "agency": row["agency"], "requested": row["requested"], "due": row["due"],
            "received": None, "entries": 0,
        }
    counts = {}
    for entry in review.table("chronology").all():
        counts[entry["agency"]] = counts.get(entry["agency"], 0) + 1
    for row in review.table("chronology_files").all():
        if row.get("replaced"):
            continue
        item = rows.setdefault(
            row["agency"],
            {"agency": row["agency"], "requested": None, "due": None, "received": None, "entries": 0},
        )
        item["received"] = row["received"]
        item["entries"] = counts.get(row["agency"], 0)
    for item in rows.values():
        if item["received"]:
            item["status"] = "received"
        elif item["due"] and item["due"] < today:
            item["status"] = "overdue"
        else:
            item["status"] = "requested"
    return sorted(rows.values(), key=lambda item: (item["agency"].casefold(), item["agency"]))


def overdue(review):
    return [row for row in status(review) if row["status"] == "overdue"]


# -- import -------------------------------------------------------------------------------------


def max_file_mb(ws):
    from .readers import MAX_MB

    value = ws.config.get("chronology", {}).get("max_file_mb", MAX_MB)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        raise ScrError(f"{ws.config_path}: [chronology] max_file_mb must be a positive number")
    return value


def read_file(path, today, scope_from=None, scope_to=None, max_mb=None):
    """Read and check a chronology file. Returns ``(entries, warnings)``; any bad row refuses the
    whole file with :class:`ImportRefused`."""
    from .readers import MAX_MB, check_file, tables
    from .rows import check_rows, find_header

    path = Path(path)
    name = path.name
    suffix = check_file(path, max_mb or MAX_MB)
    for table in tables(path, suffix):
        found = find_header(table)
        if found is None:
            continue
        columns, _header_row = found
        entries, problems, warnings = check_rows(table, columns, name, today, scope_from, scope_to)
        if problems:
            raise ImportRefused(name, problems)
        if not entries:
            raise ScrError(f"{name}: the header row has no entries under it; nothing was stored")
        return entries, warnings
    where = {".xlsx": "on any sheet", ".docx": "in any table", ".csv": ""}[suffix]
    raise ScrError(
        f"{name}: no header row found {where}".rstrip()
        + ": it needs a date column (Date, Date of event, Date/Time) and an event column "
        "(Event, Description, Details, Event details, Contact/Event)"
    )


def add(review, agency, path, replace=False):
    """``scr chronology add``: check the file, keep the original, store its entries.

    Returns ``{agency, entries, file, replaced, warnings}``. The caller commits (or, on an error,
    discards) the review session; the kept copy is written here and removed by
    :func:`discard_copy` when the session fails.
    """
    ws = review.ws
    agency = agency_name(review, agency)
    path = Path(path)
    files = review.table("chronology_files")
    current = [row for row in files.all() if row["agency"] == agency and not row.get("replaced")]
    if current and not replace:
        raise ScrError(
            f"review '{review.ref}' already has a chronology from {agency} ({current[0]['original']},"
            f" received {dates.show(current[0]['received'])}): use --replace to swap it for {path.name}"
        )
    record = review.record
    entries, warnings = read_file(
        path, ws.today, dates.from_iso(record.get("scope_from")),
        dates.from_iso(record.get("scope_to")), max_file_mb(ws),
    )
    data = path.read_bytes()
    number = 1 + sum(1 for row in files.all() if row["agency"] == agency)
    stored = f"{slug(agency)}-{number}-{safe_filename(path.name)}"
    folder = review.folder / "chronologies"
    target = folder / stored
    if target.exists():
        raise ScrError(f"{target} already exists: move it away and try again")
    for row in current:
        files.update({"replaced": ws.today.isoformat()}, doc_ids=[row.doc_id])
    table = review.table("chronology")
    if current:
        table.remove(doc_ids=[doc.doc_id for doc in table.all() if doc["agency"] == agency])
    files.insert({
        "agency": agency, "file": f"chronologies/{stored}", "original": path.name,
        "sha256": hashlib.sha256(data).hexdigest(), "received": ws.today.isoformat(),
        "entries": len(entries), "user": ws.user, "replaced": None,
    })
    # Each entry is stored without its empty fields (a 50,000-entry review file stays small).
    table.insert_multiple(
        {"agency": agency, **{key: value for key, value in entry.items() if value is not None}}
        for entry in entries
    )
    ws.write_output(target, data)
    return {"agency": agency, "entries": len(entries), "file": str(target),
            "replaced": bool(current), "warnings": warnings}


def import_file(ws, ref, agency, path, replace=False):
    """Open the review for writing and :func:`add` the file, all or nothing: where the session
    fails to commit, the kept copy is removed again."""
    result = None
    try:
        with ws.open_review(ref, write=True) as review:
            result = add(review, agency, path, replace)
    except BaseException:
        if result is not None:
            Path(result["file"]).unlink(missing_ok=True)
        raise
    for warning in result["warnings"]:
        ws.warn(warning)
    return result


# -- merge --------------------------------------------------------------------------------------


def current_entries(review):
    """{agency: entries in the agency's file order} of every agency's current chronology."""
    per_agency = {}
    # The stored documents as they are: 50,000 TinyDB Document objects cost more than the merge.
    for doc in review.storage.data.get("chronology", {}).values():
        per_agency.setdefault(doc["agency"], []).append(doc)
    for entries in per_agency.values():
        entries.sort(key=lambda doc: doc["row"])
    return per_agency


def merged(review):
    """The integrated chronology of a review (entries with every field, possible duplicates
    marked); see :mod:`scr.chronology.merge`."""
    from .merge import merge

    return merge(current_entries(review).items())


def title(review):
    record = review.record
    return f"Integrated multi-agency chronology: {record['title']} ({record['subject']})"


def default_output(review):
    return review.folder / "documents" / "integrated-chronology.xlsx"


# -- template -----------------------------------------------------------------------------------


def template_context(review, agency):
    ws = review.ws
    latest = None
    for row in requests(review):
        if row["agency"] == agency:
            latest = row
    record = review.record
    return_to = ws.config.get("chronology", {}).get("return_to") or f"the {ws.board} business manager"
    return {
        "board": ws.board,
        "agency": agency,
        "ref": review.ref,
        "title": record["title"],
        "subject": record["subject"],
        "scope_from": dates.from_iso(record.get("scope_from")),
        "scope_to": dates.from_iso(record.get("scope_to")),
        "due": dates.from_iso(latest["due"]) if latest else None,
        "return_to": return_to,
        "today": ws.today,
    }


def default_template_path(review, agency):
    return review.folder / "documents" / f"chronology-template-{slug(agency)}.xlsx"


# -- chase --------------------------------------------------------------------------------------

CHASE_TEMPLATE = "chronology-chase.txt"


def chase(review):
    """One drafted email per overdue agency: a list of ``(file name, bytes, warning or None)``."""
    from .emails import draft

    ws = review.ws
    drafts = []
    for row in overdue(review):
        drafts.append(draft(ws, review, row))
    return drafts
