"""Workspace and review commands through the CLI: init, new, list, show, log, doctor, set, link,
withdraw; root options; refused input changes nothing."""

import json
import os

import pytest

from conftest import snapshot


def new(run, ref="2013-infant-b", kind="scr", aware="2/12/2013", **extra):
    args = ["new", kind, "--title", "Death of an infant", "--subject", "Infant B", "--ref", ref]
    if aware:
        args += ["--aware", aware]
    for key, value in extra.items():
        args += [f"--{key}", value]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result


def test_init_writes_the_contract_config(tmp_path, run):
    result = run("init", str(tmp_path / "board"), "--board", "Tower Hamlets Safeguarding Children Board")
    assert result.exit_code == 0
    text = (tmp_path / "board" / "scr.toml").read_text(encoding="utf-8")
    assert text.startswith('board = "Tower Hamlets Safeguarding Children Board"\n\n[calendar]\n')
    for line in ['region = "england-and-wales"', "amber_days = 28", "require_evidence = true",
                 "group = false", 'draft_marking = "OFFICIAL-SENSITIVE"', '# [agencies."Children\'s Social Care"]']:
        assert line in text
    assert (tmp_path / "board" / "reviews").is_dir() and (tmp_path / "board" / "frameworks").is_dir()
    again = run("init", str(tmp_path / "board"))
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_init_default_board_and_current_folder(tmp_path, run):
    assert run("init").exit_code == 0
    assert 'board = "Safeguarding Children Board"' in (tmp_path / "scr.toml").read_text()


def test_no_workspace_suggests_init(tmp_path, run):
    result = run("list")
    assert result.exit_code == 1 and "scr init" in result.stderr and "Traceback" not in result.stderr


def test_workspace_found_from_a_subfolder(ws_path, run, monkeypatch):
    monkeypatch.delenv("SCR_WORKSPACE")
    monkeypatch.chdir(ws_path / "reviews")
    assert run("list", "--json").exit_code == 0
    assert run("--workspace", str(ws_path), "list").exit_code == 0


def test_new_makes_the_folder_and_prints_the_ref(ws_path, run):
    result = new(run)
    assert result.stdout == "2013-infant-b\n"
    folder = ws_path / "reviews" / "2013-infant-b"
    for sub in ("chronologies", "report/sections", "documents", "action-plan"):
        assert (folder / sub).is_dir()
    data = json.loads((folder / "review.json").read_text())
    record = data["review"]["1"]
    assert record["schema_version"] == 2 and record["kind"] == "scr" and record["subject"] == "Infant B"
    assert [e["kind"] for e in data["events"].values()] == ["aware"]


def test_new_without_ref_uses_year_of_aware_and_subject(ws_path, run):
    result = run("new", "thematic", "--title", "Six young men", "--subject", "Young men A-F", "--aware", "6 Jan 2014")
    assert result.stdout.strip() == "2014-young-men-a-f"
    result = run("--as-of", "2026-11-26", "new", "learning", "--title", "T", "--subject", "Child Z")
    assert result.stdout.strip() == "2026-child-z"


def test_existing_ref_refused(ws_path, run):
    new(run)
    before = snapshot(ws_path)
    result = run("new", "scr", "--title", "x", "--subject", "y", "--ref", "2013-infant-b")
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert snapshot(ws_path) == before


@pytest.mark.parametrize("ref", ["../x", "/etc", "a b", "Upper", "", "-lead", "x" * 65, "a/b", "a:b", ".."])
def test_bad_refs_refused_and_nothing_created(ws_path, run, ref):
    before = snapshot(ws_path)
    result = run("new", "scr", "--title", "T", "--subject", "S", "--ref", ref)
    assert result.exit_code == 1 and result.stderr.startswith("Error: invalid review ref")
    assert snapshot(ws_path) == before
    if not ref.startswith("-"):  # click reads "-lead" as an option: a usage error, exit 2
        assert run("show", ref).exit_code == 1


