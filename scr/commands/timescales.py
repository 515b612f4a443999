"""Events, notifications, pauses and timescales: event, notify, pause, resume, deadlines, calendar,
frameworks."""

import click

from scr.commands import output
from scr.cli import pass_workspace
from scr.commands.options import DATE, REF, SlugType, json_option, output_option


def _record(ws, ref, action, done):
    """Run ACTION(review) in a write session on REF, print the new record's id, and confirm on
    stderr what was recorded (``done``: words, completed with the id)."""
    with ws.open_review(ref, write=True) as review:
        record_id = action(review)
    output.print_lines([record_id])
    output.confirm(f"{ref}: {done} ({record_id})")


@click.command("event")
@click.argument("ref", type=REF)
@click.argument("kind")
@click.option("--date", "date_text", required=True, type=DATE, metavar="DATE", help="When it happened (or is planned).")
@click.option("--note", help="A short note kept with the event.")
@click.option("--planned", is_flag=True, help="An expected date, not yet happened.")
@click.option("--allow-new", is_flag=True,
              help="Record a KIND the vocabulary does not know (built in, the frameworks', scr.toml [vocabulary]).")
@pass_workspace
def event_command(ws, ref, kind, date_text, note, planned, allow_new):
    """Record that KIND happened to review REF on DATE, and print the event's id.

    KIND: aware, referral, decision, initiated, not-initiated (--note: the reasons), tor-agreed,
    author-appointed, panel-meeting, check-in, draft-requested, draft-received, board-signoff,
    published, panel-response, home-office-approval, impact-reviewed, closed, a kind a framework
    names (looked-after-child-died, care-leaver-died, …) or one listed in scr.toml [vocabulary]
    events; anything else is refused with the nearest spelling unless --allow-new. A date after
    today is refused unless --planned: a planned event
    never starts a clock or meets a milestone, but dates the target of a "before" rule
    (e.g. the copy due before a planned publication).

    \b
    Examples:
      scr event 2013-baby-a initiated --date 10/12/2013
      scr event 2013-baby-a published --date 1/9/2014 --planned
    """
    from scr.timescales.events import record_event

    from scr.values import show

    _record(ws, ref, lambda review: record_event(review, kind, date_text, note, planned, allow_new),
            f"{kind} {'planned for' if planned else 'recorded on'} {show(date_text)}")


@click.command("notify")
@click.argument("ref", type=REF)
@click.argument("recipient", type=SlugType("recipient"))
@click.option("--date", "date_text", type=DATE, metavar="DATE", help="When RECIPIENT was told (with --draft: the letter's date, default today).")
@click.option("--purpose", type=SlugType("purpose"), metavar="PURPOSE", help="incident, decision, not-initiated, rapid-review, pre-publication, report, …")
@click.option("--reference", help="The recipient's or the board's reference for it.")
@click.option("--note", help="A short note kept with the notification.")
@click.option("--draft", is_flag=True, help="Write the letter or email from a template instead of recording.")
@click.option("--allow-new", is_flag=True,
              help="Record a RECIPIENT or PURPOSE the vocabulary does not know, this once.")
