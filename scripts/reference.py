"""Generate docs/reference.md, the command reference, from every command's --help (its docstring).

    python scripts/reference.py --write   # rewrite docs/reference.md (make docs)
    python scripts/reference.py --check   # exit 1 when docs/reference.md is stale (tests/test_docs.py)
"""

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scr.cli import cli  # noqa: E402

REFERENCE = ROOT / "docs" / "reference.md"
HEADER = """# Command reference

Generated from each command's `--help` (its docstring) by `make docs`; `tests/test_docs.py` fails when
it is stale. Dates are typed day first; `--json` output, exit codes and the rest of the contract are in
the design's CLI.md. The root options (`--workspace`, `--as-of`, `--user`) come before the command.
"""


def walk(group, prefix=("scr",)):
    """(full name, command) for every command, depth first, sorted by name."""
    ctx = click.Context(group, info_name=" ".join(prefix))
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from walk(command, (*prefix, name))


def help_text(path, command):
    # help_option_names as the real command line has them (cli's context_settings): click caches a
    # command's help option once made, so anything else makes the text depend on which ran first.
    names = cli.context_settings.get("help_option_names", ["--help"])
    width = {"terminal_width": 100, "max_content_width": 100, "help_option_names": names}
    if command is cli:
        return cli.get_help(click.Context(cli, info_name="scr", **width))
    parent = click.Context(cli, info_name="scr", help_option_names=names)
    ctx = click.Context(command, info_name=" ".join(path[1:]), parent=parent, **width)
    return command.get_help(ctx)


def generate():
    parts = [HEADER, "## `scr`", "", "```", help_text(("scr",), cli), "```", ""]
    for path, command in walk(cli):
        parts += [f"## `{' '.join(path)}`", "", "```", help_text(path, command), "```", ""]
    return "\n".join(parts)


def main(argv):
    new = generate()
    if "--write" in argv:
        REFERENCE.write_text(new, encoding="utf-8")
    elif not REFERENCE.exists() or REFERENCE.read_text(encoding="utf-8") != new:
        sys.exit("docs/reference.md is stale: run `make docs`")


if __name__ == "__main__":
    main(sys.argv[1:])
