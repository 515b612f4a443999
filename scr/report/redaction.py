"""Real names and placeholders: the publication check's rules.

A *redaction* is a real name that must never appear in a published report, with an optional
replacement (a pseudonym or a role: "Mother", "Child F") and ``whole_only`` (its parts are not
searched alone). Names are found by the one matcher, :mod:`scr.report.matcher` (however they are
written: case, Unicode form, apostrophes, dashes, spacing, markup; whole, "SURNAME, First", with a
middle name or initial, and each part alone); placeholders an author left in are ``TODO``, ``TBC``,
``[[…]]`` and ``{{…}}``.

Nothing here reads files or prints: callers hand in text with the file name it came from, and get
back findings ``{"file", "line", "finding"}`` (``line`` counts from 1, or is ``None``).
"""

import re

from scr.errors import ScrError
from scr.report import matcher

TABLE = "redactions"

WORD_PLACEHOLDERS = (
    ("TODO", re.compile(r"(?<!\w)TODO(?!\w)", re.IGNORECASE)),
    ("TBC", re.compile(r"(?<!\w)TBC(?!\w)", re.IGNORECASE)),
)
#: Bracketed placeholders: (label, opening, closing). Found by a scan that is linear in the text
#: (a lazy regex over 80,000 unclosed ``[[`` took minutes).
BRACKETS = (("[[…]]", "[[", "]]"), ("{{…}}", "{{", "}}"))


def _bracketed(text):
    """``[(start, end, label)]`` of every ``[[…]]`` and ``{{…}}`` in ``text``, in one pass each."""
    found = []
    for label, opening, closing in BRACKETS:
        at = text.find(opening)
        while at != -1:
            end = text.find(closing, at + len(opening))
            if end == -1:
                break  # no later opening can be closed either
            found.append((at, end + len(closing), label))
            at = text.find(opening, end + len(closing))
    return found


def find_placeholders(text):
    """``[(start, end, label)]`` of every placeholder left in ``text``."""
    found = [(m.start(), m.end(), label) for label, pattern in WORD_PLACEHOLDERS
             for m in pattern.finditer(text)]
    return found + _bracketed(text)


def clean_name(name):
    """A name as stored: invisible characters a paste left in removed, surrounding space removed,
    inner runs of space made one. Blank refused."""
    if name is None or not str(name).strip():
        raise ScrError("a name to redact cannot be empty")
    name = re.sub(f"[{matcher.INVISIBLE}]", "", str(name))
    if not name.strip():
        raise ScrError("a name to redact cannot be empty")
    return " ".join(name.split())


def clean_replacement(text):
    """A replacement as stored (``None`` for none). A blank replacement is refused."""
    if text is None:
        return None
    if not str(text).strip():
        raise ScrError("--replace-with cannot be empty")
    return " ".join(str(text).split())


def short(matched):
    text = " ".join(matched.split())
    return text if len(text) <= 60 else text[:57] + "..."


def describe(hit):
    """The finding for a matcher's hit."""
    registered = clean_name(hit.name.name)
    if hit.whole:
        return f'real name "{{found}}" (redact: "{registered}")'
    return (f'part of a real name "{{found}}" (redact: "{registered}"): rewrite it, a replacement'
            " covers only the whole name")


def find(text, names, file, first_line=1, line=None, placeholders=True):
    """Findings in ``text`` from ``file``.

    ``names``: names (strings) or redaction records ``{name, whole_only}``. ``line``: a fixed line
    number for every finding (a record that is one row of a table), else each finding's line counts
    from ``first_line`` (``first_line=None``: findings have no line, e.g. a record of the action
    plan). ``placeholders=False``: names only (a template is made of placeholders). Findings
    come in text order.
    """
    if not text:
        return []
    text = str(text)
    hits = [(hit.start, describe(hit).replace("{found}", short(text[hit.start:hit.end])))
            for hit in matcher.find(text, names)]
    for start, end, label in (find_placeholders(text) if placeholders else ()):
        hits.append((start, f'placeholder {label} left in: "{short(text[start:end])}"'))
    hits.sort(key=lambda hit: hit[0])
    findings, counted, lines = [], 0, 0
    for pos, finding in hits:
        if line is not None:
            where = line
        elif first_line is None:
            where = None
        else:
            lines += text.count("\n", counted, pos)  # one pass over the text, not one per finding
            counted = pos
            where = first_line + lines
        findings.append({"file": file, "line": where, "finding": finding})
    return findings


def replace(text, redactions):
    """``text`` with every whole-name form of each name that has a replacement replaced."""
    if not text:
        return text
    pairs = [({"name": r["name"], "whole_only": r.get("whole_only")}, r["replace_with"])
             for r in redactions if r.get("replace_with")]
    return matcher.replace(text, pairs)


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
        {"name": row["name"], "replace_with": row.get("replace_with"),
         "whole_only": bool(row.get("whole_only"))}
        for row in rv.table(TABLE).all()
    ]


def _same_name(a, b):
    return matcher.identity(a) == matcher.identity(b)


def add_name(rv, name, replace_with=None, whole_only=None):
    """Add a name, or change its replacement (or ``whole_only``) where the same name — as the
    matcher reads it — is there already (a repeat without a replacement keeps the one recorded).

    Returns ``(record, created)``.
    """
    name = clean_name(name)
    if not matcher.words(name):
        raise ScrError(f'"{name}" holds no letters: a name to redact is a name')
    replace_with = clean_replacement(replace_with)
    if replace_with is not None and any(
            h.whole or not whole_only for h in matcher.find(replace_with, [{"name": name, "whole_only": whole_only}])):
        raise ScrError(f'the replacement "{replace_with}" contains the name it replaces (or part of it)')
    table = rv.table(TABLE)
    for row in table.all():
        if _same_name(row["name"], name):
            unchanged = replace_with is None and whole_only is None  # a repeat keeps what is there
            record = {"name": row["name"] if unchanged else name, "replace_with": row.get("replace_with") if replace_with is None else replace_with,
                      "whole_only": bool(row.get("whole_only")) if whole_only is None else bool(whole_only)}
            if record != {"name": row["name"], "replace_with": row.get("replace_with"),
                          "whole_only": bool(row.get("whole_only"))}:
                table.update(record, doc_ids=[row.doc_id])
            return record, False
    record = {"name": name, "replace_with": replace_with, "whole_only": bool(whole_only)}
    table.insert(record)
    return record, True
