"""Values as template text: Markdown that shows exactly what was typed, and YAML string literals.
Used by the template sandbox (every value in a letter) and by the ``md`` and ``yaml`` filters."""

import re

#: Characters that make markup anywhere in a line (emphasis, code, links, raw HTML, table cells,
#: strike-out, super- and subscript, TeX maths): escaped wherever they are.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>|~^$])")
#: Markup only in some places: a block marker at the start of the line (a heading, a list, a
#: quote, a definition), a citation (@ before a word), an entity (&name;), an attribute block.
_PLACED_MARKUP = (
    (re.compile(r"^([#+\-:=>])"), r"\\\1"),
    (re.compile(r"^(\d+)([.)])(?=\s|$)"), r"\1\\\2"),
    (re.compile(r"(?<![\w@])@(?=[\w{])"), r"\\@"),
    (re.compile(r"&(?=#?\w+;)"), r"\\&"),
    (re.compile(r"([{}])"), r"\\\1"),
)


def md_escape(value):
    """Text -> Markdown that shows exactly that text, on one line (safe in a pipe-table cell).

    Only what would otherwise become markup is escaped: an apostrophe, a colon, a hyphen or a
    full stop in running text is left as typed, so the Markdown reads as the text (``review: Child
    F``, ``Children's``), while ``*``, ``_``, ``[``, ``|`` or a ``#`` starting the line are escaped
    so that they print as typed (pandoc's reader has no "smart" typography: quotes and dashes stay)."""
    if value is None:
        return ""
    text = _INLINE_MARKUP.sub(r"\\\1", " ".join(str(value).split()))
    for pattern, replacement in _PLACED_MARKUP:
        text = pattern.sub(replacement, text)
    return text


def yaml_string(value):
    """A value as a YAML (JSON) string literal, for a Markdown metadata block."""
    import json

    return json.dumps("" if value is None else str(value), ensure_ascii=False)