@pytest.mark.parametrize("args, message", [
    (["new", "sCR", "--title", "T", "--subject", "S"], "unknown review kind"),
    (["new", "scr", "--title", " ", "--subject", "S"], "--title must not be blank"),
    (["new", "scr", "--title", "T", "--subject", ""], "--subject must not be blank"),
    (["new", "scr", "--title", "T", "--subject", "S", "--aware", "31/02/2013"], "not a real date"),
    (["new", "scr", "--title", "T", "--subject", "S", "--aware", "1/1/2030"], "after today"),
    (["--as-of", "yesterday", "list"], "cannot read the date 'yesterday'"),
    (["show", "nope"], "no review 'nope'"),
    (["set", "2013-infant-b", "colour", "red"], "unknown field"),
    (["set", "2013-infant-b", "incident", "murder"], "incident 'murder' is not one of"),
    (["set", "2013-infant-b", "scope-from", "2/30/2013"], "not a real date"),
    (["set", "2013-infant-b", "title", "  "], "must not be blank"),
    (["set", "2013-infant-b", "terms-of-reference", "missing.md"], "cannot read the terms of reference"),
    (["link", "2013-infant-b", "2013-infant-b", "--as", "joint"], "cannot be linked to itself"),
    (["link", "2013-infant-b", "other", "--as", "Joint Review"], "invalid relation"),
    (["withdraw", "2013-infant-b", "e99", "--reason", "typo"], "has no record 'e99'"),
    (["withdraw", "2013-infant-b", "e1", "--reason", " "], "--reason must not be blank"),
])
def test_bad_input_is_exit_1_with_a_clear_message_and_changes_nothing(ws_path, run, args, message):
    new(run)
    before = snapshot(ws_path)
    result = run("--as-of", "2026-11-26", *args)
    assert result.exit_code == 1, result.stdout
    assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(ws_path) == before


def test_usage_errors_are_exit_2(ws_path, run):
    assert run("new", "scr").exit_code == 2
    assert run("list", "--bogus").exit_code == 2


def test_list_and_show_json_fields(ws_path, run):
    new(run)
    new(run, ref="2012-child-f", aware="15/10/2012")
    rows = json.loads(run("list", "--json").stdout)
    assert [r["ref"] for r in rows] == ["2012-child-f", "2013-infant-b"]
    for row in rows:
        assert {"ref", "kind", "title", "subject", "framework", "stage", "next_due"} <= set(row)
        assert row["stage"] == "aware"
    detail = json.loads(run("show", "2013-infant-b", "--json").stdout)
    assert {"ref", "kind", "title", "subject", "framework", "events", "milestones", "agencies", "actions"} <= set(detail)
    assert detail["events"][0] == {"id": "e1", "kind": "aware", "date": "2013-12-02", "planned": False,
                                   "note": None, "withdrawn": None}
    assert set(detail["actions"]) >= {"total", "completed", "overdue"}


def test_set_fields_and_terms_of_reference(ws_path, run, tmp_path):
    new(run)
    tor = tmp_path / "tor.md"
    tor.write_text("# Terms of reference\nScope: June 2012 to November 2013.\n", encoding="utf-8")
    for field, value in [("scope-from", "1/6/2012"), ("scope-to", "18 November 2013"), ("author", "Jane Author"),
                         ("chair", "Sarah Baker"), ("incident", "death"), ("terms-of-reference", str(tor)),
                         ("title", "SCR: Infant B")]:
        assert run("set", "2013-infant-b", field, value).exit_code == 0
    detail = json.loads(run("show", "2013-infant-b", "--json").stdout)
    assert detail["scope_from"] == "2012-06-01" and detail["scope_to"] == "2013-11-18"
    assert detail["author"] == "Jane Author" and detail["incident"] == "death"
    assert detail["terms_of_reference"].startswith("# Terms of reference")
    result = run("set", "2013-infant-b", "scope-to", "1/1/2012")
    assert result.exit_code == 1 and "after it ends" in result.stderr


