"""The integrated chronology: merge order, possible duplicates, and every export format
(scr/chronology/merge.py and export.py)."""

import csv
import io
import zipfile
from datetime import datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scr.chronology.export import export, to_csv
from scr.chronology.merge import THRESHOLD, as_json, merge, similar, similarity, words


def entry(day, event, precision="day", clock=None, **extra):
    base = {"date": day, "precision": precision, "time": clock, "event": event, "source": None,
            "significance": None, "practitioner": None}
    base.update(extra)
    return base


def test_order_date_then_time_then_agency_then_file_order():
    chronologies = [
        ("police", [entry("2013-03-03", "P late", clock="18:00"), entry("2013-03-03", "P no time"),
                    entry("2013-03-03", "P second no time")]),
        ("Barts Health", [entry("2013-03-01", "B month", "month"), entry("2013-03-03", "B noon", clock="12:00"),
                          entry("2013-01-01", "B year", "year"), entry("2013-03-03", "B no time")]),
        ("Children's Social Care", [entry("2013-03-03", "C 09:00", clock="09:00"),
                                    entry("2012-12-31", "C new year's eve")]),
    ]
    events = [e["event"] for e in merge(chronologies)]
    assert events == [
        "C new year's eve",
        "B year",            # 2013 sorts at 1 January
        "B month",           # March 2013 sorts at 1 March
        "B no time",         # no time first; then agency (case ignored): Barts < police
        "P no time",
        "P second no time",  # the agency's own order
        "C 09:00",
        "B noon",
        "P late",
    ]


def test_possible_duplicates_pairs_clusters_and_what_is_not_one():
    chronologies = [
        ("CSC", [entry("2013-03-04", "Strategy meeting held."), entry("2013-03-04", "Strategy meeting held"),
                 entry("2013-05-01", "Home visit: baby seen asleep in cot")]),
        ("Health", [entry("2013-03-04", "STRATEGY MEETING HELD"), entry("2013-05-01", "Home visit, baby seen asleep in cot"),
                    entry("2013-05-02", "Home visit: baby seen asleep in cot"),
                    entry("2013-05-01", "Home visit", "month")]),
        ("Police", [entry("2013-03-04", "Strategy meeting held (police attended)"),
                    entry("2013-05-01", "Home visit - baby seen asleep in cot")]),
    ]
    rows = as_json(merge(chronologies))
    marks = [(r["agency"], r["date"], r["event"], r["possible_duplicate_of"]) for r in rows]
    assert marks == [
        ("CSC", "2013-03-04", "Strategy meeting held.", None),
        ("CSC", "2013-03-04", "Strategy meeting held", None),          # same agency: never marked
        ("Health", "2013-03-04", "STRATEGY MEETING HELD", 0),          # the first it may duplicate
        ("Police", "2013-03-04", "Strategy meeting held (police attended)", None),  # ratio < 0.85
        ("CSC", "2013-05-01", "Home visit: baby seen asleep in cot", None),
        ("Health", "2013-05-01", "Home visit, baby seen asleep in cot", 4),
        ("Health", "2013-05-01", "Home visit", None),                  # month precision: not the same date
        ("Police", "2013-05-01", "Home visit - baby seen asleep in cot", 4),  # a cluster: all point at 4
        ("Health", "2013-05-02", "Home visit: baby seen asleep in cot", None),  # another day
    ]
    assert list(rows[0]) == ["date", "precision", "time", "agency", "event", "source", "significance",
                             "possible_duplicate_of"]


def test_similarity_measure():
    assert similar("strategy meeting held", "strategy meeting held")
    assert similar("child seen at home by health visitor", "child seen at home by the health visitor")
    assert not similar("child seen at home", "child not seen at home, no answer at door")
    assert not similar("", "x")


def test_many_entries_on_one_day_merge_quickly():
    import time as clock

    chronologies = [(f"Agency {a}", [entry("2013-03-03", f"Contact number {a}-{i} about something else {i * a}")
                                     for i in range(150)]) for a in range(10)]
    started = clock.perf_counter()
    rows = merge(chronologies)
    assert len(rows) == 1500
    assert clock.perf_counter() - started < 20  # a guard against a quadratic blow-up, not a benchmark


# -- exports ---------------------------------------------------------------------------------------

CHRONOLOGIES = [
    ("Children's Social Care", [
        entry("2013-03-04", "Strategy meeting held", source="Case note", significance="Decision to S47",
              practitioner="Team manager"),
        entry("2013-03-01", "=HYPERLINK(\"http://evil\")", "month"),
        entry("2013-01-01", "+44 20 7364 5000 called\nsecond line | pipe <b>bold</b> & more", "year"),
    ]),
    ("Met Police", [entry("2013-03-04", "Strategy meeting held.", clock="14:30"),
                    entry("2013-03-05", "-1 officers on shift; @mention", clock="09:05:30")]),
]


@pytest.fixture
def entries():
    return merge(CHRONOLOGIES)


def read_xlsx(data):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    return workbook, workbook.active


