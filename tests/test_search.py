"""`scr search`: stems, phrases and prefixes over everything the reviews say, ranked, with where
each hit is; the index in the user's cache folder kept in step with the files (tests isolate
XDG_CACHE_HOME in conftest)."""

import json
import os
import stat

import pytest

from board_workspace import ok
from chronology_files import csv_file

AS_OF = ("--as-of", "2014-04-30")


def fail(result, code=1):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.stderr


def search(run, *args):
    return json.loads(ok(run(*AS_OF, "search", *args, "--json")).stdout)


def section(ws_path, ref, name, text):
    folder = ws_path / "reviews" / ref / "report" / "sections"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def reviews(ws_path, run, tmp_path):
    for ref in ("infant", "youth"):
        ok(run(*AS_OF, "new", "scr", "--ref", ref, "--title", f"SCR {ref}", "--subject", f"Child {ref}",
               "--aware", "2013-06-01"))
    ok(run(*AS_OF, "theme", "infant", "babies", "fathers"))
    ok(run(*AS_OF, "theme", "youth", "youth-justice"))
    section(ws_path, "infant", "01-findings.md",
            "# Findings\n\nThe health visitor saw the baby twice.\n\nBruising was seen on a\nnon-mobile baby by"
            " Marcus Bell, the father, and not reported.\n")
    section(ws_path, "youth", "01-findings.md", "# Findings\n\nInformation sharing failed at custody.\n")
    ok(run(*AS_OF, "recommendation", "set", "infant", "1", "Every bruise on a non-mobile baby is referred",
           "--response", "Accepted: a protocol for bruising"))
    ok(run("--as-of", "2013-09-01", "actions", "add", "infant", "Write the bruising protocol", "--recommendation", "1",
           "--agency", "Health", "--due", "2014-02-28"))
    ok(run("--as-of", "2014-02-01", "actions", "update", "infant:1", "--status", "completed",
           "--evidence", "Protocol launched; 300 staff trained"))
    ok(run(*AS_OF, "event", "youth", "initiated", "--date", "2013-07-01", "--note", "Father in custody"))
    ok(run(*AS_OF, "pause", "youth", "--from", "2013-08-01", "--reason", "Criminal trial of the stepfather"))
    ok(run(*AS_OF, "chronology", "request", "youth", "Police", "--due", "2013-09-01"))
    path = csv_file(tmp_path / "police.csv", [["Date", "Event", "Significance"],
                                              ["1/3/2013", "Arrested for possession of a knife", "First offence"],
                                              ["2/3/2013", "Released on bail", ""]])
    ok(run(*AS_OF, "chronology", "add", "youth", "Police", path))
    ok(run(*AS_OF, "redact", "add", "infant", "Marcus Bell", "--replace-with", "Mr B"))
    return ws_path


def test_a_stem_finds_every_form_in_every_kind_of_text(reviews, run):
    hits = search(run, "bruise")
    found = {(h["review"], h["kind"], h["where"], h["line"]) for h in hits}
    assert found == {
        ("infant", "section", "reviews/infant/report/sections/01-findings.md", 5),
        ("infant", "recommendation", "recommendation 1", None),
        ("infant", "action", "infant:1", None),
    }
    assert all(set(h) == {"review", "kind", "where", "line", "snippet"} for h in hits)
    snippet = next(h["snippet"] for h in hits if h["kind"] == "section")
    assert "**Bruising**" in snippet


def test_phrase_prefix_kinds_and_filters(reviews, run):
    assert [h["line"] for h in search(run, '"non-mobile baby"', "--kind", "section")] == [6]
    assert search(run, '"baby non-mobile"') == []  # a phrase keeps its order
    assert {h["kind"] for h in search(run, "protocol*")} == {"recommendation", "action"}
    chronology = search(run, "knife")
    assert [(h["kind"], h["line"]) for h in chronology] == [("chronology", 2)]
    assert chronology[0]["where"].startswith("reviews/youth/chronologies/") and chronology[0]["where"].endswith(".csv")
    assert [(h["kind"], h["where"]) for h in search(run, "trial")] == [("delay", "p1")]
    assert [(h["review"], h["where"]) for h in search(run, "father", "--kind", "event")] == [("youth", "e2")]
    assert {h["review"] for h in search(run, "father")} == {"infant", "youth"}
    assert {h["review"] for h in search(run, "father", "--theme", "babies")} == {"infant"}
    assert {h["review"] for h in search(run, "father", "--review", "youth")} == {"youth"}
    assert search(run, "father NOT custody", "--review", "youth") == []


