"""The overview report: section drafts, assembly, rendering, and the publication check.

- ``draft``: the standard sections as Markdown files in ``report/sections/``, from templates
  (a board's ``templates/report/sections/*.md.j2`` override or add to the package's), filled from the
  review. An existing file is never overwritten.
- ``render``: the title page (pandoc metadata, from ``report/title.yaml.j2``), every
  ``report/sections/*.md`` in file-name order, the recommendations with the board's responses and the
  action plan, and the integrated chronology as an appendix (``report/report.md.j2``), converted with
  pandoc to docx, html or pdf (or left as Markdown). Drafts carry ``DRAFT — CONFIDENTIAL`` on the
  title page and ``DRAFT — <draft_marking>`` in the header and footer; ``final`` reports carry neither,
  have every name that has a replacement replaced, and are refused when the check finds anything.
- ``check``: real names and placeholders in everything the render includes, each finding with its
  file and line.

Images: only files inside the review's own folder are ever embedded (inlined as data URIs, or copied
into the private build folder for the PDF); anything else is left out with a warning, and the check
reports it. Nothing here prints: warnings are returned to the command.
"""

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from scr.report import redaction
from scr.documents import images, render
from scr.documents.sandbox import Markdown
from scr.errors import CheckFailed, ScrError

SECTIONS = Path("report") / "sections"
BUILD = Path("report") / "build"
SECTION_TEMPLATES = "report/sections"
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
DRAFT_TITLE_MARK = "DRAFT — CONFIDENTIAL"

# An inline image: ![alt](target "title"){attributes}; the target may be <in angle brackets>.
_IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\[\]\\]|\\.|\[[^\]]*\])*)\]"
    r"\(\s*(?:<(?P<angled>[^>]*)>|(?P<plain>[^\s)]+))(?P<title>\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
    r"(?P<attrs>\{[^}\n]*\})?"
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


# ------------------------------------------------------------------------------ helpers


def _long_date(value):
    """An ISO date (or date) as ``3 March 2013``; None stays None."""
    from datetime import date

    if not value:
        return None
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {day.strftime('%B %Y')}"


def _environment(ws):
    return render.environment(render.template_dirs(ws.templates_dir))


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
        # the chair's own document, Markdown on purpose
        "terms_of_reference": Markdown((record.get("terms_of_reference") or "").strip()) or None,
        "agencies": agencies_of(rv),
        "scope_from": _long_date(record.get("scope_from")),
        "scope_to": _long_date(record.get("scope_to")),
        "author": record.get("author"),
        "chair": record.get("chair"),
        "incident": record.get("incident"),
        "today": _long_date(rv.ws.today),
    }


# ------------------------------------------------------------------------------ draft


def draft(rv):
    """Write the standard section files that do not exist yet. Returns ``(written, kept)`` paths."""
    env = _environment(rv.ws)
    names = render.template_names(env, SECTION_TEMPLATES, ".md.j2")
    if not names:
        raise ScrError("no section templates found (templates/report/sections/*.md.j2)")
    context = review_context(rv)
    folder = rv.folder / SECTIONS
    if folder.exists() and not folder.is_dir():
        raise ScrError(f"{folder} is not a folder")
    planned, kept = [], []
    for name in names:
        target = folder / Path(name).name[: -len(".j2")]
        if target.exists() or target.is_symlink():
            kept.append(target)
            continue
        planned.append((target, render.render_template(env, name, context)))
    written = [rv.ws.write_output(target, text) for target, text in planned]
    return written, kept


# ------------------------------------------------------------------------------ content


@dataclass
class Section:
    path: Path          # absolute
    file: str           # relative to the review folder, with forward slashes
    text: str


