"""scr/values.py and scr/workspace/outputs.py: each decision made once (slugs, text, output files), checked directly."""

from datetime import date

import pytest

from scr import values
from scr.errors import ScrError
from scr.workspace import outputs


@pytest.mark.parametrize("value, precision, shown", [
    (date(2014, 8, 7), values.DAY, "7 Aug 2014"),
    ("2013-03-01", values.MONTH, "Mar 2013"),
    ("2013-01-01", values.YEAR, "2013"),
    ("2013-12-25", values.DAY, "25 Dec 2013"),
])
def test_one_display_form_of_a_date(value, precision, shown):
    assert values.show(value, precision) == shown
    # scr reads back what it shows
    assert values.parse_partial(shown) == (values.from_iso(str(value)) if isinstance(value, str) else value,
                                           precision)


def test_nothing_is_shown_as_asked():
    assert values.show(None) == "-" and values.show("", empty="") == "" and values.show(None, empty=None) is None


@pytest.mark.parametrize("text, ok", [
    ("2013-child-f", True), ("a", True), ("x" * 64, True), ("x" * 65, False), ("-lead", False),
    ("Child-F", False), ("a b", False), ("a\n", False), ("", False), (None, False),
])
def test_slugs(text, ok):
    assert values.is_slug(text) is ok
    if not ok:
        with pytest.raises(ScrError, match="invalid review ref"):
            values.check_slug(text, "review ref")


@pytest.mark.parametrize("kind, ok", [
    ("aware", True), ("notify:ofsted", True), ("notify:ofsted:incident", True),
    ("notify:", False), ("notify:a:b:c", False), ("Notify:x", False), ("aware\n", False),
])
def test_event_kinds(kind, ok):
    assert values.is_event_kind(kind) is ok
    if ok:
        assert values.check_event_kind(kind) == kind
    else:
        with pytest.raises(ScrError):
            values.check_event_kind(kind)


def test_notification_kinds_round_trip():
    kind = values.notification_kind("panel", "decision")
    assert kind == "notify:panel:decision" and values.is_notification(kind)
    assert values.notification_parts(kind) == ("panel", "decision")
    assert values.notification_parts("notify:dfe") == ("dfe", None)
    assert not values.is_notification("aware")


def test_blank_text_is_refused_one_way():
    for what in ("--title", "the action's text"):
        with pytest.raises(ScrError, match=f"^{what} must not be blank$"):
            values.text("   ", what)
    assert values.text(None, "--note", required=False) is None
    assert values.text("  Child F ", "--subject") == "Child F"
    with pytest.raises(ScrError, match="control character"):
        values.text("a\x07b", "--title")


def test_file_name_parts():
    assert values.slug_of("Children\u2019s  Social Care", "agency") == "childrens-social-care"
    assert values.slug_of("!!!", "agency") == "agency"
    assert values.safe_filename('notify: a/b?.eml') == "notify- a-b-.eml"
    assert values.strip_control("a\x00b\tc") == "ab\tc"


def test_timestamps_are_utc():
    assert values.timestamp().endswith("+00:00")


def test_output_policy(tmp_path):
    assert outputs.format_of("board-paper", "paper.HTM") == "html"
    assert outputs.format_names("report") == ("docx", "html", "pdf", "md")
    with pytest.raises(ScrError, match=r"cannot write r1\.gif: the chart is written as \.svg or \.png; '\.gif'"):
        outputs.format_of("timeline", "r1.gif")
    with pytest.raises(ScrError, match="'no extension' is not one of them"):
        outputs.format_of("calendar", "deadlines")
    default = tmp_path / "out" / "deadlines.ics"
    assert outputs.target(None, default) == default
    assert outputs.target(tmp_path, default) == tmp_path / "deadlines.ics"  # a folder: the default name in it
    assert outputs.target(tmp_path / "x.ics", default) == tmp_path / "x.ics"


def test_to_and_o_choose_the_format_once_for_every_writer_that_takes_both(tmp_path):
    default = lambda fmt: tmp_path / f"report.{fmt}"  # noqa: E731
    assert outputs.choose("report", None, None, default) == ("docx", tmp_path / "report.docx")
    assert outputs.choose("report", "pdf", None, default) == ("pdf", tmp_path / "report.pdf")
    assert outputs.choose("briefing", None, tmp_path / "b.html", default) == ("html", tmp_path / "b.html")
    assert outputs.choose("report", "md", tmp_path, default) == ("md", tmp_path / "report.md")  # a folder
    with pytest.raises(ScrError, match="does not match --to pdf"):
        outputs.choose("report", "pdf", tmp_path / "r.docx", default)
    with pytest.raises(ScrError, match="unknown format 'odt'"):
        outputs.choose("report", "odt", None, default)
    with pytest.raises(ScrError, match="'.xlsx' is not one of them"):
        outputs.choose("briefing", None, tmp_path / "b.xlsx", default)
