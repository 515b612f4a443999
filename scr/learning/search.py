"""`scr search QUERY`: everything the board's reviews have said, ranked (CLI.md 1.1).

What is searched, for every review whose folder the user can read: the report's section files
(a paragraph at a time, each hit at its file and line), recommendations and the board's responses,
actions with their outcome and evidence, chronology entries (at the agency's file and row), event
notes (learning events' too) and the reasons for delay (``scr delay`` records and pauses).

The query: words (matched by stem: "bruise" finds "bruising"), ``"a phrase"``, ``prefix*``, and
``OR``/``NOT`` between them; every other word must be there. Matching and ranking (bm25) are
SQLite FTS5's, in the index of ``fts.py``, brought in step with the review files before each
search by each review's identity (size, mtime_ns and inode of review.json and of every section
file): only a review that changed is read again.

With ``--as-of`` (a point in time) the text of records dated after it is left out: events,
learning events, pauses and delays by their date, actions by the day added, chronology entries by
the day their file was received.

Results show names as stored (the workspace is private); with ``anonymised`` each review's
redactions are applied to its snippets (a name without a replacement becomes "[name withheld]").
Nothing here prints.
"""

import os
import re
import sqlite3

from scr.errors import ScrError
from scr.learning import fts

KINDS = ("section", "recommendation", "action", "chronology", "event", "delay")
WITHHELD = "[name withheld]"
DEFAULT_LIMIT = 50
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")
_OPERATORS = ("OR", "NOT", "AND")


# ------------------------------------------------------------------------------ the query


def expression(query):
    """The FTS5 expression for a query as a person types it; a query FTS5 would misread (an
    unclosed quote, nothing to search for) is refused, quoting it."""
    if query.count('"') % 2:
        raise ScrError(f"the query {query!r} has an unclosed quote (\")")
    parts, words = [], 0
    for phrase, word in _TERM.findall(query):
        if word in _OPERATORS:
            if not parts or parts[-1] in _OPERATORS:
                raise ScrError(f"the query {query!r} has {word} with nothing before it")
            parts.append(word)
            continue
        prefix = bool(word) and word.endswith("*")
        tokens = _WORD.findall(phrase if not word else word.rstrip("*"))
        if not tokens:
            continue
        words += 1
        parts.append('"' + " ".join(tokens) + '"' + ("*" if prefix else ""))
    if parts and parts[-1] in _OPERATORS:
        raise ScrError(f"the query {query!r} ends with {parts[-1]}: give a word after it")
    if not words:
        raise ScrError(f"the query {query!r} has no word to search for")
    return " ".join(parts)


# ------------------------------------------------------------------------------ what a review says


def _readable(folder):
    return os.access(folder, os.R_OK | os.X_OK) and os.access(os.path.join(folder, "review.json"), os.R_OK)


def _stat_key(path, entry_stat):
    return f"{path}:{entry_stat.st_size}:{entry_stat.st_mtime_ns}:{entry_stat.st_ino}"


