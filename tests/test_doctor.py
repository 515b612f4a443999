"""scr/workspace/doctor.py: what `scr doctor` finds, called directly (and once through the command):
damaged review files, folders and files others can read, leftovers of an interrupted write, and
folders that are not reviews."""

import json
import os

import pytest

from scr.workspace.doctor import examine
from scr.workspace.workspace import Workspace


@pytest.fixture
def ws_path(ws_path, run):
    for ref in ("r1", "r2"):
        assert run("new", "scr", "--ref", ref, "--title", "T", "--subject", "Child F").exit_code == 0
    return ws_path


def found(ws_path, group=False):
    if group:
        config = ws_path / "scr.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("group = false", "group = true"),
                          encoding="utf-8")
    return examine(Workspace(ws_path, user="tester"))


def test_a_healthy_workspace_has_nothing_to_report(ws_path):
    report = found(ws_path)
    assert report.pop("index")["reviews"] == 2  # the derived index (tests/test_index.py)
    assert report == {"reviews": 2, "damaged": [], "warnings": [], "repaired": []}
    index = found(ws_path)["index"]
    assert (index["rebuilt"], index["stale"], index["reason"]) == (False, 0, None)


@pytest.mark.parametrize("content, problem", [
    (b'{"record": {"ref": "r2"', "line 1"),   # cut short by a full disk
    (b"", "empty"),
    (b"\x00\x00\x00", ""),
    (b'["not", "a", "review"]', ""),
])
def test_a_damaged_review_file_is_named_and_the_others_still_read(ws_path, content, problem):
    path = ws_path / "reviews" / "r2" / "review.json"
    path.write_bytes(content)
    report = found(ws_path)
    assert report["reviews"] == 2
    assert [d["file"] for d in report["damaged"]] == [str(path)]
    assert problem.lower() in report["damaged"][0]["problem"].lower()


def test_doctor_exits_3_naming_the_damaged_file(ws_path, run):
    (ws_path / "reviews" / "r2" / "review.json").write_text("{", encoding="utf-8")
    result = run("doctor", "--json")
    assert result.exit_code == 3
    assert [d["file"] for d in json.loads(result.stdout)["damaged"]] == [str(ws_path / "reviews" / "r2" / "review.json")]


def test_a_review_others_can_read_is_warned(ws_path):
    folder = ws_path / "reviews" / "r1"
    os.chmod(folder, 0o755)
    os.chmod(folder / "review.json", 0o644)
    warned = {w["file"]: w["problem"] for w in found(ws_path)["warnings"]}
    assert warned == {str(folder): "others can read or change it",
                      str(folder / "review.json"): "others can read or change it"}


def test_group_access_is_warned_only_where_the_workspace_does_not_allow_it(ws_path):
    folder = ws_path / "reviews" / "r1"
    os.chmod(folder, 0o750)
    warned = [w["file"] for w in found(ws_path)["warnings"]]
    assert warned == [str(folder)]
    assert "[access] group = false" in found(ws_path)["warnings"][0]["problem"]
    assert found(ws_path, group=True)["warnings"] == []


def test_the_reviews_folder_itself_is_checked(ws_path):
    os.chmod(ws_path / "reviews", 0o755)
    assert [w["file"] for w in found(ws_path)["warnings"]] == [str(ws_path / "reviews")]


def test_a_leftover_of_an_interrupted_write_is_named_safe_to_delete(ws_path):
    leftover = ws_path / "reviews" / "r1" / ".review.json.1234.tmp"
    leftover.write_text("{}", encoding="utf-8")
    report = found(ws_path)
    assert report["damaged"] == []
    assert [w["file"] for w in report["warnings"]] == [str(leftover)]
    assert "safe to delete" in report["warnings"][0]["problem"]


def test_a_folder_without_a_review_file_is_not_counted_as_a_review(ws_path):
    (ws_path / "reviews" / "half").mkdir()
    (ws_path / "reviews" / ".hidden").mkdir()
    report = found(ws_path)
    assert report["reviews"] == 2 and report["damaged"] == []
    assert report["warnings"] == [{"file": str(ws_path / "reviews" / "half"),
                                   "problem": "a folder without review.json: not a review"}]
