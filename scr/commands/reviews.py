"""Workspace and reviews: init, new, list, show, log, doctor, set, link, withdraw."""

import click

from scr.commands import output
from scr.cli import pass_workspace
from scr import values
from scr.commands.options import DATE, REF, SlugType, json_option


@click.command("init")
@click.argument("path", default=".", required=False)
@click.option("--board", default="Safeguarding Children Board", show_default=True,
              help="The board's name, as it appears on reports and letters.")
def init_command(path, board):
    """Create a workspace in PATH (default: here) with scr.toml, reviews/ and frameworks/.

    Refuses where PATH already holds a scr.toml.
    """
    from scr.workspace.workspace import create

    root = create(path, board)
    output.print_lines([str(root)])
    output.confirm(f"a workspace for {board} (scr.toml, reviews/, frameworks/)")


@click.command("new")
@click.argument("kind", metavar="KIND")
@click.option("--title", help="The review's title (with --from: default the rapid review's).")
@click.option("--subject", metavar="PSEUDONYM", help="The subject's pseudonym, e.g. 'Child F' (with --from: default the rapid review's).")
@click.option("--ref", help="The review's ref (default: year of --aware, else of today, and the subject; with --from, RAPID-lcspr).")
@click.option("--framework", type=SlugType("framework id"), metavar="ID", help="Timescale framework (default: chosen by KIND and the --aware date).")
@click.option("--aware", type=DATE, metavar="DATE", help="When the local authority became aware of the incident.")
@click.option("--from", "source", type=REF, metavar="RAPID",
              help="Open the practice review that rapid review RAPID became: title, subject and aware date carried over, redaction names copied, linked as became on both.")
@pass_workspace
def new_command(ws, kind, title, subject, ref, framework, aware, source):
    """Open a new review of KIND and print its ref.

    KIND: scr (serious case review), thematic, rapid (rapid review), lcspr (local child
    safeguarding practice review), dhr (domestic homicide review), learning; sar (safeguarding
    adults review), dardr (domestic abuse related death review), cpr (child practice review,
    Wales), susr (single unified safeguarding review, Wales), clr (learning review, Scotland),
    cmr (case management review, Northern Ireland). The framework is the one for KIND in force on
    the --aware date: an SCR begun before 15 April 2013 gets wt2010.

    \b
    Examples:
      scr new scr --title "Death of an infant" --subject "Baby A" --aware 2/12/2013
      scr new lcspr --from 2024-child-h
    """
    from scr.workspace.review import new_review

    if source is not None:
        from scr.timescales.practice import open_practice_review

        made = open_practice_review(ws, source, kind, title=title, subject=subject, ref=ref,
                                    framework=framework, aware=aware)
        output.print_lines([made])
        output.confirm(f"{made}: a new {kind} review, the practice review {source} became")
        return
    if title is None or subject is None:
        raise click.UsageError(f"Missing option '{'--title' if title is None else '--subject'}'"
                               " (or give --from RAPID to carry it over).")
    made = new_review(ws, kind, title, subject, ref, framework, aware)
    output.print_lines([made])
    output.confirm(f"{made}: a new {kind} review, {subject!s}")


@click.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include closed reviews.")
@click.option("--theme", metavar="THEME", help="Only the reviews with this theme.")
@json_option
@pass_workspace
def list_command(ws, show_all, theme, as_json):
    """List the open reviews (--all: closed ones too), ordered by ref; --theme: those with it."""
    from scr.board.portfolio import list_rows

    rows = list_rows(ws, show_all=show_all, theme=theme)
    output.print_rows(rows, as_json, [("ref", "Ref"), ("kind", "Kind"), ("stage", "Stage"),
                                      ("next_due", "Next due"), ("subject", "Subject"), ("title", "Title")],
                      empty="No reviews." if show_all else "No open reviews.")


