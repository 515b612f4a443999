"""The steps of a report render, each a function of its own, run one way:

    gather (content.py) -> check_content -> assemble -> convert -> finish -> check_written
    -> move_into_place

Each step takes what the one before it returned and nothing else of the review's: a step never
reads the review again. The two checks are the seams of the publication gate: ``check_content``
looks at the gathered content (what the author wrote, names replaced for ``--final``),
``check_written`` at the document as written, before it is moved into place. Either one's findings
go to :func:`refuse`, which raises :class:`scr.errors.CheckFailed` (exit 3) so nothing is written.
"""

import base64
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from scr.documents import images, pandoc
from scr.documents.publication import clean_markdown, scrub_docx
from scr.documents.sandbox import Markdown
from scr.documents.templates import environment, long_date, md_escape, render_template, template_dirs
from scr.errors import CheckFailed
from scr.report import redaction
from scr.report.content import ACTION_TEXT, CHRONOLOGY_TEXT, find_images, image_file

DRAFT_TITLE_MARK = "DRAFT — CONFIDENTIAL"


# ------------------------------------------------------------------------------ check the content


def image_findings(root, section):
    findings = []
    for image in find_images(section.text):
        _, reason = image_file(root, section, image.target)
        if reason:
            findings.append({"file": section.file, "line": image.line,
                             "finding": f"image {image.target} {reason}"})
        if not image.alt.strip():
            findings.append({"file": section.file, "line": image.line,
                             "finding": f"image {image.target} has no alt text: describe it in ![…]"})
    return findings


def _labelled(findings, label):
    return [{**f, "finding": f"{label}: {f['finding']}"} for f in findings]


def check_content(content):
    """Findings ``{file, line, finding}`` in ``content`` for its names and placeholders, in report
    order (the publication check, and the first check of ``render --final``): the review's identity,
    each section as written and as pandoc reads it (:mod:`scr.report.gate`), the plan, the
    chronology, and the board's own templates."""
    from scr.report import gate

    names = content.redactions
    findings = identity_findings(content)
    for label, value in (("title", content.title), ("subject", content.subject)):
        findings += _labelled(redaction.find(value, names, "review.json", first_line=None), label)
    by_file = {}
    for f in gate.sections([(s.file, s.text) for s in content.sections], names):
        by_file.setdefault(f["file"], []).append(f)
    for section in content.sections:
        findings += by_file.get(section.file, [])
        findings += image_findings(content.root, section)
    for rec in content.recommendations:
        for key in ("text", "response"):
            findings += _labelled(redaction.find(rec[key], names, "action plan", first_line=None),
                                  f"recommendation {rec['label']} {key}")
    for action in content.actions:
        for key in ACTION_TEXT:
            findings += _labelled(redaction.find(action[key], names, "action plan", first_line=None),
                                  f"action {action['id']} {key}")
    for entry in content.chronology:
        file = entry["file"] or "chronology"
        line = entry["line"] if entry["file"] else entry["position"]
        for key in CHRONOLOGY_TEXT:
            findings += _labelled(redaction.find(entry[key], names, file, line=line),
                                  f"{entry['agency']} {key}")
    findings += template_findings(content.templates_dir, names)
    return findings


def identity_findings(content):
    """Names in what identifies the review's records: its ref (in every action ID and output file
    name) and the recommendations' labels."""
    names, ref = content.redactions, content.ref
    findings = _labelled(redaction.find(ref, names, "review.json", first_line=None, placeholders=False),
                         f"ref {ref} (in every action ID and file name)")
    findings = [{**f, "finding": f"{f['finding']} — give the review another ref: scr rename {ref} NEW"}
                for f in findings]
    for rec in content.recommendations:
        findings += _labelled(redaction.find(rec["label"], names, "action plan", first_line=None,
                                             placeholders=False), f"recommendation {rec['label']} label")
    return findings


#: A board's templates that are text (read line by line); reference.docx is read part by part.
_TEMPLATE_TEXT = (".j2", ".md", ".yaml", ".yml", ".txt", ".lua", ".css", ".html", ".typ")
#: Parts of a reference document that reach the output (its properties are cleared, its body and
#: styles are not copied).
_REFERENCE_PARTS = ("word/header", "word/footer", "word/footnotes", "word/endnotes", "word/media/")


def template_findings(root, names):
    """Names in the board's own templates, which are part of every output (never placeholders: a
    template is made of them). Nothing is followed through a symbolic link."""
    import os

    from scr.documents import extract
    from scr.errors import ScrError

    root = Path(root)
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
                    if part.startswith(_REFERENCE_PARTS):
                        findings += redaction.find(text, names, f"{file} ({part})", first_line=None,
                                                   placeholders=False)
    return findings


def refuse(findings, ref):
    """Raise :class:`CheckFailed` (exit 3) naming every finding, where there is any."""
    if findings:
        raise CheckFailed(
            "\n".join(redaction.format_finding(f) for f in findings)
            + f"\nthe final report of {ref} was not written: {len(findings)} finding(s) above"
            " (replace each name with `scr redact add REF NAME --replace-with TEXT`, or edit the text)",
            findings,
        )


# ------------------------------------------------------------------------------ assemble


@dataclass
class Document:
    """The assembled source of one render: what pandoc is given."""

    to: str
    metadata: str                   # YAML for the title page
    body: str                       # Markdown
    marking: str | None             # a draft's header/footer marking; None when final
    files: dict = field(default_factory=dict)    # name -> bytes, images for typst
    alts: dict = field(default_factory=dict)     # name -> alt text, for typst
    warnings: list = field(default_factory=list)
    toc: bool = True                # a table of contents (a one-page briefing has none)


