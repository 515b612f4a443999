"""The layout checks themselves, on small PDFs made with typst for the purpose: each check finds
the fault it is for, and passes a page that has none."""

import pytest

from layout import pages as P

pytest.importorskip("pdfplumber")


def pdf(tmp_path, body, name="t.pdf"):
    import typst

    source = tmp_path / (name + ".typ")
    source.write_text(
        '#set page(paper: "a4", margin: (x: 2cm, y: 2.5cm), '
        'footer: context align(right, counter(page).display()))\n' + body, encoding="utf-8")
    target = tmp_path / name
    target.write_bytes(typst.compile(str(source)))
    return P.read(target)


def test_text_printed_over_text_is_found(tmp_path):
    smear = pdf(tmp_path, "Hello world\n#place(top + left, dy: 0pt)[Hello again]\n")
    assert P.overlapping_words(smear)
    clean = pdf(tmp_path, "Hello world\n\nHello again\n", "clean.pdf")
    assert P.overlapping_words(clean) == []


def test_text_in_the_footer_band_or_off_the_page_is_found(tmp_path):
    geometry = P.Geometry()
    low = pdf(tmp_path, "Body\n#place(bottom + left, dy: 1.5cm)[Stray row]\n")
    problems = P.outside_text_area(low, geometry)
    assert any("'Stray' in the footer band" in p for p in problems)
    wide = pdf(tmp_path, "#place(top + left, dx: 17cm)[Placements2014 completed]\n", "wide.pdf")
    assert any("outside the text area's width" in p for p in P.outside_text_area(wide, geometry))
    clean = pdf(tmp_path, "Body text\n", "clean.pdf")
    assert P.outside_text_area(clean, geometry) == []


def test_a_word_broken_inside_is_missing(tmp_path):
    # as LibreOffice breaks a word too long for its column: "Northbridg" then "e" on the next line
    broken = pdf(tmp_path, "#block(width: 1.6cm)[Northbridg e Safeguarding]\n")
    assert P.missing_words(broken, ["Northbridge Safeguarding"])
    whole = pdf(tmp_path, "Northbridge Safeguarding\n", "whole.pdf")
    assert P.missing_words(whole, ["Northbridge Safeguarding"]) == []


def test_a_word_past_its_table_cell_is_found(tmp_path):
    over = pdf(tmp_path, "#table(columns: (1.5cm, 3cm), [completed-and-more], [b])\n")
    assert P.outside_cells(over)
    fits = pdf(tmp_path, "#table(columns: (4cm, 3cm), [completed], [b])\n", "fits.pdf")
    assert P.outside_cells(fits) == []


def test_pages_without_their_number_are_found(tmp_path):
    numbered = pdf(tmp_path, "One\n#pagebreak()\nTwo\n#pagebreak()\nThree\n")
    assert P.unnumbered_pages(numbered, P.Geometry()) == []
    import typst

    bare = tmp_path / "bare.typ"
    bare.write_text('#set page(paper: "a4", margin: (x: 2cm, y: 2.5cm))\nOne\n#pagebreak()\nTwo\n')
    (tmp_path / "bare.pdf").write_bytes(typst.compile(str(bare)))
    assert P.unnumbered_pages(P.read(tmp_path / "bare.pdf"), P.Geometry()) == [
        "page 2: no page number 2 in its header or footer (found nothing)"]


def test_contents_must_give_each_heading_the_page_it_is_on(tmp_path):
    body = "#outline(title: [Contents])\n#pagebreak()\n= Introduction\n#pagebreak()\n= Conclusions\n"
    good = pdf(tmp_path, body)
    assert P.contents_problems(good, ["Introduction", "Conclusions"]) == []
    wrong = pdf(tmp_path, "= Contents\nIntroduction #h(1fr) 2\n\nConclusions #h(1fr) 2\n#pagebreak()\n"
                "= Introduction\n#pagebreak()\n= Conclusions\n", "wrong.pdf")
    assert P.contents_problems(wrong, ["Introduction", "Conclusions"]) == [
        "the contents give 'Conclusions' page 2; it is on page 3"]
    empty = pdf(tmp_path, "= Contents\n#pagebreak()\n= Introduction\n", "empty.pdf")
    assert P.contents_listing(empty, ["Introduction"]) == ["the contents page does not list 'Introduction'"]
