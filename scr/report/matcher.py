"""The one name matcher: finds a registered real name however a person would read it.

Text is read as a person reads it, not as it was typed:

- each word is put in Unicode NFKC form and case-folded (``Zoë`` typed with a combining diaeresis,
  the ligature ``ﬃ``, ``ß``/``SS``, full-width letters all read as the plain word);
- invisible format characters (soft hyphen, zero-width space and joiners, word joiner, BOM,
  variation selectors) are removed, so they cannot split a word;
- every apostrophe (``'``, ``’``, ``‘``, ``ʼ``, the prime, the backtick) counts as one and is then
  ignored inside a word (``O’Brien`` is ``O'Brien``);
- anything that is not a letter — spaces, line breaks, hyphens and dashes of every kind, digits,
  underscores, dots, ``@``, ``%20``, Markdown marks — separates words; so ``Ashworth‑Brown`` (a
  non-breaking hyphen), ``Ashworth–Brown`` and ``Ashworth Brown`` are the same two words, and a name
  is found in ``jane.smith@example.org`` or ``Tyler_contact_log.docx``;
- HTML tags, character entities (``&nbsp;``, ``&rsquo;``, ``&#83;``) and percent-escapes are
  resolved first, keeping each character's place in the original text.

A registered name matches **whole** (its words in order), in **"SURNAME, First"** order, with up to
two **middle names or initials inserted** (each capitalised where written, or a single letter), and
with the first name given as a capitalised **initial** ("J. Smith"). Unless the name was registered
``whole_only``, **each of its parts alone** is a finding too — and each half of a double-barrelled
part ("Ashworth" and "Brown" of "Ashworth-Brown"); words of one letter are not searched alone. The last word of any form may carry a plural or possessive ending (``Smiths``,
``Smith's``, ``Smiths'``, ``Joneses``). A one-word name registered ``whole_only`` ("Hope") matches
only where written capitalised.

Nothing here reads files or prints; it is pure and linear in the length of the text.
"""

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

#: Apostrophes as Word, a PDF or a keyboard types them.
APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02b9\u0060\u00b4\u2032\uff07\u201b"
#: Default-ignorable characters that are never seen but split a word for a computer.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
#: Combining marks (NFD accents and the like) belong to the letter before them.
MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903\u093a-\u094f" \
        "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"

_LETTER = rf"(?:[^\W\d_]|[{MARKS}{INVISIBLE}])"
#: A word: letters (with marks and invisibles), with apostrophes inside or at its end.
_WORD = re.compile(rf"{_LETTER}+(?:[{APOSTROPHES}]+{_LETTER}+)*[{APOSTROPHES}]?")
_REMOVE = re.compile(rf"[{INVISIBLE}{APOSTROPHES}]")
#: What is resolved before words are read: HTML tags, entities and percent-escapes.
_RESOLVE = re.compile(
    r"</?[A-Za-z][^<>]{0,500}>|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|(?:%[0-9A-Fa-f]{2})+"
)
_ENDINGS = ("", "s", "es")
#: Punctuation that ends a name: a form never spans it (a comma only in "SURNAME, First").
_STOPS = re.compile(r"[;!?()\[\]{}|]|\n\s*\n")
_MAX_INSERTED = 2


@dataclass(slots=True)
class Word:
    key: str        # normalised, apostrophes removed
    start: int      # offsets in the original text
    end: int
    capital: bool   # written with a capital first letter
    gap: str = ""   # what stands between this word and the one before: "", "," or ";"


@dataclass(frozen=True)
class Name:
    """A registered name, ready for matching."""

    name: str           # as registered
    words: tuple        # keys of its words, in order (hyphenated parts give two)
    segments: tuple     # tuples of keys: each space-separated part of the name
    parts: tuple        # the segments searched alone (not a lone initial)
    whole_only: bool = False


@dataclass(frozen=True)
class Hit:
    name: Name
    start: int          # span in the original text
    end: int
    whole: bool         # a whole-name form (replaceable); False: a part alone
    ending: str         # the plural/possessive ending the last word carried ("" if none)


