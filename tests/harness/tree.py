"""The command tree, walked from ``scr.cli.cli``: every leaf command, found by its path."""

from pathlib import Path

import click

from scr.cli import cli

ROOT = Path(__file__).resolve().parent.parent.parent


def walk(group=cli, prefix=()):
    """(path, command) for every leaf command under ``group``, in name order."""
    ctx = click.Context(group, info_name="scr")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None:
            continue
        if isinstance(command, click.Group):
            yield from walk(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def command_paths():
    return [" ".join(path) for path, _ in walk()]


def find(path):
    for candidate, command in walk():
        if candidate == tuple(path.split()):
            return command
    raise KeyError(path)


def path_of(argv):
    """The command path of a command line: the longest prefix that names a registered command."""
    known = set(command_paths())
    for n in (2, 1):
        if " ".join(argv[:n]) in known:
            return " ".join(argv[:n])
    return None


def available(lines):
    """LINES, each checked to name a registered command (a renamed or lost command fails here)."""
    missing = [argv for argv in lines if not path_of(argv)]
    assert not missing, f"not registered commands: {missing}"
    return list(lines)
