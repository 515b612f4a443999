"""Action plans as spreadsheets: export to .xlsx / .csv, read them back, and plan an import.

The columns (CLI.md, "Action plans"), in order::

    ID, Review, Recommendation, Action, Agency, Owner, Due, Status, Completed, RAG, Evidence,
    Outcome, Added, Version

A board's own columns may follow; they are ignored on import, with a warning. ``Outcome``,
``Added`` and ``Version`` may be absent (a plan kept by hand before scr); ``RAG`` is derived and
ignored on import, so it may be absent too.

Import is all or nothing: every row is checked first and each problem reported as
``FILE row N: …`` (N as the spreadsheet shows it); a row whose ``Version`` differs from the action's
current version is a conflict, refused unless ``force``.
"""

import calendar
import csv
import io
from datetime import date, datetime
from pathlib import Path

from scr.actions import rules as A
from scr.documents import spreadsheets
from scr.errors import DateError
from scr.values import DAY, MONTH, from_iso, parse_partial
from scr.errors import ScrError

HEADERS = (
    "ID", "Review", "Recommendation", "Action", "Agency", "Owner", "Due", "Status", "Completed",
    "RAG", "Evidence", "Outcome", "Added", "Version",
)
OPTIONAL = frozenset({"RAG", "Outcome", "Added", "Version"})
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")  # read; written: workspace/outputs.py
#: How far down a sheet the header row is looked for (title rows above it are passed over).
HEADER_SEARCH_ROWS = 20

RAG_FILLS = {A.BLUE: "5B9BD5", A.RED: "E0443E", A.AMBER: "FFC000", A.GREEN: "70AD47"}
RAG_FONTS = {A.BLUE: "FFFFFF", A.RED: "FFFFFF", A.AMBER: "000000", A.GREEN: "FFFFFF"}
HEADER_FILL = "1F3864"
GROUP_FILLS = ("FFFFFF", "EEF2F8")
WIDTHS = {
    "ID": 20, "Review": 18, "Recommendation": 17, "Action": 50, "Agency": 24, "Owner": 18,
    "Due": 12, "Status": 13, "Completed": 12, "RAG": 8, "Evidence": 40, "Outcome": 40,
    "Added": 12, "Version": 9,
}


def check_suffix(path, reading=True):
    """The suffix of an action plan to read (any workbook or CSV), or to write (outputs.py)."""
    if not reading:
        from scr.workspace import outputs

        return "." + outputs.format_of("action-plan", path)
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ScrError(f"{Path(path).name}: an action plan is a .xlsx, .xls, .ods or .csv file, not '{suffix}'")
    return suffix


# -------------------------------------------------------------------------------- export


def plan_order(views):
    """Action views grouped by review, then recommendation (natural label order), then N."""
    return sorted(
        views,
        key=lambda v: (v["review"], A.label_key(v["recommendation"]), A.id_key(v["id"])),
    )


def row_values(view):
    """One action's cells, in :data:`HEADERS` order; dates as ``date`` objects."""
    return [
        view["id"], view["review"], view["recommendation"], view["text"], view["agency"],
        view["owner"], from_iso(view["due"]), view["status"], from_iso(view["completed_on"]),
        view["rag"], view["evidence"], view["outcome"], from_iso(view["added"]), view["version"],
    ]