def test_xlsx_round_trip_equals_the_json(entries):
    """merge -> .xlsx -> read back with openpyxl gives the same entries as --json."""
    expected = as_json(entries)
    _, sheet = read_xlsx(export(entries, ".xlsx", "Integrated chronology"))
    rows = list(sheet.iter_rows(values_only=False))
    assert [c.value for c in rows[0]] == ["No.", "Date", "Time", "Agency", "Event", "Source", "Significance",
                                          "Practitioner", "Possible duplicate of"]
    precision = {"dd/mm/yyyy": "day", "mmm yyyy": "month", "yyyy": "year"}
    got = []
    for number, row in enumerate(rows[1:], start=1):
        no, when, clock, agency, event, source, significance, practitioner, duplicate = row
        assert no.value == number
        assert isinstance(when.value, datetime) and when.is_date
        assert clock.value is None or isinstance(clock.value, time)
        got.append({
            "date": when.value.date().isoformat(),
            "precision": precision[when.number_format],
            "time": None if clock.value is None else clock.value.strftime(
                "%H:%M:%S" if clock.value.second else "%H:%M"),
            "agency": agency.value, "event": event.value, "source": source.value,
            "significance": significance.value,
            "possible_duplicate_of": None if duplicate.value is None else duplicate.value - 1,
        })
    assert got == expected


def test_xlsx_has_filter_frozen_header_and_text_never_formulas(entries):
    workbook, sheet = read_xlsx(export(entries, ".xlsx", "T"))
    assert sheet.auto_filter.ref == "A1:I6"
    assert sheet.freeze_panes == "A2"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
    assert sheet["E3"].value == "=HYPERLINK(\"http://evil\")" and sheet["E3"].data_type == "s"
    assert sheet["B3"].number_format == "mmm yyyy"
    assert sheet["B2"].number_format == "yyyy"


def test_xlsx_opens_in_openpyxl_read_only_and_as_a_valid_zip(entries):
    data = export(entries, ".xlsx", "T")
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    assert sum(1 for _ in workbook.active.iter_rows()) == 6


def test_csv_prefixes_formula_looking_text(entries):
    data = export(entries, ".csv", "T").decode("utf-8")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0][:5] == ["No.", "Date", "Time", "Agency", "Event"]
    events = [row[4] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\")" in events
    assert "'+44 20 7364 5000 called\nsecond line | pipe <b>bold</b> & more" in events
    assert "'-1 officers on shift; @mention" in events
    assert [row[1] for row in rows[1:]] == ["2013", "Mar 2013", "4 Mar 2013", "4 Mar 2013", "5 Mar 2013"]
    assert rows[4][8] == "3"  # the Met entry may duplicate entry No. 3
    assert to_csv([]) == "No.,Date,Time,Agency,Event,Source,Significance,Practitioner,Possible duplicate of\r\n"


def test_markdown_escapes_table_breakers(entries):
    text = export(entries, ".md", "Integrated | chronology").decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Integrated \\| chronology"
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + len(entries)
    assert all(line.count(" | ") == 8 for line in table[2:])
    assert "second line \\| pipe \\<b\\>bold\\</b\\> & more" in text
    assert "<br>" in text


def test_html_is_one_self_contained_page(entries):
    text = export(entries, ".html", "Baby A <chronology>").decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<title>Baby A &lt;chronology&gt;</title>" in text
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in text
    assert "<script" not in text and "src=" not in text and "<link" not in text
    assert text.count('<tr id="e') == len(entries)
    assert text.count('class="dup"') == 1


def test_docx_is_a_landscape_table(entries, tmp_path):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    path = tmp_path / "c.docx"
    path.write_bytes(export(entries, ".docx", "Integrated chronology"))
    document = Document(str(path))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    table = document.tables[0]
    assert len(table.rows) == 1 + len(entries)
    assert [c.text for c in table.rows[0].cells][:5] == ["No.", "Date", "Time", "Agency", "Event"]
    assert table.rows[2].cells[4].text == "=HYPERLINK(\"http://evil\")"
    assert table.rows[1].cells[4].text == "+44 20 7364 5000 called\nsecond line | pipe <b>bold</b> & more"


def test_unknown_format_refused(entries):
    from scr.errors import ScrError

    with pytest.raises(ScrError, match=r"the chronology is written as .xlsx, .docx, .csv, .md or .html; '.pdf' is not one of them"):
        export(entries, ".pdf", "T")



def brute_force(rows):
    """The definition, pair by pair: what the prefix-filtered search must agree with."""
    marks = []
    for j, later in enumerate(rows):
        found = None
        for i in range(j):
            other = rows[i]
            if (other["date"] == later["date"] and other["agency"] != later["agency"]
                    and other["precision"] == later["precision"]
                    and similarity(words(other["event"]), words(later["event"])) >= THRESHOLD):
                found = i
                break
        marks.append(found)
    return marks


@settings(max_examples=150, deadline=None)
@given(st.lists(
    st.tuples(st.sampled_from(["A", "B", "C"]), st.sampled_from(["2013-03-03", "2013-03-04"]),
              st.lists(st.sampled_from(["home", "visit", "baby", "seen", "cot", "police", "held", "not"]),
                       min_size=0, max_size=6)),
    max_size=25))
def test_prefix_filtering_finds_exactly_what_pairwise_comparison_finds(items):
    chronologies = {}
    for agency, day, tokens in items:
        chronologies.setdefault(agency, []).append(entry(day, " ".join(tokens)))
    rows = merge(chronologies.items())
    assert [r["possible_duplicate_of"] for r in rows] == brute_force(rows)
