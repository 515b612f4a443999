"""scr rename REF NEW (CLI.md 1.1): a review out of a ref that holds a real name."""

import json

from conftest import snapshot


def make(run, ref, *more):
    result = run("new", "scr", "--ref", ref, "--title", "A review", "--subject", "Child T",
                 "--aware", "2013-01-10", *more)
    assert result.exit_code == 0, result.stderr


def test_rename_moves_the_folder_the_record_every_action_id_and_links(ws_path, run, monkeypatch):
    monkeypatch.setenv("SCR_AS_OF", "2013-06-01")
    make(run, "2013-tyler")
    make(run, "2013-other")
    assert run("link", "2013-other", "2013-tyler", "--as", "parallel").exit_code == 0
    assert run("actions", "add", "2013-tyler", "Train staff", "--recommendation", "1",
               "--agency", "Health", "--due", "2014-01-01").stdout.strip() == "2013-tyler:1"
    build = ws_path / "reviews" / "2013-tyler" / "report" / "build"
    build.mkdir(parents=True)
    (build / "2013-tyler-overview-report.docx").write_bytes(b"old")

    result = run("rename", "2013-tyler", "2013-child-t")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "2013-child-t"
    assert not (ws_path / "reviews" / "2013-tyler").exists()
    assert "2013-tyler-overview-report.docx was made under the old ref" in result.stderr
    assert "remove it and make it again" in result.stderr

    shown = json.loads(run("show", "2013-child-t", "--json").stdout)
    assert shown["ref"] == "2013-child-t" and shown["actions"]["total"] == 1
    ids = [a["id"] for a in json.loads(run("actions", "list", "--json").stdout)]
    assert ids == ["2013-child-t:1"]
    assert run("actions", "update", "2013-child-t:1", "--status", "in-progress").exit_code == 0
    # a file made under the old ref is listed, not renamed: its contents name the old ref too
    assert (ws_path / "reviews" / "2013-child-t" / "report" / "build"
            / "2013-tyler-overview-report.docx").read_bytes() == b"old"
    other = json.loads(run("show", "2013-other", "--json").stdout)
    assert [link["ref"] for link in other["links"]] == ["2013-child-t"]
    assert run("show", "2013-tyler").exit_code == 1
    listed = [r["ref"] for r in json.loads(run("list", "--json").stdout)]
    assert listed == ["2013-child-t", "2013-other"]


def test_rename_refuses_an_existing_ref_or_a_bad_one_and_changes_nothing(ws_path, run):
    make(run, "2013-tyler")
    make(run, "2013-other")
    before = snapshot(ws_path)
    for new, words in (("2013-other", "already exists"), ("Bad Ref", "invalid new ref"),
                       ("2013-tyler", "already the review's ref")):
        result = run("rename", "2013-tyler", new)
        assert result.exit_code == 1 and words in result.stderr, result.stderr
    assert run("rename", "2013-none", "2013-x").exit_code == 1
    assert snapshot(ws_path) == before


def test_doctor_repair_finishes_a_rename_killed_between_its_two_steps(ws_path, run):
    """The record (and links) are committed first, the folder renamed second: a kill between
    leaves a folder whose record names the new ref, which doctor names and --repair finishes."""
    from scr.workspace.workspace import Workspace

    make(run, "2013-tyler")
    with Workspace(ws_path).open_review("2013-tyler", write=True) as review:
        review.update_record(ref="2013-child-t")  # what the first step commits
    warned = json.loads(run("doctor", "--json").stdout)["warnings"]
    assert any("interrupted `scr rename`" in w["problem"] for w in warned)
    repaired = run("doctor", "--repair", "--json")
    assert repaired.exit_code == 0
    assert (ws_path / "reviews" / "2013-child-t").is_dir() and not (ws_path / "reviews" / "2013-tyler").exists()
    assert json.loads(run("show", "2013-child-t", "--json").stdout)["ref"] == "2013-child-t"
    assert not any("interrupted" in w["problem"] for w in json.loads(run("doctor", "--json").stdout)["warnings"])
