"""Workspace and reviews: init, new, list, show, log, doctor, set, link, withdraw."""

import click

from scr.commands import output
from scr.cli import pass_workspace
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


@click.command("new")
@click.argument("kind", metavar="KIND")
@click.option("--title", required=True, help="The review's title.")
@click.option("--subject", required=True, metavar="PSEUDONYM", help="The subject's pseudonym, e.g. 'Child F'.")
@click.option("--ref", help="The review's ref (default: year of --aware, else of today, and the subject).")
@click.option("--framework", type=SlugType("framework id"), metavar="ID", help="Timescale framework (default: chosen by KIND and the --aware date).")
@click.option("--aware", type=DATE, metavar="DATE", help="When the local authority became aware of the incident.")
@pass_workspace
def new_command(ws, kind, title, subject, ref, framework, aware):
    """Open a new review of KIND and print its ref.

    KIND: scr (serious case review), thematic, rapid (rapid review), lcspr (local child
    safeguarding practice review), dhr (domestic homicide review), learning.

    \b
    Example:
      scr new scr --title "Death of an infant" --subject "Baby A" --aware 2/12/2013
    """
    from scr.workspace.review import new_review

    output.print_lines([new_review(ws, kind, title, subject, ref, framework, aware)])


@click.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include closed reviews.")
@json_option
@pass_workspace
def list_command(ws, show_all, as_json):
    """List the open reviews (--all: closed ones too), ordered by ref."""
    from scr.board.summary import review_row

    rows = [review_row(r) for r in ws.all_reviews()]
    rows = [row for row in rows if show_all or not row["closed"]]
    output.print_rows(rows, as_json, [("ref", "Ref"), ("kind", "Kind"), ("stage", "Stage"),
                                      ("next_due", "Next due"), ("subject", "Subject"), ("title", "Title")])


@click.command("show")
@click.argument("ref", type=REF)
@json_option
@pass_workspace
def show_command(ws, ref, as_json):
    """Show one review: its record, events, pauses, chronology requests, milestones, agencies and
    actions. Every record (event, notification, pause, request) shows the id `scr withdraw` takes."""
    from scr.board.summary import review_detail

    with ws.open_review(ref) as review:
        detail = review_detail(review)
    if as_json:
        output.print_json(detail)
        return
    output.print_fields([
        ("Ref", detail["ref"]), ("Kind", detail["kind"]), ("Title", detail["title"]),
        ("Subject", detail["subject"]), ("Framework", detail["framework"]), ("Stage", detail["stage"]),
        ("Next due", detail["next_due"]), ("Scope", f"{detail['scope_from'] or '?'} to {detail['scope_to'] or '?'}"),
        ("Author", detail["author"]), ("Chair", detail["chair"]), ("Incident", detail["incident"]),
        ("Links", ", ".join(f"{link['relation']} {link['ref']}" for link in detail["links"]) or None),
        ("Actions", "{total} total, {completed} completed, {overdue} overdue".format(**detail["actions"])),
    ])
    if detail["events"]:
        output.print_table(
            [dict(e, state="withdrawn" if e["withdrawn"] else ("planned" if e["planned"] else "")) for e in detail["events"]],
            [("id", "Id"), ("date", "Date"), ("kind", "Event"), ("state", ""), ("note", "Note")], title="Events")
    if detail["pauses"]:
        output.print_table(detail["pauses"], [("id", "Id"), ("from", "From"), ("to", "To"), ("reason", "Reason")],
                           title="Pauses")
    if detail["requests"]:
        output.print_table(
            [dict(r, state="withdrawn" if r["withdrawn"] else "") for r in detail["requests"]],
            [("id", "Id"), ("agency", "Agency"), ("requested", "Requested"), ("due", "Due"), ("state", "")],
            title="Chronology requests")
    if detail["milestones"]:
        output.print_table(detail["milestones"], [("milestone", "Milestone"), ("due", "Due"), ("status", "Status"),
                                                  ("met_on", "Met on")], title="Milestones")
    if detail["agencies"]:
        output.print_table(detail["agencies"], [("agency", "Agency"), ("due", "Due"), ("status", "Status"),
                                                ("entries", "Entries")], title="Chronologies")


@click.command("log")
@click.argument("ref", type=REF)
@json_option
@pass_workspace
def log_command(ws, ref, as_json):
    """The audit trail of REF: who changed what, when, with which command (oldest first)."""
    from scr.workspace.review import audit_log

    with ws.open_review(ref) as review:
        rows = audit_log(review)
    if as_json:
        output.print_json([{k: row.get(k) for k in ("timestamp", "user", "command", "changes")} for row in rows])
        return
    for row in rows:
        output.print_lines([f"{row['timestamp']}  {row['user']}  {row['command']}"])
        output.print_lines(f"    {describe_change(change)}" for change in row["changes"])


def describe_change(change):
    if "op" not in change:
        return f"{change['table']}: {change['added']} added, {change['changed']} changed, {change['removed']} removed"
    if change["op"] == "changed":
        fields = "; ".join(f"{k}: {old!r} -> {new!r}" for k, (old, new) in change["fields"].items())
        return f"{change['table']} {change['id']} changed: {fields}"
    values = change.get("values") or {}
    shown = ", ".join(f"{k}={v!r}" for k, v in values.items() if v not in (None, [], {}, ""))
    return f"{change['table']} {change['id']} {change['op']}: {shown}"


@click.command("doctor")
@json_option
@pass_workspace
def doctor_command(ws, as_json):
    """Check every review file; exit 3 with a list where any is damaged.

    Also warns about review folders and files that others can read, and about temporary files
    left by an interrupted write; checks the derived index and says when it rebuilt it.
    """
    from scr.workspace.doctor import examine
    from scr.errors import CheckFailed

    report = examine(ws)
    if as_json:
        output.print_json(report)
    else:
        for item in report["damaged"]:
            output.print_lines([f"DAMAGED  {item['file']}: {item['problem']}"])
        for item in report["warnings"]:
            output.print_lines([f"WARNING  {item['file']}: {item['problem']}"])
        if not report["damaged"]:
            output.print_lines([f"ok: {report['reviews']} review files checked"])
        if "index" in report:
            output.print_lines([_index_line(report["index"])])
    if report["damaged"]:
        raise CheckFailed(f"{len(report['damaged'])} damaged file(s)")


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


@click.command("link")
@click.argument("ref", type=REF)
@click.argument("other", type=REF)
@click.option("--as", "relation", type=SlugType("relation"), required=True, metavar="RELATION",
              help="became (rapid review -> lcspr), parallel (a DHR), joint (with another board), …")
@pass_workspace
def link_command(ws, ref, other, relation):
    """Link review REF to OTHER (a review here, or another board's ref for a joint review)."""
    from scr.workspace.review import link_reviews

    link_reviews(ws, ref, other, relation)


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


def _index_line(state):
    if state["reason"] and not state["rebuilt"]:
        return f"index: not used ({state['reason']}); every command reads the review files"
    if state["rebuilt"]:
        return f"rebuilt the index {state['path']}: {state['reason']}"
    if state["stale"]:
        return f"index: {state['stale']} review(s) out of date, brought up to date ({state['path']})"
    return f"index: ok, {state['reviews']} reviews ({state['path']})"
