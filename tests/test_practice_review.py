"""Issue 14: the review's life as boards run it today — a rapid review that becomes a practice
review, reasons for delay, regulation 14 check-ins, and the annual figures that follow. Every test
drives the command line, as a business manager would."""

import json

import pytest

from conftest import snapshot

R, P = "2024-child-h", "2024-child-h-lcspr"


def ok(result):
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result


def js(run, *args, as_of="2025-06-30"):
    return json.loads(ok(run("--as-of", as_of, *args, "--json")).stdout)


def at(run, day, *args):
    return ok(run("--as-of", day, *args))


@pytest.fixture
def rapid(ws_path, run):
    """A rapid review (Working Together 2023): notified on time, sent to the Panel on time."""
    at(run, "2024-05-13", "new", "rapid", "--ref", R, "--title", "Rapid review: Child H",
       "--subject", "Child H", "--aware", "2024-05-13")
    at(run, "2024-05-14", "event", R, "referral", "--date", "2024-05-14")
    at(run, "2024-05-16", "notify", R, "panel", "--purpose", "incident", "--date", "2024-05-16")
    at(run, "2024-05-16", "redact", "add", R, "Jane Realname", "--replace-with", "Mother")
    at(run, "2024-06-04", "notify", R, "panel", "--purpose", "rapid-review", "--date", "2024-06-04")
    return ws_path


def milestones(run, ref, as_of="2025-06-30"):
    return {m["milestone"]: m for m in js(run, "deadlines", ref, as_of=as_of)}


# ---------------------------------------------------------------------- rapid review -> LCSPR


def test_new_lcspr_from_a_rapid_review_carries_it_over_and_links_both(rapid, run):
    assert at(run, "2024-06-24", "new", "lcspr", "--from", R).stdout.strip() == P
    detail = js(run, "show", P)
    assert (detail["kind"], detail["title"], detail["subject"]) == ("lcspr", "Rapid review: Child H", "Child H")
    assert detail["framework"] == "wt2023"
    assert [(e["kind"], e["date"]) for e in detail["events"]] == [("aware", "2024-05-13")]
    assert detail["links"] == [{"ref": R, "relation": "became", "local": True, "direction": "from"}]
    assert js(run, "show", R)["links"] == [{"ref": P, "relation": "became", "local": True, "direction": "to"}]
    assert js(run, "redact", "list", P) == [{"name": "Jane Realname", "replace_with": "Mother", "whole_only": False}]


def test_the_practice_reviews_notifications_are_met_by_the_rapid_reviews_records(rapid, run):
    at(run, "2024-06-24", "new", "lcspr", "--from", R, "--title", "CSPR: Child H")
    rows = milestones(run, P)
    assert rows["panel-notification"]["status"] == "met" and rows["panel-notification"]["met_on"] == "2024-05-16"
    assert rows["partners-notification"]["status"] == "met"
    shared = js(run, "show", P)["shared_events"]
    assert [(e["id"], e["kind"]) for e in shared][:3] == [
        (f"{R}:e1", "aware"), (f"{R}:e2", "referral"), (f"{R}:e3", "notify:panel:incident")]
    # the annual figures count the three notifications once, in the rapid review
    annual = js(run, "annual", "--from", "2024-04-01", "--to", "2025-03-31")
    assert annual["notifications"]["total"] == 2 and annual["notifications"]["missed"] == 0
    # stage and closed are never shared
    at(run, "2024-06-24", "event", R, "closed", "--date", "2024-06-24")
    assert js(run, "show", P)["stage"] == "aware" and not js(run, "show", P)["closed"]


def test_a_shared_record_is_withdrawn_only_on_its_own_review(rapid, run):
    at(run, "2024-06-24", "new", "lcspr", "--from", R)
    result = run("--as-of", "2024-06-25", "withdraw", P, f"{R}:e3", "--reason", "wrong")
    assert result.exit_code == 1 and "has no record" in result.stderr
    at(run, "2024-06-25", "withdraw", R, "e3", "--reason", "entered on the wrong review")
    assert milestones(run, P)["panel-notification"]["status"] == "overdue"


