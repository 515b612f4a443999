"""The one output-file policy: where a written file goes when ``-o`` is not given, which format a
file name's suffix means, and the refusal of a suffix a writer cannot make.

Every writer asks here (``target`` or ``folder``, then ``format_of``) and writes through
``Workspace.write_output``, so the rule is the same for a report, a letter or a spreadsheet.
"""

from pathlib import Path

from scr.errors import ScrError

# What each writer makes: its name in messages, and suffix -> format (the first is its default).
FORMATS = {
    "report": ("the report", {".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md"}),
    "board-paper": ("the board paper", {".docx": "docx", ".html": "html", ".htm": "html"}),
    "annual": ("the annual section", {".md": "md", ".markdown": "md", ".txt": "md", ".docx": "docx",
                                      ".html": "html"}),
    "timeline": ("the chart", {".svg": "svg", ".png": "png"}),
    "notice": ("a draft", {".docx": "docx", ".md": "md", ".eml": "eml"}),
    "chronology": ("the chronology", {".xlsx": "xlsx", ".docx": "docx", ".csv": "csv", ".md": "md",
                                      ".html": "html"}),
    "chronology-template": ("the template", {".xlsx": "xlsx"}),
    "action-plan": ("an action plan", {".xlsx": "xlsx", ".csv": "csv"}),
    "calendar": ("the calendar", {".ics": "ics"}),
    "tracker": ("the tracker export", {".csv": "csv"}),
    "briefing": ("the briefing", {".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md"}),
}


def suffixes(kind):
    """The suffixes ``kind`` is written as, e.g. ``(".xlsx", ".csv")``."""
    return tuple(FORMATS[kind][1])


def format_names(kind):
    """The formats ``kind`` is written as, each once: ``("docx", "html", "pdf", "md")``."""
    return tuple(dict.fromkeys(FORMATS[kind][1].values()))


def format_of(kind, path):
    """The format a file name asks for; an unknown suffix is refused naming the ones there are."""
    what, known = FORMATS[kind]
    suffix = Path(path).suffix.lower()
    if suffix not in known:
        names = [s for s in known if s not in (".htm", ".markdown", ".txt")]  # spellings, not formats
        shown = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        raise ScrError(f"cannot write {Path(path).name}: {what} is written as {shown}; "
                       f"'{suffix or 'no extension'}' is not one of them")
    return known[suffix]


def choose(kind, to, output, default_for):
    """The format and the file of a writer that takes both ``--to`` and ``-o`` (the report, the
    briefing): ``--to``, else ``-o``'s suffix, else the kind's first format; the two must agree.
    ``default_for(format)`` is the file written when ``-o`` is not a file."""
    names = format_names(kind)
    if to is not None and to not in names:
        raise ScrError(f"unknown format '{to}': use one of {', '.join(names)}")
    chosen = to or names[0]
    if output is not None and not Path(output).expanduser().is_dir():
        asked = format_of(kind, output)
        if to is not None and asked != to:
            raise ScrError(f"-o {output} does not match --to {to}")
        chosen = asked
    return chosen, target(output, default_for(chosen))


def target(output, default):
    """The file to write: ``-o`` as given (inside it, under the default's name, where it is a
    folder), else ``default`` (a path under the workspace's out/ or the review's folder)."""
    if output is None:
        return Path(default)
    path = Path(output).expanduser()
    return path / Path(default).name if path.is_dir() else path


def folder(output, default):
    """The folder to write several files into: ``-o`` as given, else ``default``."""
    return Path(output).expanduser() if output is not None else Path(default)