@functools.lru_cache(maxsize=65536)
def _key(word):
    """A word's key: NFKC, case-folded, invisibles and apostrophes removed, letters only (NFKC can
    turn one character into digits or several letters). Cached: a report repeats its words."""
    folded = unicodedata.normalize("NFKC", _REMOVE.sub("", word)).casefold()
    key = unicodedata.normalize("NFKC", folded)
    if not key.isalpha():
        key = "".join(ch for ch in key if ch.isalpha() or unicodedata.category(ch).startswith("M"))
    return key


def _resolved(text):
    """``(text with tags, entities and %XX resolved, [original offset of each character])``."""
    if "<" not in text and "&" not in text and "%" not in text:
        return text, None
    pieces, offsets, last = [], [], 0
    for m in _RESOLVE.finditer(text):
        pieces.append(text[last:m.start()])
        offsets.extend(range(last, m.start()))
        token = m.group(0)
        if token.startswith("<"):
            value = ""
        elif token.startswith("&"):
            value = html.unescape(token)
        else:
            value = unquote(token, errors="strict") if _valid_utf8(token) else token
        pieces.append(value)
        offsets.extend([m.start()] * len(value))
        last = m.end()
    pieces.append(text[last:])
    offsets.extend(range(last, len(text)))
    return "".join(pieces), offsets


def _valid_utf8(escaped):
    try:
        bytes.fromhex(escaped.replace("%", "")).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def words(text):
    """Every word of ``text`` as a person reads it (see the module's description)."""
    text = "" if text is None else str(text)
    resolved, offsets = _resolved(text)
    found, previous = [], 0
    for m in _WORD.finditer(resolved):
        key = _key(m.group(0))
        if not key:
            continue  # NFKC made it something that is no letter (a superscript digit)
        word = m.group(0)
        first = word[0] if word[0].isalpha() else next((ch for ch in word if ch.isalpha()), "")
        start, end = m.start(), m.end()
        if offsets is not None:
            start, end = offsets[start], offsets[end - 1] + 1
            end = max(end, start + 1)
        between = resolved[previous:m.start()]
        gap = "" if between == " " else (";" if _STOPS.search(between) else ("," if "," in between else ""))
        previous = m.end()
        found.append(Word(key, start, end, first.isupper(), gap))
    return found


_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d-]")


def identity(name):
    """What makes two registered names the same name: the text as the matcher reads it (case,
    Unicode form, invisibles, apostrophes, dashes and spacing aside), digits included."""
    text = unicodedata.normalize("NFKC", re.sub(f"[{INVISIBLE}]", "", str(name))).casefold()
    text = re.sub(f"[{APOSTROPHES}]", "'", text)
    return " ".join(_DASHES.sub("-", text).split())


def prepare(name, whole_only=False):
    """A registered name (a string, or a record ``{name, whole_only}``) ready for matching."""
    if isinstance(name, Name):
        return name
    if isinstance(name, dict):
        whole_only = bool(name.get("whole_only"))
        name = name["name"]
    all_words = tuple(w.key for w in words(name))
    segments = tuple(keys for keys in (tuple(w.key for w in words(part)) for part in str(name).split())
                     if keys)
    # each part alone, and each half of a double-barrelled one ("Ashworth" of "Ashworth-Brown")
    parts = []
    for keys in segments:
        for candidate in (keys, *((k,) for k in keys if len(keys) > 1)):
            if sum(len(k) for k in candidate) > 1 and candidate not in parts:
                parts.append(candidate)
    parts = tuple(parts)
    return Name(str(name), all_words, segments, parts, whole_only)


def _forms(name):
    """The whole-name forms: ``(items, surname_first)`` where items are keys, ``"*"`` (a word
    inserted) or ``("initial", letter)``; the longest first."""
    forms = [(name.words, False)]
    segments = name.segments
    if len(segments) >= 2:
        first, last = segments[0], segments[-1]
        middle = tuple(k for segment in segments[1:-1] for k in segment)
        for inserted in range(0, _MAX_INSERTED + 1):
            gap = ("*",) * inserted
            forms.append((first + gap + last, False))
            forms.append(((("initial", first[0][0]),) + gap + last, False))
        forms.append((last + first, True))                    # SURNAME, First
        if middle:
            forms.append((last + first + middle, True))       # SURNAME, First Middle
    seen, unique = set(), []
    for form in sorted(forms, key=lambda f: len(f[0]), reverse=True):
        if form[0] not in seen:
            seen.add(form[0])
            unique.append(form)
    return unique