@dataclass
class Content:
    """Everything a render includes, before or after the names are replaced."""

    title: str
    subject: str
    sections: list
    recommendations: list   # [{label, text, response}]
    actions: list           # [{id, recommendation, text, agency, owner, due, status}]
    chronology: list        # [{date, time, agency, event, source, significance, file, line}]
    warnings: list = field(default_factory=list)


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
                "due": _show_partial(action.get("due"), "day"), "status": action["status"],
            })
    return recs, rows


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _show_partial(iso_date, precision):
    """A chronology date as scr shows it: ``3 Mar 2013``, ``Mar 2013`` or ``2013``."""
    if not iso_date:
        return ""
    year, month, day = int(iso_date[:4]), int(iso_date[5:7]), int(iso_date[8:10])
    if precision == "year":
        return str(year)
    if precision == "month":
        return f"{_MONTHS[month - 1]} {year}"
    return f"{day} {_MONTHS[month - 1]} {year}"


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
            "date": _show_partial(row.get("date"), row.get("precision")),
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


def gather(rv):
    """Everything a render of ``rv`` includes, as written (no names replaced)."""
    recs, actions = load_recommendations(rv)
    return Content(
        title=rv.record["title"], subject=rv.record["subject"], sections=load_sections(rv),
        recommendations=recs, actions=actions, chronology=load_chronology(rv),
    )


_ACTION_TEXT = ("text", "agency", "owner")
_CHRONOLOGY_TEXT = ("agency", "event", "source", "significance")


