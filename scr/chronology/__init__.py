"""Agency chronologies of a review: requests, templates, validated import, status, chasing, and
the integrated multi-agency chronology.

Tables of the review file owned here:
- ``requests``: one record per request, id ``r<N>``: ``{agency, requested, due, withdrawn}``.
- ``chronology_files``: every file imported, kept under ``chronologies/`` untouched:
  ``{agency, file, original, sha256, received, entries, entries_file, entries_sha256, user,
  replaced}`` (``replaced``: the date a later ``add --replace`` took its place, else null).

The checked entries of each file are kept beside it as compact JSON (``…entries.json``, see
:func:`entries_json`), their SHA-256 in the record: review.json stays small however long the
chronologies are.

The file readers, the row checks, the merge and the exports live in the submodules; nothing here
imports openpyxl or python-docx at module level (``scr show`` imports this module).
"""

import hashlib

from pathlib import Path

from scr import values
from scr.errors import ImportRefused, ScrError
from scr.values import safe_filename

STATUSES = ("requested", "overdue", "received")


def slug(name):
    """A file-name part for an agency: "Children's Social Care" -> childrens-social-care."""
    return values.slug_of(name, "agency")


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
    values.text(name, "the agency name")
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
        raise ScrError(f"a request cannot be dated after today ({values.show(ws.today)})")
    if due < requested:
        # Recorded all the same (CLI.md names no such error): a request entered after the event,
        # or one whose deadline has passed already, is overdue from the start.
        ws.warn(
            f"the due date {values.show(due)} is before the request ({values.show(requested)}): "
            "the chronology is overdue already"
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
    for row in review.table("chronology_files").all():
        if row.get("replaced"):
            continue
        item = rows.setdefault(
            row["agency"],
            {"agency": row["agency"], "requested": None, "due": None, "received": None, "entries": 0},
        )
        item["received"] = row["received"]
        item["entries"] = row["entries"]
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
    return ws.settings.max_file_mb


def read_file(path, today, scope_from=None, scope_to=None, max_mb=None):
    """Read and check a chronology file. Returns ``(entries, warnings)``; any bad row refuses the
    whole file with :class:`ImportRefused`."""
    from scr.chronology.readers import MAX_MB, check_file, tables
    from scr.chronology.rows import check_rows, find_header_row, ignored_columns

    path = Path(path)
    name = path.name
    suffix = check_file(path, max_mb or MAX_MB)
    for table in tables(path, suffix):
        found = find_header_row(table)
        if found is None:
            continue
        columns, header_row, cells = found
        entries, problems, warnings = check_rows(table, columns, name, today, scope_from, scope_to)
        notes = [f"{name} row {header_row}: column '{heading}' is not one scr reads: ignored"
                  for heading in ignored_columns(cells, columns)]
        warnings = notes + warnings
        if problems:
            raise ImportRefused(name, problems)
        if not entries:
            raise ScrError(f"{name}: the header row has no entries under it; nothing was stored")
        return entries, warnings
    where = "in any table" if suffix == ".docx" else "" if suffix == ".csv" else "on any sheet"
    raise ScrError(
        f"{name}: no header row found {where}".rstrip()
        + ": it needs a date column (Date, Date of event, Date/Time) and an event column "
        "(Event, Description, Details, Event details, Contact/Event)"
    )


ENTRY_FIELDS = ("date", "precision", "time", "event", "source", "significance", "practitioner", "row")
ENTRIES_SUFFIX = ".entries.json"


def add(review, agency, path, replace=False):
    """``scr chronology add``: check the file, keep the original, store its entries.

    Returns ``{agency, entries, file, entries_file, replaced, warnings}``. The kept copy and the
    entries file are written when the review session commits, with review.json.
    """
    ws = review.ws
    agency = agency_name(review, agency)
    path = Path(path)
    files = review.table("chronology_files")
    current = [row for row in files.all() if row["agency"] == agency and not row.get("replaced")]
    if current and not replace:
        raise ScrError(
            f"review '{review.ref}' already has a chronology from {agency} ({current[0]['original']},"
            f" received {values.show(current[0]['received'])}): use --replace to swap it for {path.name}"
        )
    record = review.record
    entries, warnings = read_file(
        path, ws.today, values.from_iso(record.get("scope_from")),
        values.from_iso(record.get("scope_to")), max_file_mb(ws),
    )
    from scr.chronology import limits

    limits.check_entries(path.name, len(entries),
                         sum(row.get("entries") or 0 for row in files.all()
                             if not row.get("replaced") and row["agency"] != agency))
    data = path.read_bytes()
    number = 1 + sum(1 for row in files.all() if row["agency"] == agency)
    stored = f"{slug(agency)}-{number}-{safe_filename(path.name)}"
    folder = review.folder / "chronologies"
    target, entries_target = folder / stored, folder / (stored + ENTRIES_SUFFIX)
    referenced = {row.get(key) for row in files.all() for key in ("file", "entries_file")}
    for existing in (target, entries_target):
        if not existing.exists():
            continue
        if f"chronologies/{existing.name}" in referenced:
            raise ScrError(f"{existing} already exists: move it away and try again")
        # Left by an `add` killed before it recorded the file (scr before 1.1 wrote the copies
        # first): no record names it, so this add takes its place rather than failing for good.
        ws.warn(f"replacing {existing}, left by an interrupted `scr chronology add`")
    stored_entries = entries_json(agency, path.name, entries)
    for row in current:
        files.update({"replaced": ws.today.isoformat()}, doc_ids=[row.doc_id])
    files.insert({
        "agency": agency, "file": f"chronologies/{stored}", "original": path.name,
        "sha256": hashlib.sha256(data).hexdigest(), "received": ws.today.isoformat(),
        "entries": len(entries), "entries_file": f"chronologies/{stored}{ENTRIES_SUFFIX}",
        "entries_sha256": hashlib.sha256(stored_entries).hexdigest(), "user": ws.user,
        "replaced": None,
    })
    # The copy and its entries are committed with review.json, in one step (commit.py).
    review.write_file(target, data)
    review.write_file(entries_target, stored_entries)
    return {"agency": agency, "entries": len(entries), "file": str(target),
            "entries_file": str(entries_target), "replaced": bool(current), "warnings": warnings}


def entries_json(agency, original, entries):
    """The checked entries of one file as compact JSON: one list per entry, in ENTRY_FIELDS order.

    Entries live beside the original rather than in review.json: 50,000 of them would make every
    change to the review rewrite (and audit) megabytes. review.json records the file's SHA-256,
    so an entries file changed behind scr's back is reported, never used.
    """
    import json

    document = {
        "agency": agency, "original": original, "fields": list(ENTRY_FIELDS),
        "entries": [[entry[field] for field in ENTRY_FIELDS] for entry in entries],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def import_file(ws, ref, agency, path, replace=False):
    """Open the review for writing and :func:`add` the file, all or nothing: the kept copy, its
    entries and review.json are committed together."""
    with ws.open_review(ref, write=True) as review:
        result = add(review, agency, path, replace)
    for warning in result["warnings"]:
        ws.warn(warning)
    return result


# -- merge --------------------------------------------------------------------------------------


def current_entries(review):
    """{agency: entries in the agency's file order} of every agency's current chronology."""
    import json

    from scr.errors import DamagedFile

    per_agency = {}
    for row in review.table("chronology_files").all():
        if row.get("replaced"):
            continue
        path = review.folder / row["entries_file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DamagedFile(path, f"cannot read it ({exc.strerror or exc}): add {row['original']} again with --replace") from None
        if hashlib.sha256(data).hexdigest() != row["entries_sha256"]:
            raise DamagedFile(path, f"it changed after scr wrote it: add {row['original']} again with --replace")
        fields = ENTRY_FIELDS
        per_agency[row["agency"]] = [dict(zip(fields, values)) for values in json.loads(data)["entries"]]
    return per_agency


def merged(review):
    """The integrated chronology of a review (entries with every field, possible duplicates
    marked); see :mod:`scr.chronology.merge`."""
    from scr.chronology.merge import merge

    return merge(current_entries(review).items())


def title(review):
    """The chronology's title: the review's, with its subject only where the title does not
    already name it ("Serious case review: Child F (…)" is not followed by "(Child F)")."""
    record = review.record
    text = f"Integrated multi-agency chronology: {record['title']}"
    if record["subject"].casefold() not in record["title"].casefold():
        text += f" ({record['subject']})"
    return text


def default_output(review):
    return review.folder / "documents" / "integrated-chronology.xlsx"


def merge_to_file(ws, ref, output=None, write=True):
    """``scr chronology merge``: the merged entries, and the file written (to ``output``, default
    documents/integrated-chronology.xlsx) where ``write`` or ``output`` asks for one, else None."""
    from scr.chronology.export import export
    from scr.workspace import outputs

    with ws.open_review(ref) as review:
        entries = merged(review)
        heading = title(review)
        default = default_output(review)
    if not entries:
        raise ScrError(f"review '{ref}' has no chronology entries yet: add some with `scr chronology add`")
    written = None
    if output or write:
        target = outputs.target(output, default)
        from scr.documents.word import reference_doc

        # it holds real names and agencies' records: the protective marking goes with it
        reference = reference_doc(ws.templates_dir) if target.suffix.lower() == ".docx" else None
        written = ws.write_output(target, export(entries, target.suffix, heading, ws.draft_marking, reference))
    return entries, written


# -- template -----------------------------------------------------------------------------------


def template_context(review, agency):
    ws = review.ws
    latest = None
    for row in requests(review):
        if row["agency"] == agency:
            latest = row
    record = review.record
    return_to = ws.settings.return_to()
    return {
        "board": ws.board,
        "agency": agency,
        "ref": review.ref,
        "title": record["title"],
        "subject": record["subject"],
        "scope_from": values.from_iso(record.get("scope_from")),
        "scope_to": values.from_iso(record.get("scope_to")),
        "due": values.from_iso(latest["due"]) if latest else None,
        "return_to": return_to,
        "today": ws.today,
    }


def default_template_path(review, agency):
    return review.folder / "documents" / f"chronology-template-{slug(agency)}.xlsx"


def write_template(ws, ref, agency, output=None):
    """``scr chronology template``: the agency's workbook, written to ``output`` (default the
    review's documents/); returns its path."""
    from scr.chronology.template import build
    from scr.workspace import outputs

    with ws.open_review(ref) as review:
        name = agency_name(review, agency)
        context = template_context(review, name)
        target = outputs.target(output, default_template_path(review, name))
    outputs.format_of("chronology-template", target)
    return ws.write_output(target, build(context))


# -- chase --------------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chase(review):
    """One drafted email per overdue agency: a list of ``(file name, bytes, warning or None)``."""
    from scr.chronology.emails import draft

    ws = review.ws
    drafts = []
    from scr.chronology.template import build

    for row in overdue(review):
        workbook = (default_template_path(review, row["agency"]).name,
                    build(template_context(review, row["agency"])), XLSX_TYPE)
        drafts.append(draft(ws, review, row, workbook))
    return drafts


def write_chase(ws, ref, output=None):
    """``scr chronology chase``: the drafts written into ``output`` (default the review's
    documents/); returns their paths (none where no chronology is overdue). A draft without an
    address is written all the same, with a warning."""
    from scr.workspace import outputs

    with ws.open_review(ref) as review:
        drafts = chase(review)
        folder = outputs.folder(output, review.folder / "documents")
    for _name, _data, warning in drafts:
        if warning:
            ws.warn(warning)
    # Every email or none; a kill's unfinished commit is finished by the review's next writer.
    return ws.write_outputs([(folder / name, data) for name, data, _ in drafts],
                            journal_dir=ws.review_dir(ref))