def _ending(key, wanted):
    """The ending ``key`` carries over ``wanted`` ("" / "s" / "es"), or None when it is not it."""
    for ending in _ENDINGS:
        if key == wanted + ending:
            return ending
    return None


def _match_at(form, found, i, known, surname_first=False, split=1):
    """The ending of the last word where ``form`` matches the words from ``found[i]``, else None."""
    if i + len(form) > len(found):
        return None
    for j, item in enumerate(form):
        word = found[i + j]
        last = j == len(form) - 1
        if j and (word.gap == ";" or (word.gap == "," and not (j == split and surname_first))):
            return None
        if item == "*":
            # an inserted middle name or initial: written capitalised, and not the name's own first
            # or last word (that would swallow a second mention of the name)
            # (a second inserted word may follow the first in any case: "Marie-claire")
            if word.key in known or not (word.capital or (j and form[j - 1] == "*")):
                return None
            if last:
                return ""
            continue
        if isinstance(item, tuple):
            if not (word.key == item[1] and word.capital):
                return None
            if last:
                return ""
            continue
        if last:
            return _ending(word.key, item)
        if word.key != item:
            return None
    return None


def find(text, names):
    """Every hit of ``names`` (strings, records or :class:`Name`) in ``text``, in text order.

    Whole-name forms are preferred to parts; hits never overlap.
    """
    found = words(text)
    if not found:
        return []
    prepared = [prepare(n) for n in names]
    # index the words by key, and by key without an ending, so each name only looks where it may
    by_key = {}
    for i, word in enumerate(found):
        for ending in _ENDINGS:
            if ending and word.key.endswith(ending):
                by_key.setdefault(word.key[: -len(ending)], []).append(i)
        by_key.setdefault(word.key, []).append(i)
        if len(word.key) == 1:
            by_key.setdefault(("initial", word.key), []).append(i)
    taken = [False] * len(found)
    hits = []

    def claim(name, i, length, whole, ending):
        if any(taken[i:i + length]):
            return
        for k in range(i, i + length):
            taken[k] = True
        hits.append(Hit(name, found[i].start, found[i + length - 1].end, whole, ending))

    candidates = []
    for name in prepared:
        if not name.words:
            continue
        known = set(name.segments[0] + name.segments[-1])
        split = len(name.segments[-1])
        for form, surname_first in _forms(name):
            for i in sorted(set(by_key.get(form[0], []))):
                ending = _match_at(form, found, i, known, surname_first, split)
                if ending is None:
                    continue
                if len(form) == 1 and name.whole_only and not found[i].capital:
                    continue
                candidates.append((-len(form), i, name, len(form), True, ending))
        if not name.whole_only:
            for part in name.parts:
                if part == name.words:
                    continue
                for i in sorted(set(by_key.get(part[0], []))):
                    ending = _match_at(part, found, i, known)
                    if ending is not None:
                        candidates.append((-len(part) + 0.5, i, name, len(part), False, ending))
    # whole forms before parts; leftmost first, the longest at a place first
    candidates.sort(key=lambda c: (not c[4], c[1], c[0]))
    for _, i, name, length, whole, ending in candidates:
        claim(name, i, length, whole, ending)
    hits.sort(key=lambda h: h.start)
    return hits


def replace(text, pairs):
    """``text`` with every whole-name form of each ``(name, replacement)`` replaced (an ending
    the name carried, as in "Jane Smith's", is kept after the replacement). Parts alone stay."""
    if not text or not pairs:
        return text
    text = str(text)
    replacement = {}
    names = []
    for name, value in pairs:
        prepared = prepare(name)
        replacement[prepared] = value
        names.append(prepared)
    pieces, last = [], 0
    for hit in find(text, names):
        if not hit.whole:
            continue
        pieces.append(text[last:hit.start])
        original = text[hit.start:hit.end]
        kept = ""
        if hit.ending:
            m = re.search(rf"([{APOSTROPHES}]?{hit.ending}[{APOSTROPHES}]?)$", original, re.IGNORECASE)
            kept = m.group(1) if m else ""
        elif original and original[-1] in APOSTROPHES:
            kept = original[-1]
        pieces.append(replacement[hit.name] + kept)
        last = hit.end
    pieces.append(text[last:])
    return "".join(pieces)