@output_option("With --draft: the file to write (.docx, .md or .eml) or a folder; default the review's documents/.")
@json_option
@pass_workspace
def notify_command(ws, ref, recipient, date_text, purpose, reference, note, draft, allow_new,
                   output_path, as_json):
    """Record that RECIPIENT was told something about review REF on DATE, or draft the letter.

    RECIPIENT: ofsted, dfe, panel, secretary-of-state, home-office, one a framework names
    (welsh-government, care-inspectorate, …) or one in scr.toml [vocabulary] recipients; PURPOSE
    likewise (incident, decision, reviewers, pre-publication, …). Anything else is refused with the
    nearest spelling unless --allow-new. The notification
    is also the event notify:RECIPIENT:PURPOSE (notify:RECIPIENT without --purpose), which meets
    the milestone that names it; prints the event's id.

    With --draft nothing is recorded: the letter is filled from the review using the template
    notify-RECIPIENT-PURPOSE, notify-PURPOSE, notify-RECIPIENT or notify (.md.j2; the workspace's
    templates/ overrides scr's own) and written as .docx (default), .md or .eml; its path is printed.

    \b
    Examples:
      scr notify 2013-baby-a ofsted --purpose incident --date 4/12/2013
      scr notify 2013-baby-a panel --purpose decision --draft -o decision.eml
    """
    from scr.errors import ScrError
    from scr.timescales.events import notification_kind, record_notification
    notification_kind(recipient, purpose)
    if draft:
        from scr.report.notices import draft as write_draft, letter_date

        day = letter_date(date_text, ws.today)
        with ws.open_review(ref) as review:
            path = write_draft(review, recipient, purpose, reference, output_path, day)
        output.print_paths([path], as_json)
        return
    if output_path is not None:
        raise ScrError("-o is for --draft: a recorded notification writes no file")
    if date_text is None:
        raise click.UsageError("--date is needed to record a notification (or use --draft)")
    with ws.open_review(ref, write=True) as review:
        record_id = record_notification(review, recipient, date_text, purpose, reference, note,
                                        allow_new)
    if as_json:
        output.print_json({"id": record_id})
    else:
        output.print_lines([record_id])
    from scr.values import show

    told = f"{recipient} ({purpose})" if purpose else recipient
    output.confirm(f"{ref}: {told} told on {show(date_text)} ({record_id})")


@click.command("pause")
@click.argument("ref", type=REF)
@click.option("--from", "from_text", required=True, type=DATE, metavar="DATE", help="The day the pause began.")
@click.option("--reason", required=True, help="Why: parallel criminal proceedings, an inquest, …")
@click.option("--category", metavar="CATEGORY",
              help="criminal-proceedings, inquest, family-engagement, agency-delay, national-relaxation (COVID-19, 2020) or other; default: guessed from --reason.")
@pass_workspace
def pause_command(ws, ref, from_text, reason, category):
    """Pause review REF's pausable clocks from DATE until `scr resume`; prints the pause's id.

    A pause stops the clock of each pausable milestone (completion, publication) that is running
    when it begins, or that starts while it is open: the due date moves later by the calendar days
    the clock stood still. A pause over before a clock started, or begun after its due date, moves
    nothing. While it is open those milestones are "paused", due as if it ended today. Its category
    lets the annual figures count delays by cause; without --category it is guessed from the reason.
    """
    from scr.timescales.events import start_pause

    from scr.values import show

    _record(ws, ref, lambda review: start_pause(review, from_text, reason, category),
            f"paused from {show(from_text)}")


@click.command("delay")
@click.argument("ref", type=REF)
@click.argument("milestone")
@click.option("--reason", required=True, help="Why the milestone is or was late.")
@pass_workspace
def delay_command(ws, ref, milestone, reason):
    """Record why MILESTONE of review REF is or was late; prints the record's id.

    The Panel, inspectors and the board ask why a deadline slipped (regulation 14 of SI
    2018/789: partners must monitor the time taken). The reason is shown by `scr show`,
    `scr deadlines` (delay_reason), the board paper and the annual section; a reason recorded in
    error is withdrawn with `scr withdraw REF dN --reason TEXT`.

    \b
    Example:
      scr delay 2024-child-h-lcspr publication --reason "Trial listed for January 2025"
    """
    from scr.timescales.clocks import record_delay

    _record(ws, ref, lambda review: record_delay(review, milestone, reason),
            f"reason for delay of {milestone} recorded")


@click.command("outcome")
@click.argument("ref", type=REF)
@click.argument("outcome", metavar="OUTCOME")
@click.option("--date", "date_text", required=True, type=DATE, metavar="DATE", help="When the outcome was decided.")
@click.option("--reason", required=True, help="The rationale, as sent to the Panel.")
@pass_workspace
def outcome_command(ws, ref, outcome, date_text, reason):
    """Record rapid review REF's OUTCOME on DATE with its rationale; prints the event's id.

    OUTCOME: practice-review, national-review, other-learning or no-further-review. It is the
    event `outcome` (withdrawn like any event); the latest counts. The Panel's response is the
    event panel-response; a decision not to initiate a review is the event not-initiated, with
    the reasons as its --note.

    \b
    Example:
      scr outcome 2024-child-h practice-review --date 4/6/2024 --reason "Learning about bruising in babies"
    """
    from scr.timescales.outcomes import record_outcome

    from scr.values import show

    _record(ws, ref, lambda review: record_outcome(review, outcome, date_text, reason),
            f"outcome {outcome} recorded on {show(date_text)}")