def test_link_records_relation(ws_path, run):
    new(run)
    new(run, ref="2013-rapid-b", kind="rapid")
    assert run("link", "2013-rapid-b", "2013-infant-b", "--as", "became").exit_code == 0
    result = run("link", "2013-infant-b", "medway-child-f", "--as", "joint")
    assert result.exit_code == 0 and "another board" in result.stderr
    links = json.loads(run("show", "2013-rapid-b", "--json").stdout)["links"]
    assert links == [{"ref": "2013-infant-b", "relation": "became", "local": True}]
    assert run("link", "2013-rapid-b", "2013-infant-b", "--as", "became").exit_code == 1


def test_withdraw_marks_and_stage_ignores_it(ws_path, run):
    new(run)
    assert run("--user", "chair", "withdraw", "2013-infant-b", "e1", "--reason", "wrong review").exit_code == 0
    detail = json.loads(run("show", "2013-infant-b", "--json").stdout)
    assert detail["stage"] == "new"
    assert detail["events"][0]["withdrawn"]["reason"] == "wrong review"
    assert detail["events"][0]["withdrawn"]["user"] == "chair"
    again = run("withdraw", "2013-infant-b", "e1", "--reason", "again")
    assert again.exit_code == 1 and "already withdrawn" in again.stderr


def test_log_records_who_what_when(ws_path, run):
    new(run)
    run("--user", "sarah", "set", "2013-infant-b", "author", "Jane Author")
    log = json.loads(run("log", "2013-infant-b", "--json").stdout)
    assert [set(r) for r in log] == [{"timestamp", "user", "command", "changes"}] * 2
    assert log[0]["user"] == "tester" and log[1]["user"] == "sarah"
    assert log[1]["command"] == "scr --user sarah set 2013-infant-b author 'Jane Author'"
    assert log[1]["changes"] == [{"table": "review", "id": "1", "op": "changed",
                                  "fields": {"author": {"old": None, "new": "Jane Author"}}}]
    assert log[0]["timestamp"].endswith("+00:00")  # UTC, with its offset
    plain = run("log", "2013-infant-b").stdout.splitlines()
    assert plain[-1].endswith("sarah  review 1 changed: author - -> Jane Author"
                              "  [scr --user sarah set 2013-infant-b author 'Jane Author']")
    assert "+00:00  sarah" in plain[-1]


def test_nothing_written_when_nothing_changed(ws_path, run):
    new(run)
    path = ws_path / "reviews" / "2013-infant-b" / "review.json"
    before = path.read_bytes()
    run("show", "2013-infant-b")
    run("list")
    assert path.read_bytes() == before


def test_damaged_file_named_other_reviews_work_doctor_exit_3(ws_path, run):
    new(run)
    new(run, ref="2012-child-f")
    damaged = ws_path / "reviews" / "2012-child-f" / "review.json"
    damaged.write_text(damaged.read_text()[:50])
    result = run("show", "2012-child-f")
    assert result.exit_code == 1 and str(damaged) in result.stderr and "line" in result.stderr
    assert run("show", "2013-infant-b").exit_code == 0
    assert run("set", "2013-infant-b", "author", "A").exit_code == 0
    listing = run("list", "--json")
    assert listing.exit_code == 1 and listing.stdout == "" and str(damaged) in listing.stderr
    doctor = run("doctor", "--json")
    assert doctor.exit_code == 3
    report = json.loads(doctor.stdout)
    assert [d["file"] for d in report["damaged"]] == [str(damaged)]
    assert run("doctor").exit_code == 3


def test_doctor_passes_and_warns_about_readable_folders(ws_path, run):
    new(run)
    assert run("doctor").exit_code == 0
    os.chmod(ws_path / "reviews" / "2013-infant-b", 0o755)
    result = run("doctor", "--json")
    assert result.exit_code == 0
    warnings = json.loads(result.stdout)["warnings"]
    assert any(w["file"].endswith("2013-infant-b") and "others can read" in w["problem"] for w in warnings)


