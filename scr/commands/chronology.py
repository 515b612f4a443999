"""Agency chronologies: request, template, add, status, merge, chase."""

from pathlib import Path

import click

from scr.commands import output
from scr.cli import pass_workspace
from scr.commands.options import DATE, REF, json_option, output_option




@click.group("chronology")
def chronology_group():
    """Agency chronologies: ask for them, read them in, chase them, merge them.

    \b
    Example:
      scr chronology request 2013-baby-a "Children's Social Care" "Barts Health" --due 31/1/2014
      scr chronology template 2013-baby-a "Barts Health"
      scr chronology add 2013-baby-a "Barts Health" barts.xlsx
      scr chronology status 2013-baby-a
      scr chronology merge 2013-baby-a -o integrated.xlsx
    """


@chronology_group.command("request", short_help="Ask agencies for their chronologies, due on a date.")
@click.argument("ref", type=REF)
@click.argument("agencies", metavar="AGENCY...", nargs=-1, required=True)
@click.option("--due", required=True, type=DATE, metavar="DATE", help="When the chronology is due back.")
@click.option("--date", "requested", type=DATE, metavar="DATE", help="The day the request was sent (default: today).")
@pass_workspace
def request_command(ws, ref, agencies, due, requested):
    """Record that each AGENCY was asked for its chronology of REF, due on DATE.

    Prints one line per request with its id (withdraw one with `scr withdraw REF ID`). Asking an
    agency again records a new request; the latest one counts.
    """
    from scr import chronology
    from scr.values import parse_date, show

    due_date = parse_date(due, "--due")
    sent = parse_date(requested, "--date") if requested is not None else None
    with ws.open_review(ref, write=True) as review:
        made = chronology.request(review, agencies, due_date, sent)
    output.print_lines(f"{row['id']}  {row['agency']}  due {show(row['due'])}" for row in made)


@chronology_group.command("template", short_help="Write the .xlsx template an agency fills in.")
@click.argument("ref", type=REF)
@click.argument("agency")
@output_option("Write the template here (.xlsx) instead of the review's documents/ folder.")
@pass_workspace
def template_command(ws, ref, agency, output_path):
    """Write the chronology template for AGENCY to fill in (.xlsx) and print its path.

    The workbook has the standard columns (Date, Time, Event, Source, Significance, Practitioner)
    with date cells, checks on the date column and a frozen header row, and a second sheet of
    instructions: what to include, the review's scope period, the due date, who to send it to.
    """
    from scr import chronology

    output.print_paths([chronology.write_template(ws, ref, agency, output_path)])


@chronology_group.command("add", short_help="Read an agency's chronology (.xlsx, .csv, .docx).")
@click.argument("ref", type=REF)
@click.argument("agency")
@click.argument("file")
@click.option("--replace", is_flag=True, help="Swap the agency's entries for this file's (the earlier file is kept).")
@pass_workspace
def add_command(ws, ref, agency, file, replace):
    """Read AGENCY's chronology of REF from FILE (.xlsx, .csv or .docx) and store its entries.

    The header row is the first with a date column and an event column; title rows above it and
    empty rows are passed over. Every row is checked first: one bad row refuses the whole file,
    each problem reported as `FILE row N: ...` (N as a spreadsheet shows it; for .docx, the row of
    the Word table). Dates outside the review's scope period are warnings. The original file is
    kept, untouched, under the review's chronologies/ folder.
    """
    from scr import chronology

    output.progress(f"Reading {Path(file).name}")
    result = chronology.import_file(ws, ref, agency, file, replace)
    verb = "replaced with" if result["replaced"] else "added:"
    output.message(f"{result['agency']}: {verb} {result['entries']} entries from {Path(file).name}")
    output.print_paths([result["file"]])


@chronology_group.command("status", short_help="Who was asked, who is late, who has sent theirs.")
@click.argument("ref", type=REF)
@json_option
@pass_workspace
def status_command(ws, ref, as_json):
    """Which agencies were asked for a chronology, when each is due, and which have come in.

    Status: requested, overdue (due before today and not received) or received.
    """
    from scr import chronology

    with ws.open_review(ref) as review:
        rows = chronology.status(review)
    if as_json:
        output.print_json(rows)
        return
    if not rows:
        output.message(f"no chronologies requested or received for {ref}")
        return
    output.print_table(
        rows,
        [("agency", "Agency"), ("requested", "Requested"), ("due", "Due"), ("received", "Received"),
         ("entries", "Entries"), ("status", "Status")],
        styles=lambda row: {"overdue": "red", "received": "green"}.get(row["status"]),
    )


@chronology_group.command("merge", short_help="Build the integrated multi-agency chronology.")
@click.argument("ref", type=REF)
@output_option("Write the integrated chronology to FILE: .xlsx, .docx, .csv, .md or .html.")
@json_option
@pass_workspace
def merge_command(ws, ref, output_path, as_json):
    """Build the integrated multi-agency chronology of REF.

    Every agency's entries in one timeline: by date (a partial date at the start of its month or
    year), then time (none first), then agency, then the order of the agency's own file. Entries of
    different agencies on the same date with near-identical events are marked as possible
    duplicates, never dropped.

    Without -o or --json it writes documents/integrated-chronology.xlsx in the review's folder.
    With --json it prints the entries; with -o as well, the file's path goes to stderr.
    """
    from scr import chronology
    from scr.chronology.merge import as_json as json_rows

    output.progress(f"Merging the chronologies of {ref}")
    entries, written = chronology.merge_to_file(ws, ref, output_path, write=not as_json)
    if as_json:
        output.print_json_list(json_rows(entries))
        if written:
            output.message(str(written))
    else:
        output.print_paths([written])


@chronology_group.command("chase", short_help="Draft a chasing email to each overdue agency.")
@click.argument("ref", type=REF)
@output_option("Write the emails into this folder instead of the review's documents/ folder.")
@pass_workspace
def chase_command(ws, ref, output_path):
    """Draft a chasing email (.eml) to each agency whose chronology of REF is overdue.

    Addressed from the agency register in scr.toml; the text comes from the template
    chronology-chase.txt, which a workspace's templates/ folder may override. Prints each file's
    path.
    """
    from scr import chronology

    paths = chronology.write_chase(ws, ref, output_path)
    if not paths:
        output.message(f"no chronology of {ref} is overdue: nothing to chase")
        return
    output.print_paths(paths)
