"""Every document scr writes, printed and looked at as a business manager would before sending it
(tests/layout/documents.py builds them; Word and Excel files are printed by LibreOffice).

Each document has its own list of checks: nothing prints over anything else; nothing runs off
the text area or into the header and footer; no word of a table header, a chronology entry or an
action is broken inside or left out; every page but the title page is numbered; the contents list
the headings (with the right page numbers in the PDF); the protective marking is on every page of
a document that holds personal data and on no page of one that is published.
"""

import pytest

from layout import pages as P
from layout.documents import AGENCIES, BOARD, HEADINGS

DRAFT_MARK = "DRAFT — OFFICIAL-SENSITIVE"
MARK = "OFFICIAL-SENSITIVE"
GEOMETRY = P.Geometry()
CHRONOLOGY_HEADERS = ("Date", "Time", "Agency", "Event", "Source", "Significance")
ACTION_HEADERS = ("Action", "Rec.", "What will be done", "Agency", "Owner", "Due", "Status")
RECOMMENDATION_HEADERS = ("No.", "Recommendation", "The board's response")
APPENDIX = "Appendix: integrated chronology"


def day(value):
    return f"{value.day} {value:%b} {value.year}"


def chronology_texts(rows):
    return [" ".join((day(r["date"]), r["agency"], r["event"], r["source"], r["significance"]))
            for r in rows]


def action_texts(actions):
    return [" ".join((a["id"], a["text"], a["agency"], a["owner"], day(a["due"]),
                      a["status"].replace("-", " "))) for a in actions]


def no_faults(pages, header=(), footer=(), numbered_from=2, geometry=GEOMETRY):
    """The checks every page-laid document passes."""
    problems = P.overlapping_words(pages)
    problems += P.outside_text_area(pages, geometry, header, footer)
    problems += P.outside_cells(pages)
    if numbered_from:
        problems += P.unnumbered_pages(pages, geometry, skip=range(1, numbered_from))
    return problems


def marked_pages(pages, marking, where="header and footer"):
    """Pages whose header band and footer band do not both carry ``marking``."""
    want = " ".join(P.tokens(marking))
    problems = []
    for page in pages:
        top = " ".join(P.tokens(" ".join(w.text for w in page.words if w.bottom < GEOMETRY.top)))
        bottom = " ".join(P.tokens(" ".join(w.text for w in page.words
                                            if w.top > page.height - GEOMETRY.bottom)))
        bands = {"header": top, "footer": bottom}
        for band in where.split(" and "):
            if want not in bands[band]:
                problems.append(f"page {page.number}: no {marking!r} in its {band}")
    return problems


def unmarked(pages, marking=MARK):
    return [f"page {p.number} carries {marking!r}" for p in pages if marking in p.text]


def landscape_for(pages, texts):
    """Pages holding any of ``texts``' first words (the chronology rows) that are not landscape."""
    return [f"page {p.number} holds chronology rows but is portrait" for p in pages
            if p.width < p.height and any(t in p.text for t in texts)]


# ------------------------------------------------------------------------------ the report


@pytest.mark.parametrize("name", ["report-long.pdf", "report-long.docx"])
def test_draft_report_with_a_long_chronology(built, pages_of, name):
    pages = pages_of(name)
    docs = built.docs
    assert no_faults(pages, [DRAFT_MARK], [DRAFT_MARK]) == []
    assert marked_pages(pages, DRAFT_MARK) == []
    wanted = [*CHRONOLOGY_HEADERS, *ACTION_HEADERS, *RECOMMENDATION_HEADERS,
              *chronology_texts(docs.chronology), *action_texts(docs.actions)]
    assert P.missing_words(pages, wanted) == []
    headings = [*HEADINGS, APPENDIX]
    if name.endswith(".pdf"):
        assert P.contents_problems(pages, headings) == []
    else:  # Word fills in the page numbers when it updates the field; the entries show at once
        assert P.contents_listing(pages, headings) == []
    rows = [r["event"][:30] for r in docs.chronology]
    assert landscape_for(pages, rows) == []


