"""The one place that prints: JSON documents, tables (rich on a terminal, plain text when piped),
written paths, warnings. Data goes to stdout; messages and warnings go to stderr."""

import os
import re
import sys

import click


def is_terminal():
    return sys.stdout.isatty()


def print_json(data):
    """Exactly one JSON document on stdout: the bytes of ``json.dumps(data, ensure_ascii=False,
    indent=2, default=str)`` for every value scr prints (strings, whole numbers, money, dates),
    encoded by msgspec, several times faster (60,000 overdue actions). Values the derived index
    keeps already encoded (``msgspec.Raw``) are written as they are."""
    import msgspec

    def encoded(value):
        return msgspec.json.format(msgspec.json.encode(value, enc_hook=str), indent=2)

    if not isinstance(data, list) or len(data) <= CHUNK:
        click.echo(encoded(data))
        return
    # A long list a chunk at a time (the same bytes): 100,000 actions are never all encoded at once.
    for start in range(0, len(data), CHUNK):
        text = encoded(data[start:start + CHUNK])  # "[\n  item,\n  item\n]"
        click.echo((b"[\n" if start == 0 else b",\n") + text[2:-2], nl=False)
    click.echo(b"\n]")


CHUNK = 2000  # items of a long JSON list encoded at once


def print_json_list(items):
    """One JSON list on stdout, an item per line: for long lists (50,000 chronology entries), as
    json's fast C encoder cannot indent."""
    if not items:
        click.echo("[]")
        return
    import json

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


def waiting(text):
    """A writer waiting for a review's lock: said on a terminal only (scripts just wait)."""
    if sys.stderr.isatty():
        click.echo(f"{text}…", err=True)
def confirm(text):
    """What a writing command did, in one line on stderr (stdout keeps exactly what CLI.md
    prints: a ref, an ID, a path)."""
    click.echo(text, err=True)


def progress(text):
    """A note on long work (imports, merges, renders), shown only when stderr is a terminal."""
    if sys.stderr.isatty():
        click.echo(f"{text}…", err=True)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHOWN_DATE = re.compile(r"^(\d{1,2} )?[A-Z][a-z]{2} \d{4}$")
EMPTY = "Nothing to show."


def _cell(value):
    """A value as a table shows it: dates day first ("7 Aug 2014", as on paper; --json keeps
    ISO), nothing as "-"."""
    from datetime import date

    from scr import values

    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        try:
            return values.show(value)
        except ValueError:
            return str(value)
    return str(value)


def print_rows(rows, as_json, columns, **table_options):
    """A list command's result: the rows as one JSON document with ``--json``, else a table."""
    if as_json:
        print_json(rows)
    else:
        print_table(rows, columns, **table_options)


def _is_key(texts):
    """A column of keys: every cell one word (a ref, an ID, a status, a count) or a date. Keys are
    never wrapped or cut; a column of several-word cells is free text, which wraps."""
    return all(" " not in t or _SHOWN_DATE.match(t) for t in texts)


def _stacked(rows, columns, cells, styles, console):
    """Rows too wide for the terminal, one block each: "Heading: value" pairs wrapped at spaces
    only (no key is ever broken), a blank line between rows."""
    import textwrap

    from rich.text import Text

    width = console.width
    for number, (row, line) in enumerate(zip(rows, cells)):
        pairs = [f"{heading}: {text}" if heading else text
                 for (_, heading, _), text in zip(columns, line) if text != "-"]
        wrapped = textwrap.wrap("  ".join(pairs), width, subsequent_indent="    ",
                                break_long_words=False, break_on_hyphens=False)
        if number:
            console.print()
        for text in wrapped:
            console.print(Text(text, style=(styles(row) if styles else None) or ""))


def print_table(rows, columns, title=None, styles=None, compact=False, empty=EMPTY):
    """``columns``: list of (key, heading), or (key, heading, rich column options).
    ``styles``: optional function row -> rich style name. ``empty``: what an empty result says, in
    words, instead of a bare header. (``compact`` is accepted for old callers: every table has
    the one style.)

    One table style everywhere: a bold header over a rule, no boxes. Columns of keys (refs, IDs,
    dates, statuses, counts) are never wrapped or cut; only free text wraps, so at 80 columns
    nothing a reader must copy is lost. A column empty in every row is left out. On a terminal a
    rich table (colour unless NO_COLOR); piped, plain text in aligned columns, nothing cut.
    """
    rows = list(rows)
    if not rows:
        click.echo(empty)
        return
    columns = [(column[0], column[1]) + ((column[2],) if len(column) > 2 else ({},)) for column in columns]
    cells = [[_cell(row.get(key)) for key, _, _ in columns] for row in rows]
    keep = [i for i in range(len(columns)) if any(line[i] != "-" for line in cells)]
    columns = [columns[i] for i in keep]
    cells = [[line[i] for i in keep] for line in cells]
    if is_terminal():
        from rich import box
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        console = Console(no_color=bool(os.environ.get("NO_COLOR")), soft_wrap=False)
        table = Table(title=Text(title) if title else None, title_justify="left", title_style="bold",
                      header_style="bold", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        needed = 0
        for index, (_, heading, options) in enumerate(columns):
            texts = [line[index] for line in cells]
            longest_word = max((len(w) for w in heading.split()), default=0)
            if _is_key(texts):
                widest = max([len(t) for t in texts] + [longest_word])
                # a fixed width: the cells fit it whole; a heading wraps at its spaces
                settings = {"width": widest, "overflow": "fold"}
                needed += widest + 2
            else:
                settings = {"overflow": "fold", "ratio": 1}
                # free text narrower than this reads worse than one block a row
                needed += min(max(len(t) for t in texts), 20) + 2
            settings.update({k: v for k, v in options.items() if k not in ("no_wrap", "min_width", "width")})
            table.add_column(heading, **settings)
        if needed - 2 > console.width:  # the keys would not fit beside the text: one block a row
            if title:
                console.print(Text(title, style="bold"))
            _stacked(rows, columns, cells, styles, console)
            return
        for row, line in zip(rows, cells):
            table.add_row(*line, style=styles(row) if styles else None)
        console.print(table)
        return
    if title:
        click.echo(title)
    lines = [[heading for _, heading, _ in columns]] + cells
    widths = [max(len(line[i]) for line in lines) for i in range(len(columns))]
    for line in lines:
        click.echo("  ".join(text.ljust(width) for text, width in zip(line, widths)).rstrip())


def print_fields(pairs):
    """Label: value lines, for `show`-like output."""
    width = max((len(label) for label, _ in pairs), default=0)
    for label, value in pairs:
        click.echo(f"{label.ljust(width)}  {_cell(value)}")
