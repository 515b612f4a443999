"""event, notify, pause, resume, deadlines, calendar, frameworks through the CLI; the default framework
of `scr new`; milestones in show and list; refused input changes nothing."""

import email
import json
from email import policy

import pytest

from conftest import snapshot

AS_OF = ("--as-of", "2014-01-20")


def new(run, ref="2013-infant-b", kind="scr", aware="2/12/2013", *extra):
    args = ["new", kind, "--title", "Death of an infant", "--subject", "Infant B", "--ref", ref]
    if aware:
        args += ["--aware", aware]
    result = run(*AS_OF, *args, *extra)
    assert result.exit_code == 0, result.stderr
    return ref


def ok(run, *args):
    result = run(*AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    return result


def deadlines(run, *args, as_of=AS_OF):
    result = run(*as_of, "deadlines", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def by_milestone(rows):
    return {row["milestone"]: row for row in rows}


# --- scr new: the default framework -------------------------------------------------------------

@pytest.mark.parametrize("kind, aware, expected", [
    ("scr", "15/10/2012", "wt2010"),  # begun before 15 April 2013: the seed's Child F
    ("scr", "2/12/2013", "wt2013"),
    ("scr", "1/6/2016", "wt2015"),
    ("scr", "1/7/2018", "wt2018-scr"),  # the 2018-19 transition
    ("sar", "1/6/2020", "sar2014"),
    ("clr", "1/6/2022", "clr2021"),
    ("rapid", "1/6/2019", "wt2018"),
    ("lcspr", "1/6/2024", "wt2023"),
    ("dhr", "1/6/2024", "dhr2016"),
    ("thematic", "6/1/2014", None),
    ("scr", None, None),  # today (2026): no serious case review framework is in force
])
def test_new_picks_the_framework_in_force_on_the_aware_date(ws_path, run, kind, aware, expected):
    args = ["new", kind, "--title", "T", "--subject", "Child X", "--ref", "x"]
    if aware:
        args += ["--aware", aware]
    assert run(*args).exit_code == 0
    assert json.loads(run("show", "x", "--json").stdout)["framework"] == expected


def test_new_with_an_unknown_framework_is_refused(ws_path, run):
    before = snapshot(ws_path)
    result = run("new", "scr", "--title", "T", "--subject", "S", "--framework", "wt1999")
    assert result.exit_code == 1 and "unknown framework" in result.stderr
    assert snapshot(ws_path) == before


def test_set_framework_checks_it_exists(ws_path, run):
    new(run)
    before = snapshot(ws_path)
    result = run("set", "2013-infant-b", "framework", "wt2031")
    assert result.exit_code == 1 and "unknown framework" in result.stderr
    assert snapshot(ws_path) == before
    assert run("set", "2013-infant-b", "framework", "wt2015").exit_code == 0
    assert json.loads(run("show", "2013-infant-b", "--json").stdout)["framework"] == "wt2015"
    assert run("set", "2013-infant-b", "framework", "none").exit_code == 0
    rows = deadlines(run, "2013-infant-b")
    assert [r["milestone"] for r in rows] == ["impact-review"] and rows[0]["framework"] is None


def test_new_refused_while_a_framework_file_is_malformed(ws_path, run):
    (ws_path / "frameworks" / "x.toml").write_text("id = \"x\"\n", encoding="utf-8")
    result = run("new", "scr", "--title", "T", "--subject", "S", "--aware", "1/6/2013")
    assert result.exit_code == 1 and "x.toml" in result.stderr and 'key "title"' in result.stderr
    assert not (ws_path / "reviews" / "2013-s").exists()


def test_workspace_framework_replaces_a_builtin(ws_path, run):
    (ws_path / "frameworks" / "ours.toml").write_text(
        'id = "wt2013"\ntitle = "Our 2013 rules"\napplies_to = ["scr"]\nin_force_from = "2013-01-01"\n'
        '[[milestones]]\nid = "incident-notification"\ntitle = "Ofsted told"\nfrom = "aware"\n'
        'working_days = 5\nmet_by = "notify:ofsted:incident"\nsource = "our procedures, 4.2"\n',
        encoding="utf-8")
    new(run)
    rows = by_milestone(deadlines(run, "2013-infant-b"))
    assert set(rows) == {"incident-notification", "impact-review"}
    assert rows["incident-notification"]["due"] == "2013-12-09"


def test_malformed_workspace_framework_names_file_milestone_and_key(ws_path, run):
    new(run)
    path = ws_path / "frameworks" / "bad.toml"
    path.write_text('id = "ours"\ntitle = "t"\n[[milestones]]\nid = "m"\ntitle = "M"\nfrom = "aware"\n'
                    'days = "ten"\nmet_by = "x"\n', encoding="utf-8")
    result = run(*AS_OF, "deadlines")
    assert result.exit_code == 1 and result.stdout == ""
    assert str(path) in result.stderr and 'milestone "m"' in result.stderr and 'key "days"' in result.stderr


# --- events and notifications -------------------------------------------------------------------

def test_event_notify_and_deadlines(ws_path, run):
    new(run)
    assert ok(run, "event", "2013-infant-b", "referral", "--date", "3/12/2013").stdout == "e2\n"
    assert ok(run, "notify", "2013-infant-b", "ofsted", "--purpose", "incident", "--date", "4/12/2013",
              "--reference", "SIN-1").stdout == "e3\n"
    ok(run, "event", "2013-infant-b", "decision", "--date", "10/12/2013")
    ok(run, "event", "2013-infant-b", "initiated", "--date", "10/12/2013", "--note", "Chair's decision")
    rows = deadlines(run)
    assert all({"review", "milestone", "title", "from", "due", "status", "met_on"} <= set(r) for r in rows)
    dues = [r["due"] for r in rows if r["due"]]
    assert dues == sorted(dues) and all(r["due"] is None for r in rows[len(dues):])
    m = by_milestone(rows)
    # WT2013 set no period for the notification: a duty with no fixed period, met when made
    assert m["incident-notification"] == {**m["incident-notification"], "from": "2013-12-02",
                                          "due": None, "status": "met", "met_on": "2013-12-04",
                                          "basis": "statutory-guidance", "verified": False}
    assert m["incident-notification-dfe"]["status"] == "pending" and m["incident-notification-dfe"]["due"] is None
    assert (m["decision-to-panel"]["basis"], m["decision-to-panel"]["verified"]) == ("scr", False)
    assert m["reviewers-to-panel"]["status"] == "waiting"
    assert m["decision"]["status"] == "met" and m["decision"]["due"] == "2014-01-03"
    assert m["completion"]["due"] == "2014-06-10" and m["completion"]["status"] == "due"
    assert m["decision-to-panel"]["due"] == "2013-12-24"
    assert "not-initiated-to-panel" not in m
    assert m["prepublication-panel"]["status"] == "waiting" and m["prepublication-panel"]["from"] is None
    assert m["impact-review"]["status"] == "waiting"
    events = json.loads(run("show", "2013-infant-b", "--json").stdout)["events"]
    assert events[2]["kind"] == "notify:ofsted:incident"
    stored = json.loads((ws_path / "reviews" / "2013-infant-b" / "review.json").read_text())["events"]["3"]
    assert (stored["recipient"], stored["purpose"], stored["reference"]) == ("ofsted", "incident", "SIN-1")


def test_notification_without_purpose_matches_only_any_purpose_milestones(ws_path, run):
    new(run)
    ok(run, "notify", "2013-infant-b", "ofsted", "--date", "3/12/2013")
    m = by_milestone(deadlines(run, "2013-infant-b"))
    assert m["incident-notification"]["status"] == "pending"  # built-ins name the purpose


def test_not_initiated_branch(ws_path, run):
    new(run)
    ok(run, "event", "2013-infant-b", "not-initiated", "--date", "6/1/2014")
    m = by_milestone(deadlines(run, "2013-infant-b"))
    assert m["not-initiated-to-panel"]["due"] == "2014-01-20"
    assert m["not-initiated-to-panel"]["status"] == "due"
    ok(run, "notify", "2013-infant-b", "panel", "--purpose", "not-initiated", "--date", "17/1/2014")
    assert by_milestone(deadlines(run, "2013-infant-b"))["not-initiated-to-panel"]["status"] == "met"


def test_before_rule_with_planned_then_actual_publication(ws_path, run):
    new(run)
    ok(run, "event", "2013-infant-b", "published", "--date", "1/9/2014", "--planned")
    m = by_milestone(deadlines(run, "2013-infant-b"))
    assert m["prepublication-ofsted"]["due"] == "2014-08-25" and m["prepublication-ofsted"]["status"] == "due"
    assert m["publication"]["status"] == "waiting"  # a planned event never starts or meets a clock
    later = ("--as-of", "2014-09-05")
    ok(run, *later, "event", "2013-infant-b", "published", "--date", "2/9/2014")
    ok(run, *later, "notify", "2013-infant-b", "ofsted", "--purpose", "pre-publication", "--date", "28/8/2014")
    m = by_milestone(deadlines(run, "2013-infant-b", as_of=later))
    assert m["prepublication-ofsted"]["due"] == "2014-08-26" and m["prepublication-ofsted"]["status"] == "met-late"
    assert m["prepublication-dfe"]["status"] == "overdue"


def test_withdrawn_notification_stops_counting(ws_path, run):
    new(run)
    ok(run, "notify", "2013-infant-b", "ofsted", "--purpose", "incident", "--date", "3/12/2013")
    assert by_milestone(deadlines(run))["incident-notification"]["status"] == "met"
    ok(run, "withdraw", "2013-infant-b", "e2", "--reason", "wrong review")
    assert by_milestone(deadlines(run))["incident-notification"]["status"] == "pending"


def test_stage_and_next_due_in_list_and_show(ws_path, run):
    new(run)
    ok(run, "event", "2013-infant-b", "initiated", "--date", "10/12/2013")
    rows = json.loads(run(*AS_OF, "list", "--json").stdout)
    assert rows[0]["stage"] == "initiated" and rows[0]["next_due"] == "2013-12-24"  # decision letters
    detail = json.loads(run(*AS_OF, "show", "2013-infant-b", "--json").stdout)
    assert detail["next_due"] == "2013-12-24"
    assert detail["milestones"] == deadlines(run, "2013-infant-b")
    assert "Milestones" in run(*AS_OF, "show", "2013-infant-b").stdout


# --- pauses -------------------------------------------------------------------------------------

def test_pause_and_resume(ws_path, run):
    new(run)
    ok(run, "event", "2013-infant-b", "initiated", "--date", "10/12/2013")
    later = ("--as-of", "2014-05-01")
    assert ok(run, *later, "pause", "2013-infant-b", "--from", "1/3/2014", "--reason", "criminal trial").stdout == "p1\n"
    m = by_milestone(deadlines(run, "2013-infant-b", as_of=later))
    assert m["completion"]["status"] == "paused" and m["completion"]["due"] == "2014-08-10"  # + 61 days
    assert m["incident-notification"]["status"] == "pending"  # not pausable, no fixed period
    assert ok(run, *later, "resume", "2013-infant-b", "--date", "31/3/2014").stdout == "p1\n"
    m = by_milestone(deadlines(run, "2013-infant-b", as_of=later))
    assert m["completion"]["status"] == "due" and m["completion"]["due"] == "2014-07-10"  # + 30 days


BAD = [
    (("event", "2013-infant-b", "Initiated", "--date", "1/1/2014"), "invalid event kind"),
    (("event", "2013-infant-b", "../x", "--date", "1/1/2014"), "invalid"),
    (("event", "no-such-review", "initiated", "--date", "1/1/2014"), "no review"),
    (("event", "Bad Ref", "initiated", "--date", "1/1/2014"), "invalid review ref"),
    (("event", "2013-infant-b", "initiated", "--date", "31/2/2014"), "not a real date"),
    (("event", "2013-infant-b", "initiated", "--date", "tomorrow"), "cannot read"),
    (("event", "2013-infant-b", "initiated", "--date", "21/1/2014"), "after today"),
    (("event", "2013-infant-b", "initiated", "--date", "1/1/2014", "--note", "  "), "blank"),
    (("notify", "2013-infant-b", "Ofsted", "--date", "1/1/2014"), "invalid recipient"),
    (("notify", "2013-infant-b", "ofsted", "--purpose", "pre publication", "--date", "1/1/2014"), "invalid purpose"),
    (("notify", "2013-infant-b", "ofsted", "--date", "2/2/2014"), "after today"),
    (("notify", "2013-infant-b", "ofsted", "--draft", "-o", "letter.pdf"), "not one of them"),
    (("notify", "2013-infant-b", "ofsted", "--date", "1/1/2014", "-o", "x.md"), "-o is for --draft"),
    (("resume", "2013-infant-b", "--date", "1/1/2014"), "no open pause"),
    (("pause", "2013-infant-b", "--from", "1/2/2014", "--reason", "trial"), "after today"),
    (("pause", "2013-infant-b", "--from", "1/1/2014", "--reason", " "), "blank"),
    (("deadlines", "--within", "soon"), "not a whole number"),
    (("deadlines", "--within", "-3"), "0 or more"),
    (("deadlines", "nope"), "no review"),
    (("calendar", "-o", "deadlines.txt"), ".ics"),
]


@pytest.mark.parametrize("args, message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_1_and_writes_nothing(ws_path, run, args, message):
    new(run)
    before = snapshot(ws_path)
    result = run(*AS_OF, *args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("Error:") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(ws_path) == before


def test_pause_errors_write_nothing(ws_path, run):
    new(run)
    ok(run, "pause", "2013-infant-b", "--from", "10/1/2014", "--reason", "inquest")
    before = snapshot(ws_path)
    for args, message in [
        (("pause", "2013-infant-b", "--from", "12/1/2014", "--reason", "again"), "already has an open pause"),
        (("resume", "2013-infant-b", "--date", "9/1/2014"), "before it starts"),
    ]:
        result = run(*AS_OF, *args)
        assert result.exit_code == 1 and message in result.stderr
        assert snapshot(ws_path) == before


def test_withdrawn_pause_stops_counting(ws_path, run):
    new(run)
    ok(run, "event", "2013-infant-b", "initiated", "--date", "10/12/2013")
    ok(run, "pause", "2013-infant-b", "--from", "1/1/2014", "--reason", "wrong review")
    assert by_milestone(deadlines(run))["completion"]["status"] == "paused"
    ok(run, "withdraw", "2013-infant-b", "p1", "--reason", "entered in error")
    completion = by_milestone(deadlines(run))["completion"]
    assert completion["status"] == "due" and completion["due"] == "2014-06-10"
    assert run(*AS_OF, "resume", "2013-infant-b", "--date", "2/1/2014").exit_code == 1


def test_notify_without_date_or_draft_is_a_usage_error(ws_path, run):
    new(run)
    assert run(*AS_OF, "notify", "2013-infant-b", "ofsted").exit_code == 2


def test_a_new_event_kind_needs_allow_new(ws_path, run):
    new(run)
    before = snapshot(ws_path)
    refused = run(*AS_OF, "event", "2013-infant-b", "family-meeting", "--date", "5/1/2014")
    assert refused.exit_code == 1 and 'unknown event kind "family-meeting"' in refused.stderr
    assert snapshot(ws_path) == before
    assert ok(run, "event", "2013-infant-b", "family-meeting", "--date", "5/1/2014", "--allow-new").stdout == "e2\n"
    ok(run, "event", "2013-infant-b", "notify:police:update", "--date", "6/1/2014", "--allow-new")
    events = json.loads(run("show", "2013-infant-b", "--json").stdout)["events"]
    assert [e["kind"] for e in events][1:] == ["family-meeting", "notify:police:update"]


def test_planned_event_may_be_in_the_future(ws_path, run):
    new(run)
    ok(run, "event", "2013-infant-b", "published", "--date", "1/9/2014", "--planned")
    assert json.loads(run("show", "2013-infant-b", "--json").stdout)["events"][-1]["planned"] is True


# --- deadlines across reviews -------------------------------------------------------------------

def test_within_all_and_closed_reviews(ws_path, run):
    new(run)
    new(run, "2014-other", "lcspr", "6/1/2014", "--framework", "wt2023")
    ok(run, "event", "2014-other", "closed", "--date", "15/1/2014")
    rows = deadlines(run)
    assert {r["review"] for r in rows} == {"2013-infant-b"}
    assert {r["review"] for r in deadlines(run, "--all")} == {"2013-infant-b", "2014-other"}
    assert {r["review"] for r in deadlines(run, "2014-other")} == {"2014-other"}
    near = deadlines(run, "--within", "14")
    assert {r["status"] for r in near} <= {"overdue", "due", "paused", "pending"}  # pending kept
    assert {r["milestone"] for r in near} == {"incident-notification", "incident-notification-dfe"}
    plain = run(*AS_OF, "deadlines")
    assert plain.exit_code == 0 and "incident-notification" in plain.stdout


def test_region_and_closures_change_working_days(ws_path, run):
    config = ws_path / "scr.toml"
    config.write_text(config.read_text().replace('region = "england-and-wales"', 'region = "scotland"')
                      .replace("closures = []", 'closures = ["2026-12-29"]'))
    assert run("--as-of", "2026-12-24", "new", "lcspr", "--title", "T", "--subject", "S", "--ref", "2026-x",
               "--aware", "24/12/2026").exit_code == 0
    rows = by_milestone(deadlines(run, "2026-x", as_of=("--as-of", "2026-12-24")))
    # Scotland: 25, 26 (Sat), 27, 28 (substitute), 1 and 2 Jan, 4 Jan (substitute). The board's
    # closure on 29 December does not move a national deadline (CLI.md 1.1).
    assert rows["panel-notification"]["due"] == "2027-01-06"


def test_closures_move_only_local_deadlines(ws_path, run):
    config = ws_path / "scr.toml"
    config.write_text(config.read_text().replace("closures = []", 'closures = ["2014-01-06"]'))
    (ws_path / "frameworks" / "ours.toml").write_text(
        'id = "ours"\ntitle = "Our practice"\napplies_to = ["learning"]\n'
        '[[milestones]]\nid = "local"\ntitle = "Chronologies in"\nfrom = "aware"\nworking_days = 5\n'
        'met_by = "panel-meeting"\nbasis = "local"\nverified = false\nsource = "our procedures"\n'
        '[[milestones]]\nid = "old"\ntitle = "No basis said"\nfrom = "aware"\nworking_days = 5\n'
        'met_by = "panel-meeting"\nsource = "written before 1.1"\n'
        '[[milestones]]\nid = "national"\ntitle = "Told the Panel"\nfrom = "aware"\nworking_days = 5\n'
        'met_by = "notify:panel:incident"\nbasis = "statutory-guidance"\nverified = true\nsource = "WT"\n',
        encoding="utf-8")
    assert run(*AS_OF, "new", "learning", "--title", "T", "--subject", "S", "--ref", "l",
               "--aware", "2/1/2014").exit_code == 0
    rows = by_milestone(deadlines(run, "l"))
    # Thu 2 Jan 2014 + 5 working days: 3, 6, 7, 8, 9 -> Thu 9 Jan; the closure on Mon 6 Jan adds one
    assert (rows["national"]["due"], rows["local"]["due"], rows["old"]["due"]) == (
        "2014-01-09", "2014-01-10", "2014-01-10")
    assert [rows[m]["basis"] for m in ("national", "local", "old")] == ["statutory-guidance", "local", None]


# --- drafts -------------------------------------------------------------------------------------

def test_draft_docx_md_eml(ws_path, run, tmp_path):
    new(run)
    ok(run, "event", "2013-infant-b", "initiated", "--date", "10/12/2013")
    result = ok(run, "notify", "2013-infant-b", "panel", "--purpose", "decision", "--draft")
    path = result.stdout.strip()
    assert path.endswith("documents/2014-01-20-notify-panel-decision.docx")
    import docx

    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "10 Dec 2013" in text and "Infant B" in text
    assert "National Panel of Independent Experts" in text

    md = tmp_path / "letter.md"
    assert ok(run, "notify", "2013-infant-b", "ofsted", "--purpose", "incident", "--draft", "-o", md).stdout.strip() == str(md)
    body = md.read_text(encoding="utf-8")
    assert body.startswith("# Notification of a serious incident: Infant B")
    assert "2 Dec 2013" in body and "due by" not in body  # WT2013 set no period for it

    eml = tmp_path / "letter.eml"
    ok(run, "notify", "2013-infant-b", "panel", "--purpose", "pre-publication", "--draft", "-o", eml)
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Final report before publication")
    assert message["X-Unsent"] == "1"
    assert "Infant B" in message.get_content()
    # A draft records nothing.
    assert len(json.loads(run("show", "2013-infant-b", "--json").stdout)["events"]) == 2


def test_draft_template_override_and_strict_undefined(ws_path, run, tmp_path):
    new(run)
    (ws_path / "templates").mkdir()
    (ws_path / "templates" / "notify-incident.md.j2").write_text(
        "# Our own letter\n\n{{ board }} about {{ review.subject }}\n", encoding="utf-8")
    out = tmp_path / "a.md"
    ok(run, "notify", "2013-infant-b", "ofsted", "--purpose", "incident", "--draft", "-o", out)
    assert out.read_text() == "# Our own letter\n\nTower Hamlets Safeguarding Children Board about Infant B\n"
    (ws_path / "templates" / "notify-incident.md.j2").write_text("{{ no_such_value }}\n", encoding="utf-8")
    before = snapshot(ws_path)
    result = run(*AS_OF, "notify", "2013-infant-b", "ofsted", "--purpose", "incident", "--draft")
    assert result.exit_code == 1 and "no_such_value" in result.stderr
    assert snapshot(ws_path) == before


def test_draft_generic_template_for_other_purposes(ws_path, run, tmp_path):
    new(run)
    out = tmp_path / "b.md"
    ok(run, "notify", "2013-infant-b", "home-office", "--purpose", "update", "--draft", "-o", out)
    assert out.read_text().startswith("# Update: Infant B")


# --- calendar -----------------------------------------------------------------------------------

def test_calendar_parses_with_stable_uids(ws_path, run):
    from icalendar import Calendar

    new(run)
    ok(run, "event", "2013-infant-b", "initiated", "--date", "10/12/2013")
    path = ok(run, "calendar").stdout.strip()
    assert path == str(ws_path / "out" / "deadlines.ics")
    cal = Calendar.from_ical(open(path, "rb").read())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    unmet = [r for r in deadlines(run) if r["status"] in ("due", "overdue", "paused")]
    assert set(events) == {f"2013-infant-b.{r['milestone']}@scr" for r in unmet}
    completion = events["2013-infant-b.completion@scr"]
    assert completion.decoded("dtstart").isoformat() == "2014-06-10"
    assert "2013-infant-b" in str(completion["description"]) and "wt2013" in str(completion["description"])
    ok(run, "event", "2013-infant-b", "board-signoff", "--date", "15/1/2014")
    again = Calendar.from_ical(open(ok(run, "calendar", "-o", ws_path / "x.ics").stdout.strip(), "rb").read())
    uids = {str(e["uid"]) for e in again.walk("VEVENT")}
    assert "2013-infant-b.completion@scr" not in uids
    assert "2013-infant-b.publication@scr" in uids  # the sign-off started the publication clock


def test_frameworks_command(ws_path, run):
    rows = json.loads(run("frameworks", "--json").stdout)
    assert [r["id"] for r in rows] == ["clr2021", "cmr2012", "cpr2013", "dardr2024", "dhr2016",
                                       "sar2014", "susr2024", "wt2010", "wt2013", "wt2015", "wt2018",
                                       "wt2018-scr", "wt2023"]
    assert all(m["source"] for r in rows for m in r["milestones"])
    assert all(m["basis"] and isinstance(m["verified"], bool) for r in rows for m in r["milestones"])
    wt2013 = {m["id"]: m for m in next(r for r in rows if r["id"] == "wt2013")["milestones"]}
    assert "working_days" not in wt2013["incident-notification"]  # no fixed period: no unit at all
    assert wt2013["decision-to-panel"] == {**wt2013["decision-to-panel"], "days": 14, "basis": "scr",
                                           "verified": False, "in_force_from": "2013-06-01"}
    regions = {r["id"]: r["region"] for r in rows}
    assert (regions["cpr2013"], regions["clr2021"], regions["cmr2012"]) == ("wales", "scotland", "northern-ireland")


CONTRACT_EXAMPLE = '''id = "wt2023"
title = "Working Together to Safeguard Children 2023: child safeguarding practice reviews"
applies_to = ["rapid", "lcspr"]
source = "Working Together to Safeguard Children 2023, chapter 5"

[[milestones]]
id = "panel-notification"
title = "Serious incident notified to the Child Safeguarding Practice Review Panel"
from = "aware"            # the event whose date starts the clock
working_days = 5          # exactly one of: working_days, days, months
met_by = "notify:panel:incident"   # an event kind, or notify:RECIPIENT[:PURPOSE]
pausable = false          # default false
# when = "not-initiated"  # optional: the milestone exists only once this event is recorded

[[milestones]]
id = "prepublication-copy"
title = "Final report sent to the Panel before publication"
before = "published"      # instead of `from`: due N units BEFORE the (planned or actual) event
working_days = 7
met_by = "notify:panel:pre-publication"
'''


def test_the_contract_example_framework(ws_path, run):
    (ws_path / "frameworks" / "wt2023.toml").write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    today = ("--as-of", "2026-12-24")
    assert run(*today, "new", "lcspr", "--title", "T", "--subject", "Child G", "--aware", "24/12/2026").exit_code == 0
    ref = "2026-child-g"
    assert json.loads(run("show", ref, "--json").stdout)["framework"] == "wt2023"
    assert run(*today, "event", ref, "published", "--date", "5/1/2027", "--planned").exit_code == 0
    rows = deadlines(run, ref, as_of=today)
    assert [(r["milestone"], r["from"], r["due"], r["status"]) for r in rows] == [
        ("prepublication-copy", None, "2026-12-22", "overdue"),
        ("panel-notification", "2026-12-24", "2027-01-05", "due"),
        ("impact-review", None, None, "waiting"),
    ]


@pytest.mark.parametrize("args", [
    ("notify", "2013-infant-b", "ofsted", "--date", "2/2/2014"),
    ("pause", "2013-infant-b", "--from", "1/2/2014", "--reason", "trial"),
])
def test_future_date_message_names_no_option_the_command_lacks(ws_path, run, args):
    """notify and pause have no --planned: their refusal must not send the user looking for it."""
    new(run)
    result = run(*AS_OF, *args)
    assert result.exit_code == 1 and "after today" in result.stderr
    assert "--planned" not in result.stderr and "must have happened" in result.stderr
    planned = run(*AS_OF, "event", "2013-infant-b", "initiated", "--date", "21/1/2014")
    assert "only a --planned event" in planned.stderr


def test_a_pause_cannot_be_closed_over_another_pause(ws_path, run):
    """Overlapping pauses would move a due date twice for the same days: resume refuses them."""
    new(run)
    ok(run, "event", "2013-infant-b", "initiated", "--date", "10/12/2013")
    ok(run, "pause", "2013-infant-b", "--from", "5/1/2014", "--reason", "inquest")
    ok(run, "resume", "2013-infant-b", "--date", "8/1/2014")
    ok(run, "pause", "2013-infant-b", "--from", "1/1/2014", "--reason", "trial")
    before = snapshot(ws_path)
    result = run(*AS_OF, "resume", "2013-infant-b", "--date", "9/1/2014")
    assert result.exit_code == 1 and "overlap the pause p1" in result.stderr
    assert snapshot(ws_path) == before
    ok(run, "resume", "2013-infant-b", "--date", "5/1/2014")  # ends as the other starts: no overlap
    completion = by_milestone(deadlines(run))["completion"]
    assert completion["due"] == "2014-06-17"  # 10 June + 4 days + 3 days
