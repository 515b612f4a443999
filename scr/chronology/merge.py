"""The integrated multi-agency chronology: one ordered timeline, possible duplicates marked.

Order (CLI.md): date (a partial date sorts at the start of its month or year), then time (no time
first), then agency name (case ignored), then the order of the agency's own file.

Possible duplicates: two entries of *different* agencies with the same date and precision whose
event texts are near-identical. The texts are normalised (lower case, punctuation dropped, spaces
collapsed) and compared with ``difflib.SequenceMatcher.ratio()``; a ratio of at least
``THRESHOLD`` (0.85) marks the later entry. Only entries on the same date are compared, so the work
grows with the busiest day, not with the whole chronology. Nothing is ever dropped.
"""

import re
from difflib import SequenceMatcher
from itertools import groupby

THRESHOLD = 0.85
OUTPUT_FIELDS = (
    "date", "precision", "time", "agency", "event", "source", "significance", "possible_duplicate_of",
)
_PUNCTUATION = re.compile(r"[^\w\s]+")


def normalise(text):
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


def similar(a, b, threshold=THRESHOLD):
    """True where two normalised texts are near-identical (ratio >= threshold)."""
    if a == b:
        return True
    if not a or not b:
        return False
    shorter, longer = sorted((len(a), len(b)))
    if 2 * shorter / (shorter + longer) < threshold:  # the best ratio the lengths allow
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


def order(chronologies):
    """Every entry of every agency in the merged order.

    ``chronologies`` is an iterable of ``(agency, entries)``, entries in the agency's file order,
    each with ``date`` (ISO), ``precision``, ``time`` ('HH:MM' or None), ``event``, ``source``,
    ``significance`` and ``practitioner``. Returns new dicts with ``agency`` added.
    """
    keyed = []
    for agency, entries in chronologies:
        folded = agency.casefold()
        for position, entry in enumerate(entries):
            item = dict(entry)
            item["agency"] = agency
            keyed.append(((entry["date"], entry["time"] or "", folded, position), item))
    keyed.sort(key=lambda pair: pair[0])
    return [item for _key, item in keyed]


def mark_duplicates(entries, threshold=THRESHOLD):
    """Set ``possible_duplicate_of`` on each entry (in merged order): the position of the first
    earlier entry of another agency, same date and precision, whose event is near-identical."""
    for entry in entries:
        entry["possible_duplicate_of"] = None
    positions = range(len(entries))
    for _date, group in groupby(positions, key=lambda i: entries[i]["date"]):
        group = list(group)
        if len(group) < 2:
            continue
        texts = {i: normalise(entries[i]["event"]) for i in group}
        for later_at, later in enumerate(group):
            entry = entries[later]
            for earlier in group[:later_at]:
                other = entries[earlier]
                if (
                    other["agency"] != entry["agency"]
                    and other["precision"] == entry["precision"]
                    and similar(texts[earlier], texts[later], threshold)
                ):
                    entry["possible_duplicate_of"] = earlier
                    break
    return entries


def merge(chronologies, threshold=THRESHOLD):
    """The integrated chronology: ordered, duplicates marked (entries keep every field)."""
    return mark_duplicates(order(chronologies), threshold)


def as_json(entries):
    """The merged entries as ``scr chronology merge --json`` prints them."""
    return [{field: entry.get(field) for field in OUTPUT_FIELDS} for entry in entries]