def test_link_as_became_shares_and_is_refused_from_a_review_that_is_not_rapid(rapid, run):
    at(run, "2024-06-24", "new", "lcspr", "--ref", "p2", "--title", "CSPR", "--subject", "Child H",
       "--aware", "2024-05-13")
    assert milestones(run, "p2")["panel-notification"]["status"] == "overdue"
    before = snapshot(rapid)
    result = run("--as-of", "2024-06-25", "link", "p2", R, "--as", "became")
    assert result.exit_code == 1 and "only a rapid review becomes" in result.stderr
    assert snapshot(rapid) == before
    at(run, "2024-06-25", "link", R, "p2", "--as", "became")
    assert milestones(run, "p2")["panel-notification"]["status"] == "met"
    assert js(run, "show", "p2")["links"][0]["direction"] == "from"


def test_new_from_refuses_what_it_cannot_do_and_writes_nothing(rapid, run):
    at(run, "2024-06-24", "new", "scr", "--ref", "an-scr", "--title", "T", "--subject", "S")
    before = snapshot(rapid)
    for args, message in [
        (("new", "lcspr", "--from", "an-scr"), "not a rapid review"),
        (("new", "lcspr", "--from", "nowhere"), "no review 'nowhere'"),
        (("new", "scr", "--from", R), "KIND is lcspr"),
        (("new", "lcspr", "--from", R, "--ref", R), "already exists"),
    ]:
        result = run("--as-of", "2024-06-24", *args)
        assert result.exit_code == 1 and message in result.stderr, (args, result.stderr)
    assert snapshot(rapid) == before
    at(run, "2024-06-24", "new", "lcspr", "--from", R)
    result = run("--as-of", "2024-06-24", "new", "lcspr", "--from", R, "--ref", "second")
    assert result.exit_code == 1 and f"already linked as became to '{P}'" in result.stderr


def test_a_rapid_review_has_no_publication_milestones_and_a_practice_review_no_rapid_review(rapid, run):
    at(run, "2024-06-24", "new", "lcspr", "--from", R)
    assert set(milestones(run, R)) == {"panel-notification", "partners-notification", "rapid-review",
                                       "impact-review"}
    assert "rapid-review" not in milestones(run, P)
    assert {"publication", "prepublication-copy"} <= set(milestones(run, P))
    wt2023 = next(f for f in json.loads(ok(run("frameworks", "--json")).stdout) if f["id"] == "wt2023")
    kinds = {m["id"]: m["kinds"] for m in wt2023["milestones"]}
    assert kinds["rapid-review"] == ["rapid"] and kinds["publication"] == ["lcspr"]
    assert kinds["panel-notification"] == ["rapid", "lcspr"]  # the default: the framework's applies_to


def test_a_framework_kinds_that_is_not_a_list_of_kinds_is_named(ws_path, run):
    (ws_path / "frameworks" / "x.toml").write_text(
        'id = "x"\ntitle = "X"\napplies_to = ["scr"]\n[[milestones]]\nid = "m"\ntitle = "M"\n'
        'from = "aware"\ndays = 5\nmet_by = "decision"\nkinds = "rapid"\n', encoding="utf-8")
    result = run("frameworks")
    assert result.exit_code == 1 and 'x.toml: milestone "m": key "kinds": must be a list' in result.stderr


