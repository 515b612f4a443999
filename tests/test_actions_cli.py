"""`scr actions add | update | list | overdue` and `scr recommendation set | list`."""

import json

import pytest

from conftest import snapshot

REF = "2013-child-f"
OTHER = "2014-baby-a"


@pytest.fixture
def plan(ws_path, run):
    """Two reviews; actions added as of 1 Sep 2013."""
    for ref, subject in ((REF, "Child F"), (OTHER, "Baby A")):
        result = run("new", "scr", "--title", f"Review of {subject}", "--subject", subject,
                     "--ref", ref)
        assert result.exit_code == 0, result.output

    def add(ref, text, label, agency, due, *extra, as_of="2013-09-01"):
        result = run("--as-of", as_of, "actions", "add", ref, text, "--recommendation", label,
                     "--agency", agency, "--due", due, *extra)
        assert result.exit_code == 0, result.stderr
        return result.stdout.strip()

    return add


def actions_json(run, *args, as_of="2014-03-03"):
    result = run("--as-of", as_of, "actions", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_add_prints_ids_counting_within_the_review(plan, run):
    assert plan(REF, "Mark key documents", "1", "Children's Social Care", "31/3/2014") == f"{REF}:1"
    assert plan(REF, "Share information", "2", "Youth Offending Service", "2014-03-31") == f"{REF}:2"
    assert plan(OTHER, "Audit", "1", "Health", "2014-03-31") == f"{OTHER}:1"
    result = run("actions", "add", REF, "x", "--recommendation", "1", "--agency", "Health",
                 "--due", "1/4/2014", "--json")
    assert json.loads(result.stdout) == {"id": f"{REF}:3"}


def test_add_json_fields_and_recommendation_created(plan, run):
    plan(REF, "Mark key documents", "1", "Children's Social Care", "31/3/2014",
         "--owner", "Head of Service", "--outcome", "Key documents are found at once")
    [action] = actions_json(run, "list", REF)
    assert action == {
        **action,
        "id": f"{REF}:1", "review": REF, "recommendation": "1", "text": "Mark key documents",
        "agency": "Children's Social Care", "owner": "Head of Service", "due": "2014-03-31",
        "status": "not-started", "completed_on": None, "added": "2013-09-01", "rag": "amber",
        "outcome": "Key documents are found at once",
    }
    result = run("recommendation", "list", REF, "--json")
    [rec] = json.loads(result.stdout)
    assert rec["label"] == "1" and rec["text"] == "" and rec["response"] is None
    assert [a["id"] for a in rec["actions"]] == [f"{REF}:1"]


def test_agency_spelling_follows_the_first_seen_and_the_register(plan, run, ws_path):
    plan(REF, "a", "1", "Youth Offending Service", "31/3/2014")
    plan(REF, "b", "1", "youth  offending service", "31/3/2014")
    agencies = {a["agency"] for a in actions_json(run, "list")}
    assert agencies == {"Youth Offending Service"}


def test_agency_spelling_first_seen_in_the_chronology_requests(plan, run, tmp_path):
    """CLI.md: output uses the register's spelling, or the first spelling seen: an agency asked for
    its chronology as "Barts Health" keeps that spelling on actions typed "barts  health", added or
    imported."""
    result = run("--as-of", "2013-09-01", "chronology", "request", REF, "Barts Health", "--due", "1/10/2013")
    assert result.exit_code == 0, result.stderr
    plan(REF, "a", "1", "barts  health", "31/3/2014")
    sheet = tmp_path / "plan.csv"
    sheet.write_text("ID,Review,Recommendation,Action,Agency,Owner,Due,Status,Completed,RAG,Evidence\n"
                     ",,1,b,BARTS HEALTH,,31/3/2014,not-started,,,\n", encoding="utf-8")
    result = run("--as-of", "2013-09-01", "actions", "import", REF, sheet)
    assert result.exit_code == 0, result.stderr
    assert [a["agency"] for a in actions_json(run, "list", REF)] == ["Barts Health", "Barts Health"]


@pytest.mark.parametrize("args, message", [
    (["--due", "31/02/2014"], "not a real date"),
    (["--due", "soon"], "cannot read the date 'soon'"),
    (["--due", "1/4/2014", "--owner", "x"], None),
])
def test_add_due_dates(plan, run, ws_path, args, message):
    before = snapshot(ws_path)
    result = run("actions", "add", REF, "Text", "--recommendation", "1", "--agency", "Health", *args)
    if message is None:
        assert result.exit_code == 0
        return
    assert result.exit_code == 1 and message in result.stderr
    assert result.stderr.startswith("Error:")
    assert snapshot(ws_path) == before


@pytest.mark.parametrize("args", [
    ["   ", "--recommendation", "1", "--agency", "Health", "--due", "1/4/2014"],
    ["Text", "--recommendation", "1", "--agency", " ", "--due", "1/4/2014"],
    ["Text", "--recommendation", "../x", "--agency", "Health", "--due", "1/4/2014"],
])
def test_add_refuses_blank_text_and_bad_labels(plan, run, ws_path, args):
    before = snapshot(ws_path)
    result = run("actions", "add", REF, *args)
    assert result.exit_code == 1 and result.stderr.startswith("Error:")
    assert snapshot(ws_path) == before


def test_add_to_unknown_review_or_bad_ref(plan, run):
    assert run("actions", "add", "nope", "x", "--recommendation", "1", "--agency", "A",
               "--due", "1/4/2014").exit_code == 1
    assert run("actions", "add", "../etc", "x", "--recommendation", "1", "--agency", "A",
               "--due", "1/4/2014").exit_code == 1


# ----------------------------------------------------------------------------- update


def test_status_changes_and_history(plan, run):
    action_id = plan(REF, "Mark key documents", "1", "Children's Social Care", "31/3/2014")
    result = run("--as-of", "2013-10-01", "actions", "update", action_id, "--status", "in-progress")
    assert result.exit_code == 0, result.stderr
    result = run("--as-of", "2014-01-15", "--user", "bm", "actions", "update", action_id,
                 "--status", "completed", "--evidence", "Audit of 20 case files", "--date", "10/1/2014",
                 "--json")
    assert result.exit_code == 0, result.stderr
    view = json.loads(result.stdout)
    assert view["status"] == "completed" and view["completed_on"] == "2014-01-10"
    assert view["rag"] == "blue" and view["version"] == 3
    history = view["history"]
    assert [h["changes"].get("status", {}).get("to") for h in history] == [
        "not-started", "in-progress", "completed"
    ]
    assert history[-1]["user"] == "bm" and history[-1]["date"] == "2014-01-15"
    assert history[-1]["changes"]["evidence"] == {"from": None, "to": "Audit of 20 case files"}
    # cancelled: rag null
    result = run("--as-of", "2014-01-16", "actions", "update", action_id, "--status", "cancelled")
    assert result.exit_code == 0
    [action] = actions_json(run, "list", REF)
    assert action["status"] == "cancelled" and action["rag"] is None
    assert action["completed_on"] is None


def test_update_changes_due_date(plan, run):
    action_id = plan(REF, "x", "1", "Health", "31/3/2014")
    assert run("actions", "update", action_id, "--due", "30/6/2014").exit_code == 0
    [action] = actions_json(run, "list", REF)
    assert action["due"] == "2014-06-30" and action["rag"] == "green"


def test_completion_defaults_to_today(plan, run):
    action_id = plan(REF, "x", "1", "Health", "31/3/2014")
    result = run("--as-of", "2014-02-02", "actions", "update", action_id, "--status", "completed",
                 "--evidence", "Minutes of 2 Feb")
    assert result.exit_code == 0, result.stderr
    [action] = actions_json(run, "list", REF)
    assert action["completed_on"] == "2014-02-02"


def test_evidence_recorded_earlier_suffices(plan, run):
    action_id = plan(REF, "x", "1", "Health", "31/3/2014")
    assert run("actions", "update", action_id, "--evidence", "Policy v2").exit_code == 0
    assert run("actions", "update", action_id, "--status", "completed").exit_code == 0


def test_evidence_not_required_when_the_board_says_so(plan, run, ws_path):
    config = ws_path / "scr.toml"
    config.write_text(config.read_text().replace("require_evidence = true",
                                                 "require_evidence = false"))
    action_id = plan(REF, "x", "1", "Health", "31/3/2014")
    assert run("actions", "update", action_id, "--status", "completed").exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["nope:1", "--status", "completed"], "no review 'nope'"),
    (["2013-child-f:9", "--status", "in-progress"], "unknown action ID '2013-child-f:9'"),
    (["2013-child-f", "--status", "in-progress"], "not an action ID"),
    (["2013-child-f:1", "--status", "done"], "unknown status 'done'"),
    (["2013-child-f:1", "--status", "completed"], "needs evidence"),
    (["2013-child-f:1", "--status", "completed", "--evidence", "x", "--date", "31/8/2013"],
     "before the action was added"),
    (["2013-child-f:1", "--status", "completed", "--evidence", "   "], "--evidence must not be blank"),
    (["2013-child-f:1", "--date", "1/10/2013"], "--date is the date"),
    (["2013-child-f:1", "--due", "someday"], "cannot read the date"),
    (["2013-child-f:1"], "nothing to update"),
])
def test_update_bad_input_changes_nothing(plan, run, ws_path, args, message):
    plan(REF, "x", "1", "Health", "31/3/2014")
    before = snapshot(ws_path)
    result = run("--as-of", "2013-10-01", "actions", "update", *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr and result.stderr.startswith("Error:")
    assert snapshot(ws_path) == before


def test_update_is_in_the_audit_trail(plan, run):
    action_id = plan(REF, "x", "1", "Health", "31/3/2014")
    run("--user", "bm", "actions", "update", action_id, "--status", "in-progress")
    log = json.loads(run("log", REF, "--json").stdout)
    assert log[-1]["user"] == "bm"
    assert any(c["table"] == "actions" for c in log[-1]["changes"])


# ------------------------------------------------------------------------ list, overdue


def test_list_orders_ids_by_number_and_filters(plan, run):
    for i in range(11):
        plan(REF, f"action {i + 1}", str(i % 3 + 1), "Health" if i % 2 else "Police", "31/3/2014")
    plan(OTHER, "other", "1", "Health", "31/3/2014")
    ids = [a["id"] for a in actions_json(run, "list")]
    assert ids == [f"{REF}:{n}" for n in range(1, 12)] + [f"{OTHER}:1"]
    ids = [a["id"] for a in actions_json(run, "list", REF, "--agency", "HEALTH")]
    assert ids == [f"{REF}:{n}" for n in (2, 4, 6, 8, 10)]
    run("actions", "update", f"{REF}:10", "--status", "in-progress")
    ids = [a["id"] for a in actions_json(run, "list", "--status", "in-progress")]
    assert ids == [f"{REF}:10"]
    assert run("actions", "list", "--status", "finished").exit_code == 1


def test_overdue_across_reviews_with_as_of(plan, run):
    plan(REF, "a", "1", "Health", "2014-02-01")        # REF:1
    plan(REF, "b", "1", "Police", "2014-01-15")        # REF:2
    plan(OTHER, "c", "1", "Health", "2014-02-01")      # OTHER:1
    plan(REF, "d", "1", "Health", "2014-03-03")        # REF:3 due "today"
    for n in range(4, 11):
        plan(REF, f"e{n}", "1", "Health", "2014-02-01")  # REF:4..10
    done = plan(REF, "f", "1", "Health", "2014-01-01")   # REF:11, completed
    run("--as-of", "2013-12-01", "actions", "update", done, "--status", "completed",
        "--evidence", "x")
    ids = [a["id"] for a in actions_json(run, "overdue", as_of="2014-03-03")]
    assert ids == [f"{REF}:2", f"{REF}:1"] + [f"{REF}:{n}" for n in range(4, 11)] + [f"{OTHER}:1"]
    assert all(a["rag"] == "red" for a in actions_json(run, "overdue", as_of="2014-03-03"))
    assert [a["id"] for a in actions_json(run, "overdue", as_of="2014-01-20")] == [f"{REF}:2"]
    assert actions_json(run, "overdue", as_of="2014-01-15") == []


def test_overdue_check_exits_3(plan, run):
    plan(REF, "a", "1", "Health", "2014-02-01")
    assert run("--as-of", "2014-02-01", "actions", "overdue", "--check").exit_code == 0
    result = run("--as-of", "2014-02-02", "actions", "overdue", "--check")
    assert result.exit_code == 3 and f"{REF}:1" in result.stdout
    result = run("--as-of", "2014-02-02", "actions", "overdue", "--check", "--json")
    assert result.exit_code == 3 and json.loads(result.stdout)[0]["id"] == f"{REF}:1"


def test_rag_boundaries_through_the_command(plan, run, ws_path):
    plan(REF, "yesterday", "1", "Health", "2014-03-02")
    plan(REF, "today", "1", "Health", "2014-03-03")
    plan(REF, "in 28 days", "1", "Health", "2014-03-31")
    plan(REF, "in 29 days", "1", "Health", "2014-04-01")
    rags = [a["rag"] for a in actions_json(run, "list", REF, as_of="2014-03-03")]
    assert rags == ["red", "amber", "amber", "green"]
    config = ws_path / "scr.toml"
    config.write_text(config.read_text().replace("amber_days = 28", "amber_days = 29"))
    rags = [a["rag"] for a in actions_json(run, "list", REF, as_of="2014-03-03")]
    assert rags == ["red", "amber", "amber", "amber"]


def test_amber_days_zero_makes_only_due_today_amber_and_a_bad_value_is_refused(plan, run, ws_path):
    plan(REF, "today", "1", "Health", "2014-03-03")
    plan(REF, "tomorrow", "1", "Health", "2014-03-04")
    config = ws_path / "scr.toml"
    text = config.read_text()
    config.write_text(text.replace("amber_days = 28", "amber_days = 0"))
    assert [a["rag"] for a in actions_json(run, "list", REF)] == ["amber", "green"]
    for bad, says in (("-3", "is negative"), ('"x"', "is not a whole number")):
        config.write_text(text.replace("amber_days = 28", f"amber_days = {bad}"))
        result = run("--as-of", "2014-03-03", "actions", "list", REF, "--json")
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith("Error:") and says in result.stderr


def test_show_counts_actions(plan, run):
    plan(REF, "a", "1", "Health", "2014-02-01")
    plan(REF, "b", "1", "Health", "2014-05-01")
    done = plan(REF, "c", "1", "Health", "2014-05-01")
    run("--as-of", "2014-01-01", "actions", "update", done, "--status", "completed", "--evidence", "x")
    result = run("--as-of", "2014-03-03", "show", REF, "--json")
    assert json.loads(result.stdout)["actions"] == {"total": 3, "completed": 1, "overdue": 1}


def test_damaged_review_file_is_named_and_nothing_printed(plan, run, ws_path):
    plan(REF, "a", "1", "Health", "2014-02-01")
    (ws_path / "reviews" / OTHER / "review.json").write_text("{not json")
    result = run("--as-of", "2014-03-03", "actions", "overdue", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "review.json" in result.stderr


# --------------------------------------------------------------------- recommendations


def test_recommendation_set_and_list(plan, run):
    plan(REF, "a", "2", "Health", "2014-02-01")
    plan(REF, "b", "10", "Health", "2014-02-01")
    plan(REF, "c", "2", "Police", "2014-02-01")
    assert run("recommendation", "set", REF, "2", "Share information with the YOS",
               "--response", "Accepted: protocol by March").exit_code == 0
    assert run("recommendation", "set", REF, "1", "Mark key documents").exit_code == 0
    rows = json.loads(run("recommendation", "list", REF, "--json").stdout)
    assert [r["label"] for r in rows] == ["1", "2", "10"]
    assert rows[1]["text"] == "Share information with the YOS"
    assert rows[1]["response"] == "Accepted: protocol by March"
    assert [a["id"] for a in rows[1]["actions"]] == [f"{REF}:1", f"{REF}:3"]
    assert rows[0]["actions"] == []
    # changing the wording keeps the response
    run("recommendation", "set", REF, "2", "Share information")
    rows = json.loads(run("recommendation", "list", REF, "--json").stdout)
    assert rows[1]["response"] == "Accepted: protocol by March"
    assert run("recommendation", "set", REF, "3", "  ").exit_code == 1
    assert run("recommendation", "list", "nope").exit_code == 1


@pytest.mark.parametrize("option", ["--owner", "--outcome"])
def test_add_refuses_blank_owner_or_outcome(plan, run, option):
    result = run("actions", "add", REF, "Text", "--recommendation", "1", "--agency", "Health",
                 "--due", "1/4/2014", option, "  ")
    assert result.exit_code == 1 and f"{option} must not be blank" in result.stderr


def test_completing_the_last_action_schedules_the_impact_review(plan, run):
    first = plan(REF, "a", "1", "Health", "2014-02-01")
    second = plan(REF, "b", "2", "Police", "2014-05-01")
    cancelled = plan(REF, "c", "3", "Police", "2014-05-01")

    def impact():
        result = run("--as-of", "2014-04-30", "deadlines", REF, "--json")
        assert result.exit_code == 0, result.stderr
        [row] = [r for r in json.loads(result.stdout) if r["milestone"] == "impact-review"]
        return row

    assert impact()["status"] == "waiting" and impact()["due"] is None
    run("--as-of", "2014-01-20", "actions", "update", first, "--status", "completed",
        "--evidence", "x")
    run("--as-of", "2014-02-01", "actions", "update", cancelled, "--status", "cancelled")
    assert impact()["status"] == "waiting"
    run("--as-of", "2014-03-31", "actions", "update", second, "--status", "completed",
        "--evidence", "y")
    row = impact()
    assert (row["from"], row["due"], row["status"]) == ("2014-03-31", "2015-03-31", "due")