def anonymise(content, redactions):
    """A copy of ``content`` with every name that has a replacement replaced."""
    def sub(text):
        return redaction.replace(text, redactions)

    return Content(
        title=sub(content.title),
        subject=sub(content.subject),
        sections=[Section(s.path, s.file, sub(s.text)) for s in content.sections],
        recommendations=[{**r, "text": sub(r["text"]), "response": sub(r["response"])}
                         for r in content.recommendations],
        actions=[{**a, **{k: sub(a[k]) for k in _ACTION_TEXT}} for a in content.actions],
        chronology=[{**e, **{k: sub(e[k]) for k in _CHRONOLOGY_TEXT}} for e in content.chronology],
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


def _image_file(rv, section, target):
    """``(path, None)`` for an image that may be embedded, else ``(None, reason)``."""
    if target.startswith("data:"):
        return None, None
    if _SCHEME.match(target) or target.startswith("//"):
        return None, "is not a file in the review's folder (nothing is fetched from elsewhere)"
    path = (section.path.parent / unquote(target)).resolve()
    folder = rv.folder.resolve()
    if not path.is_relative_to(folder):
        return None, "is outside the review's folder: not embedded"
    if not path.is_file():
        return None, "does not exist"
    if path.suffix.lower() not in IMAGE_TYPES:
        return None, f"is not a PNG, JPEG or GIF image ({path.suffix or 'no extension'})"
    return path, None


def image_findings(rv, section):
    findings = []
    for image in find_images(section.text):
        _, reason = _image_file(rv, section, image.target)
        if reason:
            findings.append({"file": section.file, "line": image.line,
                             "finding": f"image {image.target} {reason}"})
        if not image.alt.strip():
            findings.append({"file": section.file, "line": image.line,
                             "finding": f"image {image.target} has no alt text: describe it in ![…]"})
    return findings


def embed_images(rv, section, mode, files, warnings, alts=None):
    """``section.text`` with allowed images inlined (``mode`` "data": data URIs; "files": copies in
    ``files`` for typst) and every other image replaced by its description."""
    pieces, last = [], 0
    alts = {} if alts is None else alts
    text = section.text
    for image in find_images(text):
        pieces.append(text[last:image.start])
        last = image.end
        if image.target.startswith("data:") and mode == "data":
            pieces.append(text[image.start:image.end])
            continue
        path, reason = _image_file(rv, section, image.target)
        alt = image.alt.strip() or (Path(unquote(image.target)).stem if path else "image")
        if path is None:
            reason = reason or "cannot be embedded in a PDF"
            warnings.append(f"{section.file} line {image.line}: image {image.target} {reason}")
            pieces.append(f"\\[Image not included: {render.md_escape(alt)}\\]")
            continue
        # re-encoded from its pixels: no EXIF, text chunk, XMP or comment reaches the document
        data, kind = images.clean(path.read_bytes(), f"{section.file} line {image.line}: image {image.target}")
        if mode == "data":
            uri = f"data:image/{kind.lower()};base64,{base64.b64encode(data).decode()}"
        else:
            uri = f"media/image{len(files) + 1}.{kind.lower()}"
            files[uri] = data
            alts[uri] = alt
        pieces.append(f"![{alt}](<{uri}>{image.title}){image.attrs}")
    pieces.append(text[last:])
    return "".join(pieces)


# ------------------------------------------------------------------------------ check


def check_content(rv, content, names):
    """Findings ``{file, line, finding}`` in ``content`` for ``names`` (redaction records), in
    report order: the review's identity, each section as written and as pandoc reads it, the plan,
    the chronology, and the board's own templates."""
    from scr.report import gate

    findings = identity_findings(rv, content, names)
    for label, value in (("title", content.title), ("subject", content.subject)):
        for f in redaction.find(value, names, "review.json", first_line=None):
            findings.append({**f, "finding": f"{label}: {f['finding']}"})
    by_file = {}
    for f in gate.sections([(s.file, s.text) for s in content.sections], names):
        by_file.setdefault(f["file"], []).append(f)
    for section in content.sections:
        findings += by_file.get(section.file, [])
        findings += image_findings(rv, section)
    for rec in content.recommendations:
        for key in ("text", "response"):
            for f in redaction.find(rec[key], names, "action plan", first_line=None):
                findings.append({**f, "finding": f"recommendation {rec['label']} {key}: {f['finding']}"})
    for action in content.actions:
        for key in _ACTION_TEXT:
            for f in redaction.find(action[key], names, "action plan", first_line=None):
                findings.append({**f, "finding": f"action {action['id']} {key}: {f['finding']}"})
    for entry in content.chronology:
        file = entry["file"] or "chronology"
        line = entry["line"] if entry["file"] else entry["position"]
        for key in _CHRONOLOGY_TEXT:
            for f in redaction.find(entry[key], names, file, line=line):
                findings.append({**f, "finding": f"{entry['agency']} {key}: {f['finding']}"})
    findings += template_findings(rv.ws, names)
    return findings


def identity_findings(rv, content, names):
    """Names in what identifies the review's records: its ref (in every action ID and output file
    name) and the recommendations' labels."""
    findings = []
    for f in redaction.find(rv.ref, names, "review.json", first_line=None, placeholders=False):
        findings.append({**f, "finding": f"ref {rv.ref} (in every action ID and file name): {f['finding']}"
                                         f" — give the review another ref: scr rename {rv.ref} NEW"})
    for rec in content.recommendations:
        for f in redaction.find(rec["label"], names, "action plan", first_line=None, placeholders=False):
            findings.append({**f, "finding": f"recommendation {rec['label']} label: {f['finding']}"})
    return findings


#: A board's templates that are text (read line by line); reference.docx is read part by part.
_TEMPLATE_TEXT = (".j2", ".md", ".yaml", ".yml", ".txt", ".lua", ".css", ".html", ".typ")
#: Parts of a reference document that reach the output (its properties are cleared, its body and
#: styles are not copied).
_REFERENCE_PARTS = ("word/header", "word/footer", "word/footnotes", "word/endnotes")


def template_findings(ws, names):
    """Names in the board's own templates, which are part of every output (never placeholders:
    a template is made of them). Nothing is followed through a symbolic link."""
    import os

    from scr.documents import extract

    root = ws.templates_dir
    if not root.is_dir() or root.is_symlink():
        return []
    findings = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not os.path.islink(os.path.join(folder, d)))
        for name in sorted(files):
            path = os.path.join(folder, name)
            file = "templates/" + os.path.relpath(path, root).replace(os.sep, "/")
            if os.path.islink(path):
                continue
            if name.endswith(_TEMPLATE_TEXT):
                with open(path, "rb") as handle:
                    text = handle.read().decode("utf-8", errors="replace")
                findings += redaction.find(text, names, file, placeholders=False)
            elif name.endswith(".docx"):
                with open(path, "rb") as handle:
                    data = handle.read()
                try:
                    parts = extract.docx_texts(data)
                except ScrError:
                    continue  # a broken reference document is the render's error to report
                for part, text in parts:
                    if part.startswith(_REFERENCE_PARTS) or part.startswith("word/media/"):
                        for f in redaction.find(text, names, f"{file} ({part})", first_line=None,
                                                placeholders=False):
                            findings.append(f)
    return findings


