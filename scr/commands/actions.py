"""Action plans: `scr actions …` and `scr recommendation …`."""

import click

from scr.commands import output as out
from scr.cli import pass_workspace
from scr.commands.options import DATE, REF, json_option, output_option

COLUMNS = [
    ("id", "ID"), ("recommendation", "Rec"), ("agency", "Agency"), ("owner", "Owner"),
    ("due", "Due"), ("status", "Status"), ("completed_on", "Completed"), ("rag", "RAG"),
    ("text", "Action"),
]
RAG_STYLES = {"red": "red", "amber": "yellow", "green": "green", "blue": "blue"}


def _table(rows, title=None):
    out.print_table(rows, COLUMNS, title=title, styles=lambda row: RAG_STYLES.get(row["rag"]),
                    empty="No actions.")


def _public(view):
    """An action as `overdue --json` shows it: without its history (`list --json` has it)."""
    return {key: value for key, value in view.items() if key != "history"}


@click.group("actions")
def actions_group():
    """Action plans: actions owned by agencies, with due dates, statuses, evidence and history.

    \b
    Examples:
      scr actions add 2013-child-f "Mark key documents in the electronic record" \\
          --recommendation 1 --agency "Children's Social Care" --due 31/3/2014
      scr actions update 2013-child-f:1 --status completed --evidence "Audit of 20 files"
      scr actions overdue
      scr actions export -o umbrella.xlsx
    """


@actions_group.command("add")
@click.argument("ref", type=REF)
@click.argument("text")
@click.option("--recommendation", "label", required=True, metavar="LABEL",
              help="The recommendation it carries out (1, 2a); made where it does not exist yet.")
@click.option("--agency", required=True, metavar="NAME", help="The agency that owns it.")
@click.option("--due", required=True, type=DATE, metavar="DATE", help="When it is due.")
@click.option("--owner", metavar="TEXT", help="Who in the agency is responsible.")
@click.option("--outcome", metavar="TEXT", help="What should be different once it is done.")
@json_option
@pass_workspace
def add_command(ws, ref, text, label, agency, due, owner, outcome, as_json):
    """Add an action to review REF's plan and print its ID (REF:N)."""
    from scr.actions import rules as actions

    with ws.open_review(ref, write=True) as review:
        action_id = actions.add(review, text, recommendation=label, agency=agency, due=due,
                                owner=owner, outcome=outcome)
    if as_json:
        out.print_json({"id": action_id})
    else:
        out.print_lines([action_id])
    from scr.values import show

    out.confirm(f"{action_id}: added for {agency}, due {show(due)}")


@actions_group.command("update")
@click.argument("action_id", metavar="ID")
@click.option("--status", metavar="STATUS",
              help="not-started, in-progress, completed or cancelled.")
@click.option("--date", "when", type=DATE, metavar="DATE",
              help="The date it was completed (or cancelled); default today.")
@click.option("--evidence", metavar="TEXT", help="What shows it is done (replaces earlier evidence).")
@click.option("--due", type=DATE, metavar="DATE", help="A new due date.")
@click.option("--owner", metavar="TEXT", help="A new owner.")
@click.option("--outcome", metavar="TEXT", help="What should be different once it is done.")
@json_option
@pass_workspace
def update_command(ws, action_id, status, when, evidence, due, owner, outcome, as_json):
    """Update action ID (REF:N). Every update is kept in the action's history.

    Completing needs evidence (now or recorded earlier) where scr.toml has
    [actions] require_evidence = true; the completion date (--date, default today) may not be
    before the action was added.
    """
    from scr.actions import rules as actions

    view, changed = actions.update_action(ws, action_id, status=status, when=when, evidence=evidence,
                                          due=due, owner=owner, outcome=outcome)
    if as_json:
        out.print_json(view)
        return
    from scr.values import show

    out.print_lines([f"{view['id']}: {view['status']}, due {show(view['due'])}, version {view['version']}"])
    if not changed:
        out.message("nothing changed")


@actions_group.command("list")
@click.argument("ref", type=REF, required=False)
@click.option("--agency", metavar="NAME", help="Only this agency's actions.")
@click.option("--status", metavar="STATUS", help="Only actions with this status.")
@json_option
@pass_workspace
def list_command(ws, ref, agency, status, as_json):
    """List the actions of REF, or of every review, in ID order (a:2 before a:10)."""
    from scr.actions import rules as actions

    if ref is None:
        views = actions.all_views(ws)
    else:
        with ws.open_review(ref) as review:
            views = actions.views(review)
    views = actions.select(views, agency=agency, status=status, agencies=ws.agencies)
    if as_json:
        out.print_json(views)
    else:
        _table(views)


