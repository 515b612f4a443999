"""Build scr/templates/reference.docx, the house style of rendered reports.

It starts from pandoc's own reference document (only pandoc's named styles take effect) and styles
the headings, body text, tables, captions and the title page with python-docx. Run it again after
changing a style:

    python scripts/make_reference_docx.py
"""

import io
import subprocess
import sys
from pathlib import Path

import docx
import pypandoc
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "scr" / "templates" / "reference.docx"
FONT = "Arial"
NAVY = RGBColor(0x1F, 0x38, 0x64)
RED = RGBColor(0xC0, 0x00, 0x00)


def pandoc_default():
    result = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        check=True, capture_output=True,
    )
    return docx.Document(io.BytesIO(result.stdout))


def font(style, size=None, bold=None, italic=None, colour=None, name=FONT):
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if colour is not None:
        style.font.color.rgb = colour


def spacing(style, before=None, after=None, keep_with_next=None, page_break_before=None, align=None):
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next
    if page_break_before is not None:
        fmt.page_break_before = page_break_before
    if align is not None:
        fmt.alignment = align


def language(document, tag="en-GB"):
    """Every run's default language: the document is British English."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), tag)


def table_style(style):
    """Pandoc's "Table" style: thin grey borders round every cell, a shaded bold header row."""
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        style.element.append(tblpr)
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "808080")
        borders.append(line)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 40), ("left", 80), ("bottom", 40), ("right", 80)):
        cell = OxmlElement(f"w:{edge}")
        cell.set(qn("w:w"), str(width))
        cell.set(qn("w:type"), "dxa")
        margins.append(cell)
    tblpr.append(margins)
    for old in style.element.findall(qn("w:tblStylePr")):
        if old.get(qn("w:type")) == "firstRow":
            style.element.remove(old)
    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    bold = OxmlElement("w:b")
    rpr.append(bold)
    first.append(rpr)
    tcpr = OxmlElement("w:tcPr")
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), "D9E2F3")
    tcpr.append(shade)
    first.append(tcpr)
    style.element.append(first)


def page_setup(document):
    """A4; 2 cm each side, 2.5 cm top and bottom, the header and footer 1.25 cm from the edge (the
    PDF's page, templates/typst/house.typ); a footer with the page number on every page. scr adds a
    draft's protective marking above the number (scr/documents/word.py)."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = ""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    # one line: the marking (scr puts it first) then, at the right margin, the page number
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run().add_tab()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(9)
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = " PAGE "
            run._r.append(instruction)
        else:
            run.text = text


def contents_styles(document):
    """toc 1 and toc 2 (Word's own names): the contents' entries, the page number at the right
    margin after a dotted leader."""
    styles = document.styles
    for level in (1, 2):
        name = f"toc {level}"
        style = next((s for s in styles if s.name == name), None)
        if style is None:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        font(style, size=11, bold=level == 1)
        fmt = style.paragraph_format
        fmt.left_indent = Cm(0.6 * (level - 1))
        fmt.space_before, fmt.space_after = Pt(4 if level == 1 else 0), Pt(2)
        fmt.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def main():
    document = pandoc_default()
    page_setup(document)
    contents_styles(document)
    styles = document.styles
    language(document)
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text"):
        font(styles[name], size=11)
    spacing(styles["Body Text"], before=0, after=8)
    spacing(styles["First Paragraph"], before=0, after=8)
    font(styles["Compact"], size=9)  # table cells
    spacing(styles["Compact"], before=0, after=0)
    for level, size in ((1, 16), (2, 13), (3, 12), (4, 11)):
        style = styles[f"Heading {level}"]
        font(style, size=size, bold=True, colour=NAVY, italic=False)
        spacing(style, before=18 if level == 1 else 12, after=6, keep_with_next=True)
    spacing(styles["Heading 1"], page_break_before=True)
    font(styles["Title"], size=26, bold=True, colour=NAVY)
    spacing(styles["Title"], before=120, after=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    font(styles["Subtitle"], size=18, colour=NAVY)
    # Subtitle, Author and Date are based on Title: give each its own space before
    spacing(styles["Subtitle"], before=12, after=48, align=WD_ALIGN_PARAGRAPH.CENTER)
    font(styles["Author"], size=14, bold=True)
    spacing(styles["Author"], before=12, after=6, align=WD_ALIGN_PARAGRAPH.CENTER)
    font(styles["Date"], size=12)
    spacing(styles["Date"], before=6, after=36, align=WD_ALIGN_PARAGRAPH.CENTER)
    font(styles["Abstract Title"], size=16, bold=True, colour=RED)
    spacing(styles["Abstract Title"], before=24, after=6, align=WD_ALIGN_PARAGRAPH.CENTER)
    font(styles["Abstract"], size=11, bold=True, colour=RED)
    spacing(styles["Abstract"], before=0, align=WD_ALIGN_PARAGRAPH.CENTER)
    font(styles["TOC Heading"], size=16, bold=True, colour=NAVY)
    spacing(styles["TOC Heading"], page_break_before=True)
    for name in ("Caption", "Table Caption", "Image Caption"):
        style = next(s for s in styles if s.name == name)
        font(style, size=9, italic=True, bold=False, colour=RGBColor(0x40, 0x40, 0x40))
        spacing(style, before=4, after=10)
    spacing(styles["Table Caption"], keep_with_next=True)
    font(styles["Footnote Text"], size=9)
    table_style(styles["Table"])
    core = document.core_properties
    core.author = "scr"
    core.last_modified_by = "scr"
    core.language = "en-GB"
    core.title = "Overview report"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    document.save(out)
    print(out)


if __name__ == "__main__":
    main()
