"""Real names and placeholders: the publication check's rules.

A *redaction* is a real name that must never appear in a published report, with an optional
replacement (a pseudonym or a role: "Mother", "Child F"). The check looks for every name —
case-insensitive, whole words, any run of spaces or a line break between its words — and for
placeholders an author left in: ``TODO``, ``TBC``, ``[[…]]`` and ``{{…}}``.

Nothing here reads files or prints: callers hand in text with the file name it came from, and get
back findings ``{"file", "line", "finding"}`` (``line`` counts from 1, or is ``None``).
"""

import re

from scr.errors import ScrError

TABLE = "redactions"

PLACEHOLDERS = (
    ("TODO", re.compile(r"(?<!\w)TODO(?!\w)", re.IGNORECASE)),
    ("TBC", re.compile(r"(?<!\w)TBC(?!\w)", re.IGNORECASE)),
    ("[[…]]", re.compile(r"\[\[.*?\]\]", re.DOTALL)),
    ("{{…}}", re.compile(r"\{\{.*?\}\}", re.DOTALL)),
)


def clean_name(name):
    """A name as stored: surrounding space removed, inner runs of space made one. Blank refused."""
    if name is None or not str(name).strip():
        raise ScrError("a name to redact cannot be empty")
    return " ".join(str(name).split())


def clean_replacement(text):
    """A replacement as stored (``None`` for none). A blank replacement is refused."""
    if text is None:
        return None
    if not str(text).strip():
        raise ScrError("--replace-with cannot be empty")
    return " ".join(str(text).split())


def name_pattern(name):
    """The regex for ``name``: case-insensitive, whole words, any whitespace between its words."""
    words = [re.escape(w) for w in clean_name(name).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def _line_of(text, offset, first_line):
    return first_line + text.count("\n", 0, offset)


def _short(matched):
    text = " ".join(matched.split())
    return text if len(text) <= 60 else text[:57] + "..."


def find(text, names, file, first_line=1, line=None, placeholders=True):
    """Findings in ``text`` from ``file``.

    ``names`` is a list of names (strings). ``line``: a fixed line number for every finding (a
    record that is one row of a table), else each finding's line counts from ``first_line``
    (``first_line=None``: findings have no line, e.g. a record of the action plan).
    ``placeholders=False``: names only (a written document, whose templates may hold braces).
    Findings come in text order.
    """
    if not text:
        return []
    text = str(text)
    hits = []
    for name in names:
        for m in name_pattern(name).finditer(text):
            hits.append((m.start(), f'real name "{_short(m.group(0))}" (redact: "{clean_name(name)}")'))
    for label, pattern in PLACEHOLDERS if placeholders else ():
        for m in pattern.finditer(text):
            hits.append((m.start(), f'placeholder {label} left in: "{_short(m.group(0))}"'))
    hits.sort(key=lambda hit: hit[0])
    return [
        {
            "file": file,
            "line": line if line is not None else (None if first_line is None else _line_of(text, pos, first_line)),
            "finding": finding,
        }
        for pos, finding in hits
    ]


def replace(text, redactions):
    """``text`` with every name that has a replacement replaced (longest names first)."""
    if not text:
        return text
    pairs = [(r["name"], r["replace_with"]) for r in redactions if r.get("replace_with")]
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    for name, replacement in pairs:
        text = name_pattern(name).sub(lambda _m, r=replacement: r, str(text))
    return text


def format_finding(finding):
    """One line of ``scr report check``: ``FILE:LINE: finding`` (``FILE: finding`` without a line)."""
    where = finding["file"]
    if finding.get("line") is not None:
        where = f"{where}:{finding['line']}"
    return f"{where}: {finding['finding']}"


# --------------------------------------------------------------------------------------------
# The review's list of names (table "redactions": {name, replace_with})


def list_names(rv):
    """The review's redactions, ``[{name, replace_with}]`` in the order they were added."""
    return [
        {"name": row["name"], "replace_with": row.get("replace_with")}
        for row in rv.table(TABLE).all()
    ]


def add_name(rv, name, replace_with=None):
    """Add a name, or change its replacement where the same name is there already (a repeat
    without a replacement keeps the one recorded).

    Returns ``(record, created)``.
    """
    name = clean_name(name)
    replace_with = clean_replacement(replace_with)
    if replace_with is not None and name_pattern(name).search(replace_with):
        raise ScrError(f'the replacement "{replace_with}" contains the name it replaces')
    table = rv.table(TABLE)
    for row in table.all():
        if row["name"].casefold() == name.casefold():
            if replace_with is None:
                return {"name": row["name"], "replace_with": row.get("replace_with")}, False
            table.update({"name": name, "replace_with": replace_with}, doc_ids=[row.doc_id])
            return {"name": name, "replace_with": replace_with}, False
    table.insert({"name": name, "replace_with": replace_with})
    return {"name": name, "replace_with": replace_with}, True
