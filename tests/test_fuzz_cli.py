"""Bad input, tried at scale: hypothesis-generated command lines for every command in the tree.

Every command registered in ``scr.cli`` is found by walking the command tree, and its command lines
are generated from its own parameters (tests/harness/params.py): random and hostile refs, dates, statuses,
option values, and importer files (CSV in several encodings, .xlsx, .docx, truncated and junk files,
huge cells, ``=HYPERLINK(...)`` and other CSV-injection strings). Each runs against a fresh copy of a
seeded workspace and must keep the contract's invariants (harness.check_result): never a traceback,
exit codes 0-3, an ``Error:`` line with exit 1, one JSON document with ``--json``, no formula in a
spreadsheet scr wrote, and, after every failed command, the workspace byte-for-byte as before.

The bulk runs in-process through click's CliRunner; a sample runs through real ``scr`` processes.
Example counts are bounded (SCR_FUZZ_SCALE multiplies them for a longer hunt; SCR_FUZZ_RANDOM=1
explores new examples instead of the fixed, reproducible ones CI runs).
"""

import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import harness
from conftest import snapshot

SCALE = float(os.environ.get("SCR_FUZZ_SCALE", "1"))
RANDOM = os.environ.get("SCR_FUZZ_RANDOM") == "1"
PATHS = harness.command_paths()
# Importers and commands that take free text get more examples; renders (pandoc) fewer.
BUDGET = {"chronology add": 200, "actions import": 200, "set": 80, "new": 60, "actions add": 60,
          "actions update": 50, "event": 50, "notify": 40, "report render": 10, "board-paper": 12,
          "annual": 25, "init": 20, "calendar": 20}
DEFAULT_BUDGET = 45


