"""Shared fixtures: every test gets its own workspace in tmp_path; nothing touches a real one."""

import os

import pytest
from click.testing import CliRunner

from scr.cli import cli
from scr.workspace.workspace import create


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path):
    """No test reads the developer's workspace, date, login or cache: SCR_* and XDG_CACHE_HOME
    point at the test's own."""
    for name in ("SCR_WORKSPACE", "SCR_AS_OF", "SCR_USER", "FORCE_COLOR", "SCR_NO_INDEX"):
        monkeypatch.delenv(name, raising=False)
    # The derived index and the search index live in the user's cache folder: each test gets its
    # own, never a real home's.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))
    monkeypatch.setenv("SCR_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def ws_path(tmp_path, monkeypatch):
    """An initialised workspace, with SCR_WORKSPACE pointing at it."""
    root = create(tmp_path / "ws", "Tower Hamlets Safeguarding Children Board")
    monkeypatch.setenv("SCR_WORKSPACE", str(root))
    return root


@pytest.fixture
def run():
    """Run scr in-process: run("list", "--json") -> click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args, input=None):
        result = runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=True)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception  # a traceback is a bug: fail loudly with it
        return result

    return invoke


def snapshot(root):
    """Every file under root with its bytes: to prove a failed command changed nothing."""
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                files[os.path.relpath(path, root)] = handle.read()
    return files
