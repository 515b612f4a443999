"""Publication hygiene: what never reaches a final document, whatever a section or a board's
reference document holds.

- ``strip_comments``: an HTML comment in a section (``<!-- a note to self -->``) is dropped before
  conversion — pandoc reads sections without raw HTML, so it would otherwise print as text;
- ``FILTER``: the Lua filter every conversion runs: ``javascript:``/``vbscript:``/``file:``/``data:``
  links keep their text and lose their target, Word comments and tracked deletions are dropped;
- ``scrub_docx``: a .docx's properties are scr's own — the title from the review's public title,
  the board as author — and a reference document's Company, Manager, keywords, description,
  template name, hyperlink base and custom properties are cleared.

Nothing here prints.
"""

import io
import re
import zipfile
from pathlib import Path

FILTER = Path(__file__).parents[1] / "templates" / "pandoc" / "publication.lua"

_APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<Application>scr</Application><DocSecurity>0</DocSecurity></Properties>')
_CUSTOM = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
           ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>')
_CORE_CLEARED = ("keywords", "description", "subject", "category", "contentStatus", "identifier",
                 "revision", "version", "lastPrinted")


def strip_comments(text):
    """``text`` without its HTML comments (``<!-- … -->``); an unclosed one runs to the end.
    One pass: ``str.find``, never a backtracking pattern."""
    if "<!--" not in text:
        return text
    pieces, at = [], 0
    while True:
        start = text.find("<!--", at)
        if start == -1:
            pieces.append(text[at:])
            break
        pieces.append(text[at:start])
        end = text.find("-->", start + 4)
        if end == -1:
            break
        at = end + 3
    return "".join(pieces)


#: A Markdown link or autolink whose target runs or opens something: its text stays, its target goes.
_DANGEROUS_LINK = re.compile(
    r"(?<!!)\[([^\[\]\n]{0,500})\]\(\s*<?\s*(?:javascript|vbscript|file|data)\s*:[^)\n]{0,2000}\)"
    r"|<(?:javascript|vbscript|file):[^>\s]{0,2000}>"
    r"|^ {0,3}\[[^\]\n]{1,500}\]:\s*<?(?:javascript|vbscript|file|data):.*$",
    re.IGNORECASE | re.MULTILINE)


def clean_markdown(text):
    """A section's Markdown without HTML comments and without ``javascript:``/``vbscript:``/
    ``file:``/``data:`` link targets (the Lua filter removes what this pattern cannot see, such as
    reference links; this keeps them out of a .md output, which pandoc never reads)."""
    return _DANGEROUS_LINK.sub(lambda m: m.group(1) or "", strip_comments(text))


def scrub_docx(data, title, author):
    """The .docx ``data`` with scr's own properties only: ``title`` and ``author`` in the core
    properties (everything else there that a reference document could carry cleared), a minimal
    app.xml (no Company, Manager, template or hyperlink base) and no custom properties."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    if "docProps/app.xml" in parts:
        parts["docProps/app.xml"] = _APP.encode()
    if "docProps/custom.xml" in parts:
        parts["docProps/custom.xml"] = _CUSTOM.encode()
    if "docProps/core.xml" in parts:
        root = etree.fromstring(parts["docProps/core.xml"],
                                etree.XMLParser(resolve_entities=False, no_network=True))
        dc = "{http://purl.org/dc/elements/1.1/}"
        for element in list(root):
            local = element.tag.rsplit("}", 1)[-1]
            if local in _CORE_CLEARED:
                root.remove(element)
        for local, value in (("title", title), ("creator", author)):
            element = root.find(f"{dc}{local}")
            if element is None:
                element = etree.SubElement(root, f"{dc}{local}")
            element.text = value or ""
        last = root.find("{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy")
        if last is not None:
            last.text = author or ""
        parts["docProps/core.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()