@click.command("resume")
@click.argument("ref", type=REF)
@click.option("--date", "date_text", required=True, type=DATE, metavar="DATE", help="The day the pause ended.")
@pass_workspace
def resume_command(ws, ref, date_text):
    """End review REF's open pause on DATE; prints the pause's id."""
    from scr.timescales.events import resume

    from scr.values import show

    _record(ws, ref, lambda review: resume(review, date_text), f"resumed on {show(date_text)}")


STATUS_STYLES = {"overdue": "red", "due": "yellow", "paused": "cyan", "met-late": "magenta",
                 "met": "green", "waiting": "dim", "pending": "blue"}


@click.command("deadlines")
@click.argument("ref", type=REF, required=False)
@click.option("--within", "days", metavar="DAYS", help="Only unmet milestones due within DAYS of today, and every overdue one.")
@click.option("--all", "include_closed", is_flag=True, help="Closed reviews too.")
@json_option
@pass_workspace
def deadlines_command(ws, ref, days, include_closed, as_json):
    """The statutory milestones of review REF, or of every open review, by due date.

    Status: waiting (the clock has not started), due, overdue, met, met-late, paused (a pause is
    open: due as if it ended today), pending (a duty with no fixed period whose clock has started:
    never overdue). Basis: what the period rests on (statute, regulations, statutory guidance, a
    national expectation, the board's own practice, or scr's default where no source sets one),
    and whether it was verified in its source. Working days skip weekends and the region's bank
    holidays; the closure days in scr.toml count only for local deadlines and scr's defaults.
    """
    from scr.board.portfolio import deadlines, plain
    from scr.errors import ScrError

    if days is not None:
        try:
            days = int(days)
        except ValueError:
            raise ScrError(f"--within {days!r} is not a whole number of days") from None
        if days < 0:
            raise ScrError(f"--within {days} must be 0 or more days")
    rows = deadlines(ws, ref, include_closed=include_closed, days=days)
    output.print_rows(rows if as_json else plain(rows), as_json, [("review", "Review"), ("milestone", "Milestone"), ("from", "From"),
                                      ("due", "Due"), ("status", "Status"), ("met_on", "Met on"),
                                      ("basis_label", "Basis")],
                      styles=lambda row: STATUS_STYLES.get(row["status"]),
                      empty="No deadlines: no open review has a milestone to show.")


@click.command("calendar")
@output_option("The .ics file to write (default: out/deadlines.ics in the workspace).")
@json_option
@pass_workspace
def calendar_command(ws, output_path, as_json):
    """Write every unmet milestone with a due date, over open reviews, to an iCalendar file.

    One all-day event per milestone, with a UID that stays the same for each review and milestone,
    so importing the file again (or subscribing to it) updates events instead of duplicating them.
    """
    from scr.board.portfolio import deadline_rows
    from scr.timescales.clocks import write_calendar
    from scr.timescales.rows import plain

    output.print_paths([write_calendar(ws, plain(deadline_rows(ws)), output_path)], as_json)


@click.command("frameworks")
@json_option
@pass_workspace
def frameworks_command(ws, as_json):
    """List the timescale frameworks: built in, and the workspace's frameworks/*.toml."""
    from scr.timescales.clocks import workspace_frameworks

    frameworks = sorted(workspace_frameworks(ws).values(), key=lambda f: f.id)
    if as_json:
        output.print_json([f.as_dict() for f in frameworks])
        return
    output.print_table(
        [{"id": f.id, "applies_to": ", ".join(f.applies_to), "region": f.region, "from": f.in_force_from,
          "until": f.in_force_until, "where": "built in" if f.builtin else str(f.path),
          "milestones": len(f.milestones)} for f in frameworks],
        [("id", "Id"), ("applies_to", "Kinds"), ("region", "Region"), ("from", "In force from"), ("until", "Until"),
         ("milestones", "Milestones"), ("where", "Defined")])
