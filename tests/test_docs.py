"""Every command has help text and is in docs/reference.md, which is up to date; the docs map the code."""

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
REFERENCE = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_has_help_and_is_in_the_reference(path, command):
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    assert f"## `{' '.join(path)}`" in REFERENCE, f"{' '.join(path)} is missing from docs/reference.md"


def test_reference_is_current():
    assert reference.generate() == REFERENCE, "docs/reference.md is stale: run `make docs`"


def test_reference_shows_the_root_options():
    root = REFERENCE.split("## `scr`", 1)[1].split("## `scr ", 1)[0]
    for option in ("--workspace", "--as-of", "--user"):
        assert option in root, f"{option} is missing from the root of docs/reference.md"


def test_readme_links_the_reference_and_the_architecture():
    assert "docs/reference.md" in README and "docs/architecture.md" in README


def test_architecture_names_every_module():
    """docs/architecture.md's map names every module by its path under scr/."""
    package = ROOT / "scr"
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        if path.name == "__init__.py" and not path.read_text(encoding="utf-8").strip():
            continue
        assert f"`{name}`" in ARCHITECTURE, f"scr/{name} is missing from docs/architecture.md"


def test_one_version_number():
    import scr
    from importlib.metadata import version

    assert version("scr") == scr.__version__
    assert "version = attr: scr.__version__" in (ROOT / "setup.cfg").read_text(encoding="utf-8")


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
