"""Learning across reviews (issue 18): themes, learning events, costs and the budget, the
publication record, the tracker export and the annual section's learning — what a user checks."""

import csv
import io
import json

import pytest

from board_workspace import ok

AS_OF = ("--as-of", "2014-04-30")


@pytest.fixture(autouse=True)
def _judged_as_of_the_seed(monkeypatch):
    """Every command here runs as of 30 Apr 2014 (CLI.md 1.1: a change counts from the --as-of
    day it was made, so one typed today would not show in the seed's year)."""
    monkeypatch.setenv("SCR_AS_OF", AS_OF[1])


def fail(result, code=1):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.stderr


def new(run, ref, kind="scr", aware="2013-06-01", title=None, as_of=AS_OF):
    ok(run(*as_of, "new", kind, "--ref", ref, "--title", title or f"Review {ref}", "--subject", f"Child {ref}",
           "--aware", aware))


def show(run, ref):
    return json.loads(ok(run(*AS_OF, "show", ref, "--json")).stdout)


# ------------------------------------------------------------------------------ themes


def test_themes_replace_up_to_three_and_list_filters_by_theme(ws_path, run):
    new(run, "a")
    new(run, "b")
    ok(run("theme", "a", "babies", "neglect"))
    ok(run("theme", "a", "neglect", "fathers", "domestic-abuse"))  # replaces
    ok(run("theme", "b", "online-harm"))
    assert show(run, "a")["themes"] == ["neglect", "fathers", "domestic-abuse"]
    rows = json.loads(ok(run(*AS_OF, "list", "--theme", "fathers", "--json")).stdout)
    assert [r["ref"] for r in rows] == ["a"]
    assert rows[0]["themes"] == ["neglect", "fathers", "domestic-abuse"]


def test_theme_refusals_name_the_problem(ws_path, run):
    new(run, "a")
    assert "at most 3 themes" in fail(run("theme", "a", "babies", "neglect", "fathers", "online-harm"))
    stderr = fail(run("theme", "a", "bruises"))
    assert "unknown theme 'bruises'" in stderr and "babies" in stderr
    assert "given twice" in fail(run("theme", "a", "neglect", "neglect"))
    assert "unknown theme 'x'" in fail(run(*AS_OF, "list", "--theme", "x"))
    assert show(run, "a")["themes"] == []


