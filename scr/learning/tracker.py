"""`scr export tracker`: the portfolio in the shape of the NHS Safeguarding Case Review Tracker,
one row per review: local reference, type (a rapid review that became a practice review is
"converted"), open or closed, the dates added, signed off and published, themes 1-3.

Every cell goes through the one formula guard (documents/spreadsheets.py). Nothing here prints.
"""

import csv
import io

from scr import values

HEADERS = ("Local reference", "Type", "Title", "Status", "Date added", "Date signed off",
           "Date published", "Theme 1", "Theme 2", "Theme 3")
TYPES = {"scr": "Serious case review", "thematic": "Thematic review", "rapid": "Rapid review",
         "lcspr": "Local child safeguarding practice review", "dhr": "Domestic homicide review",
         "learning": "Learning review"}


def _first(review, kind):
    dates = [e["date"] for e in review.events() if e["kind"] == kind and not e["planned"]]
    return min(dates) if dates else None


def converted(reviews):
    """Refs of the reviews a rapid review ``became`` (the link is kept on either side)."""
    found = set()
    by_ref = {r.ref: r for r in reviews}
    for review in reviews:
        for link in review.record.get("links") or []:
            if link.get("relation") != "became":
                continue
            other = by_ref.get(link["ref"])
            # The practice review is the one that is not the rapid review.
            if review.kind == "rapid":
                found.add(link["ref"])
            elif other is not None and other.kind == "rapid":
                found.add(review.ref)
    return found


def rows(ws):
    """The tracker's rows, by ref: dicts keyed by :data:`HEADERS`."""
    reviews = ws.all_reviews()
    became = converted(reviews)
    table = []
    for review in reviews:
        themes = list(review.record.get("themes") or []) + [None, None, None]
        kind = TYPES.get(review.kind, review.kind)
        if review.ref in became:
            kind = f"Converted: {kind} (from a rapid review)"
        added = _first(review, "aware") or review.record.get("created")
        table.append(dict(zip(HEADERS, (
            review.ref, kind, review.record["title"], "Closed" if review.closed else "Open",
            added, _first(review, "board-signoff"), _first(review, "published"), *themes[:3],
        ))))
    return table


def csv_text(table):
    from scr.documents.spreadsheets import guard

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in table:
        writer.writerow([guard(values.show(row[h], empty="") if h.startswith("Date") else row[h] or "")
                         for h in HEADERS])
    return buffer.getvalue()


def write_tracker(ws, output=None):
    """Write the tracker CSV (default out/case-review-tracker-TODAY.csv); returns its path."""
    from scr.workspace import outputs

    path = outputs.target(output, ws.out_dir / f"case-review-tracker-{ws.today.isoformat()}.csv")
    outputs.format_of("tracker", path)
    return ws.write_output(path, csv_text(rows(ws)).encode("utf-8"))