@pytest.mark.parametrize("name", ["report-short.pdf", "report-short.docx"])
def test_final_report_is_dated_by_its_publication_and_carries_no_marking(built, pages_of, name):
    pages = pages_of(name)
    docs = built.docs
    assert no_faults(pages) == []
    assert unmarked(pages, MARK) == [] and unmarked(pages, "DRAFT") == []
    title = " ".join(P.tokens(pages[0].text))
    assert "14 Sep 2014" in title, title      # the planned publication, not the render day
    assert "30 Apr 2014" not in title
    wanted = [*chronology_texts(docs.short_chronology), *action_texts(docs.short_actions)]
    assert P.missing_words(pages, wanted) == []
    text = " ".join(p.text for p in pages)
    assert text.count("Recommendations") >= 1
    assert "Recommendations and the board's response" not in text.replace("’", "'")


# ------------------------------------------------------------------------------ other documents


def test_integrated_chronology_docx(built, pages_of):
    pages = pages_of("chronology.docx")
    assert no_faults(pages, [MARK], [MARK], numbered_from=1) == []
    assert marked_pages(pages, MARK) == []
    assert P.missing_words(pages, [*CHRONOLOGY_HEADERS, *chronology_texts(built.docs.chronology)]) == []
    assert landscape_for(pages, [r["event"][:30] for r in built.docs.chronology]) == []
    assert pages[0].text.count("Infant B") == 1, "the subject is named once in the title"


def test_integrated_chronology_xlsx_prints_each_row_once_on_marked_pages(built, pages_of):
    pages = pages_of("chronology-sheet.xlsx")
    assert P.overlapping_words(pages) == []
    assert P.missing_words(pages, chronology_texts(built.docs.chronology)) == []
    assert [p.number for p in pages if MARK not in p.text] == []
    assert [p.number for p in pages if p.width < p.height] == []


def test_action_plan_xlsx_prints_on_marked_pages(built, pages_of):
    pages = pages_of("actions.xlsx")
    assert P.overlapping_words(pages) == []
    assert P.missing_words(pages, [a["id"] + " " + a["text"] for a in built.docs.actions]) == []
    assert [p.number for p in pages if MARK not in p.text] == []


def test_board_paper(built, pages_of):
    pages = pages_of("board-paper.docx")
    assert no_faults(pages, [MARK], [MARK]) == []
    assert marked_pages(pages, MARK) == []
    headers = ("Review", "Stage", "Next deadline", "Overdue milestones", "Actions open",
               "Actions overdue", "Completed", "Milestone", "Status", "Agency")
    assert P.missing_words(pages, headers) == []
    text = " ".join(P.tokens(" ".join(p.text for p in pages)))
    assert "The board is asked to" in text
    assert "2013-long" not in text.replace("2013-long:", ""), "reviews are named by title, not ref"


def test_annual_section(built, pages_of):
    pages = pages_of("annual.docx")
    assert no_faults(pages, numbered_from=2) == []
    assert unmarked(pages) == []    # pasted into a public report: no protective marking
    text = built.docs.files["annual.md"].read_text(encoding="utf-8")
    assert "\\" not in text, "no backslash escape a person did not type"
    assert "2013-long" not in text and "2013-short" not in text, "reviews by title, never by ref"
    assert "Joint review with Medway LSCB." in text, "an event's note as a sentence of its own"


def test_letter_is_signed_and_marked(built, pages_of):
    pages = pages_of("letter.docx")
    assert no_faults(pages, [MARK], [MARK], numbered_from=0) == []
    assert marked_pages(pages, MARK) == []
    text = " ".join(P.tokens(" ".join(p.text for p in pages)))
    assert "Sarah Holt" in text and "Independent Chair" in text
    assert "tester" not in text
    assert BOARD in text and AGENCIES[0] not in text.replace(BOARD, "")