def embed_images(root, section, mode, files, warnings, alts):
    """``section.text`` with allowed images inlined (``mode`` "data": data URIs; "files": copies in
    ``files`` for typst) and every other image replaced by its description."""
    pieces, last = [], 0
    text = section.text
    for image in find_images(text):
        pieces.append(text[last:image.start])
        last = image.end
        where = f"{section.file} line {image.line}: image"
        if image.target.startswith("data:") and mode == "data":
            # an inlined image is re-encoded too: its metadata never reaches the document
            data, kind = images.clean(images.from_data_uri(image.target, where), where)
            uri = f"data:image/{kind.lower()};base64,{base64.b64encode(data).decode()}"
            pieces.append(f"![{image.alt}](<{uri}>{image.title}){image.attrs}")
            continue
        path, reason = image_file(root, section, image.target)
        alt = image.alt.strip() or (Path(unquote(image.target)).stem if path else "image")
        if path is None:
            reason = reason or "cannot be embedded in a PDF"
            warnings.append(f"{section.file} line {image.line}: image {image.target} {reason}")
            pieces.append(f"\\[Image not included: {md_escape(alt)}\\]")
            continue
        # re-encoded from its pixels: no EXIF, text chunk, XMP or comment reaches the document
        data, kind = images.clean(path.read_bytes(), f"{where} {image.target}")
        if mode == "data":
            uri = f"data:image/{kind.lower()};base64,{base64.b64encode(data).decode()}"
        else:
            uri = f"media/image{len(files) + 1}.{kind.lower()}"
            files[uri] = data
            alts[uri] = alt
        pieces.append(f"![{alt}](<{uri}>{image.title}){image.attrs}")
    pieces.append(text[last:])
    return "".join(pieces)


_RECOMMENDATIONS_HEADING = re.compile(r"^#[ \t]+Recommendations[ \t#]*$", re.IGNORECASE | re.MULTILINE)


def recommendations_section(sections):
    """The index of the author's own "# Recommendations" section (the last such), else None: the
    board's response and the action plan follow it rather than repeat the heading."""
    found = None
    for index, section in enumerate(sections):
        if _RECOMMENDATIONS_HEADING.search(section.text):
            found = index
    return found


def marking_of(draft_marking):
    return f"DRAFT — {draft_marking}" if draft_marking.strip() else "DRAFT"


def assemble(content, final, to):
    """The :class:`Document` for ``content``: the title page from ``report/title.yaml.j2`` and the
    body from ``report/report.md.j2`` (a board's own templates first)."""
    document = Document(to=to, metadata="", body="", marking=None if final else marking_of(content.marking),
                        warnings=list(content.warnings))
    env = environment(template_dirs(content.templates_dir))
    context = dict(content.context)
    context.update({
        "title": content.title, "subject": content.subject, "draft": not final,
        "final": final, "marking": content.marking, "date": long_date(content.today) or None,
        "draft_title_mark": DRAFT_TITLE_MARK,
    })
    document.metadata = render_template(env, "report/title.yaml.j2", context)
    mode = "files" if to == "pdf" else "data"
    # a section is Markdown on purpose; its HTML comments and javascript:/file: links never pass
    sections = [{"file": s.file,
                 "text": Markdown(clean_markdown(embed_images(content.root, s, mode, document.files,
                                                              document.warnings, document.alts)).rstrip("\n") + "\n")}
                for s in content.sections]
    context.update({
        "sections": sections, "recommendations": content.recommendations,
        "recommendations_section": recommendations_section(content.sections),
        "actions": content.actions, "chronology": content.chronology,
    })
    document.body = render_template(env, "report/report.md.j2", context)
    return document


# ------------------------------------------------------------------------------ convert


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
    """The house style for the PDF (templates/typst/house.typ); for a draft, the marking in the
    page header and footer beside the page number."""
    return pandoc.typst_house(marking)


def convert(document, reference_doc=None):
    """Pandoc (and typst) on the assembled document: ``(bytes, warnings)``, not yet finished. The
    metadata goes in as a file so a section cannot override the title page."""
    before = after = None
    if document.to == "html" and document.marking:
        escaped = html.escape(document.marking)
        before = f'<p class="scr-marking top">{escaped}</p>\n'
        after = f'<p class="scr-marking bottom">{escaped}</p>\n'
    data, warnings = pandoc.convert_raw(
        document.body, document.to, reference_doc=reference_doc,
        header_html=_PRINT_CSS if document.to == "html" else None, before_body_html=before,
        after_body_html=after, typst_header=_typst_header(document.marking), files=document.files,
        metadata=document.metadata, docx_marking=document.marking, image_alts=document.alts,
        toc=document.toc,
    )
    return data, document.warnings + warnings


# ------------------------------------------------------------------------------ finish and check


def finish(data, content, to):
    """The written file's publication hygiene: a .docx's parts (the board as author, the date,
    images described by their alt text, no comments) and its properties scr's own (the review's
    title, no Company, Manager or custom properties from a board's reference document)."""
    data = pandoc.finish(data, to, author=content.board, date=content.today)
    if to == "docx":
        data = scrub_docx(data, content.title, content.board)
    return data


def check_written(data, to, redactions, file_name):
    """Findings for ``redactions`` in everything that can be read back from the written document —
    every part, its metadata, its images' metadata, its file name (:func:`scr.report.gate.written`):
    the second check of ``render --final``, which catches what the templates, the reference
    document or a conversion put in. Each finding names the output file and where in it."""
    from scr.report import gate

    return gate.written(data, to, file_name, redactions)


# ------------------------------------------------------------------------------ move into place


def move_into_place(ws, target, data):
    """Write ``data`` at ``target`` atomically (a temporary file renamed over it): the last step."""
    return ws.write_output(target, data)
