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
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from scr.documents import pandoc
from scr.documents.templates import environment, long_date, md_escape, render_template, template_dirs
from scr.errors import CheckFailed
from scr.report import redaction
from scr.report.content import ACTION_TEXT, CHRONOLOGY_TEXT, IMAGE_TYPES, find_images, image_file

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
    order (the publication check, and the first check of ``render --final``)."""
    names, findings = content.names, []
    for label, value in (("title", content.title), ("subject", content.subject)):
        findings += _labelled(redaction.find(value, names, "review.json", first_line=None), label)
    for section in content.sections:
        findings += redaction.find(section.text, names, section.file)
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
        if image.target.startswith("data:") and mode == "data":
            pieces.append(text[image.start:image.end])
            continue
        path, reason = image_file(root, section, image.target)
        alt = image.alt.strip() or (Path(unquote(image.target)).stem if path else "image")
        if path is None:
            reason = reason or "cannot be embedded in a PDF"
            warnings.append(f"{section.file} line {image.line}: image {image.target} {reason}")
            pieces.append(f"\\[Image not included: {md_escape(alt)}\\]")
            continue
        data = path.read_bytes()
        if mode == "data":
            uri = f"data:{IMAGE_TYPES[path.suffix.lower()]};base64,{base64.b64encode(data).decode()}"
        else:
            uri = f"media/image{len(files) + 1}{path.suffix.lower()}"
            files[uri] = data
            alts[uri] = alt
        pieces.append(f"![{alt}](<{uri}>{image.title}){image.attrs}")
    pieces.append(text[last:])
    return "".join(pieces)


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
    sections = [{"file": s.file,
                 "text": embed_images(content.root, s, mode, document.files, document.warnings,
                                      document.alts).rstrip("\n") + "\n"}
                for s in content.sections]
    context.update({
        "sections": sections, "recommendations": content.recommendations,
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
    mark = pandoc.typst_string(marking)
    return pages + (
        "#set page(\n"
        f"  header: align(center, text(fill: rgb(\"#c00000\"), weight: \"bold\", {mark})),\n"
        f"  footer: context [#text(fill: rgb(\"#c00000\"), weight: \"bold\", {mark}) #h(1fr) "
        "#counter(page).display()],\n"
        ")\n"
    )


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
    """The written file's publication hygiene (a .docx's parts: the board as author, the date,
    images described by their alt text, no comments)."""
    return pandoc.finish(data, to, author=content.board, date=content.today)


# Parts of a .docx whose text a reader sees (styles, theme, fonts and settings hold only names of
# fonts and styles, which are not searched).
_WORD_TEXT_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml|docProps/(core|app)\.xml")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data):
    """``[(part, text)]``: each text part's paragraphs, one a line, runs joined."""
    from lxml import etree

    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not _WORD_TEXT_PART.fullmatch(name):
                continue
            root = etree.fromstring(archive.read(name))
            if name.startswith("docProps/"):
                lines = [t.strip() for t in root.itertext() if t.strip()]
            else:
                lines = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]
            parts.append((name, "\n".join(lines)))
    return parts


# Elements inside a line of text: a name may run across them ("Jane <em>Doe</em>").
_INLINE = frozenset("a abbr b cite code em i mark q s small span strong sub sup u".split())
_SEEN_ATTRIBUTES = ("alt", "title", "content", "href", "src")
# An inlined image: base64 holds runs of letters that could match a one-word name by chance.
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")


class _HTMLText(HTMLParser):
    """The text of an HTML page and the attributes a reader or a program sees (alt, title, meta
    content, link targets; not inlined images)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        if tag not in _INLINE:
            self.pieces.append("\n")
        self.pieces += [f"\n{value}\n" for key, value in attrs
                        if key in _SEEN_ATTRIBUTES and value and not value.startswith("data:")]

    def handle_endtag(self, tag):
        if tag not in _INLINE:
            self.pieces.append("\n")

    def handle_data(self, data):
        self.pieces.append(data)


def written_text(data, to):
    """``[(part, text)]`` that can be read back from a written document: every text part of a
    .docx, the text and the attributes a reader sees of an .html, the .md itself (not its
    inlined images); nothing yet for a PDF
    (its text is compressed by typst)."""
    if to == "docx":
        return _docx_text(data)
    if to == "html":
        parser = _HTMLText()
        parser.feed(data.decode("utf-8", errors="replace"))
        parser.close()
        return [("html", "".join(parser.pieces))]
    if to == "md":
        return [("md", _DATA_URI.sub("", data.decode("utf-8")))]
    return []


def check_written(data, to, names, file_name):
    """Findings for ``names`` in what can be read back from the written document (the second
    check of ``render --final``: it catches what the templates, the reference document or a
    conversion put in). Each finding names the output file and its part."""
    findings = []
    for part, text in written_text(data, to):
        for f in redaction.find(text, names, f"{file_name} ({part})", first_line=None, placeholders=False):
            findings.append(f)
    return findings


# ------------------------------------------------------------------------------ move into place


def move_into_place(ws, target, data):
    """Write ``data`` at ``target`` atomically (a temporary file renamed over it): the last step."""
    return ws.write_output(target, data)