def test_a_milestone_both_linked_reviews_carry_is_counted_once(rapid, run):
    at(run, "2024-05-13", "new", "rapid", "--ref", "late", "--title", "Rapid review: Child K",
       "--subject", "Child K", "--aware", "2024-05-13")
    at(run, "2024-06-24", "new", "lcspr", "--from", "late")
    # neither has told the Panel or the partners: 2 milestones overdue on each, counted once
    status = js(run, "status", as_of="2024-06-25")
    per_review = {r["ref"]: r["overdue_milestones"] for r in status["reviews"]}
    assert per_review["late"] == 2 and per_review["late-lcspr"] == 2
    assert status["overdue_milestones"] == 2 + per_review[R]
    annual = js(run, "annual", "--from", "2024-04-01", "--to", "2025-03-31", as_of="2025-04-30")
    # the Panel never told: one notification missed (the partners' is the event referral)
    assert annual["missed_notifications"] == [{"review": "late", "milestone": "panel-notification",
                                               "due": "2024-05-20"}]
    assert annual["notifications"]["missed"] == 1


# ---------------------------------------------------------------------- outcomes and decisions


def test_the_rapid_reviews_outcome_and_a_decision_not_to_initiate_with_their_reasons(rapid, run):
    at(run, "2024-06-04", "outcome", R, "practice-review", "--date", "2024-06-04",
       "--reason", "Learning about bruising in babies")
    detail = js(run, "show", R)
    assert detail["outcome"]["outcome"] == "practice-review"
    assert detail["outcome"]["rationale"] == "Learning about bruising in babies"
    assert "practice-review (4 Jun 2024): Learning about bruising" in ok(run("--as-of", "2025-01-01", "show", R)).stdout
    at(run, "2024-05-13", "new", "scr", "--ref", "s1", "--title", "T", "--subject", "S")
    at(run, "2024-07-01", "event", "s1", "not-initiated", "--date", "2024-07-01",
       "--note", "Single-agency learning only")
    annual = js(run, "annual", "--from", "2024-04-01", "--to", "2025-03-31")
    assert annual["decisions"]["outcomes"] == [{"review": R, "date": "2024-06-04", "outcome": "practice-review",
                                                "rationale": "Learning about bruising in babies"}]
    assert annual["decisions"]["not_initiated"] == [{"review": "s1", "date": "2024-07-01",
                                                     "reasons": "Single-agency learning only"}]
    text = (rapid / ok(run("--as-of", "2025-06-30", "annual", "--from", "2024-04-01", "--to", "2025-03-31",
                           "-o", rapid / "out" / "a.md")).stdout.strip()).read_text(encoding="utf-8")
    assert "practice review. Learning about bruising in babies." in text
    assert "(1 Jul 2024). Single-agency learning only." in text and "s1 (1 Jul" not in text  # named by title, not ref


@pytest.mark.parametrize("args, message", [
    (("outcome", R, "lcspr", "--date", "2024-06-04", "--reason", "x"), "outcome 'lcspr' is not one of practice-review"),
    (("outcome", R, "practice-review", "--date", "2024-06-04", "--reason", " "), "--reason must not be blank"),
    (("outcome", R, "practice-review", "--date", "2030-01-01", "--reason", "x"), "is after today"),
])
def test_a_bad_outcome_is_refused_and_nothing_written(rapid, run, args, message):
    before = snapshot(rapid)
    result = run("--as-of", "2024-06-10", *args)
    assert result.exit_code == 1 and message in result.stderr
    assert snapshot(rapid) == before


def test_an_outcome_is_for_a_rapid_review(ws_path, run):
    at(run, "2024-06-04", "new", "scr", "--ref", "s1", "--title", "T", "--subject", "S")
    result = run("--as-of", "2024-06-04", "outcome", "s1", "no-further-review", "--date", "2024-06-04", "--reason", "x")
    assert result.exit_code == 1 and "not-initiated --date DATE --note REASONS" in result.stderr