def test_a_boards_own_themes_from_scr_toml(ws_path, run):
    with open(ws_path / "scr.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[themes]\nextra = ["county-lines"]\n')
    new(run, "a")
    ok(run("theme", "a", "county-lines", "neglect"))
    assert show(run, "a")["themes"] == ["county-lines", "neglect"]
    with open(ws_path / "scr.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[budget]\n"2013-15" = 10\n')
    stderr = fail(run("list"))
    assert "scr.toml" in stderr and "[budget] '2013-15'" in stderr


def test_status_counts_reviews_recommendations_and_actions_by_theme(ws_path, run):
    new(run, "a")
    new(run, "b")
    ok(run("theme", "a", "neglect"))
    ok(run("theme", "b", "neglect", "babies"))
    ok(run(*AS_OF, "recommendation", "set", "a", "1", "Audit neglect cases"))
    ok(run(*AS_OF, "actions", "add", "a", "Audit 20 files", "--recommendation", "1", "--agency", "CSC",
           "--due", "2014-06-30"))
    themes = json.loads(ok(run(*AS_OF, "status", "--json")).stdout)["themes"]
    assert themes == {"babies": {"reviews": 1, "recommendations": 0, "actions": 0},
                      "neglect": {"reviews": 2, "recommendations": 1, "actions": 1}}


# ------------------------------------------------------------------------------ learning events, costs


def test_learning_events_and_costs_in_show(ws_path, run):
    new(run, "a")
    ok(run(*AS_OF, "learning", "add", "a", "--date", "15/10/2013", "--kind", "workshop",
           "--audience", "Practitioners", "--attended", "60", "--note", "Key messages"))
    ok(run(*AS_OF, "learning", "add", "a", "--date", "2013-09-20", "--kind", "newsletter",
           "--audience", "Front line staff"))
    ok(run(*AS_OF, "cost", "add", "a", "£25,000", "--date", "2013-07-31", "--what", "Author's fee"))
    ok(run(*AS_OF, "cost", "add", "a", "1250.50", "--date", "2013-08-01", "--what", "Venue"))
    detail = show(run, "a")
    assert [(e["date"], e["kind"], e["audience"], e["attended"], e["note"]) for e in detail["learning"]] == [
        ("2013-09-20", "newsletter", "Front line staff", None, None),
        ("2013-10-15", "workshop", "Practitioners", 60, "Key messages")]
    assert [(c["date"], c["amount"], c["what"]) for c in detail["costs"]] == [
        ("2013-07-31", 25000, "Author's fee"), ("2013-08-01", 1250.5, "Venue")]
    # As of a day before the workshop, it has not happened yet.
    earlier = json.loads(ok(run("--as-of", "2013-10-01", "show", "a", "--json")).stdout)
    assert [e["kind"] for e in earlier["learning"]] == ["newsletter"]


@pytest.mark.parametrize("args, message", [
    (("learning", "add", "a", "--date", "2013-10-15", "--kind", "party", "--audience", "x"), "--kind 'party'"),
    (("learning", "add", "a", "--date", "2013-10-15", "--kind", "workshop", "--audience", " "), "--audience must not be blank"),
    (("learning", "add", "a", "--date", "2013-10-15", "--kind", "workshop", "--audience", "x", "--attended", "lots"), "--attended 'lots'"),
    (("learning", "add", "a", "--date", "2015-01-01", "--kind", "workshop", "--audience", "x"), "after today"),
    (("cost", "add", "a", "abc", "--date", "2013-10-15", "--what", "x"), "AMOUNT 'abc'"),
    (("cost", "add", "a", "0", "--date", "2013-10-15", "--what", "x"), "more than nothing"),
    (("cost", "add", "a", "10.555", "--date", "2013-10-15", "--what", "x"), "AMOUNT '10.555'"),
    (("cost", "add", "a", "10", "--date", "31/02/2013", "--what", "x"), "31/02/2013"),
])
def test_bad_learning_and_cost_input_is_refused_and_nothing_changes(ws_path, run, args, message):
    from conftest import snapshot

    new(run, "a")
    before = snapshot(ws_path)
    assert message in fail(run(*AS_OF, *args))
    assert snapshot(ws_path) == before


def test_a_cost_entered_in_error_is_withdrawn_and_no_longer_counts(ws_path, run):
    new(run, "a")
    ok(run(*AS_OF, "cost", "add", "a", "100", "--date", "2013-07-31", "--what", "Typo"))
    ok(run(*AS_OF, "withdraw", "a", "c1", "--reason", "Entered twice"))
    assert show(run, "a")["costs"] == []


def test_publication_record(ws_path, run):
    new(run, "a")
    ok(run(*AS_OF, "event", "a", "published", "--date", "2013-08-14"))
    ok(run(*AS_OF, "publication", "a", "--url", "https://example.org/scr/a"))
    assert show(run, "a")["publication"] == {
        "published": "2013-08-14", "url": "https://example.org/scr/a", "online_until": "2014-08-14",
        "repository_sent": None}
    ok(run(*AS_OF, "notify", "a", "national-repository", "--purpose", "report", "--date", "2013-08-20"))
    assert show(run, "a")["publication"]["repository_sent"] == "2013-08-20"
    assert "not a web address" in fail(run(*AS_OF, "publication", "a", "--url", "example.org"))


# ------------------------------------------------------------------------------ annual, tracker


def test_annual_counts_themes_costs_against_the_budget_and_what_reviews_taught(ws_path, run, tmp_path):
    with open(ws_path / "scr.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[budget]\n"2013-14" = 60000\n')
    new(run, "a", aware="2013-01-10")
    new(run, "b", aware="2012-01-10")
    new(run, "c", aware="2014-06-01", title="Later", as_of=("--as-of", "2014-07-01"))  # after the period
    ok(run(*AS_OF, "event", "b", "closed", "--date", "2013-02-01"))  # closed before the period
    for ref in "abc":
        ok(run("theme", ref, "neglect"))
    ok(run(*AS_OF, "cost", "add", "a", "25000", "--date", "2013-07-31", "--what", "Author"))
    ok(run(*AS_OF, "cost", "add", "a", "50000", "--date", "2014-03-31", "--what", "Chair"))
    ok(run(*AS_OF, "cost", "add", "a", "999", "--date", "2013-03-31", "--what", "Before the period"))
    ok(run(*AS_OF, "learning", "add", "a", "--date", "2013-10-15", "--kind", "workshop", "--audience",
           "Practitioners", "--attended", "60"))
    ok(run("--as-of", "2013-09-01", "actions", "add", "a", "Audit neglect cases", "--recommendation", "1",
           "--agency", "CSC", "--due", "2014-02-28"))
    ok(run("--as-of", "2014-02-01", "actions", "update", "a:1", "--status", "completed",
           "--evidence", "Audit of 20 files found every plan reviewed"))
    figures = json.loads(ok(run(*AS_OF, "annual", "--from", "2013-04-01", "--to", "2014-03-31", "--json")).stdout)
    assert figures["themes"] == {"neglect": 1}
    assert figures["costs"]["total"] == 75000 and figures["costs"]["by_review"] == {"a": 75000}
    assert figures["costs"]["budget"] == {"2013-14": {"budget": 60000, "spent": 75000, "remaining": -15000}}
    assert [(e["review"], e["kind"], e["attended"]) for e in figures["learning"]] == [("a", "workshop", 60)]
    section = ok(run(*AS_OF, "annual", "--from", "2013-04-01", "--to", "2014-03-31", "-o", tmp_path / "s.md"))
    text = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert "£15,000 over budget" in text and "£75,000" in text and "£60,000" in text
    assert "15 Oct 2013: workshop for Practitioners (60 attended)" in text
    taught = text.split("### What our reviews have taught us", 1)[1]
    assert "neglect (1 review: a)" in taught and "Audit of 20 files found every plan reviewed" in taught
    assert section.stdout.strip().endswith("s.md")


def test_tracker_csv_in_the_nhs_trackers_shape(ws_path, run, tmp_path):
    later = ("--as-of", "2020-01-01")
    new(run, "rr", kind="rapid", aware="2019-01-07", as_of=later)
    new(run, "pr", kind="lcspr", aware="2019-01-07", as_of=later)
    ok(run(*later, "link", "rr", "pr", "--as", "became"))
    ok(run("theme", "pr", "babies", "neglect", "fathers"))
    ok(run("--as-of", "2020-01-01", "event", "pr", "board-signoff", "--date", "2019-11-01"))
    ok(run("--as-of", "2020-01-01", "event", "pr", "published", "--date", "2019-12-02"))
    ok(run("--as-of", "2020-01-01", "event", "pr", "closed", "--date", "2019-12-20"))
    ok(run("set", "rr", "title", "=HYPERLINK(\"http://x\")"))
    out = ok(run("--as-of", "2020-01-01", "export", "tracker", "-o", tmp_path / "t.csv"))
    assert out.stdout.strip() == str(tmp_path / "t.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8"))))
    pr, rr = rows
    assert (pr["Local reference"], pr["Status"], pr["Date added"], pr["Date signed off"], pr["Date published"]) == (
        "pr", "Closed", "7 Jan 2019", "1 Nov 2019", "2 Dec 2019")
    assert pr["Type"].startswith("Converted") and rr["Type"] == "Rapid review"
    assert [pr[f"Theme {n}"] for n in (1, 2, 3)] == ["babies", "neglect", "fathers"]
    assert rr["Title"].startswith("'=")  # the formula guard
    assert "cannot write t.xlsx" in fail(run("export", "tracker", "-o", tmp_path / "t.xlsx"))


def test_the_board_paper_shows_the_years_publications_and_costs_against_the_budget(ws_path, run, tmp_path):
    import re

    with open(ws_path / "scr.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[budget]\n"2013-14" = 30000\n')
    new(run, "a", title="SCR: Child F")
    ok(run(*AS_OF, "event", "a", "published", "--date", "2013-08-14"))
    ok(run("--as-of", "2013-08-20", "publication", "a", "--url", "https://example.org/scr/a"))  # recorded after publishing, before the paper
    ok(run(*AS_OF, "cost", "add", "a", "35000", "--date", "2013-07-31", "--what", "Author and chair"))
    ok(run("--as-of", "2014-03-31", "board-paper", "-o", tmp_path / "paper.html"))
    text = " ".join(re.sub(r"<[^>]+>", " ", (tmp_path / "paper.html").read_text(encoding="utf-8")).split())
    assert "Publication and costs, 1 Apr 2013 to 31 Mar 2014" in text
    assert "SCR: Child F 14 Aug 2013 https://example.org/scr/a 14 Aug 2014 not yet" in text
    assert "£35,000" in text and "Against the 2013-14 budget of £30,000: £35,000 spent, £5,000 over budget" in text