def xlsx_bytes(views, title="Action plan", marking=None):
    """The plan as an .xlsx workbook: one sheet, a styled and frozen header row, an autofilter,
    RAG cells coloured, dates as date cells, and no cell from user input ever a formula. Printed:
    A4 landscape, one page wide, the header row on every page, each row as tall as its wrapped
    text, ``marking`` (the protective marking) at the top and bottom of every page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    rag_column = HEADERS.index("RAG") + 1
    group, previous = 0, None
    for number, view in enumerate(plan_order(views), start=2):
        key = (view["review"], view["recommendation"])
        if previous is not None and key != previous:
            group += 1
        previous = key
        band = PatternFill("solid", fgColor=GROUP_FILLS[group % 2])
        for column, value in enumerate(row_values(view), start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, date):
                cell.number_format = "D MMM YYYY"
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.fill = band
        # wrapping at spaces takes more lines than the bare length says: a fifth more room
        lines = max(
            -(-len(str(value)) * 6 // (5 * (WIDTHS[header] - 1))) if isinstance(value, str) else 1
            for header, value in zip(HEADERS, row_values(view))
        )
        sheet.row_dimensions[number].height = 15 * max(lines, 1)
        shade = view["rag"]
        if shade:
            cell = sheet.cell(row=number, column=rag_column)
            cell.fill = PatternFill("solid", fgColor=RAG_FILLS[shade])
            cell.font = Font(bold=True, color=RAG_FONTS[shade])
    for column, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[header]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(sheet.max_row, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    if marking:
        sheet.oddHeader.center.text = marking
        sheet.oddHeader.center.color = "C00000"
        sheet.oddFooter.left.text = marking
        sheet.oddFooter.left.color = "C00000"
    sheet.oddFooter.right.text = "Page &P of &N"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_safe(value):
    """A cell for CSV: dates ISO, and text that a spreadsheet would take for a formula prefixed
    with a single quote."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheets.guard(value)


def csv_text(views, marking=None):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if marking:  # a title row above the header: it holds personal data; import passes over it
        writer.writerow([marking])
    writer.writerow(HEADERS)
    for view in plan_order(views):
        writer.writerow([csv_safe(v) for v in row_values(view)])
    return buffer.getvalue()


def export_bytes(views, suffix, title="Action plan", marking=None):
    if suffix == ".xlsx":
        return xlsx_bytes(views, title, marking)
    return csv_text(views, marking).encode("utf-8")


# ------------------------------------------------------------------------------- reading


#: The headings boards' own plans use for scr's columns (the first of each is scr's own).
SYNONYMS = {
    "ID": ("ID", "Action ID", "Action ref", "Action reference", "Action no", "Action number"),
    "Review": ("Review", "Review ref", "Case review", "Case"),
    "Recommendation": ("Recommendation", "Recommendation no", "Recommendation number", "Rec",
                       "Rec no", "Recommendation ref", "Objective"),
    "Action": ("Action", "Actions", "Action to be taken", "Action required", "Actions required",
               "Agreed action", "SMART action", "Task"),
    "Agency": ("Agency", "Lead agency", "Lead organisation", "Organisation", "Responsible agency",
               "Agency responsible"),
    "Owner": ("Owner", "Lead officer", "Lead", "Responsible officer", "Lead person", "Action owner",
              "Responsible person", "By whom", "Lead manager"),
    "Due": ("Due", "Due date", "Target date", "Target", "Timescale", "Deadline", "By when",
            "Target completion date", "Completion target"),
    "Status": ("Status", "Progress", "Progress update", "Progress status", "Action status",
               "Current status"),
    "Completed": ("Completed", "Date completed", "Completed on", "Completion date",
                  "Actual completion date", "Date of completion"),
    "RAG": ("RAG", "RAG rating", "RAG status", "BRAG", "BRAG rating"),
    "Evidence": ("Evidence", "Evidence of impact", "Evidence of completion", "Evidence of compliance",
                 "Evidence of progress"),
    "Outcome": ("Outcome", "Outcomes", "Intended outcome", "Expected outcome", "Desired outcome",
                "Impact"),
    "Added": ("Added", "Date added", "Date agreed"),
    "Version": ("Version",),
}
#: Columns a plan kept by hand may lack besides OPTIONAL: an ID (every row is then new), the
#: Review (REF), an Owner, a Completed date, Evidence (each then left as it is).
MAY_LACK = OPTIONAL | {"ID", "Review", "Owner", "Completed", "Evidence"}


def _norm(header):
    """A heading as compared: case, spacing and punctuation ignored."""
    text = str(header).casefold().replace("&", " and ") if header is not None else ""
    return "".join(ch for ch in text if ch.isalnum())


_KNOWN = {_norm(name): header for header, names in SYNONYMS.items() for name in names}


def _cell(value):
    """A cell's value as read: None for empty, text stripped, dates and numbers kept."""
    if value is None:
        return None
    if isinstance(value, str):
        value = spreadsheets.unguard(value.strip()).strip()  # our own CSV's guard against formulas
        return value or None
    return value