def test_the_annual_rapid_review_figures(rapid, run):
    at(run, "2024-06-24", "new", "lcspr", "--from", R)
    at(run, "2024-12-02", "new", "rapid", "--ref", "r2", "--title", "Rapid review: Child L",
       "--subject", "Child L", "--aware", "2024-12-02")
    at(run, "2024-12-03", "notify", "r2", "panel", "--purpose", "incident", "--date", "2024-12-03")
    at(run, "2025-01-20", "notify", "r2", "panel", "--purpose", "rapid-review", "--date", "2025-01-20")
    at(run, "2025-01-20", "outcome", "r2", "other-learning", "--date", "2025-01-20", "--reason", "Single agency")
    rapid_figures = js(run, "annual", "--from", "2024-04-01", "--to", "2025-03-31")["rapid"]
    assert {k: rapid_figures[k] for k in ("started", "sent", "on_time", "became")} == {
        "started": 2, "sent": 2, "on_time": 1, "became": 1}
    late = [i for i in rapid_figures["list"] if i["ref"] == "r2"][0]
    assert (late["on_time"], late["outcome"]) == (False, "other-learning")
    # the late one, and why: no reason was recorded
    annual = js(run, "annual", "--from", "2024-04-01", "--to", "2025-03-31")
    [row] = [m for m in annual["late_milestones"] if m["review"] == "r2" and m["milestone"] == "rapid-review"]
    assert (row["milestone"], row["status"], row["reasons"]) == ("rapid-review", "met-late", [])


# ---------------------------------------------------------------------- delays and pauses


def test_a_reason_for_delay_is_recorded_shown_and_withdrawable(rapid, run):
    at(run, "2024-06-24", "new", "lcspr", "--from", R)
    at(run, "2024-06-24", "event", P, "initiated", "--date", "2024-06-24")
    assert at(run, "2024-12-30", "delay", P, "publication", "--reason", "Trial listed for March").stdout.strip() == "d1"
    assert milestones(run, P)["publication"]["delay_reason"] == "Trial listed for March"
    assert milestones(run, P)["panel-notification"]["delay_reason"] is None
    assert js(run, "show", P)["delays"][0]["reason"] == "Trial listed for March"
    shown = ok(run("--as-of", "2025-01-02", "show", P)).stdout
    assert "Reasons for delay" in shown and "Trial listed for March" in shown
    # as of the day before it was recorded, there was no reason yet
    assert milestones(run, P, as_of="2024-12-29")["publication"]["delay_reason"] is None
    at(run, "2025-01-02", "withdraw", P, "d1", "--reason", "wrong review")
    assert milestones(run, P)["publication"]["delay_reason"] is None
    # the annual section lists reasons for the period's reviews
    paper = rapid / "out" / "p.html"
    at(run, "2025-01-01", "board-paper", "-o", paper)
    assert "Trial listed for March" in paper.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (("delay", P, "publicaton", "--reason", "x"), "has no milestone 'publicaton'"),
    (("delay", P, "publication", "--reason", "  "), "--reason must not be blank"),
    (("pause", P, "--from", "2024-07-01", "--reason", "x", "--category", "trial"), "'trial' is not one of"),
])
def test_bad_delays_and_categories_are_refused_and_nothing_written(rapid, run, args, message):
    at(run, "2024-06-24", "new", "lcspr", "--from", R)
    before = snapshot(rapid)
    result = run("--as-of", "2024-07-01", *args)
    assert result.exit_code == 1 and message in result.stderr
    assert snapshot(rapid) == before


def test_a_pause_has_a_category_given_or_guessed_and_the_annual_counts_by_cause(rapid, run):
    at(run, "2024-06-24", "new", "lcspr", "--from", R)
    at(run, "2024-06-24", "event", P, "initiated", "--date", "2024-06-24")
    at(run, "2024-07-01", "pause", P, "--from", "2024-07-01", "--reason", "Inquest opened")
    at(run, "2024-08-01", "resume", P, "--date", "2024-08-01")
    at(run, "2024-09-01", "pause", P, "--from", "2024-09-01", "--reason", "Waiting", "--category", "family-engagement")
    pauses = js(run, "show", P)["pauses"]
    assert [p["category"] for p in pauses] == ["inquest", "family-engagement"]
    by_cause = js(run, "annual", "--from", "2024-04-01", "--to", "2025-03-31")["delays"]["by_category"]
    assert by_cause["inquest"] == 1 and by_cause["family-engagement"] == 1 and by_cause["other"] == 0


