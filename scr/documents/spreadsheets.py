"""Spreadsheet cells from people's text: the one formula guard for every CSV scr writes.

A CSV cell that a spreadsheet would take for a formula (``=HYPERLINK(…)``, ``+44…``, ``-1``,
``@SUM(…)``) is written with a single quote in front, which Excel and LibreOffice show as text. The
guard is the strict one: the four formula characters, their full-width forms (which some
spreadsheets fold to ASCII), a leading tab, carriage return or line feed (which some importers
drop before reading what follows), and any of these after leading white space (which some
spreadsheets trim). In .xlsx files scr writes text as strings, so a cell never becomes a formula
there whatever it starts with.
"""

FORMULA_CHARACTERS = "=+-@\uff1d\uff0b\uff0d\uff20"
#: Characters before which a spreadsheet may look further (dropped, or trimmed as white space).
LEADING_CONTROL = "\t\r\n"


def needs_guard(text):
    """True where a spreadsheet could read ``text`` as a formula."""
    if not text:
        return False
    if text[0] in LEADING_CONTROL:
        return True
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in FORMULA_CHARACTERS


def guard(text):
    """``text`` as a CSV cell a spreadsheet shows as text: ``'`` in front where it needs one."""
    text = "" if text is None else str(text)
    return "'" + text if needs_guard(text) else text


def unguard(text):
    """A cell read back from scr's own CSV: the guard's ``'`` taken off again."""
    if text.startswith("'") and needs_guard(text[1:]):
        return text[1:]
    return text
