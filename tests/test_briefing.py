"""`scr briefing`: drafted once from the review, rendered through the publication gate, at most
two pages (the page count of the PDF is checked)."""

import pytest

from board_workspace import ok
from scr.learning.briefing import pdf_pages

AS_OF = ("--as-of", "2014-04-30")


@pytest.fixture
def review(ws_path, run):
    ok(run(*AS_OF, "new", "scr", "--ref", "f", "--title", "SCR: Child F", "--subject", "Child F",
           "--aware", "2012-10-15"))
    ok(run(*AS_OF, "theme", "f", "children-in-care", "self-harm"))
    folder = ws_path / "reviews" / "f" / "report" / "sections"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "06-analysis-and-findings.md").write_text(
        "# Analysis and findings\n\n**Finding 1.** Marcus's history was filed away and not read.\n\n"
        "**Finding 2.** Distance weakened every service.\n", encoding="utf-8")
    ok(run(*AS_OF, "recommendation", "set", "f", "1", "Key documents are prominently marked in the record"))
    ok(run(*AS_OF, "redact", "add", "f", "Marcus", "--replace-with", "Child F"))
    return ws_path / "reviews" / "f"


def drafted(review, run):
    ok(run(*AS_OF, "briefing", "f"))
    return review / "report" / "briefing.md"


def test_the_briefing_is_drafted_from_the_review_and_stays_the_authors(review, run):
    result = ok(run(*AS_OF, "briefing", "f", "--to", "md"))
    assert result.stdout.strip() == str(review / "report" / "briefing.md")
    assert "drafted" in result.stderr
    assert not (review / "report" / "build" / "f-learning-briefing.md").exists()  # not rendered yet
    result = ok(run(*AS_OF, "briefing", "f", "--to", "md"))
    draft = (review / "report" / "briefing.md").read_text(encoding="utf-8")
    for heading in ("The case in brief", "Why it matters", "What was found", "What to do now",
                    "Questions for practitioners"):
        assert f"## {heading}" in draft
    assert "Distance weakened every service" in draft
    assert "Key documents are prominently marked in the record" in draft
    assert "children in care" in draft
    written = (review / "report" / "build" / "f-learning-briefing.md").read_text(encoding="utf-8")
    assert "Marcus" not in written and "Child F's history" in written  # the names replaced
    (review / "report" / "briefing.md").write_text("## The case in brief\n\nEdited by the author.\n",
                                                    encoding="utf-8")
    ok(run(*AS_OF, "briefing", "f", "--to", "md"))
    assert "Edited by the author" in (review / "report" / "build" / "f-learning-briefing.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("to", ["pdf", "docx", "html"])
def test_the_briefing_renders_in_the_house_formats_within_two_pages(review, run, to):
    drafted(review, run)
    path = ok(run(*AS_OF, "briefing", "f", "--to", to)).stdout.strip()
    assert path.endswith(f"f-learning-briefing.{to}")
    if to == "pdf":
        with open(path, "rb") as handle:
            assert 1 <= pdf_pages(handle.read()) <= 2


def test_a_briefing_over_two_pages_is_refused_and_nothing_written(review, run):
    drafted(review, run)
    long_text = "## What was found\n\n" + "\n\n".join(
        f"Paragraph {n}: " + "the review found that information was not shared. " * 12 for n in range(40))
    (review / "report" / "briefing.md").write_text(long_text, encoding="utf-8")
    result = run(*AS_OF, "briefing", "f", "--to", "docx")
    assert result.exit_code == 3
    assert "runs to" in result.stderr and "at most 2" in result.stderr
    assert not (review / "report" / "build" / "f-learning-briefing.docx").exists()


def test_the_publication_gate_refuses_a_name_without_replacement(review, run):
    ok(run(*AS_OF, "redact", "add", "f", "Lorraine"))
    (review / "report" / "briefing.md").write_text("## The case in brief\n\nLorraine was not seen. TODO\n",
                                                    encoding="utf-8")
    result = run(*AS_OF, "briefing", "f", "--to", "html")
    assert result.exit_code == 3
    assert "report/briefing.md:3" in result.stderr and "Lorraine" in result.stderr and "TODO" in result.stderr
    assert "the learning briefing of f was not written" in result.stderr
    assert not (review / "report" / "build" / "f-learning-briefing.html").exists()


def test_pdf_pages_counts_the_page_tree():
    assert pdf_pages(b"%PDF-1.7\n1 0 obj\n<</Type/Pages/Count 2/Kids[3 0 R 4 0 R]>>\nendobj\n") == 2
    assert pdf_pages(b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>") == 1
