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
              help="The publication version: names replaced, no DRAFT marking; refused (exit 3, nothing written) while the check finds anything, in what the report includes or in the document made (every part, its metadata, its images, its file name).")
@output_option("Write the report to this file (or into this folder) instead of REF's report/build/.")
@pass_workspace
def report_render(ws, ref, to, final, output_path):
    """Render REF's overview report and print the written file's path (last line of stdout).

    The report is the title page, every report/sections/*.md in file-name order, the
    recommendations with the board's responses and the action plan, and the integrated chronology as
    an appendix. Drafts are marked DRAFT — CONFIDENTIAL on the title page and DRAFT with the
    [report] draft_marking of scr.toml in every header and footer. The Word document takes its styles
    from templates/reference.docx where the workspace has one. Only images inside the review's folder
    are embedded, each re-encoded without its metadata; HTML comments and javascript:/file: links
    never reach the document. With --final the document made is read back before it is written, and
    refused while any registered name is in it.

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

    Names are those added with `scr redact add`, found however they are written (see `scr redact
    add --help`) in the sections as written and as pandoc reads them, the title, the review's ref,
    the recommendations and actions, the chronology and the board's own templates; placeholders are
    TODO, TBC, [[…]] and {{…}}. Exit 0 when nothing is found, else exit 3 and one line per finding:
    FILE:LINE: what was found (FILE: alone where no line is known). --json: a list of
    {file, line, finding}, line null where no line is known.
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
@click.option("--whole-only", is_flag=True, default=None,
              help="Do not search the name's parts alone (a first name that is also a word, such as"
                   " 'Hope'); a one-word name then matches only capitalised.")
@pass_workspace
def redact_add(ws, ref, name, replace_with, whole_only):
    """Add NAME to REF's names that must never be published.

    The name is found however it is written: any case, Unicode form, apostrophe, hyphen or dash,
    spacing, line wrap or markup; whole, as "SURNAME, First", with a middle name or initial
    inserted, and each of its parts alone with plural and possessive endings ("Ms Smith", "the
    Smiths'") unless --whole-only. `scr report render --final` replaces every whole-name form with
    --replace-with; a part left alone is a finding to rewrite. Adding a name again changes its
    replacement (and --whole-only).

    \b
    Examples:
      scr redact add 2013-child-f "Jane Doe" --replace-with "Mother"
      scr redact add 2013-child-f "Hope" --whole-only --replace-with "Child F"
    """
    from scr.report.redaction import add_name

    with ws.open_review(ref, write=True) as rv:
        record, created = add_name(rv, name, replace_with, whole_only)
    out.message(("added" if created else "updated") + f" {record['name']!r}"
                + (f" -> {record['replace_with']!r}" if record["replace_with"] else " (no replacement)")
                + (" (whole name only)" if record["whole_only"] else ""))


@redact_group.command("list")
@click.argument("ref", type=REF)
@json_option
@pass_workspace
def redact_list(ws, ref, as_json):
    """List REF's names to redact and their replacements (--json: a list of {name, replace_with,
    whole_only})."""
    from scr.report.redaction import list_names

    with ws.open_review(ref) as rv:
        rows = list_names(rv)
    out.print_rows(rows, as_json, [("name", "Name"), ("replace_with", "Replace with"), ("whole_only", "Whole only")],
                   empty=f"No names to redact for {ref} yet (add one with `scr redact add`).")
