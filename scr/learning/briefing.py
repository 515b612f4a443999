"""`scr briefing REF`: the one-page learning briefing boards call a "7-minute briefing".

The first run drafts ``report/briefing.md`` in the review's folder from the template
``briefing.md.j2`` (a board's own ``templates/briefing.md.j2`` first): the case in brief, why it
matters, what was found (the first paragraphs of the report's findings and conclusions
sections), what to do now (the recommendations), questions for practitioners. It is the author's to
edit; scr never overwrites it. Every run renders it through the report's pipeline
(``report/pipeline.py``) as a final document: names replaced by the review's redactions, refused
when the publication gate finds a name or a placeholder, in the house style — and laid out as a
PDF to count its pages: a briefing of more than two pages is refused (exit 3), so it stays one
that practitioners read. Nothing here prints.
"""

import re
from dataclasses import replace
from pathlib import Path

from scr.errors import CheckFailed, ScrError

FILE = Path("report") / "briefing.md"
TEMPLATE = "briefing.md.j2"
MAX_PAGES = 2
BUILD = Path("report") / "build"
# Sections whose opening paragraphs say what the review found (file names, as drafted).
FINDINGS = ("findings", "conclusions", "analysis")
_PAGES = re.compile(rb"<<(?:(?!>>).)*?/Type\s*/Pages\b(?:(?!>>).)*?>>", re.DOTALL)
_COUNT = re.compile(rb"/Count\s+(\d+)")


def pdf_pages(data):
    """The number of pages of a PDF (its page tree's root count)."""
    counts = [int(m.group(1)) for tree in _PAGES.finditer(data) for m in [_COUNT.search(tree.group())] if m]
    if not counts:
        raise ScrError("cannot count the pages of the briefing's PDF")
    return max(counts)


def _opening(text, paragraphs=2):
    """The first ``paragraphs`` paragraphs of a section that are prose (no headings, no lists)."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block or block.startswith(("#", "|", "!", ":", "<!--")):
            continue
        found.append(" ".join(block.split()))
        if len(found) == paragraphs:
            break
    return found


def findings_of(rv):
    """Paragraphs from the report's findings and conclusions sections (as written)."""
    folder = rv.folder / "report" / "sections"
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.md")):
        if any(word in path.stem for word in FINDINGS):
            try:
                found += _opening(path.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                continue
    return found


def draft_text(rv):
    """The briefing's first draft, from the template and the review."""
    from scr.actions import rules
    from scr.documents.templates import environment, render_template, template_dirs
    from scr.report.content import review_context

    env = environment(template_dirs(rv.ws.templates_dir))
    context = review_context(rv)
    context.update({
        "themes": [t.replace("-", " ") for t in rv.record.get("themes") or []],
        "findings": findings_of(rv),
        "recommendations": [{"label": r["label"], "text": r.get("text") or "", "response": r.get("response")}
                            for r in rules.recommendation_records(rv) if r.get("text")],
    })
    return render_template(env, TEMPLATE, context)


def _content(rv, text):
    """The pipeline's content for the briefing: the briefing as its one section."""
    from scr.report.content import Section, gather_parts

    parts = gather_parts(rv)
    return replace(parts, title=f"Learning briefing: {parts.title}",
                   sections=[Section(rv.folder / FILE, FILE.as_posix(), text)])


def _layout(content, data, to):
    """The PDF of the briefing (``data`` when that is what was made), its pages counted."""
    from scr.report import pipeline

    if to != "pdf":
        document = replace(pipeline.assemble(content, True, "pdf"), toc=False)
        data, _ = pipeline.convert(document)
    pages = pdf_pages(data)
    if pages > MAX_PAGES:
        raise CheckFailed(
            f"{FILE.as_posix()}: the briefing runs to {pages} pages; a learning briefing is at most"
            f" {MAX_PAGES}: shorten it, then run `scr briefing` again", [{"file": FILE.as_posix(), "pages": pages}])
    return pages


def _refuse(findings, ref):
    """The publication gate's refusal (exit 3), naming every finding."""
    from scr.report.redaction import format_finding

    if findings:
        raise CheckFailed(
            "\n".join(format_finding(f) for f in findings)
            + f"\nthe learning briefing of {ref} was not written: {len(findings)} finding(s) above"
            f" (edit {FILE.as_posix()}, or replace each name with `scr redact add {ref} NAME --replace-with TEXT`)",
            findings)


def render_briefing(ws, ref, to=None, output=None):
    """Draft the briefing where it does not exist (and stop there: the author edits it), else
    render it through the publication gate; returns the path written (nothing on any finding)."""
    from scr.documents import word
    from scr.report import pipeline
    from scr.report.content import anonymise

    with ws.open_review(ref) as rv:
        from scr.workspace import outputs

        to, target = outputs.choose("briefing", to, output,
                                    lambda chosen: rv.folder / BUILD / f"{rv.ref}-learning-briefing.{chosen}")
        source = rv.folder / FILE
        if not source.exists() and not source.is_symlink():
            # The first run drafts the file and stops: the author edits it before it is rendered.
            path = ws.write_output(source, draft_text(rv))
            ws.warn(f"drafted {FILE.as_posix()} from the review: edit it, then run `scr briefing {ref}`"
                    " again to render it")
            return path
        if not source.resolve().is_relative_to(rv.folder.resolve()):
            raise ScrError(f"{FILE.as_posix()} is a link to a file outside the review's folder: refused")
        try:
            text = source.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError as exc:
            raise ScrError(f"{FILE.as_posix()} is not UTF-8 text (byte {exc.start})") from None
        content = anonymise(_content(rv, text))
    _refuse(pipeline.check_content(content), ref)
    document = replace(pipeline.assemble(content, True, to), toc=False)
    reference = word.reference_doc(content.templates_dir) if to == "docx" else None
    data, warnings = pipeline.convert(document, reference)
    data = pipeline.finish(data, content, to)
    _refuse(pipeline.check_written(data, to, content.names, target.name), ref)
    _layout(content, data, to)
    for warning in warnings:
        ws.warn(warning)
    return pipeline.move_into_place(ws, target, data)