def test_ranked_best_first(reviews, run, ws_path):
    section(ws_path, "youth", "02-more.md", "Bruising, bruising and more bruising: bruising everywhere.\n")
    hits = search(run, "bruising", "--kind", "section")
    assert [h["review"] for h in hits] == ["youth", "infant"]


def test_anonymised_snippets_apply_each_reviews_redactions(reviews, run):
    named = search(run, "Marcus")
    assert "Marcus" in named[0]["snippet"]  # the workspace is private: names as stored
    hidden = search(run, "Marcus", "--anonymised")
    assert [h["where"] for h in hidden] == [h["where"] for h in named]
    assert "Marcus" not in hidden[0]["snippet"] and "Bell" not in hidden[0]["snippet"]
    assert "**Mr B**" in hidden[0]["snippet"]


def test_the_index_follows_the_files(reviews, run, ws_path):
    assert search(run, "ambulance") == []
    section(ws_path, "youth", "01-findings.md", "# Findings\n\nThe ambulance was late.\n")
    assert [h["review"] for h in search(run, "ambulance")] == ["youth"]
    assert search(run, "custody", "--kind", "section") == []  # the old text is gone
    os.unlink(ws_path / "reviews" / "youth" / "report" / "sections" / "01-findings.md")
    assert search(run, "ambulance") == []
    ok(run(*AS_OF, "actions", "update", "infant:1", "--evidence", "Audited by the ambulance service"))
    assert [h["where"] for h in search(run, "ambulance")] == ["infant:1"]


def test_the_index_is_private_in_the_cache_folder_and_rebuilt_when_damaged(reviews, run, tmp_path):
    first = search(run, "bruise")
    files = list((tmp_path / ".cache" / "scr").glob("search-*.sqlite"))
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(files[0].parent.stat().st_mode) == 0o700
    assert not list((reviews).rglob("*.sqlite"))  # never on the shared drive
    files[0].write_bytes(b"this is not a database" * 100)
    assert search(run, "bruise") == first
    os.unlink(files[0])
    assert search(run, "bruise") == first


def test_without_the_index_the_answer_is_the_same(reviews, run, monkeypatch):
    with_index = search(run, "father OR knife")
    monkeypatch.setenv("SCR_NO_INDEX", "1")
    assert search(run, "father OR knife") == with_index


def test_unreadable_reviews_are_not_searched(reviews, run, ws_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    folder = ws_path / "reviews" / "youth"
    os.chmod(folder, 0)
    try:
        assert {h["review"] for h in search(run, "father")} == {"infant"}
    finally:
        os.chmod(folder, 0o700)


@pytest.mark.parametrize("query, message", [
    ('"bruise', "unclosed quote"), ("***", "no word to search for"), ("OR baby", "OR with nothing before it"),
    ("baby NOT", "ends with NOT"),
])
def test_queries_scr_cannot_read_are_refused(reviews, run, query, message):
    assert message in fail(run(*AS_OF, "search", query))


def test_bad_filters_are_refused(reviews, run):
    assert "--kind 'memo'" in fail(run(*AS_OF, "search", "baby", "--kind", "memo"))
    assert "unknown theme 'x'" in fail(run(*AS_OF, "search", "baby", "--theme", "x"))
    assert "no review 'nope'" in fail(run(*AS_OF, "search", "baby", "--review", "nope"))


def test_a_damaged_review_file_is_named(reviews, run, ws_path):
    path = ws_path / "reviews" / "youth" / "review.json"
    path.write_text("{", encoding="utf-8")
    stderr = fail(run(*AS_OF, "search", "baby"))
    assert str(path) in stderr


def test_as_of_a_point_in_time_leaves_out_later_records(reviews, run):
    # youth's initiated note is dated 1 Jul 2013, its pause 1 Aug 2013; infant's action added 1 Sep 2013.
    assert [h["where"] for h in search(run, "father", "--review", "youth")] == ["e2"]
    before = json.loads(ok(run("--as-of", "2013-06-30", "search", "father OR trial OR protocol", "--json")).stdout)
    assert {h["kind"] for h in before} == {"recommendation", "section"}  # undated text only
    assert {h["where"] for h in search(run, "father OR trial")} >= {"e2", "p1"}  # the index still holds them
