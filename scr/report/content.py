"""The report's content, gathered once: the first step of the pipeline (see ``pipeline.py``).

:func:`gather` reads everything a render or a check includes from the review — the section files,
the recommendations and action plan, the integrated chronology, the title page's values, the names
to redact — into a plain :class:`Content`. Every later step works on that object alone and never
goes back to the review: what is checked is what is assembled.

The image rules live here too (`find_images`, `image_file`): only files inside the review's own
folder may be embedded.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from scr import values
from scr.documents.sandbox import Markdown
from scr.documents.templates import long_date
from scr.errors import ScrError
from scr.report import redaction

SECTIONS = Path("report") / "sections"
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}

# An inline image: ![alt](target "title"){attributes}; the target may be <in angle brackets>.
_IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\[\]\\]|\\.|\[[^\]]*\])*)\]"
    r"\(\s*(?:<(?P<angled>[^>]*)>|(?P<plain>[^\s)]+))(?P<title>\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
    r"(?P<attrs>\{[^}\n]*\})?"
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
ACTION_TEXT = ("text", "agency", "owner")
CHRONOLOGY_TEXT = ("agency", "event", "source", "significance")


@dataclass
class Section:
    path: Path          # absolute
    file: str           # relative to the review folder, with forward slashes
    text: str


@dataclass
class Content:
    """Everything a render includes, before or after the names are replaced."""

    ref: str
    root: Path              # the review's folder: the only place images are embedded from
    templates_dir: Path     # the board's own templates (first on the search path)
    context: dict           # the review's values for the title page and section templates
    board: str
    today: date
    marking: str            # scr.toml's [report] draft_marking
    title: str
    subject: str
    sections: list
    recommendations: list   # [{label, text, response}]
    actions: list           # [{id, recommendation, text, agency, owner, due, status}]
    chronology: list        # [{date, time, agency, event, source, significance, file, line, position}]
    redactions: list        # [{name, replace_with, whole_only}]
    warnings: list = field(default_factory=list)

    @property
    def names(self):
        """The redaction records the matcher reads (``whole_only`` included)."""
        return self.redactions


# ------------------------------------------------------------------------------ the review's values


def _framework(ws, framework_id):
    """``{id, title, source}`` of the review's framework (the id alone where it cannot be read)."""
    if not framework_id:
        return None
    try:
        from scr.timescales import clocks as timescales

        found = timescales.get_framework(ws, framework_id)
        return {"id": framework_id, "title": getattr(found, "title", framework_id),
                "source": getattr(found, "source", None)}
    except (ImportError, AttributeError, ScrError):
        return {"id": framework_id, "title": framework_id, "source": None}


def agencies_of(rv):
    """The agencies involved: those asked for, or that sent, a chronology (register spelling)."""
    from scr.chronology import seen_agencies

    return sorted(seen_agencies(rv), key=str.casefold)


def review_context(rv):
    """What section templates and the title page are filled from."""
    from scr.workspace.review import KINDS

    record = rv.record
    return {
        "board": rv.ws.board,
        "ref": rv.ref,
        "kind": record["kind"],
        "kind_name": KINDS.get(record["kind"], record["kind"]),
        "title": record["title"],
        "subject": record["subject"],
        "framework": _framework(rv.ws, record.get("framework")),
        # the chair's own document: Markdown on purpose (a section draft takes other values as text)
        "terms_of_reference": Markdown((record.get("terms_of_reference") or "").strip()) or None,
        "agencies": agencies_of(rv),
        "scope_from": long_date(record.get("scope_from")) or None,
        "scope_to": long_date(record.get("scope_to")) or None,
        "author": record.get("author"),
        "chair": record.get("chair"),
        "incident": record.get("incident"),
        "today": long_date(rv.ws.today) or None,
    }


# ------------------------------------------------------------------------------ reading


def load_sections(rv):
    """Every ``report/sections/*.md`` in file-name order, read as UTF-8."""
    folder = rv.folder / SECTIONS
    if not folder.is_dir():
        raise ScrError(f"{folder} is missing: run `scr report draft {rv.ref}` to write the sections")
    sections = []
    inside = rv.folder.resolve()
    for path in sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file()):
        file = path.relative_to(rv.folder).as_posix()
        if not path.resolve().is_relative_to(inside):
            raise ScrError(f"{file} is a link to a file outside the review's folder: refused")
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScrError(
                f"{file} is not UTF-8 text (byte {exc.start}): save it as UTF-8 (Markdown)"
            ) from None
        except OSError as exc:
            raise ScrError(f"cannot read {file}: {exc.strerror or exc}") from None
        sections.append(Section(path, file, text.replace("\r\n", "\n").replace("\r", "\n")))
    if not sections:
        raise ScrError(f"{folder} holds no .md sections: run `scr report draft {rv.ref}`")
    return sections


