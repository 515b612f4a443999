"""The publication gate: real names looked for in what is published, not in what was typed.

Two readings, one matcher (:mod:`scr.report.matcher`):

- ``sections``: what ``scr report check`` reads of the section files — the Markdown as written (so
  a finding has its line) *and* pandoc's own reading of it (its AST: emphasis, entities, footnotes,
  links, quotes, tables and line blocks resolved as the reader sees them). A name that only the
  AST shows is a finding with ``line`` null.
- ``written``: what ``render --final`` reads of the document it made, before writing it anywhere:
  every text :mod:`scr.documents.extract` recovers from the .docx, .pdf, .html or .md, its file
  name, and every embedded image's metadata. Any name there refuses the render.

Nothing here prints or writes.
"""

import json
import re

from scr.report import redaction

_BOUNDARY = "SCRSECTIONBOUNDARY{}X"
_BOUNDARY_RE = re.compile(r"SCRSECTIONBOUNDARY(\d+)X")
_BLOCK = {"Para", "Plain", "Header", "CodeBlock", "BlockQuote", "Div", "LineBlock", "Table",
          "BulletList", "OrderedList", "DefinitionList", "Figure", "RawBlock", "HorizontalRule"}


# ------------------------------------------------------------------------------ pandoc's reading


class _Reading:
    """Pandoc's JSON AST as text: what the reader sees flows on; what a program can recover
    (link targets, identifiers, attributes, titles, footnotes) is added after the block it is in,
    so a link or a footnote marker never splits a name nor joins two."""

    def __init__(self):
        self.out, self.pending = [], []

    def text(self, node):
        self.walk(node)
        self.flush()
        return "".join(self.out)

    def flush(self):
        for piece in self.pending:
            self.out.append("\n\n" + piece + "\n\n")
        self.pending = []

    def side(self, node):
        inner = _Reading()
        inner.out = []
        self.pending.append(inner.text(node))

    def walk(self, node):
        if isinstance(node, list):
            for item in node:
                self.walk(item)
            return
        if isinstance(node, str):
            if not node.startswith("data:"):
                self.pending.append(node)
            return
        if not isinstance(node, dict) or "t" not in node:
            if isinstance(node, dict):
                self.walk(list(node.values()))
            return
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            self.out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            self.out.append(" ")
        elif kind in ("Code", "CodeBlock"):
            self.side(content[0])
            self.out.append(("\n\n" if kind == "CodeBlock" else "") + content[1])
        elif kind in ("Math", "RawInline", "RawBlock"):
            self.out.append(content[1])
        elif kind in ("Link", "Image"):
            self.side(content[0])
            self.walk(content[1])
            self.pending.extend(s for s in content[2] if s and not s.startswith("data:"))
        elif kind == "Note":
            self.side(content)
        elif kind == "LineBlock":
            for line in content:
                self.walk(line)
                self.out.append("\n")
        elif kind == "DefinitionList":
            for term, definitions in content:
                self.walk(term)
                self.out.append("\n\n")
                self.flush()
                self.walk(definitions)
        elif kind == "Header":
            self.side(content[1])
            self.out.append("\n\n")
            self.walk(content[2])
        else:
            self.walk(content)
        if kind in _BLOCK:
            self.out.append("\n\n")
            self.flush()


def ast_texts(texts):
    """Each Markdown text of ``texts`` as pandoc reads it (one pandoc run for them all)."""
    import pypandoc

    from scr.documents.pandoc import READER

    if not texts:
        return []
    joined = "".join(f"\n\n{_BOUNDARY.format(i)}\n\n{text}" for i, text in enumerate(texts))
    try:
        ast = json.loads(pypandoc.convert_text(joined, "json", format=READER,
                                               extra_args=["--sandbox"], sandbox=False,
                                               verify_format=False))
    except (RuntimeError, OSError, ValueError) as exc:
        from scr.errors import ScrError

        raise ScrError(f"pandoc could not read the sections: {' '.join(str(exc).split())}") from None
    flat = _Reading().text(ast["blocks"]) + "\n" + _Reading().text(ast.get("meta", {}))
    pieces = _BOUNDARY_RE.split(flat)
    found = [""] * len(texts)
    for index, piece in zip(pieces[1::2], pieces[2::2]):
        if int(index) < len(texts):
            found[int(index)] += piece
    return found


def _key(finding):
    """What two findings of the same name share, whoever read them (the form itself differs)."""
    text = finding["finding"]
    return (text.split('"', 1)[0], text.rsplit("(redact:", 1)[-1] if "(redact:" in text else text.split(":")[0])


def sections(sections, names):
    """Findings in the section files: ``sections`` is ``[(file, text)]``; ``names`` redaction
    records. Each finding from the text as written has its line; each further one that only pandoc's
    reading shows has ``line`` None."""
    readings = ast_texts([text for _, text in sections])
    findings = []
    from scr.documents.extract import without_data_uris

    for (file, text), reading in zip(sections, readings):
        written = redaction.find(without_data_uris(text), names, file)
        findings += written
        counts = {}
        for f in written:
            counts[_key(f)] = counts.get(_key(f), 0) + 1
        for f in redaction.find(reading, names, file, first_line=None):
            key = _key(f)
            if counts.get(key):
                counts[key] -= 1
                continue
            findings.append({**f, "finding": f"as pandoc reads it: {f['finding']}"})
    return findings


# ------------------------------------------------------------------------------ the written document


def written(data, kind, file_name, names):
    """Findings of real names in a written document (bytes, of ``kind``) called ``file_name``:
    ``{file: "FILE_NAME (WHERE)", line: None, finding: "real name …"}``, WHERE the part, page,
    attribute or image it was found in. Placeholders are the section check's business; here only
    names count."""
    from scr.documents import extract

    found = [("file name", file_name)] + extract.texts(data, kind)
    if kind == "md":
        text = extract.without_data_uris(data.decode("utf-8", errors="replace"))
        found += [("as pandoc reads it", reading) for reading in ast_texts([text])]
    findings, seen = [], set()
    for where, text in found:
        for hit in _name_hits(text, names):
            key = (where, hit)
            if key not in seen:
                seen.add(key)
                findings.append({"file": f"{file_name} ({where})", "line": None, "finding": hit})
    return findings


def _name_hits(text, names):
    from scr.report import matcher

    if not text:
        return []
    return [redaction.describe(hit).replace("{found}", redaction.short(text[hit.start:hit.end]))
            for hit in matcher.find(text, names)]