def identity(folder):
    """What says the review changed: review.json's and every section file's size, mtime_ns and
    inode (entries files are named, with their digest, in review.json)."""
    parts = [_stat_key("review.json", os.stat(os.path.join(folder, "review.json")))]
    sections = os.path.join(folder, "report", "sections")
    try:
        entries = sorted(os.scandir(sections), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        entries = []
    for entry in entries:
        if entry.name.endswith(".md"):
            parts.append(_stat_key(entry.name, entry.stat()))
    return "|".join(parts)


def _paragraphs(text):
    """``(first line, paragraph)`` of a Markdown file, paragraphs split at blank lines."""
    found, lines, start = [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if start is None:
                start = number
            lines.append(line)
        elif lines:
            found.append((start, "\n".join(lines)))
            lines, start = [], None
    if lines:
        found.append((start, "\n".join(lines)))
    return found


def _section_rows(review, base):
    folder = review.folder / "report" / "sections"
    if not folder.is_dir():
        return []
    rows = []
    for path in sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file()):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            review.ws.warn(f"{base}/report/sections/{path.name} was not searched: {getattr(exc, 'strerror', None) or exc}")
            continue
        place = f"{base}/report/sections/{path.name}"
        rows += [("section", place, line, paragraph, None) for line, paragraph in _paragraphs(text)]
    return rows


def _chronology_rows(review, base):
    from scr.chronology import current_entries
    from scr.errors import DamagedFile

    current = [row for row in review.table("chronology_files").all() if not row.get("replaced") and row.get("file")]
    files = {row["agency"]: row["file"] for row in current}
    received = {row["agency"]: row.get("received") for row in current}
    try:
        per_agency = current_entries(review)
    except DamagedFile as exc:
        review.ws.warn(f"the chronology of '{review.ref}' was not searched: {exc}")
        return []
    rows = []
    for agency, entries in per_agency.items():
        place = f"{base}/{files[agency]}" if agency in files else f"{base}/chronologies"
        for entry in entries:
            text = " — ".join(str(entry[key]) for key in ("event", "significance", "source") if entry.get(key))
            rows.append(("chronology", place, entry.get("row"), f"{agency}: {text}", received.get(agency)))
    return rows


def _records(review, table, prefix):
    """A table's records not withdrawn, each with its id, straight from the file: the index holds
    every record, whatever ``--as-of`` says (the query leaves out those dated after it)."""
    data = review.storage.data.get(table, {})
    return [({"id": f"{prefix}{key}", **data[key]}) for key in sorted(data, key=int)
            if isinstance(data[key], dict) and not data[key].get("withdrawn")]


def rows_of(review):
    """Every searchable piece of ``review``: ``(kind, where, line, text, day)``, ``day`` the date
    of the fact it records (None where it has none, or is planned)."""
    from scr.actions import rules

    base = f"reviews/{review.ref}"
    rows = _section_rows(review, base)
    for rec in rules.recommendation_records(review):
        text = "\n".join(t for t in (rec.get("text"), rec.get("response")) if t)
        rows.append(("recommendation", f"recommendation {rec['label']}", None, text, None))
    for action in rules.records(review):
        text = "\n".join(str(action[k]) for k in ("text", "outcome", "evidence") if action.get(k))
        rows.append(("action", rules.format_id(review.ref, action["n"]), None, text, action.get("added")))
    rows += _chronology_rows(review, base)
    for event in _records(review, "events", "e"):
        if event.get("note"):
            rows.append(("event", event["id"], None, event["note"], None if event.get("planned") else event.get("date")))
    for event in _records(review, "learning", "l"):
        text = "\n".join(t for t in (event.get("audience"), event.get("note")) if t)
        rows.append(("event", event["id"], None, text, event.get("date")))
    for pause in _records(review, "pauses", "p"):
        if pause.get("reason"):
            rows.append(("delay", pause["id"], None, pause["reason"], pause.get("from")))
    for delay in _records(review, "delays", "d"):
        if delay.get("reason"):
            rows.append(("delay", delay["id"], None, delay["reason"], delay.get("date")))
    return rows


def facts_of(review):
    from scr.report import redaction

    return {"themes": list(review.record.get("themes") or []), "redactions": redaction.list_names(review)}


# ------------------------------------------------------------------------------ keeping in step


def refresh(ws, index):
    """Bring ``index`` in step with the review files: read again only the reviews whose identity
    changed, drop those gone or unreadable. Returns the refs searched."""
    from scr.errors import DamagedFile
    from scr.workspace.review import load_review

    known = index.identities()
    current, damaged = {}, []
    for ref in ws.refs():
        folder = ws.review_dir(ref)
        if not _readable(folder):
            continue
        try:
            current[ref] = identity(folder)
        except OSError:
            continue  # gone or unreadable since it was listed
    stale = [ref for ref, ident in current.items() if known.get(ref) != ident]
    gone = [ref for ref in known if ref not in current]
    if not stale and not gone:
        return sorted(current)
    loaded = []
    for ref in stale:
        try:
            review = load_review(ws, ref)
        except DamagedFile as exc:
            damaged.append(str(exc))
            continue
        loaded.append((ref, current[ref], facts_of(review), rows_of(review)))
    if damaged:
        raise ScrError("cannot search while review files are damaged (run `scr doctor`):\n  "
                       + "\n  ".join(damaged))
    with index.batch():
        index.remove(gone)
        for ref, ident, facts, rows in loaded:
            index.replace(ref, ident, facts, rows)
    return sorted(current)


# ------------------------------------------------------------------------------ redacting marked text


def _redact_marked(text, redactions):
    """``text`` (with highlight marks) with each redacted name replaced, the marks kept around
    what they marked (a mark inside a name moves to the name's edge)."""
    plain = text.replace(fts.OPEN, "").replace(fts.CLOSE, "")
    marks, offset = [], 0
    for position, char in enumerate(text):
        if char in (fts.OPEN, fts.CLOSE):
            marks.append((position - offset, char))
            offset += 1
    from scr.report import matcher

    # The publication gate's matcher: whole names in any form, and a part alone ("Ms Smith"),
    # each replaced; the longest names first.
    pairs = sorted(((r, r.get("replace_with") or WITHHELD) for r in redactions),
                   key=lambda pair: len(pair[0]["name"]), reverse=True)
    for record, replacement in pairs:
        prepared = matcher.prepare(record["name"], bool(record.get("whole_only")))
        spans = [(hit.start, hit.end) for hit in matcher.find(plain, [prepared])]
        if not spans:
            continue

        def moved(position, char, spans=spans, replacement=replacement):
            shift = 0
            for start, end in spans:
                if position < start or (position == start and char == fts.OPEN):
                    break
                if position < end or (position == end and char == fts.OPEN):
                    return start + shift + (0 if char == fts.OPEN else len(replacement))
                shift += len(replacement) - (end - start)
            return position + shift

        marks = [(moved(p, c), c) for p, c in marks]
        pieces, last = [], 0
        for start, end in spans:
            pieces += [plain[last:start], replacement]
            last = end
        plain = "".join(pieces) + plain[last:]
    pieces, last = [], 0
    for position, char in marks:
        pieces += [plain[last:position], char]
        last = position
    pieces.append(plain[last:])
    return "".join(pieces)


def _window(text, words=fts.SNIPPET_TOKENS):
    """About ``words`` words of ``text`` around its first highlight (``…`` where cut)."""
    tokens = text.split()
    first = next((n for n, token in enumerate(tokens) if fts.OPEN in token), 0)
    start = max(0, first - words // 3)
    end = min(len(tokens), start + words)
    start = max(0, end - words)
    return ("…" if start else "") + " ".join(tokens[start:end]) + ("…" if end < len(tokens) else "")


def _shown(snippet):
    """A snippet on one line, its matched words **marked** (Markdown bold, pasted as it is)."""
    text = " ".join(snippet.split())
    return text.replace(fts.OPEN, "**").replace(fts.CLOSE, "**").replace("****", "")


def _line(hit):
    if hit["line"] is None or hit["kind"] != "section":
        return hit["line"]
    at = hit["text"].find(fts.OPEN)
    return hit["line"] + (hit["text"].count("\n", 0, at) if at >= 0 else 0)


# ------------------------------------------------------------------------------ the command's job


def check_kind(kind):
    if kind is not None and kind not in KINDS:
        raise ScrError(f"--kind {kind!r} is not one of {', '.join(KINDS)}")
    return kind


def search(ws, query, review=None, theme=None, kind=None, anonymised=False, limit=DEFAULT_LIMIT):
    """``scr search``: hits ``{review, kind, where, line, snippet}``, best first."""
    from scr.learning.themes import check_filter
    from scr.values import check_slug

    match = expression(query)
    check_kind(kind)
    theme = check_filter(ws, theme)
    if review is not None:
        check_slug(review, "review ref")
        if review not in ws.refs():
            from scr.errors import NotFound

            raise NotFound(f"no review '{review}' in {ws.root} (`scr list --all` shows them)")
    if limit is not None and limit < 1:
        raise ScrError(f"--limit {limit} must be 1 or more")
    memory = os.environ.get("SCR_NO_INDEX") == "1"
    for attempt in (1, 2):
        index = fts.open_index(ws.root, memory=memory)
        try:
            return _run(ws, index, match, review, theme, kind, anonymised, limit)
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "syntax" in str(exc):
                raise ScrError(f"cannot search for {query!r}: {exc}") from None
            raise ScrError(f"the search index {index.path} cannot be used: {exc}") from None
        except sqlite3.DatabaseError:
            # A damaged index: it holds nothing of its own, so build it again from the files.
            fts.discard(index)
            if attempt == 2:
                raise ScrError(f"the search index {index.path} is damaged and could not be rebuilt") from None
        finally:
            index.close()
    raise AssertionError("unreachable")


def _run(ws, index, match, review, theme, kind, anonymised, limit):
    refs = refresh(ws, index)
    facts = index.facts() if (theme or anonymised) else {}
    wanted = None if review is None and theme is None else refs
    if review is not None:
        refs = [ref for ref in refs if ref == review]
    if theme is not None:
        refs = [ref for ref in refs if theme in facts.get(ref, {}).get("themes", [])]
    if wanted is not None:
        wanted = refs
    hits = index.query(match, refs=wanted, kinds=[kind] if kind else None, until=ws.today.isoformat(),
                       limit=limit)
    results = []
    for hit in hits:
        if anonymised:
            redactions = facts.get(hit["review"], {}).get("redactions", [])
            snippet = _window(_redact_marked(hit["text"], redactions)) if redactions else hit["snippet"]
        else:
            snippet = hit["snippet"]
        results.append({"review": hit["review"], "kind": hit["kind"], "where": hit["where"],
                        "line": _line(hit), "snippet": _shown(snippet)})
    return results