def load_recommendations(rv):
    """The action plan (the actions module's view): recommendations in label order, and their
    actions, grouped by recommendation, in ID order."""
    from scr.actions import rules as plan

    recs, rows = [], []
    for rec in plan.recommendations(rv):
        recs.append({"label": rec["label"], "text": rec["text"] or "", "response": rec["response"]})
        for action in rec["actions"]:
            rows.append({
                "id": action["id"], "recommendation": action["recommendation"],
                "text": action["text"], "agency": action["agency"], "owner": action.get("owner"),
                "due": values.show(action.get("due"), empty=""), "status": action["status"],
            })
    return recs, rows


def _chronology_files(rv):
    """{agency: the file its current chronology came from (kept under chronologies/)}."""
    files = {}
    for row in rv.table("chronology_files").all():
        if not row.get("replaced") and row.get("agency") and row.get("file"):
            files[row["agency"]] = row["file"]
    return files


def load_chronology(rv):
    """The integrated chronology (as ``scr chronology merge``), each entry with the file it came
    from and its row there, for the check's findings."""
    from scr.chronology import merged

    files = _chronology_files(rv)
    entries = []
    for position, row in enumerate(merged(rv), start=1):
        agency = row.get("agency") or ""
        entries.append({
            "date": values.show(row.get("date"), row.get("precision") or values.DAY, empty=""),
            "time": row.get("time") or "",
            "agency": agency,
            "event": row.get("event") or "",
            "source": row.get("source") or "",
            "significance": row.get("significance") or "",
            "file": files.get(agency),
            "line": row.get("row"),
            "position": position,
        })
    return entries


def publication_date(rv):
    """The day a final report is dated: its ``published`` event (the one that happened, else the
    planned one). ``(date, warning)``; where there is none, today and a warning saying so."""
    from datetime import date as day_of

    published = [e for e in rv.events() if e["kind"] == "published"]
    for event in sorted(published, key=lambda e: (bool(e.get("planned")), e["date"])):
        return day_of.fromisoformat(event["date"]), None
    return rv.ws.today, (
        f"{rv.ref} has no published event: the final report is dated today, {long_date(rv.ws.today)}"
        f" (record the day with `scr event {rv.ref} published --date DATE`, with --planned if it is"
        " still to come)"
    )


def gather(rv):
    """Step 1: everything a render of ``rv`` includes, as written (no names replaced)."""
    recs, actions = load_recommendations(rv)
    return Content(
        ref=rv.ref, root=rv.folder.resolve(), templates_dir=rv.ws.templates_dir,
        context=review_context(rv), board=rv.ws.board, today=rv.ws.today,
        marking=rv.ws.draft_marking,
        title=rv.record["title"], subject=rv.record["subject"], sections=load_sections(rv),
        recommendations=recs, actions=actions, chronology=load_chronology(rv),
        redactions=redaction.list_names(rv),
    )


def gather_parts(rv):
    """The review's title page, names and settings alone, for a document of its own sections (the
    learning briefing): no section, plan or chronology."""
    return Content(
        ref=rv.ref, root=rv.folder.resolve(), templates_dir=rv.ws.templates_dir,
        context=review_context(rv), board=rv.ws.board, today=rv.ws.today,
        marking=rv.ws.draft_marking, title=rv.record["title"], subject=rv.record["subject"],
        sections=[], recommendations=[], actions=[], chronology=[],
        redactions=redaction.list_names(rv),
    )


def anonymise(content):
    """A copy of ``content`` with every name that has a replacement replaced (``--final``)."""
    def sub(text):
        return redaction.replace(text, content.redactions)

    return replace(
        content,
        title=sub(content.title),
        subject=sub(content.subject),
        sections=[Section(s.path, s.file, sub(s.text)) for s in content.sections],
        recommendations=[{**r, "text": sub(r["text"]), "response": sub(r["response"])}
                         for r in content.recommendations],
        actions=[{**a, **{k: sub(a[k]) for k in ACTION_TEXT}} for a in content.actions],
        chronology=[{**e, **{k: sub(e[k]) for k in CHRONOLOGY_TEXT}} for e in content.chronology],
        warnings=list(content.warnings),
    )


# ------------------------------------------------------------------------------ images


@dataclass
class Image:
    start: int
    end: int
    alt: str
    target: str
    title: str
    attrs: str
    line: int


def find_images(text):
    images = []
    for m in _IMAGE.finditer(text):
        target = m.group("angled") if m.group("angled") is not None else m.group("plain")
        images.append(Image(m.start(), m.end(), m.group("alt"), target or "", m.group("title") or "",
                            m.group("attrs") or "", text.count("\n", 0, m.start()) + 1))
    return images


def image_file(root, section, target):
    """``(path, None)`` for an image of ``section`` that may be embedded, else ``(None, reason)``
    (``(None, None)`` for a data URI). ``root``: the review's folder, resolved."""
    if target.startswith("data:"):
        return None, None
    if _SCHEME.match(target) or target.startswith("//"):
        return None, "is not a file in the review's folder (nothing is fetched from elsewhere)"
    path = (section.path.parent / unquote(target)).resolve()
    if not path.is_relative_to(root):
        return None, "is outside the review's folder: not embedded"
    if not path.is_file():
        return None, "does not exist"
    if path.suffix.lower() not in IMAGE_TYPES:
        return None, f"is not a PNG, JPEG or GIF image ({path.suffix or 'no extension'})"
    return path, None
