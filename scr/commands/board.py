"""Board reporting: status, annual, board-paper, timeline."""

import click

from scr.commands import output
from scr.cli import pass_workspace
from scr.commands.options import DATE, REF, json_option, output_option

# Short headings: the one table style keeps refs, dates and counts whole, so the headings must
# not be what makes the table too wide at 80 columns.
STATUS_COLUMNS = [
    ("ref", "Ref"), ("stage", "Stage"), ("next_due", "Next due"),
    ("days_left", "Days", {"justify": "right"}),
    ("overdue_milestones", "Overdue milestones", {"justify": "right"}),
    ("actions_text", "Actions open/overdue", {"justify": "right"}),
]
URGENCY_STYLES = {"red": "bold red", "amber": "yellow", "green": "green"}


@click.command("status")
@json_option
@pass_workspace
def status_command(ws, as_json):
    """The portfolio at a glance: each open review with its stage, next deadline, days left, and
    its overdue milestones and open/overdue actions; totals below.

    On a terminal the rows are coloured by urgency: red where anything is overdue, amber where
    the next deadline is within the amber period ([actions] amber_days), green otherwise.

    --json: {reviews: [...as scr list, with days_left, overdue_milestones, actions, urgency...],
    overdue_milestones: N, overdue_actions: N}, over open reviews only.
    """
    from scr.board.portfolio import plain, public, status

    result = public(status(ws))
    if as_json:
        output.print_json(result)
        return
    from scr import values

    rows = [dict(row, actions_text=f"{row['actions']['open']}/{row['actions']['overdue']}")
            for row in plain(result["reviews"])]
    output.print_table(rows, STATUS_COLUMNS, title=f"Open reviews, {values.show(ws.today)}",
                       styles=lambda row: URGENCY_STYLES.get(row["urgency"]), empty="No open reviews.")
    output.print_lines([
        f"{len(rows)} open review(s); {result['overdue_milestones']} overdue milestone(s);"
        f" {result['overdue_actions']} overdue action(s)"
    ])
    if result["themes"]:
        output.print_table([{"theme": theme, **row} for theme, row in result["themes"].items()],
                           [("theme", "Theme"), ("reviews", "Reviews"), ("recommendations", "Recommendations"),
                            ("actions", "Actions")], title="Open reviews by theme", compact=True)


@click.command("annual")
@click.option("--from", "start", required=True, type=DATE, metavar="DATE", help="First day of the period (e.g. 2013-04-01).")
@click.option("--to", "end", required=True, type=DATE, metavar="DATE", help="Last day of the period, inclusive (e.g. 2014-03-31).")
@output_option("Write the section here: .md, .docx or .html (default: out/annual-FROM-to-TO.md).")
@json_option
@pass_workspace
def annual_command(ws, start, end, output_path, as_json):
    """Write the serious case and thematic reviews section of the board's annual report for the
    period FROM..TO: reviews initiated, concluded and published in it and why, notifications made
    and whether each was on time, action completion by agency, and what remains outstanding.

    The section comes from the template annual.md.j2; put your own in the workspace's templates/
    folder to change it. --json prints the figures (without -o, no file is written).

    \b
    Example:
      scr annual --from 2013-04-01 --to 2014-03-31 -o out/annual-2013-14.docx
    """
    from scr.board.annual import figures, write
    from scr.values import parse_date

    start, end = parse_date(start, "--from"), parse_date(end, "--to")
    result = figures(ws, start, end)
    if as_json:
        if output_path:
            result["path"] = str(write(ws, result, output_path))
        output.print_json(result)
        return
    output.print_paths([write(ws, result, output_path)])


@click.command("board-paper")
@click.option("--until", type=DATE, metavar="DATE",
              help="Show the deadlines falling due by this date, e.g. the next meeting (default: 13 weeks from today).")
@output_option("The paper to write: .docx or .html (default: out/board-paper-TODAY.docx).")
@pass_workspace
def board_paper_command(ws, until, output_path):
    """Write the board meeting paper: the portfolio table; deadlines falling due by --until (and
    every overdue one); how each agency stands on its actions, with the overdue ones; and, per
    open review, a timeline chart of its milestones, events and pauses with today marked.

    \b
    Example:
      scr board-paper --until 2014-07-15 -o out/board-paper.docx
    """
    from scr.board.paper import default_until, write_paper
    from scr.values import parse_date

    day = parse_date(until, "--until") if until else default_until(ws)
    output.print_paths([write_paper(ws, day, output_path)])


@click.command("timeline")
@click.argument("ref", type=REF)
@output_option("The chart to write: .svg or .png (default: the review's folder, timeline.svg).")
@pass_workspace
def timeline_command(ws, ref, output_path):
    """Draw the timeline chart of review REF: its statutory milestones (due, met, overdue), its
    events, its pauses, today marked. SVG carries the chart's description for screen readers."""
    from scr.board.timeline import write_chart

    output.print_paths([write_chart(ws, ref, output_path)])