def test_closed_reviews_hidden_from_list_unless_all(ws_path, run):
    new(run)
    data_path = ws_path / "reviews" / "2013-infant-b" / "review.json"
    data = json.loads(data_path.read_text())
    data["events"]["2"] = {"kind": "closed", "date": "2014-01-01", "planned": False, "note": None,
                           "recipient": None, "purpose": None, "reference": None, "withdrawn": None}
    data_path.write_text(json.dumps(data))
    assert json.loads(run("list", "--json").stdout) == []
    rows = json.loads(run("list", "--all", "--json").stdout)
    assert rows[0]["stage"] == "closed"


def test_newer_schema_refused(ws_path, run):
    new(run)
    path = ws_path / "reviews" / "2013-infant-b" / "review.json"
    data = json.loads(path.read_text())
    data["review"]["1"]["schema_version"] = 99
    path.write_text(json.dumps(data))
    result = run("show", "2013-infant-b")
    assert result.exit_code == 1 and "upgrade scr" in result.stderr


@pytest.mark.parametrize("edit", [
    lambda d: d["review"]["1"].pop("schema_version"),
    lambda d: d["review"]["1"].pop("kind"),
    lambda d: d["events"].__setitem__("1", 7),
    lambda d: d["events"]["1"].pop("planned"),
    lambda d: d["events"]["1"].__setitem__("date", "notadate"),
    lambda d: d["events"]["1"].__setitem__("date", None),
    lambda d: d["events"]["1"].pop("kind"),
    lambda d: d.__setitem__("pauses", {"1": {"from": "2014-13-01", "to": None, "reason": "x"}}),
])
def test_hand_edited_records_are_damaged_not_a_crash(ws_path, run, edit):
    """Valid JSON that scr cannot read (a hand edit) is a damaged file: doctor lists it (exit 3),
    commands across reviews name it and exit 1, none reports a bug or under-counts."""
    new(run)
    new(run, ref="2012-child-f")
    path = ws_path / "reviews" / "2012-child-f" / "review.json"
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))
    doctor = run("doctor", "--json")
    assert doctor.exit_code == 3
    assert [d["file"] for d in json.loads(doctor.stdout)["damaged"]] == [str(path)]
    for args in (["list", "--json"], ["status", "--json"], ["deadlines", "--json"],
                 ["show", "2012-child-f", "--json"], ["annual", "--from", "2013-04-01", "--to",
                                                      "2014-03-31", "--json"]):
        result = run(*args)
        assert result.exit_code == 1 and result.stdout == "", args
        assert "damaged" in result.stderr and str(path) in result.stderr and "bug" not in result.stderr
    assert run("show", "2013-infant-b").exit_code == 0


def test_show_gives_every_record_id_withdraw_takes_chronology_requests_included(ws_path, run):
    """CLI.md: records (events, notifications, pauses, chronology requests) each have an id shown by
    `scr show`."""
    new(run)
    assert run("--as-of", "2014-01-10", "chronology", "request", "2013-infant-b", "Police", "Health",
               "--due", "2014-02-01").exit_code == 0
    detail = json.loads(run("--as-of", "2014-01-10", "show", "2013-infant-b", "--json").stdout)
    assert [(r["id"], r["agency"], r["due"]) for r in detail["requests"]] == [
        ("r1", "Police", "2014-02-01"), ("r2", "Health", "2014-02-01")]
    assert run("--as-of", "2014-01-10", "withdraw", "2013-infant-b", "r1", "--reason", "wrong").exit_code == 0
    text = run("--as-of", "2014-01-10", "show", "2013-infant-b").stdout
    assert "r1" in text and "r2" in text and "withdrawn" in text
    detail = json.loads(run("--as-of", "2014-01-10", "show", "2013-infant-b", "--json").stdout)
    assert detail["requests"][0]["withdrawn"]["reason"] == "wrong"
    assert [a["agency"] for a in detail["agencies"]] == ["Health"]
