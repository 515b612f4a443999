"""Read a PDF page by page, as a person checking a document would look at it.

pdfplumber gives every word with its box. The checks below answer the questions a business
manager asks before sending a document: does text print over other text, does anything run off
the page or into the header and footer, is any word broken inside, is every page numbered, does
the contents page list the headings at the right page numbers. Each check returns a list of
problems (empty: none), each naming the page and the words, so a failing test says what is wrong.

Page geometry is in PDF points (1/72 inch); A4 is 595 x 842.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

CM = 72 / 2.54

#: Characters around a word that are punctuation, not part of it.
_STRIP = ".,;:!?()[]{}\"'“”‘’«»*…"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": ""})


def token(text):
    """A word as a reader sees it: typographic quotes made plain, punctuation around it dropped."""
    return text.translate(_QUOTES).strip(_STRIP)


def tokens(text):
    """The words of ``text`` (split on white space), each as :func:`token`, empty ones dropped."""
    return [t for t in (token(w) for w in str(text).split()) if t]


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    def overlap(self, other):
        """The area two words' boxes share (0 where they do not touch)."""
        width = min(self.x1, other.x1) - max(self.x0, other.x0)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0

    @property
    def area(self):
        return max(self.x1 - self.x0, 0.01) * max(self.bottom - self.top, 0.01)


@dataclass
class Page:
    number: int          # 1-based, the physical page
    width: float
    height: float
    words: list
    tables: list = field(default_factory=list)   # each a list of cell boxes (x0, top, x1, bottom)
    chars: list = field(default_factory=list)    # every glyph as a Word of one character

    @property
    def text(self):
        return " ".join(w.text for w in self.words)

    def lines(self, tolerance=2.0):
        """Words grouped into lines by their top edge, top to bottom, each line left to right."""
        lines = []
        for word in sorted(self.words, key=lambda w: (round(w.top), w.x0)):
            if lines and abs(lines[-1][0].top - word.top) <= tolerance:
                lines[-1].append(word)
            else:
                lines.append([word])
        return [sorted(line, key=lambda w: w.x0) for line in lines]


@dataclass
class Geometry:
    """Where a document may print: the text area, and the bands above and below it that hold
    the running header and footer."""

    top: float = 2.5 * CM
    bottom: float = 2.5 * CM
    left: float = 2.0 * CM
    right: float = 2.0 * CM
    tolerance: float = 3.0   # points: a glyph's box may be a little wider than its ink


def read(path, tables=True):
    """Every page of the PDF at ``path`` with its words (and, with ``tables``, its ruled tables'
    cell boxes)."""
    import pdfplumber

    pages = []
    with pdfplumber.open(str(path)) as pdf:
        for index, page in enumerate(pdf.pages, start=1):
            words = [
                Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
                for w in page.extract_words(keep_blank_chars=False, use_text_flow=False,
                                            extra_attrs=[])
            ]
            chars = [Word(c["text"], c["x0"], c["x1"], c["top"], c["bottom"])
                     for c in page.chars if c["text"].strip()]
            cells = []
            if tables:
                for table in page.find_tables():
                    cells.append([c for c in table.cells if c])
            pages.append(Page(index, float(page.width), float(page.height), words, cells, chars))
    return pages