def fuzz_settings(count):
    return settings(max_examples=max(1, int(count * SCALE)), deadline=None, database=None,
                    derandomize=not RANDOM, print_blob=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return harness.build_seed(tmp_path_factory.mktemp("seed"))


@pytest.fixture
def base(tmp_path):
    folder = harness.fast_base(tmp_path)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_seed_reaches_every_table(seed):
    """The fuzz starts from a workspace with something in every table the commands that exist fill."""
    result = harness.invoke(["list", "--all", "--json"], seed.root)
    assert result.exit_code == 0 and {r["ref"] for r in __import__("json").loads(result.stdout)} == {"r1", "r2", "r3"}
    assert harness.invoke(["doctor"], seed.root).exit_code == 0


def test_every_command_is_fuzzed():
    """The tree walk finds the foundation's commands (and any that land later)."""
    for name in ("init", "new", "list", "show", "log", "doctor", "set", "link", "withdraw"):
        assert name in PATHS


@pytest.mark.parametrize("path", PATHS)
def test_fuzz_command_in_process(path, seed, base):
    @fuzz_settings(BUDGET.get(path, DEFAULT_BUDGET))
    @given(argv=harness.command_line(path))
    def one(argv):
        harness.run_example(argv, seed, base)

    one()


@pytest.mark.parametrize("path", [p for p in PATHS if p in ("chronology add", "actions import", "set")])
def test_importers_never_store_a_formula(path, seed, base):
    """Whatever an importer accepted, every spreadsheet exported afterwards holds no formula."""
    exports = [p for p in (["actions", "export", "r1", "-o"], ["chronology", "merge", "r1", "-o"])
               if " ".join(p[:2]) in PATHS]

    @fuzz_settings(25)
    @given(argv=harness.command_line(path), suffix=st.sampled_from([".xlsx", ".csv"]))
    def one(argv, suffix):
        with harness.Scratch(seed, base) as scratch:
            args, _ = harness.materialise(argv, scratch.folder, scratch.ws)
            harness.invoke(args, scratch.ws)
            for n, export in enumerate(exports):
                target = scratch.folder / f"export{n}{suffix}"
                result = harness.invoke(export + [str(target)], scratch.ws)
                assert result.exit_code == 0, result.stderr  # r1 exists: its export always writes
                harness.check_spreadsheets([target])

    one()


@fuzz_settings(100)
@given(lines=st.lists(st.sampled_from(PATHS).flatmap(harness.command_line), min_size=2, max_size=6))
def test_fuzz_sequences_on_one_workspace(lines, seed, base):
    """What one command stored, the next must be able to use: sequences of command lines on the same
    workspace (a title stored by `new` that only `chronology template` could not write, say)."""
    with harness.Scratch(seed, base) as scratch:
        for argv in lines:
            args, outputs = harness.materialise(argv, scratch.folder, scratch.ws)
            before = snapshot(scratch.ws)
            here = os.getcwd()
            os.chdir(scratch.folder)
            try:
                result = harness.invoke(args, scratch.ws)
            finally:
                os.chdir(here)
            kept = {value.data for value in argv if isinstance(value, harness.InputFile)}
            harness.check_result(args, result, before, snapshot(scratch.ws), outputs, scratch.ws, kept)


def _subprocess_env(ws):
    env = dict(os.environ, SCR_WORKSPACE=str(ws), SCR_AS_OF=harness.AS_OF, SCR_USER="fuzzer", NO_COLOR="1")
    env["PYTHONPATH"] = str(harness.ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _no_nul(argv):
    return all("\x00" not in a for a in argv if isinstance(a, str))


@fuzz_settings(24)
@given(argv=st.sampled_from(PATHS).flatmap(harness.command_line).filter(_no_nul))
def test_fuzz_sample_through_real_processes(argv, seed, base):
    """The same invariants through the console script: what a user sees is never a traceback."""
    with harness.Scratch(seed, base) as scratch:
        args, outputs = harness.materialise(argv, scratch.folder, scratch.ws)
        before = snapshot(scratch.ws)
        proc = subprocess.run([sys.executable, "-m", "scr", *args], capture_output=True, text=True,
                              env=_subprocess_env(scratch.ws), timeout=120, errors="replace")
        after = snapshot(scratch.ws)
        kept = {value.data for value in argv if isinstance(value, harness.InputFile)}
        harness.check_result(args, proc_result(proc), before, after, outputs, scratch.ws, kept)


class proc_result:
    """A finished process shaped like click's Result, for check_result."""

    def __init__(self, proc):
        self.exit_code, self.stdout, self.stderr = proc.returncode, proc.stdout, proc.stderr


# Command lines the fuzz found failing once, kept so they stay fixed.
FOUND = [
    ["deadlines", "--within", "99999999999999999999", "--all", "--json"],  # OverflowError in timescales.within
    ["chronology", "template", "r2", "\x1b"],  # IllegalCharacterError writing the agency into the .xlsx
    ["new", "scr", "--title", "T\x1bitle", "--subject", "S", "--ref", "r7"],  # then every .docx/.xlsx of it failed
    ["set", "r1", "title", "bell\x07"],
    ["actions", "add", "r1", "Do\x1b it", "--recommendation", "1", "--agency", "Education", "--due", "2014-06-01"],
    ["event", "r1", "referral", "--date", "2013-01-02", "--note", "n\x1bote"],
    ["report", "render", "r1", "--output", harness.OutputPath("scratch", ".xlsx")],  # a .docx named .xlsx
    # A message starting with what was typed, spaces first, lost its `Error:` prefix.
    ["chronology", "add", "r2", harness.InputFile(".csv", b"Date,Event\n1/1/2012,x\n"), "  metropolitan   POLICE "],
]


def test_control_characters_from_an_agency_file_never_reach_a_document(seed, base):
    """An agency's CSV with a stray control character (Word's vertical tab, an escape) imports, and
    every chronology export still writes."""
    with harness.Scratch(seed, base) as scratch:
        source = scratch.folder / "csc.csv"
        source.write_bytes(b"Date,Event,Source\n3/1/2012,Home\x0bvisit\x1b,Notes\x01\n")
        result = harness.invoke(["chronology", "add", "r1", "Children's Social Care", str(source)], scratch.ws)
        assert result.exit_code == 0, result.stderr
        for suffix in (".docx", ".xlsx", ".csv", ".md", ".html"):
            out = scratch.folder / f"merged{suffix}"
            result = harness.invoke(["chronology", "merge", "r1", "-o", str(out)], scratch.ws)
            assert result.exit_code == 0 and out.is_file(), (suffix, result.stderr)


@pytest.mark.parametrize("argv", FOUND, ids=[" ".join(map(str, a))[:40] for a in FOUND])
def test_found_by_fuzzing(argv, seed, base):
    assert harness.path_of(argv), f"scr {argv[0]} is not a command any more"
    result = harness.run_example(argv, seed, base)
    if any(ch < " " for arg in argv[1:] if isinstance(arg, str) for ch in arg if ch not in "\t\n\r"):
        assert result.exit_code == 1 and "control character" in result.stderr, result.stderr