def check(rv, final=False):
    """The publication check (``final``: as ``render --final`` would see it, names replaced)."""
    redactions = redaction.list_names(rv)
    content = gather(rv)
    if final:
        content = anonymise(content, redactions)
    return check_content(rv, content, redactions)


# ------------------------------------------------------------------------------ render


def reference_doc(ws):
    """The board's templates/reference.docx where there is one (even a broken one: that is an error
    to report, not to paper over), else the package's."""
    own = ws.templates_dir / "reference.docx"
    if (own.is_symlink() and own.exists()) or ws.templates_dir.is_symlink():
        raise ScrError(f"{own} is a symbolic link: templates are read as files of their own folder,"
                       " never through a link (copy the file there)")
    if own.exists() or own.is_symlink():  # a broken link is a missing reference document
        return render.check_reference_doc(own)
    return render.check_reference_doc(render.PACKAGE_TEMPLATES / "reference.docx")


def default_output(rv, to, final):
    name = f"{rv.ref}-overview-report{'' if final else '-draft'}.{to}"
    return rv.folder / BUILD / name


def _format_for(to, output):
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    if suffix == "htm":
        suffix = "html"
    if suffix and suffix not in render.FORMATS and not Path(output).expanduser().is_dir():
        raise ScrError(
            f"-o {output}: a report cannot be written as .{suffix}; name a .docx, .html, .pdf or .md"
            " file, or a folder"
        )
    if to is None:
        return suffix if suffix in render.FORMATS else "docx"
    if to not in render.FORMATS:
        raise ScrError(f"unknown format '{to}': use one of {', '.join(render.FORMATS)}")
    if suffix in render.FORMATS and suffix != to:
        raise ScrError(f"-o {output} does not match --to {to}")
    return to


def assemble(rv, content, final, mode="data", files=None, alts=None):
    """``(metadata_yaml, body_markdown, warnings)`` for ``content``."""
    warnings = list(content.warnings)
    files = {} if files is None else files
    env = _environment(rv.ws)
    context = review_context(rv)
    context.update({
        "title": content.title, "subject": content.subject, "draft": not final,
        "final": final, "marking": rv.ws.draft_marking, "date": _long_date(rv.ws.today),
        "draft_title_mark": DRAFT_TITLE_MARK,
    })
    metadata = render.render_template(env, "report/title.yaml.j2", context)
    from scr.documents import publication

    sections = [{"file": s.file,
                 "text": Markdown(publication.clean_markdown(
                     embed_images(rv, s, mode, files, warnings, alts)).rstrip("\n") + "\n")}
                for s in content.sections]
    context.update({
        "sections": sections, "recommendations": content.recommendations,
        "actions": content.actions, "chronology": content.chronology,
    })
    body = render.render_template(env, "report/report.md.j2", context)
    return metadata, body, warnings


def _marking(ws):
    return f"DRAFT — {ws.draft_marking}" if ws.draft_marking.strip() else "DRAFT"


_PRINT_CSS = """<style>
body { font-family: Arial, Helvetica, sans-serif; max-width: 50em; margin: 2em auto; line-height: 1.45; color: #111; }
h1, h2, h3 { color: #1f3864; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #808080; padding: 0.25em 0.5em; vertical-align: top; text-align: left; }
th { background: #d9e2f3; }
caption, figcaption { font-style: italic; font-size: 0.85em; color: #404040; }
.abstract { color: #c00000; font-weight: bold; text-align: center; }
.scr-marking { color: #c00000; font-weight: bold; text-align: center; letter-spacing: 0.05em; }
img { max-width: 100%; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  @page { size: A4; margin: 2cm; }
  h1 { break-before: page; }
  h1, h2, h3 { break-after: avoid; }
  tr, img, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  nav#TOC a { color: inherit; text-decoration: none; }
  .scr-marking.top { position: fixed; top: 0; left: 0; right: 0; }
  .scr-marking.bottom { position: fixed; bottom: 0; left: 0; right: 0; }
}
</style>
"""