def overlapping_words(pages, share=0.3):
    """Glyphs printed over each other: their boxes share more than ``share`` of the smaller one
    (two lines of a smear, a row written over the footer). The same glyph printed twice on the
    same spot (a bold effect) is not a fault."""
    problems = []
    for page in pages:
        grid = {}   # glyphs by the 8-point squares they touch: only neighbours are compared
        for glyph in page.chars:
            for gx in range(int(glyph.x0 // 8), int(glyph.x1 // 8) + 1):
                for gy in range(int(glyph.top // 8), int(glyph.bottom // 8) + 1):
                    grid.setdefault((gx, gy), []).append(glyph)
        seen, found = set(), 0
        for square in grid.values():
            if found >= 10:   # a smear of hundreds of rows: ten examples say enough
                break
            for i, a in enumerate(square):
                if found >= 10:
                    break
                for b in square[i + 1:]:
                    if (id(a), id(b)) in seen:
                        continue
                    seen.add((id(a), id(b)))
                    if a.text == b.text and abs(a.x0 - b.x0) < 0.5 and abs(a.top - b.top) < 0.5:
                        continue
                    # on one baseline, kerning tucks a letter under its neighbour ("Tr", "AV"):
                    # only more than half of one glyph covered is a fault there
                    limit = 0.6 if abs(a.bottom - b.bottom) < 0.5 else share
                    if a.overlap(b) > limit * min(a.area, b.area):
                        near = [w.text for w in page.words if w.overlap(a) > 0][:2]
                        problems.append(f"page {page.number}: {a.text!r} and {b.text!r} print over "
                                        f"each other (in {' / '.join(near)!r} at y {a.top:.0f})")
                        found += 1
                        break
    return problems


def outside_text_area(pages, geometry, header_words=(), footer_words=(), skip_pages=()):
    """Words outside the text area: off its left or right edge, or in the band above or below
    it where only the running header and footer (``header_words``, ``footer_words``, and page
    numbers) belong."""
    allowed_top = {token(t) for text in header_words for t in tokens(text)}
    allowed_bottom = {token(t) for text in footer_words for t in tokens(text)}
    problems = []
    for page in pages:
        if page.number in skip_pages:
            continue
        tol = geometry.tolerance
        right_edge = page.width - geometry.right + tol
        for w in page.words:
            where = None
            if w.x0 < geometry.left - tol or w.x1 > right_edge:
                where = f"outside the text area's width (x {w.x0:.0f}-{w.x1:.0f} of {page.width:.0f})"
            elif w.bottom < geometry.top - tol or w.top < 0:
                if token(w.text) not in allowed_top and not token(w.text).isdigit():
                    where = "in the header band"
            elif w.top > page.height - geometry.bottom + tol:
                if token(w.text) not in allowed_bottom and not token(w.text).isdigit():
                    where = "in the footer band"
            elif w.bottom > page.height - geometry.bottom + tol or w.top < geometry.top - tol:
                where = "across the edge of the text area"
            if where:
                problems.append(f"page {page.number}: {w.text!r} {where}")
    return problems


def outside_cells(pages, tolerance=1.5):
    """Words that start inside a ruled table's cell and run past its right or bottom edge
    ("completed" printed past the table's edge)."""
    problems = []
    for page in pages:
        for cells in page.tables:
            for w in page.words:
                mid_y = (w.top + w.bottom) / 2
                for x0, top, x1, bottom in cells:
                    if x0 - tolerance <= w.x0 < x1 and top <= mid_y <= bottom:
                        if w.x1 > x1 + tolerance:
                            problems.append(f"page {page.number}: {w.text!r} runs past its table cell")
                        break
    return problems


def missing_words(pages, texts):
    """Words of ``texts`` not found whole, as often as the texts hold them, in the document:
    a word broken inside ("Northbridg e") or left out is missing."""
    found = Counter(token(w.text) for page in pages for w in page.words)
    wanted = Counter(t for text in texts for t in tokens(text))
    return sorted(f"{word!r} (wanted {n}, found {found[word]})" for word, n in wanted.items()
                  if found[word] < n)


def unnumbered_pages(pages, geometry, skip=(1,)):
    """Pages (other than ``skip``) that carry no page number in their header or footer band:
    the number shown must be the page's own (a number counting from 1)."""
    problems = []
    for page in pages:
        if page.number in skip:
            continue
        band = [w for w in page.words
                if w.top > page.height - geometry.bottom - geometry.tolerance
                or w.bottom < geometry.top + geometry.tolerance]
        numbers = {token(w.text) for w in band}
        if str(page.number) not in numbers:
            problems.append(f"page {page.number}: no page number {page.number} in its header or footer"
                            f" (found {sorted(numbers) or 'nothing'})")
    return problems


def contents_entries(pages, heading="Contents"):
    """``{entry text: page number}`` from the contents page(s): each line after the heading that
    ends in a number (dot leaders dropped)."""
    entries = {}
    started = False
    for page in pages:
        for line in page.lines():
            text = " ".join(w.text for w in line)
            if not started:
                started = token(text) == heading
                continue
            text = re.sub(r"[.\u2026·]{2,}", " ", text)
            match = re.match(r"^(.*\S)\s+(\d+)$", text.strip())
            if match:
                entries[" ".join(tokens(match.group(1)))] = int(match.group(2))
        if started and entries:
            return entries
    return entries


def heading_pages(pages, headings):
    """``{heading: the first page after the contents whose lines include it}``."""
    found = {}
    for page in pages:
        lines = {" ".join(tokens(" ".join(w.text for w in line))) for line in page.lines()}
        for heading in headings:
            if heading not in found and " ".join(tokens(heading)) in lines and "Contents" not in lines:
                found[heading] = page.number
    return found


def contents_problems(pages, headings, with_numbers=True):
    """The contents must list every heading; ``with_numbers``: at the page it is printed on."""
    entries = contents_entries(pages)
    problems = []
    at = heading_pages(pages, headings) if with_numbers else {}
    for heading in headings:
        key = " ".join(tokens(heading))
        if key not in entries:
            problems.append(f"the contents do not list {heading!r} (listed: {sorted(entries)})")
        elif with_numbers and entries[key] != at.get(heading):
            problems.append(f"the contents give {heading!r} page {entries[key]}; it is on page {at.get(heading)}")
    return problems


def contents_listing(pages, headings, heading="Contents"):
    """Without page numbers (a Word contents field as LibreOffice shows it before an update):
    every heading appears on the page that carries the contents heading."""
    for page in pages:
        lines = [" ".join(tokens(" ".join(w.text for w in line))) for line in page.lines()]
        if heading in lines:
            text = " ".join(lines[lines.index(heading) + 1:])
            return [f"the contents page does not list {h!r}" for h in headings
                    if " ".join(tokens(h)) not in text]
    return [f"no page has the heading {heading!r}"]
