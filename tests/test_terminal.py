"""What scr shows on a terminal 80 columns wide, through a real pseudo-terminal: refs, IDs, dates and
statuses are never cut (only free text wraps), dates read as on paper, an empty result says so in
words, and every writing command confirms what it did in one line on stderr while stdout keeps
exactly what CLI.md prints."""

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest

REFS = ("2014-six-young-men", "2013-infant-b-lcspr")


@pytest.fixture
def portfolio(ws_path, run):
    def ok(*args):
        result = run("--as-of", "2014-04-30", *args)
        assert result.exit_code == 0, result.stderr
        return result

    ok("new", "thematic", "--ref", REFS[0], "--title",
       "Thematic review: six young men seriously harmed or harming others", "--subject", "Young men A-F",
       "--aware", "2014-01-06")
    ok("new", "lcspr", "--ref", REFS[1], "--title", "Practice review: death of an infant (neglect)",
       "--subject", "Infant B", "--aware", "2013-11-18")
    for n, (ref, agency) in enumerate([(REFS[0], "Children's Social Care"), (REFS[1], "Metropolitan Police Service"),
                                       (REFS[0], "East London NHS Foundation Trust")]):
        ok("actions", "add", ref, "Audit looked after children's case files against every risk the review found",
           "--recommendation", str(n + 1), "--agency", agency, "--due", f"2014-0{n + 1}-15",
           "--owner", "Head of Quality Assurance")
        ok("actions", "update", f"{ref}:{n // 2 + 1}", "--status", "in-progress")
    return ws_path


def terminal(args, workspace, columns=80):
    """Run scr with stdout and stderr on a pseudo-terminal ``columns`` wide: (output, exit code)."""
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    env.update({"SCR_WORKSPACE": str(workspace), "SCR_AS_OF": "2014-04-30", "NO_COLOR": "1", "TERM": "xterm"})
    process = subprocess.Popen([sys.executable, "-m", "scr", *args], stdin=secondary, stdout=secondary,
                               stderr=secondary, env=env, close_fds=True)
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:   # the other end closed: the command has finished
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    code = process.wait(timeout=60)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", text), code


@pytest.mark.parametrize("args", [["actions", "overdue"], ["actions", "list"], ["list"], ["status"],
                                  ["deadlines", REFS[1]]])
def test_nothing_a_reader_must_copy_is_cut_at_80_columns(portfolio, args):
    text, code = terminal(args, portfolio)
    assert code == 0, text
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert "…" not in text, text
    words = set(text.split())
    if args[0] == "actions":
        for ref in REFS:
            assert f"{ref}:1" in words, text
        assert "in-progress" in words and "15 Jan 2014" in text, text
    if args[0] in ("list", "status"):
        assert set(REFS) <= words, text
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "dates as on paper, never ISO: " + text


def test_an_empty_result_says_so_in_words(ws_path):
    text, code = terminal(["list"], ws_path)
    assert code == 0 and text.strip() == "No open reviews."
    text, code = terminal(["actions", "list"], ws_path)
    assert code == 0 and text.strip() == "No actions."


def test_writing_commands_confirm_on_stderr_and_keep_stdout_to_the_contract(portfolio, run):
    result = run("--as-of", "2014-04-30", "event", REFS[0], "decision", "--date", "2014-01-22")
    assert result.stdout == "e2\n"
    assert result.stderr == f"{REFS[0]}: decision recorded on 22 Jan 2014 (e2)\n"
    result = run("recommendation", "set", REFS[0], "1", "Audit the files", "--response", "Accepted")
    assert result.stdout == "" and result.stderr == f"{REFS[0]}: recommendation 1 set, with the board's response\n"
    result = run("withdraw", REFS[0], "e2", "--reason", "entered in error")
    assert result.stdout == "" and result.stderr == f"{REFS[0]}: e2 withdrawn\n"
    result = run("set", REFS[0], "chair", "Sarah Holt")
    assert result.stdout == "" and result.stderr == f"{REFS[0]}: chair set\n"


def test_plain_lines_show_dates_as_on_paper(portfolio, run):
    result = run("--as-of", "2014-04-30", "actions", "update", f"{REFS[0]}:1", "--owner", "Head of Service")
    assert result.stdout.startswith(f"{REFS[0]}:1: in-progress, due 15 Jan 2014, version "), result.stdout
    run("--as-of", "2014-04-30", "set", REFS[0], "scope-from", "2008-01-01")
    shown = run("--as-of", "2014-04-30", "show", REFS[0]).stdout
    assert "Scope      1 Jan 2008 to ?" in shown or "1 Jan 2008 to ?" in shown, shown
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", shown.replace(REFS[0], "")), shown