@click.command("show")
@click.argument("ref", type=REF)
@json_option
@pass_workspace
def show_command(ws, ref, as_json):
    """Show one review: its record, events, pauses, chronology requests, milestones, agencies and
    actions. Every record (event, notification, pause, request) shows the id `scr withdraw` takes."""
    from scr.board.summary import review_detail

    from scr.values import show

    with ws.open_review(ref) as review:
        detail = review_detail(review)
    if as_json:
        output.print_json(detail)
        return
    output.print_fields([
        ("Ref", detail["ref"]), ("Kind", detail["kind"]), ("Title", detail["title"]),
        ("Subject", detail["subject"]), ("Framework", detail["framework"]), ("Stage", detail["stage"]),
        ("Next due", detail["next_due"]), ("Scope", f"{show(detail['scope_from'], empty='?')} to {show(detail['scope_to'], empty='?')}"),
        ("Author", detail["author"]), ("Chair", detail["chair"]), ("Incident", detail["incident"]),
        ("Links", ", ".join(_link_text(link) for link in detail["links"]) or None),
        ("Outcome", _outcome_text(detail["outcome"])),
        ("Not initiated", f"{values.show(detail['not_initiated']['date'])}: {detail['not_initiated']['reasons'] or 'no reasons recorded'}"
         if detail["not_initiated"] else None),
        ("Actions", "{total} total, {completed} completed, {overdue} overdue".format(**detail["actions"])),
        ("Themes", ", ".join(detail["themes"]) or None),
        ("Published", detail["publication"]["published"]), ("Published at", detail["publication"]["url"]),
        ("Online until", detail["publication"]["online_until"]),
        ("Sent to repository", detail["publication"]["repository_sent"]),
    ])
    if detail["learning"]:
        output.print_table(detail["learning"], [("id", "Id"), ("date", "Date"), ("kind", "Kind"),
                                                ("audience", "Audience"), ("attended", "Attended"),
                                                ("note", "Note")], title="Learning events")
    if detail["costs"]:
        output.print_table(detail["costs"], [("id", "Id"), ("date", "Date"), ("amount", "Amount (£)"),
                                             ("what", "What")], title="Costs")
    if detail["events"]:
        output.print_table(
            [dict(e, state="withdrawn" if e["withdrawn"] else ("planned" if e["planned"] else "")) for e in detail["events"]],
            [("id", "Id"), ("date", "Date"), ("kind", "Event"), ("state", ""), ("note", "Note")], title="Events")
    if detail["shared_events"]:
        output.print_table(detail["shared_events"], [("id", "Id"), ("date", "Date"), ("kind", "Event"),
                                                     ("note", "Note")],
                           title="Events shared from the linked review (they count for this review's clocks)")
    if detail["pauses"]:
        output.print_table(
            [dict(p, state="withdrawn" if p["withdrawn"] else "") for p in detail["pauses"]],
            [("id", "Id"), ("from", "From"), ("to", "To"), ("category", "Category"), ("reason", "Reason"),
             ("state", "")], title="Pauses")
    if detail["delays"]:
        output.print_table(
            [dict(d, state="withdrawn" if d["withdrawn"] else "") for d in detail["delays"]],
            [("id", "Id"), ("date", "Recorded"), ("milestone", "Milestone"), ("reason", "Reason for delay"),
             ("state", "")], title="Reasons for delay")
    if detail["requests"]:
        output.print_table(
            [dict(r, state="withdrawn" if r["withdrawn"] else "") for r in detail["requests"]],
            [("id", "Id"), ("agency", "Agency"), ("requested", "Requested"), ("due", "Due"), ("state", "")],
            title="Chronology requests")
    if detail["milestones"]:
        output.print_table(detail["milestones"], [("milestone", "Milestone"), ("due", "Due"), ("status", "Status"),
                                                  ("met_on", "Met on"), ("basis_label", "Basis"),
                                                  ("delay_reason", "Reason for delay")],
                           title="Milestones")
    if detail["agencies"]:
        output.print_table(detail["agencies"], [("agency", "Agency"), ("due", "Due"), ("status", "Status"),
                                                ("entries", "Entries")], title="Chronologies")


def _link_text(link):
    if link.get("direction") == "from" and link["relation"] == "became":
        return f"{link['ref']} {link['relation']} this review"
    return f"{link['relation']} {link['ref']}"


def _outcome_text(outcome):
    if not outcome:
        return None
    return f"{outcome['outcome']} ({values.show(outcome['date'])}): {outcome['rationale']}"


@click.command("log")
@click.argument("ref", type=REF)
@json_option
@pass_workspace
def log_command(ws, ref, as_json):
    """The audit trail of REF, oldest first: one line per change — when (UTC), who, what changed
    (old -> new) and the command that changed it."""
    from scr.workspace.review import read_log

    rows = read_log(ws, ref, as_json)
    if as_json:
        output.print_json(rows)
    else:
        output.print_lines(rows)


