"""The overview report and the names it must not publish: scr report draft|render|check,
scr redact add|list."""

import click

from scr.commands import output as out
from scr.cli import pass_workspace
from scr.commands.options import REF, json_option, output_option

from scr.workspace.outputs import format_names

FORMATS = format_names("report")


@click.group("report")
def report_group():
    """The overview report: write the sections, render them, check them before publication.

    \b
    Typical use:
      scr report draft 2013-child-f            # section files to write in
      scr report render 2013-child-f           # a draft .docx marked DRAFT
      scr report check 2013-child-f            # real names and placeholders left in
      scr report render 2013-child-f --final --to pdf
    """


@report_group.command("draft")
@click.argument("ref", type=REF)
@pass_workspace
def report_draft(ws, ref):
    """Write the standard sections of the overview report into REF's report/sections/.

    One Markdown file per section (introduction, terms of reference, methodology, the family and
    the child, agency involvement, analysis and findings, conclusions, recommendations), filled from
    the review. A board's own templates/report/sections/*.md.j2 replace or add to the standard ones.
    A file that exists is never overwritten. Prints each written file's path.
    """
    from scr.report.overview import draft

    with ws.open_review(ref) as rv:
        written, kept = draft(rv)
    if kept:
        out.message(f"kept {len(kept)} section file(s) that exist already")
    if written:
        out.print_paths(written)


@report_group.command("render")
@click.argument("ref", type=REF)
@click.option("--to", "to", metavar="|".join(FORMATS), default=None,
              help="docx (default), html (one self-contained page), pdf or md.")
@click.option("--final", is_flag=True,
              help="The publication version: names replaced, no DRAFT marking; refused (exit 3, nothing written) while the check finds anything.")
@output_option("Write the report to this file (or into this folder) instead of REF's report/build/.")
@pass_workspace
def report_render(ws, ref, to, final, output_path):
    """Render REF's overview report and print the written file's path (last line of stdout).

    The report is the title page, every report/sections/*.md in file-name order, the
    recommendations with the board's responses and the action plan, and the integrated chronology as
    an appendix. Drafts are marked DRAFT — CONFIDENTIAL on the title page and DRAFT with the
    [report] draft_marking of scr.toml in every header and footer. The Word document takes its styles
    from templates/reference.docx where the workspace has one. Only images inside the review's folder
    are embedded.

    \b
    Examples:
      scr report render 2013-child-f
      scr report render 2013-child-f --to pdf --final -o child-f.pdf
    """
    from scr.report.overview import render_report

    if out.is_terminal():
        out.message(f"rendering the {'final' if final else 'draft'} report of {ref}…")
    with ws.open_review(ref) as rv:
        path = render_report(rv, to=to, final=final, output=output_path)
    out.print_paths([path])


@report_group.command("check")
@click.argument("ref", type=REF)
@click.option("--final", is_flag=True, help="Check as render --final sees it: after the names with a replacement are replaced.")
@json_option
@pass_workspace
def report_check(ws, ref, final, as_json):
    """Look for real names and leftover placeholders in everything the report includes.

    Names are those added with `scr redact add` (case-insensitive, whole words); placeholders are
    TODO, TBC, [[…]] and {{…}}. The check covers the sections, the title, the recommendations and
    actions, and the chronology. Exit 0 when nothing is found, else exit 3 and one line per finding:
    FILE:LINE: what was found. --json: a list of {file, line, finding}.
    """
    from scr.errors import CheckFailed
    from scr.report.redaction import format_finding
    from scr.report.overview import check

    with ws.open_review(ref) as rv:
        findings = check(rv, final=final)
    if as_json:
        out.print_json(findings)
    else:
        out.print_lines(format_finding(f) for f in findings)
    if findings:
        raise CheckFailed(f"{len(findings)} finding(s) in the report of {ref}", findings)
    if not as_json:
        out.message(f"the report of {ref} has no real names and no placeholders left")


@click.group("redact")
def redact_group():
    """Real names that must never appear in a published report, and what replaces them."""


@redact_group.command("add")
@click.argument("ref", type=REF)
@click.argument("name")
@click.option("--replace-with", metavar="TEXT", help="What the final report says instead, e.g. 'Mother' or 'Child F'.")
@pass_workspace
def redact_add(ws, ref, name, replace_with):
    """Add NAME to REF's names that must never be published.

    `scr report check` finds it (any case, whole words); `scr report render --final` replaces it with
    --replace-with, and refuses while a name without a replacement is still in the text. Adding a
    name again changes its replacement.

    \b
    Example:
      scr redact add 2013-child-f "Jane Doe" --replace-with "Mother"
    """
    from scr.report.redaction import add_name

    with ws.open_review(ref, write=True) as rv:
        record, created = add_name(rv, name, replace_with)
    out.message(("added" if created else "updated") + f" {record['name']!r}"
                   + (f" -> {record['replace_with']!r}" if record["replace_with"] else " (no replacement)"))


@redact_group.command("list")
@click.argument("ref", type=REF)
@json_option
@pass_workspace
def redact_list(ws, ref, as_json):
    """List REF's names to redact and their replacements (--json: a list of {name, replace_with})."""
    from scr.report.redaction import list_names

    with ws.open_review(ref) as rv:
        rows = list_names(rv)
    out.print_rows(rows, as_json, [("name", "Name"), ("replace_with", "Replace with")],
                   empty=f"No names to redact for {ref} yet (add one with `scr redact add`).")
