"""Values as template text: Markdown that shows exactly what was typed, and YAML string literals.
Used by the template sandbox (every value in a letter) and by the ``md`` and ``yaml`` filters."""

#: ASCII punctuation that means something to pandoc's Markdown inside a line of text.
_MARKDOWN_ESCAPES = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]<>#+!|~^$@&='\"-.:"})


def md_escape(value):
    """Text -> Markdown that shows exactly that text, on one line (safe in a pipe-table cell).
    Quotes, hyphens and full stops are escaped too, so they are not made typographic (curly quotes,
    dashes, ellipses): a record shows as it was typed."""
    if value is None:
        return ""
    return " ".join(str(value).split()).translate(_MARKDOWN_ESCAPES)


def yaml_string(value):
    """A value as a YAML (JSON) string literal, for a Markdown metadata block."""
    import json

    return json.dumps("" if value is None else str(value), ensure_ascii=False)