def _tables(path, suffix):
    """Every table the file holds: one for a CSV, each visible sheet of a workbook."""
    if suffix == ".csv":
        yield _read_csv(path)
        return
    from scr.documents.workbooks import sheets

    from scr.chronology import limits

    limits.check_zip(path)
    for _name, rows in sheets(path):
        yield [list(cells) for _number, cells in limits.bounded_rows(Path(path).name, rows)]


def _read_csv(path):
    from scr.chronology import limits
    from scr.documents.workbooks import text_of

    text = text_of(Path(path).read_bytes())
    limits.csv_limit()
    rows, number = [], 0
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        for read, row in limits.bounded_rows(Path(path).name, enumerate(reader, start=1)):
            number = read  # the last row read, for the error
            rows.append(list(row))
    except csv.Error as error:
        raise limits.csv_error(Path(path).name, error, number + 1) from None
    return rows


def _header_at(raw):
    """The index of the header row among a table's first rows: the first that names the Action
    column and at least two more of scr's (rows above it, titles, are passed over)."""
    for index, row in enumerate(raw[:HEADER_SEARCH_ROWS]):
        known = {_KNOWN.get(_norm(c)) for c in row if isinstance(c, str)} - {None}
        if "Action" in known and len(known) >= 3:
            return index
    return None


def read_sheet(path):
    """Read an action plan file. Returns ``(rows, warnings)``: ``rows`` a list of
    ``(row_number, {header: value})`` for every row below the header that is not empty. The header
    row is looked for on every sheet, in order (a cover sheet may come first)."""
    path = Path(path)
    suffix = check_suffix(path)
    if path.is_dir():
        raise ScrError(f"{path} is a folder, not a file")
    if not path.is_file():
        raise ScrError(f"{path}: no such file")
    for raw in _tables(path, suffix):
        header_at = _header_at(raw)
        if header_at is not None:
            break
    else:
        where = " on any sheet" if suffix != ".csv" else ""
        raise ScrError(
            f"{path.name}: no header row{where}: scr looks in the first {HEADER_SEARCH_ROWS} rows"
            " for a row naming the columns " + ", ".join(h for h in HEADERS if h not in MAY_LACK)
            + " (or a board's own names for them, such as Lead agency, Target date, Progress)"
        )
    columns, warnings, read_as, names = {}, [], [], {}
    for position, name in enumerate(raw[header_at]):
        if name is None or not str(name).strip():
            continue
        shown = " ".join(str(name).split())
        header = _KNOWN.get(_norm(name))
        if header is None:
            warnings.append(f"{path.name}: column '{shown}' is not scr's: ignored")
        elif header in columns:
            first = names[header]
            raise ScrError(
                f"{path.name} row {header_at + 1}: the column '{header}' appears twice"
                + (f" (as '{first}' and '{shown}')" if first != shown else "")
            )
        else:
            columns[header] = position
            names[header] = shown
            if shown != header:
                read_as.append(f"'{shown}' as {header}")
    if read_as:
        warnings.insert(0, f"{path.name}: read the column{'s' if len(read_as) > 1 else ''} "
                           + ", ".join(read_as))
    missing = [h for h in HEADERS if h not in columns and h not in MAY_LACK]
    if missing:
        raise ScrError(
            f"{path.name} row {header_at + 1}: the header row lacks the column"
            f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        )
    rows = []
    for index in range(header_at + 1, len(raw)):
        row = raw[index]
        values = {
            header: _cell(row[position]) if position < len(row) else None
            for header, position in columns.items()
        }
        if all(v is None for v in values.values()):
            continue
        rows.append((index + 1, values))
    return rows, warnings


# ---------------------------------------------------------------------------- cell values


def _text(value):
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() or None


