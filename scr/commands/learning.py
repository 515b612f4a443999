"""Learning across reviews: theme, search, briefing, learning, cost, publication, export."""

import click

from scr.commands import output
from scr.cli import pass_workspace
from scr.commands.options import DATE, REF, json_option, output_option


@click.command("theme")
@click.argument("ref", type=REF)
@click.argument("themes", nargs=-1, required=True, metavar="THEME...")
@json_option
@pass_workspace
def theme_command(ws, ref, themes, as_json):
    """Give review REF up to three THEMEs (replacing the ones it had), from the built-in list
    (docs/learning.md) or scr.toml's [themes] extra.

    \b
    Example:
      scr theme 2013-infant-b babies neglect fathers
    """
    from scr.learning.themes import set_themes

    chosen = set_themes(ws, ref, list(themes))
    if as_json:
        output.print_json({"ref": ref, "themes": chosen})
    else:
        output.print_lines([f"{ref}: {', '.join(chosen)}"])


@click.command("search")
@click.argument("query")
@click.option("--review", "review_ref", type=REF, metavar="REF", help="Search this review only.")
@click.option("--theme", metavar="THEME", help="Search the reviews with this theme only.")
@click.option("--kind", metavar="KIND",
              help="Only hits of this kind: section, recommendation, action, chronology, event, delay.")
@click.option("--anonymised", is_flag=True, help="Apply each review's redactions to the snippets.")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many hits.")
@json_option
@pass_workspace
def search_command(ws, query, review_ref, theme, kind, anonymised, limit, as_json):
    """Search everything the reviews say: report sections, recommendations and responses,
    actions and evidence, chronology entries, event notes and reasons for delay. Best hits first,
    each with its review, where it is (file and line, or record id) and a snippet.

    Words match by stem ("bruise" finds "bruising"); "a phrase" in quotes; prefix* for a
    prefix; OR and NOT between words.

    \b
    Examples:
      scr search 'bruise "non-mobile"'
      scr search father* --theme neglect --anonymised
    """
    from scr.learning.search import search

    hits = search(ws, query, review=review_ref, theme=theme, kind=kind, anonymised=anonymised, limit=limit)
    if as_json:
        output.print_json(hits)
        return
    if not hits:
        output.message(f"no hits for {query!r}")
        return
    output.print_table([dict(h, place=h["where"] + (f":{h['line']}" if h["line"] else "")) for h in hits],
                       [("review", "Review", {"no_wrap": True}), ("kind", "Kind"), ("place", "Where"),
                        ("snippet", "Snippet")])


@click.command("briefing")
@click.argument("ref", type=REF)
@click.option("--to", "to", metavar="FORMAT", help="docx, html, pdf or md (default: -o's suffix, else docx).")
@output_option("Write the briefing here (default: the review's report/build/).")
@pass_workspace
def briefing_command(ws, ref, to, output_path):
    """Write the learning briefing ("7-minute briefing") of review REF: the case in brief, why it
    matters, what was found, what to do now, questions for practitioners. The first run drafts
    report/briefing.md from the review and stops (edit it); every later run renders it like the
    report (house style, docx/html/pdf/md), at most two pages.

    It passes the publication gate as a final report does: the review's names are replaced, and
    it is refused (exit 3) where a name or a placeholder is left, or where it runs over two pages.
    """
    from scr.learning.briefing import render_briefing

    output.print_paths([render_briefing(ws, ref, to=to, output=output_path)])


@click.group("learning")
def learning_group():
    """Learning events held from a review: workshops, briefings, conferences, newsletters."""


@learning_group.command("add")
@click.argument("ref", type=REF)
@click.option("--date", "day", required=True, type=DATE, metavar="DATE", help="When it was held.")
@click.option("--kind", required=True, metavar="KIND",
              help="workshop, briefing, conference, newsletter, training, seminar, webinar, learning-event, other.")
@click.option("--audience", required=True, metavar="TEXT", help="Who it was for.")
@click.option("--attended", metavar="N", help="How many attended.")
@click.option("--note", metavar="TEXT", help="What it covered.")
@json_option
@pass_workspace
def learning_add_command(ws, ref, day, kind, audience, attended, note, as_json):
    """Record a learning event held from review REF and print its record id (l<N>).

    \b
    Example:
      scr learning add 2012-child-f --date 2013-10-15 --kind workshop \\
          --audience "Practitioners" --attended 40 --note "Key messages and implications"
    """
    from scr.learning.dissemination import add_event

    record = add_event(ws, ref, day, kind, audience, attended, note)
    if as_json:
        output.print_json({"id": record})
    else:
        output.print_lines([record])


@click.group("cost")
def cost_group():
    """What reviews cost: the author's fee, the chair, legal advice, venues."""


@cost_group.command("add")
@click.argument("ref", type=REF)
@click.argument("amount")
@click.option("--date", "day", required=True, type=DATE, metavar="DATE", help="When it was incurred.")
@click.option("--what", required=True, metavar="TEXT", help="What it paid for.")
@json_option
@pass_workspace
def cost_add_command(ws, ref, amount, day, what, as_json):
    """Record a cost of review REF: AMOUNT in pounds (25000, 1250.50); print its record id (c<N>).

    \b
    Example:
      scr cost add 2012-child-f 25000 --date 2013-07-31 --what "Independent author's fee"
    """
    from scr.learning.costs import add_cost

    record = add_cost(ws, ref, amount, day, what)
    if as_json:
        output.print_json({"id": record})
    else:
        output.print_lines([record])


@click.command("publication")
@click.argument("ref", type=REF)
@click.option("--url", metavar="URL", help="Where the report is published.")
@click.option("--online-until", "online_until", type=DATE, metavar="DATE",
              help="Until when it stays online (default: 12 months after the published event).")
@json_option
@pass_workspace
def publication_command(ws, ref, url, online_until, as_json):
    """Record where review REF's report was published. The publication date is the `published`
    event; sent to the national repository is `scr notify REF national-repository --purpose report`."""
    from scr.learning.dissemination import set_publication

    record = set_publication(ws, ref, url=url, online_until=online_until)
    if as_json:
        output.print_json(record)
    else:
        output.print_fields([("Published", record["published"]), ("URL", record["url"]),
                             ("Online until", record["online_until"]),
                             ("Sent to the repository", record["repository_sent"])])


@click.group("export")
def export_group():
    """Reports for the bodies that ask."""


@export_group.command("tracker")
@output_option("The CSV to write (default: out/case-review-tracker-TODAY.csv).")
@json_option
@pass_workspace
def export_tracker_command(ws, output_path, as_json):
    """Write the portfolio in the NHS Safeguarding Case Review Tracker's shape: local reference,
    type, open or closed, dates added, signed off and published, themes 1-3."""
    from scr.learning.tracker import write_tracker

    output.print_paths([write_tracker(ws, output_path)], as_json)