# ---------------------------------------------------------------------- regulation 14


def test_check_in_weeks_from_scr_toml_or_the_review(rapid, run):
    at(run, "2024-06-24", "new", "lcspr", "--from", R)
    at(run, "2024-06-24", "event", P, "initiated", "--date", "2024-06-24")
    assert "check-in" not in milestones(run, P, as_of="2024-07-01")
    with open(rapid / "scr.toml", "a", encoding="utf-8") as handle:
        handle.write("\n[reviews]\ncheck_in_weeks = 6\n")
    row = milestones(run, P, as_of="2024-07-01")["check-in"]
    assert (row["from"], row["due"], row["status"]) == ("2024-06-24", "2024-08-05", "due")
    assert milestones(run, P, as_of="2024-08-06")["check-in"]["status"] == "overdue"
    assert "check-in" not in milestones(run, R, as_of="2024-07-01")  # a rapid review carries none
    at(run, "2024-08-01", "event", P, "check-in", "--date", "2024-08-01", "--note", "on track")
    at(run, "2024-08-01", "set", P, "check-in-weeks", "4")
    row = milestones(run, P, as_of="2024-08-02")["check-in"]
    assert (row["from"], row["due"]) == ("2024-08-01", "2024-08-29")
    at(run, "2024-08-02", "event", P, "draft-requested", "--date", "2024-08-02", "--note", "Written request")
    assert "draft-requested" in [e["kind"] for e in js(run, "show", P, as_of="2024-08-02")["events"]]
    result = run("--as-of", "2024-08-02", "set", P, "check-in-weeks", "six")
    assert result.exit_code == 1 and "check-in-weeks 'six' is not a whole number of weeks" in result.stderr


# ---------------------------------------------------------------------- --as-of, the cases


def test_as_of_leaves_out_a_later_publication_and_keeps_a_review_closed_later(rapid, run):
    at(run, "2024-06-24", "new", "lcspr", "--from", R)
    at(run, "2024-06-24", "event", P, "initiated", "--date", "2024-06-24")
    at(run, "2024-10-15", "event", R, "closed", "--date", "2024-10-15")
    at(run, "2025-07-01", "event", P, "published", "--date", "2025-07-01")
    board = js(run, "status", as_of="2024-09-18")
    assert {r["ref"]: r["stage"] for r in board["reviews"]} == {R: "referral", P: "initiated"}
    assert js(run, "show", P, as_of="2024-09-18")["stage"] == "initiated"
    assert [r["ref"] for r in js(run, "list", as_of="2024-10-16")] == [P]


def test_the_period_names_its_terms_and_the_heading_what_it_holds(ws_path, run):
    at(run, "2014-01-06", "new", "scr", "--ref", "old", "--title", "T", "--subject", "S", "--aware", "2014-01-06")
    at(run, "2014-02-01", "event", "old", "initiated", "--date", "2014-02-01")
    at(run, "2015-02-01", "event", "old", "closed", "--date", "2015-02-01")
    old = js(run, "annual", "--from", "2013-04-01", "--to", "2014-03-31", as_of="2014-04-30")
    assert old["terms"]["review"] == ["serious case review"] and old["terms"]["partnership"] == ["LSCB"]
    assert old["heading"] == "Serious Case Reviews"
    span = js(run, "annual", "--from", "2018-04-01", "--to", "2019-03-31", as_of="2019-04-30")
    assert span["terms"]["partnership"] == ["LSCB", "safeguarding partners"]
    assert "from 29 June 2018 to rapid reviews" in span["terms"]["sentence"]
    new = js(run, "annual", "--from", "2024-04-01", "--to", "2025-03-31", as_of="2025-04-30")
    assert new["terms"]["review"] == ["child safeguarding practice review"]
    assert new["heading"] == "Rapid / Child Safeguarding Practice Reviews"