@actions_group.command("overdue")
@click.option("--check", is_flag=True, help="Exit 3 where any action is overdue.")
@json_option
@pass_workspace
def overdue_command(ws, check, as_json):
    """List the open actions due before today across every review, by due date, then ID."""
    from scr.board.portfolio import overdue_actions, plain
    from scr.errors import CheckFailed

    views = overdue_actions(ws)
    if as_json:
        out.print_json(views)
    elif views:
        _table(plain(views))
    else:
        from scr.values import show

        out.message(f"no action is overdue as of {show(ws.today)}")
    if check and views:
        raise CheckFailed(f"{len(views)} overdue action{'s' if len(views) != 1 else ''}")


@actions_group.command("export")
@click.argument("ref", type=REF, required=False)
@output_option("The .xlsx or .csv file to write (default: the review's action-plan/ folder, "
               "or out/ for the umbrella plan).")
@json_option
@pass_workspace
def export_command(ws, ref, output_path, as_json):
    """Write REF's action plan, or without REF the umbrella plan of every review, as .xlsx or
    .csv: one row per action, grouped by review and recommendation."""
    from scr.actions import sheets as action_sheets

    out.print_paths([action_sheets.export(ws, ref, output_path)], as_json)


@actions_group.command("import")
@click.argument("ref", metavar="[REF]")
@click.argument("file", required=False)
@click.option("--umbrella", is_flag=True, help="The umbrella plan: every row names its review.")
@click.option("--force", is_flag=True,
              help="Overwrite actions changed in scr since the sheet was exported.")
@json_option
@pass_workspace
def import_command(ws, ref, file, umbrella, force, as_json):
    """Read an action plan (.xlsx or .csv) into REF: rows without an ID are added, rows with one
    update that action. All or nothing; a row whose Version is older than the action's is
    refused unless --force. With --umbrella (and no REF), every row's Review names its review.

    \b
    Examples:
      scr actions import 2013-child-f returned-plan.xlsx
      scr actions import --umbrella umbrella.xlsx
    """
    from scr.actions import sheets as action_sheets
    from scr.values import check_slug

    if umbrella:
        if file is not None:
            raise click.UsageError("--umbrella takes the FILE alone, no REF")
        ref, file = None, ref
    elif file is None:
        raise click.UsageError("Missing argument 'FILE' (or use --umbrella FILE)")
    else:
        check_slug(ref, "review ref")
    summaries = action_sheets.import_file(ws, file, ref=ref, force=force)
    if as_json:
        out.print_json(summaries)
        return
    if not summaries:
        out.message("nothing to import")
    for s in summaries:
        out.print_lines([
            f"{s['review']}: {len(s['added'])} added, {len(s['updated'])} updated, "
            f"{len(s['unchanged'])} unchanged"
        ])


@actions_group.command("remind")
@click.option("--agency", metavar="NAME", help="Only this agency's digest.")
@output_option("The folder to write the .eml files to (default: the workspace's out/).")
@json_option
@pass_workspace
def remind_command(ws, agency, output_path, as_json):
    """Draft one .eml digest per agency with open actions (overdue first, then due within
    amber_days, then the rest) and print the files' paths. The body comes from the template
    actions-digest.txt, which the workspace's templates/ folder may replace."""
    from scr.actions import digest as action_digest

    paths = action_digest.remind(ws, agency, output_path)
    if paths:
        out.print_paths(paths, as_json)
    elif as_json:
        out.print_json({"paths": []})
    else:
        out.message("no agency has open actions")


@click.group("recommendation")
def recommendation_group():
    """A review's recommendations: their wording and the board's response."""


@recommendation_group.command("set")
@click.argument("ref", type=REF)
@click.argument("label")
@click.argument("text")
@click.option("--response", metavar="TEXT", help="The board's response to it.")
@pass_workspace
def recommendation_set_command(ws, ref, label, text, response):
    """Set the wording of recommendation LABEL (1, 2a) of REF, and the board's response."""
    from scr.actions import rules as actions

    with ws.open_review(ref, write=True) as review:
        actions.set_recommendation(review, label, text, response)
    out.confirm(f"{ref}: recommendation {label} set" + (", with the board's response" if response else ""))


@recommendation_group.command("list")
@click.argument("ref", type=REF)
@json_option
@pass_workspace
def recommendation_list_command(ws, ref, as_json):
    """List REF's recommendations in label order, each with its actions."""
    from scr.actions import rules as actions

    with ws.open_review(ref) as review:
        rows = actions.recommendations(review)
    if as_json:
        out.print_json([dict(r, actions=[_public(v) for v in r["actions"]]) for r in rows])
        return
    from scr.values import show

    if not rows:
        out.print_lines([f"No recommendations for {ref} yet."])
    for row in rows:
        out.print_lines([f"{row['label']}. {row['text'] or '(wording not set yet)'}"])
        if row["response"]:
            out.print_lines([f"   Response: {row['response']}"])
        for v in row["actions"]:
            out.print_lines([f"   {v['id']}  {v['status']:<11}  due {show(v['due'])}  {v['agency']}: {v['text']}"])