@click.command("doctor")
@click.option("--repair", is_flag=True,
              help="Remove what interrupted writes left (finishing a commit a kill cut short), saying what.")
@json_option
@pass_workspace
def doctor_command(ws, repair, as_json):
    """Check every review file against the schema; exit 3 listing every damaged record and field.

    Also warns (exit 0) about leftovers of interrupted writes, which --repair removes, and about
    review folders and files that others can read; checks the derived index and says when it
    rebuilt it.
    """
    from scr.workspace.doctor import examine
    from scr.errors import CheckFailed

    report = examine(ws, repair=repair)
    if as_json:
        output.print_json(report)
    else:
        for item in report["repaired"]:
            output.print_lines([f"REPAIRED {item}"])
        for item in report["damaged"]:
            output.print_lines([f"DAMAGED  {item['file']}: {item['problem']}"])
        for item in report["warnings"]:
            output.print_lines([f"WARNING  {item['file']}: {item['problem']}"])
        if not report["damaged"]:
            output.print_lines([f"ok: {report['reviews']} review files checked"])
        if "index" in report:
            output.print_lines([_index_line(report["index"])])
    if report["damaged"]:
        raise CheckFailed(f"{len(report['damaged'])} problem(s) in damaged files")


@click.command("set")
@click.argument("ref", type=REF)
@click.argument("field")
@click.argument("value")
@pass_workspace
def set_command(ws, ref, field, value):
    """Set one FIELD of review REF to VALUE.

    FIELD: title, subject, framework, scope-from, scope-to, author, chair,
    incident (death | serious-harm | other), terms-of-reference (VALUE is a file to read).
    """
    from scr.workspace.review import set_value

    set_value(ws, ref, field, value)
    output.confirm(f"{ref}: {field} set")


@click.command("link")
@click.argument("ref", type=REF)
@click.argument("other", type=REF)
@click.option("--as", "relation", type=SlugType("relation"), required=True, metavar="RELATION",
              help="became (rapid review -> lcspr), parallel (a DHR), joint (with another board), …")
@pass_workspace
def link_command(ws, ref, other, relation):
    """Link review REF to OTHER (a review here, or another board's ref for a joint review).

    A review here gets the link too, so `scr show` lists it on both. Linked as became (a rapid
    review that became a practice review), the two share their events and notifications for
    every clock: one recorded on either meets the milestones of both.
    """
    from scr.timescales.practice import link_reviews

    link_reviews(ws, ref, other, relation)
    output.confirm(f"{ref}: linked to {other} ({relation})")


@click.command("rename")
@click.argument("ref")
@click.argument("new")
@pass_workspace
def rename_command(ws, ref, new):
    """Change review REF's ref to NEW: its folder, its record, every action ID (NEW:N) and other
    reviews' links to it. For a ref that turns out to hold a real name.

    Files made from the review whose names begin with REF (reports, letters, plans) still hold REF
    in their names and inside: they are listed, to be removed and made again. Prints NEW.

    \b
    Example:
      scr rename 2013-tyler 2013-child-t
    """
    from scr.workspace.rename import rename

    result = rename(ws, ref, new)
    for path in result["remake"]:
        output.warn(f"{path} was made under the old ref and names it: remove it and make it again")
    for other in result["links"]:
        output.message(f"the link from '{other}' now points at '{new}'")
    output.print_lines([result["ref"]])


@click.command("withdraw")
@click.argument("ref", type=REF)
@click.argument("record")
@click.option("--reason", required=True, help="Why the record was entered in error.")
@pass_workspace
def withdraw_command(ws, ref, record, reason):
    """Mark RECORD of REF (an event, notification, pause or request id from `scr show`) as
    entered in error. It stays in the file and the audit trail and no longer counts."""
    with ws.open_review(ref, write=True) as review:
        review.withdraw(record, reason)
    output.confirm(f"{ref}: {record} withdrawn")


def _index_line(state):
    if state["reason"] and not state["rebuilt"]:
        return f"index: not used ({state['reason']}); every command reads the review files"
    if state["rebuilt"]:
        return f"rebuilt the index {state['path']}: {state['reason']}"
    if state["stale"]:
        return f"index: {state['stale']} review(s) out of date, brought up to date ({state['path']})"
    return f"index: ok, {state['reviews']} reviews ({state['path']})"