def _date(value, column):
    """A date cell: a spreadsheet date, or a date as a person types it."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        day, precision = parse_partial(_text(value))
    except DateError as error:
        raise ScrError(f"{column}: {error}") from None
    if precision == DAY:
        return day
    if column == "Due" and precision == MONTH:
        # A target such as "March 2014" in a plan kept by hand: by the end of that month.
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    raise ScrError(f"{column}: '{value}' is not a whole date: give the day too, e.g. 31/3/2014")


def _version(value):
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ScrError(f"Version: '{value}' is not a whole number") from None
    return number


# ------------------------------------------------------------------------------ planning


class Plan:
    """What an import will do to one review: records to write, labels to create."""

    def __init__(self, ref):
        self.ref = ref
        self.added = []      # new action records
        self.updated = []    # changed action records (same n)
        self.unchanged = []  # IDs
        self.labels = []     # recommendation labels to create (empty wording)

    def summary(self):
        return {
            "review": self.ref,
            "added": [A.format_id(self.ref, a["n"]) for a in self.added],
            "updated": [A.format_id(self.ref, a["n"]) for a in self.updated],
            "unchanged": self.unchanged,
        }


def plan_import(name, rows, reviews, *, ref=None, force=False, today, user,
                require_evidence, canonical_agency=lambda agency, seen=(): agency):
    """Check every row and plan the import; raise one ScrError naming every problem of every row.

    ``reviews`` maps each review ref the file may touch to ``{"actions": [...records],
    "labels": set of recommendation labels}``. ``ref`` is the review named on the command line;
    ``None`` for an umbrella import, where every row must name its review.

    A row whose Version is not the action's current one was exported before scr changed the
    action. Where its cells still equal what was exported (the action as it was at that version,
    rebuilt from its history) it is no conflict and changes nothing; otherwise each field where
    the sheet and scr now differ is a conflict, named with both values; ``force`` then applies
    only the fields the sheet changed, keeping scr's newer changes to the others.
    """
    errors, conflicts = [], []
    seen = {}
    plans = {r: Plan(r) for r in reviews}
    numbers = {r: A.next_number(data["actions"]) for r, data in reviews.items()}
    current = {r: {a["n"]: a for a in data["actions"]} for r, data in reviews.items()}
    source = "import --force" if force else "import"
    seen_agencies = [name for data in reviews.values()
                     for name in data.get("agencies", [a["agency"] for a in data["actions"]])]

    def agency_name(name):
        name = canonical_agency(name, seen_agencies)
        seen_agencies.append(name)
        return name

    for number, cells in rows:
        where = f"{name} row {number}"
        problems = []
        existing = None
        action_id = None
        review = None
        try:
            review = _row_review(cells, ref, reviews)
            action_id = cells.get("ID")
            if action_id is not None:
                id_ref, n = A.parse_id(_text(action_id))
                action_id = A.format_id(id_ref, n)
                if id_ref != review:
                    hint = "" if ref is None else " (an umbrella plan imports with --umbrella)"
                    raise ScrError(
                        f"ID {action_id} belongs to review {id_ref}, not {review}{hint}"
                    )
                if action_id in seen:
                    raise ScrError(f"ID {action_id} appears twice (first on row {seen[action_id]})")
                seen[action_id] = number
                existing = current[review].get(n)
                if existing is None:
                    raise ScrError(f"unknown action ID '{action_id}'")
        except ScrError as error:
            problems.append(str(error))
        fields, field_problems = _row_fields(cells, agency_name)
        problems += field_problems
        if problems or review is None:
            errors.extend(f"{where}: {problem}" for problem in problems)
            continue
        try:
            if existing is None:
                record = _new_record(cells, fields, numbers[review], today, user,
                                     require_evidence)
                numbers[review] += 1
                plans[review].added.append(record)
            else:
                version = _version(cells.get("Version"))
                if version != existing["version"]:
                    exported = as_exported(existing, version)
                    by_sheet = _changed_by_sheet(fields, exported)
                    if not by_sheet:
                        plans[review].unchanged.append(action_id)  # the sheet changed nothing
                        continue
                    if not force:
                        conflicts.append(_conflict(where, action_id, version, existing, fields,
                                                   by_sheet))
                        continue
                    fields = {key: fields[key] for key in by_sheet}
                    if "completed_on" in fields and "status" not in fields:
                        fields["status"] = A.COMPLETED
                record = A.change(existing, fields, today=today, user=user, source=source,
                                  require_evidence=require_evidence)
                if record is existing:
                    plans[review].unchanged.append(action_id)
                else:
                    plans[review].updated.append(record)
                    current[review][existing["n"]] = record
            label = fields.get("recommendation") or existing["recommendation"]
            if label not in reviews[review]["labels"] and label not in plans[review].labels:
                plans[review].labels.append(label)
        except ScrError as error:
            errors.append(f"{where}: {error}")
    if conflicts:
        conflicts.append(
            "each of these rows would overwrite a newer change: export the plan again, "
            "or import with --force to take only what the sheet changed"
        )
    if errors or conflicts:
        raise ScrError("\n".join(errors + conflicts + [f"{name}: nothing was imported"]))
    return [plans[r] for r in sorted(plans)]


#: The sheet's column for each action field, for naming conflicts.
_COLUMN_OF = {"recommendation": "Recommendation", "text": "Action", "agency": "Agency",
              "owner": "Owner", "due": "Due", "status": "Status", "completed_on": "Completed",
              "evidence": "Evidence", "outcome": "Outcome"}


def as_exported(action, version):
    """The action as it was at ``version`` (a sheet's Version cell), rebuilt from its history by
    undoing every later change; None where the version is unknown."""
    if version is None or not 1 <= version <= action["version"]:
        return None
    state = {key: action.get(key) for key in A.FIELDS}
    for record in reversed(action.get("history", [])):
        if record["version"] <= version:
            break
        for key, change in record["changes"].items():
            state[key] = change.get("from")
    return state


def _stored(value):
    return value.isoformat() if isinstance(value, date) else value


def _changed_by_sheet(fields, exported):
    """The fields whose cells differ from what was exported (every field, where that is unknown)."""
    if exported is None:
        return list(fields)
    return [key for key, value in fields.items() if _stored(value) != exported.get(key)]


def _shown(value):
    if value is None or value == "":
        return "nothing"
    return f"'{value}'"


def _conflict(where, action_id, version, existing, fields, by_sheet):
    exported = as_exported(existing, version)
    keys = [k for k in A.FIELDS if k in fields and _stored(fields[k]) != existing.get(k)]
    named = []
    for key in keys:
        side = ("changed in both" if exported is not None and key in by_sheet
                and exported.get(key) != existing.get(key)
                else "changed in the sheet" if key in by_sheet else "changed in scr")
        named.append(f"{_COLUMN_OF[key]}: the sheet has {_shown(_stored(fields[key]))}, "
                     f"scr has {_shown(existing.get(key))} ({side})")
    return (f"{where}: {action_id} was changed in scr since this sheet was exported "
            f"(version {version if version is not None else 'not given'} in the file, "
            f"{existing['version']} now): " + "; ".join(named))


def _row_review(cells, ref, reviews):
    named = _text(cells.get("Review"))
    if ref is None:
        if named is None:
            raise ScrError("the Review cell is empty: in an umbrella plan every row names its review")
        if named not in reviews:
            raise ScrError(f"no review '{named}' in this workspace")
        return named
    if named is not None and named != ref:
        raise ScrError(
            f"the row is for review {named}, not {ref} "
            "(an umbrella plan imports with --umbrella)"
        )
    return ref


def _checked_text(value, column):
    """A cell's text, refused where it holds a character no Word or Excel file can carry (it would
    break every later .xlsx export of the workspace)."""
    from scr.values import check_text

    return check_text(_text(value), column)


def _row_fields(cells, canonical_agency):
    """The action fields a row sets, and every problem found in it (not only the first)."""
    fields, problems = {}, []

    def read(key, column, parse):
        try:
            fields[key] = parse(cells.get(column))
        except ScrError as error:
            message = str(error)
            problems.append(message if message.startswith(column) else f"{column}: {message}")

    for column in ("Recommendation", "Action", "Agency", "Due"):
        if cells.get(column) is None:
            problems.append(f"{column} is empty")
    if cells.get("Recommendation") is not None:
        read("recommendation", "Recommendation", lambda v: A.check_label(_text(v)))
    if cells.get("Action") is not None:
        read("text", "Action", lambda v: _checked_text(v, "Action"))
    if cells.get("Agency") is not None:
        read("agency", "Agency", lambda v: canonical_agency(_checked_text(v, "Agency")))
    if "Owner" in cells:
        read("owner", "Owner", lambda v: _checked_text(v, "Owner"))
    if cells.get("Due") is not None:
        read("due", "Due", lambda v: _date(v, "Due"))
    status = cells.get("Status")
    if status is None:
        problems.append("Status is empty: use one of " + ", ".join(A.STATUSES))
    else:
        try:
            fields["status"] = A.parse_status(_text(status))
        except ScrError as error:
            problems.append(str(error))
    try:
        completed = _date(cells.get("Completed"), "Completed")
    except ScrError as error:
        problems.append(str(error))
        completed = None
    if completed is not None:
        if fields.get("status", A.COMPLETED) != A.COMPLETED:
            problems.append(
                f"Completed is filled but Status is {fields['status']}: "
                "only a completed action has a completion date"
            )
        else:
            fields["completed_on"] = completed
    if "Evidence" in cells:
        read("evidence", "Evidence", lambda v: _checked_text(v, "Evidence"))
    if "Outcome" in cells:
        read("outcome", "Outcome", lambda v: _checked_text(v, "Outcome"))
    return fields, problems


def _new_record(cells, fields, n, today, user, require_evidence):
    added = _date(cells.get("Added"), "Added")
    if added is None:
        # Default today; but a plan kept by hand records completions from before scr knew of
        # them: such an action was there at least since it was completed.
        added = min(today, fields.get("completed_on") or today)
    if added > today:
        raise ScrError(f"Added: {added.isoformat()} is after today ({today.isoformat()})")
    return A.new_action(
        n,
        recommendation=fields["recommendation"], text=fields["text"], agency=fields["agency"],
        due=fields["due"], added=added, today=today, user=user, owner=fields.get("owner"),
        outcome=fields.get("outcome"), status=fields["status"],
        completed_on=fields.get("completed_on"), evidence=fields.get("evidence"),
        require_evidence=require_evidence, source="import",
    )


# ----------------------------------------------------------------------- with a workspace


def default_export_path(ws, ref, suffix=".xlsx"):
    if ref is None:
        return ws.out_dir / f"umbrella-action-plan{suffix}"
    return ws.review_dir(ref) / "action-plan" / f"{ref}-action-plan{suffix}"


def export(ws, ref, output=None):
    """``scr actions export``: REF's plan, or (no REF) the umbrella plan of every review, to
    ``output`` (default: the review's action-plan/ folder, or out/ for the umbrella plan)."""
    from scr.workspace import outputs

    path = outputs.target(output, default_export_path(ws, ref))
    suffix = check_suffix(path, reading=False)
    if ref is None:
        views, title = A.all_views(ws), "Umbrella action plan"
    else:
        with ws.open_review(ref) as review:
            views, title = A.views(review), f"{ref} action plan"
    return ws.write_output(path, export_bytes(views, suffix, title, ws.draft_marking))


def import_file(ws, path, ref=None, force=False):
    """``scr actions import``: all or nothing. ``ref`` None is an umbrella import. Returns one
    summary per review touched; warnings (columns ignored, columns read under another name) go
    to ``ws.warn``.

    Every review the file touches is locked (in ref order) and every row checked before any
    review changes; the changed reviews are then committed in one step (review.open_reviews)."""
    from scr.workspace.review import open_reviews

    name = Path(path).name
    rows, warnings = read_sheet(path)
    if ref is None:
        named = {_text(cells.get("Review")) for _, cells in rows} - {None}
        refs = sorted(named & set(ws.refs()))
    else:
        refs = [ref]
    with open_reviews(ws, refs) as reviews:
        data = {
            r: {"actions": A.records(review), "agencies": A.known_agencies(review),
                "labels": {rec["label"] for rec in A.recommendation_records(review)}}
            for r, review in reviews.items()
        }
        plans = plan_import(
            name, rows, data, ref=ref, force=force, today=ws.today, user=ws.user,
            require_evidence=ws.require_evidence, canonical_agency=ws.agencies.canonical,
        )
        for plan in plans:
            review = reviews[plan.ref]
            for label in plan.labels:
                A.ensure_recommendation(review, label)
            # One pass for every row: TinyDB rereads the table on each insert (10,000 rows took 17 s).
            review.put_records(A.ACTIONS, {r["n"]: r for r in plan.added + plan.updated})
    for warning in warnings:
        ws.warn(warning)
    return [plan.summary() for plan in plans]
