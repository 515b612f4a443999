"""Every command has help text and appears in the README's reference, which is up to date."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("reference", ROOT / "scripts" / "reference.py")
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)

COMMANDS = list(reference.walk(reference.cli))
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_has_help_and_is_in_the_readme(path, command):
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    assert f"### `{' '.join(path)}`" in README, f"{' '.join(path)} is missing from README's reference"


def test_readme_reference_is_current():
    assert reference.replaced(README) == README, "README's command reference is stale: run `make docs`"


def test_readme_opens_with_the_quick_start():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make demo" in quick and "make test" in quick


def test_every_option_has_help():
    for path, command in COMMANDS:
        for param in command.params:
            if param.param_type_name == "option" and param.name not in ("help",):
                assert (param.help or "").strip(), f"{' '.join(path)} {param.opts[0]} has no help"


def test_help_imports_nothing_heavy():
    code = ("import sys; sys.argv=['scr','--help']\n"
            "from scr.cli import cli\n"
            "try:\n    cli.main(prog_name='scr')\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('pypandoc','openpyxl','docx','jinja2','holidays','matplotlib','icalendar','tinydb') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout
    assert "HEAVY []" in out, out
