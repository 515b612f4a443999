"""Files stay private whatever the umask (CLI.md [access]); -o never writes through a symbolic link;
scr doctor warns about a workspace root, frameworks/ or templates/ that others can write."""

import json
import os
import stat
from contextlib import contextmanager

import pytest


@contextmanager
def umask(mask):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_init_under_umask_000_makes_the_root_frameworks_and_scr_toml_private(tmp_path, run):
    with umask(0o000):
        assert run("init", tmp_path / "a" / "ws").exit_code == 0
    root = tmp_path / "a" / "ws"
    assert {name: oct(mode(root / name)) for name in ("", "reviews", "frameworks", "scr.toml")} == {
        "": "0o700", "reviews": "0o700", "frameworks": "0o700", "scr.toml": "0o600"}
    assert mode(tmp_path / "a") == 0o700  # a parent scr made for it too


@pytest.fixture
def review(ws_path, run, monkeypatch):
    monkeypatch.setenv("SCR_AS_OF", "2013-06-01")
    assert run("new", "scr", "--ref", "2013-child-a", "--title", "T", "--subject", "Child A",
               "--aware", "2013-01-10").exit_code == 0
    return ws_path / "reviews" / "2013-child-a"


def test_folders_for_o_and_out_are_private_whatever_the_umask(review, run, tmp_path, ws_path):
    with umask(0o000):
        target = tmp_path / "new" / "deeper" / "plan.csv"
        assert run("actions", "export", "2013-child-a", "-o", target).exit_code == 0
        assert run("status").exit_code == 0
        assert run("annual", "--from", "2013-01-01", "--to", "2013-12-31", "-o",
                   ws_path / "out" / "annual.md").exit_code == 0
    assert [oct(mode(p)) for p in (tmp_path / "new", tmp_path / "new" / "deeper", target)] == [
        "0o700", "0o700", "0o600"]
    assert oct(mode(ws_path / "out")) == "0o700"


def test_a_review_folder_made_by_hand_is_tightened_when_scr_writes_into_it(review, run):
    with umask(0o000):
        (review / "report" / "sections").mkdir(parents=True, exist_ok=True)
        os.chmod(review / "report" / "sections", 0o777)
        assert run("report", "draft", "2013-child-a").exit_code == 0
    assert oct(mode(review / "report" / "sections")) == "0o700"
    assert all(mode(p) == 0o600 for p in (review / "report" / "sections").iterdir())


def test_o_onto_a_symbolic_link_is_refused_and_its_target_untouched(review, run, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "plan.csv"
    link.symlink_to(victim)
    result = run("actions", "export", "2013-child-a", "-o", link)
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert victim.read_text() == "keep me" and link.is_symlink()


def test_doctor_warns_about_a_root_frameworks_or_templates_others_can_write(review, run, ws_path):
    (ws_path / "templates" / "report").mkdir(parents=True)
    (ws_path / "templates" / "report" / "title.yaml.j2").write_text("title: x\n")
    os.chmod(ws_path, 0o777)
    os.chmod(ws_path / "frameworks", 0o775)
    os.chmod(ws_path / "templates" / "report" / "title.yaml.j2", 0o666)
    result = run("doctor", "--json")
    warned = {w["file"]: w["problem"] for w in json.loads(result.stdout)["warnings"]}
    assert "others can write" in warned[str(ws_path)]
    assert "its group can write" in warned[str(ws_path / "frameworks")]
    assert "others can write" in warned[str(ws_path / "templates" / "report" / "title.yaml.j2")]
    os.chmod(ws_path, 0o700)
