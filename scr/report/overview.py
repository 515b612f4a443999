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

``render_report`` runs the steps of ``pipeline.py`` one way — gather the content (``content.py``)
-> check it -> assemble -> convert -> finish -> check the written file -> move into place — and
``check`` runs the first two: what is checked is exactly what is rendered.

Images: only files inside the review's own folder are ever embedded (inlined as data URIs, or copied
into the private build folder for the PDF); anything else is left out with a warning, and the check
reports it. Nothing here prints: warnings go to ``ws.warn``.
"""

from dataclasses import replace
from pathlib import Path

from scr.documents import word
from scr.documents.templates import environment, render_template, template_dirs, template_names
from scr.errors import ScrError
from scr.workspace import outputs
from scr.report import pipeline
from scr.report.content import SECTIONS, anonymise, gather, publication_date, review_context

BUILD = Path("report") / "build"
SECTION_TEMPLATES = "report/sections"


# ------------------------------------------------------------------------------ draft


def draft(rv):
    """Write the standard section files that do not exist yet. Returns ``(written, kept)`` paths."""
    env = environment(template_dirs(rv.ws.templates_dir))
    names = template_names(env, SECTION_TEMPLATES, ".md.j2")
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
        planned.append((target, render_template(env, name, context)))
    # Every section or none: a full disk used to leave 01-05 written.
    written = rv.ws.write_outputs(planned, journal_dir=rv.folder)
    return written, kept


# ------------------------------------------------------------------------------ check


def check(rv, final=False):
    """The publication check (``final``: as ``render --final`` would see it, names replaced)."""
    content = gather(rv)
    if final:
        content = anonymise(content)
    return pipeline.check_content(content)


# ------------------------------------------------------------------------------ render


def default_output(rv, to, final):
    name = f"{rv.ref}-overview-report{'' if final else '-draft'}.{to}"
    return rv.folder / BUILD / name


def render_report(rv, to=None, final=False, output=None):
    """Render the report and return the path written; pandoc's warnings go to ``ws.warn``. Writes
    nothing on any error or finding."""
    to, target = outputs.choose("report", to, output, lambda chosen: default_output(rv, chosen, final))
    content = gather(rv)
    if final:
        content = anonymise(content)
        pipeline.refuse(pipeline.check_content(content), rv.ref)
        # a final report is dated by its publication, planned or not: its title page and file
        day, warning = publication_date(rv)
        content = replace(content, today=day, warnings=content.warnings + ([warning] if warning else []))
    document = pipeline.assemble(content, final, to)
    reference = word.reference_doc(content.templates_dir) if to == "docx" else None
    data, warnings = pipeline.convert(document, reference)
    data = pipeline.finish(data, content, to)
    if final:
        pipeline.refuse(pipeline.check_written(data, to, content.redactions, target.name), rv.ref)
    for warning in warnings:
        rv.ws.warn(warning)
    return pipeline.move_into_place(rv.ws, target, data)