def _typst_header(marking):
    """Typst set-up in the house style (the .docx's fonts, colours and table borders as near as
    typst has them), each top-level section on a new page; for a draft, the marking in the page
    header and footer (with the page number)."""
    pages = (
        "#show heading.where(level: 1): it => { pagebreak(weak: true); it }\n"
        '#set text(font: ("Arial", "Liberation Sans", "DejaVu Sans", "Libertinus Serif"))\n'
        '#show heading: set text(fill: rgb("#1f3864"))\n'
        "#set table(stroke: 0.5pt + rgb(\"#808080\"), fill: (x, y) => if y == 0 { rgb(\"#d9e2f3\") })\n"
        "#show table: set text(size: 0.85em)\n"
        "#show table: set par(justify: false)\n"
    )
    if marking is None:
        return pages
    mark = render.typst_string(marking)
    return pages + (
        "#set page(\n"
        f"  header: align(center, text(fill: rgb(\"#c00000\"), weight: \"bold\", {mark})),\n"
        f"  footer: context [#text(fill: rgb(\"#c00000\"), weight: \"bold\", {mark}) #h(1fr) "
        "#counter(page).display()],\n"
        ")\n"
    )


def render_report(rv, to=None, final=False, output=None):
    """Render the report. Returns ``(path, warnings)``; writes nothing on any error or finding."""
    ws = rv.ws
    to = _format_for(to, output)
    redactions = redaction.list_names(rv)
    content = gather(rv)
    if final:
        content = anonymise(content, redactions)
        _refuse(check_content(rv, content, redactions))
    files, alts = {}, {}
    metadata, body, warnings = assemble(rv, content, final, "files" if to == "pdf" else "data", files, alts)
    marking = None if final else _marking(ws)
    ref_doc = reference_doc(ws) if to == "docx" else None
    data, pandoc_warnings = convert(metadata, body, to, ref_doc, marking, files, ws, alts)
    warnings += pandoc_warnings
    if to == "docx":
        from scr.documents.publication import scrub_docx

        data = scrub_docx(data, content.title, ws.board)
    target = Path(output).expanduser() if output else default_output(rv, to, final)
    if target.is_dir():  # a folder: the usual file name in it
        target = target / default_output(rv, to, final).name
    if final:
        # the gate reads what was written — every part, its metadata, its images, its file name —
        # before it is written anywhere
        from scr.report import gate

        _refuse(gate.written(data, to, target.name, redactions))
    path = ws.write_output(target, data)
    return path, warnings


def _refuse(findings):
    if findings:
        raise CheckFailed(
            "\n".join(redaction.format_finding(f) for f in findings)
            + f"\nError: the final report was not written: {len(findings)} finding(s) above"
            " (replace each name with `scr redact add REF NAME --replace-with TEXT`, or edit the text)",
            findings,
        )


def convert(metadata, body, to, ref_doc, marking, files, ws, alts=None):
    """Pandoc (and typst) on the assembled report; the metadata goes in as a file so a section
    cannot override the title page."""
    import html as html_module

    header_html = before = after = None
    if to == "html":
        header_html = _PRINT_CSS
        if marking:
            escaped = html_module.escape(marking)
            before = f'<p class="scr-marking top">{escaped}</p>\n'
            after = f'<p class="scr-marking bottom">{escaped}</p>\n'
    return render.convert(
        body, to, reference_doc=ref_doc, header_html=header_html, before_body_html=before,
        after_body_html=after, typst_header=_typst_header(marking), files=files, metadata=metadata,
        docx_marking=marking, date=ws.today, author=ws.board, image_alts=alts,
    )
