"""The one place that prints: JSON documents, tables (rich on a terminal, plain text when piped),
written paths, warnings. Data goes to stdout; messages and warnings go to stderr."""

import json
import os
import sys

import click


def is_terminal():
    return sys.stdout.isatty()


def print_json(data):
    """Exactly one JSON document on stdout, written as it is encoded (the same bytes as
    ``json.dumps``): the whole text of 60,000 overdue actions is never held at once."""
    pieces, size = [], 0
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2, default=str).iterencode(data):
        pieces.append(chunk)
        size += len(chunk)
        if size >= 1 << 16:
            click.echo("".join(pieces), nl=False)
            pieces, size = [], 0
    pieces.append("\n")
    click.echo("".join(pieces), nl=False)


def print_json_list(items):
    """One JSON list on stdout, an item per line: for long lists (50,000 chronology entries), as
    json's fast C encoder cannot indent."""
    if not items:
        click.echo("[]")
        return
    dumps = json.JSONEncoder(ensure_ascii=False, default=str).encode
    click.echo("[\n  " + ",\n  ".join(map(dumps, items)) + "\n]")


def print_lines(lines):
    for line in lines:
        click.echo(line)


def print_paths(paths, as_json=False):
    """Each written file's absolute path on its own line (``{"path"}``/``{"paths"}`` with --json)."""
    paths = [str(p) for p in paths]
    if as_json:
        print_json({"path": paths[0]} if len(paths) == 1 else {"paths": paths})
    else:
        print_lines(paths)


def warn(message):
    click.echo(f"Warning: {message}", err=True)


def message(text):
    """A note for the person at the terminal (stderr, so stdout stays data)."""
    click.echo(text, err=True)


def progress(text):
    """A note on long work (imports, merges, renders), shown only when stderr is a terminal."""
    if sys.stderr.isatty():
        click.echo(f"{text}…", err=True)


def _cell(value):
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def print_rows(rows, as_json, columns, **table_options):
    """A list command's result: the rows as one JSON document with ``--json``, else a table."""
    if as_json:
        print_json(rows)
    else:
        print_table(rows, columns, **table_options)


def print_table(rows, columns, title=None, styles=None, compact=False):
    """``columns``: list of (key, heading), or (key, heading, rich column options such as
    ``{"no_wrap": True}``). ``styles``: optional function row -> rich style name. ``compact``:
    no vertical rules, so more fits on one screen.

    On a terminal a rich table (colour unless NO_COLOR); piped, plain text in aligned columns.
    """
    columns = [(column[0], column[1]) + ((column[2],) if len(column) > 2 else ({},)) for column in columns]
    if is_terminal():
        from rich.console import Console
        from rich.table import Table

        layout = {"box": None, "pad_edge": False, "padding": (0, 1, 0, 0)} if compact else {}
        table = Table(title=title, header_style="bold underline" if compact else "bold", show_lines=False,
                      **layout)
        for _, heading, options in columns:
            table.add_column(heading, **options)
        for row in rows:
            style = styles(row) if styles else None
            table.add_row(*(_cell(row.get(key)) for key, _, _ in columns), style=style)
        Console(no_color=bool(os.environ.get("NO_COLOR"))).print(table)
        return
    if title:
        click.echo(title)
    cells = [[heading for _, heading, _ in columns]] + [
        [_cell(row.get(key)) for key, _, _ in columns] for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    for line in cells:
        click.echo("  ".join(text.ljust(width) for text, width in zip(line, widths)).rstrip())


def print_fields(pairs):
    """Label: value lines, for `show`-like output."""
    width = max((len(label) for label, _ in pairs), default=0)
    for label, value in pairs:
        click.echo(f"{label.ljust(width)}  {_cell(value)}")
