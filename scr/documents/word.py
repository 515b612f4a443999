"""Word documents at the level of their parts (zip + XML), fast enough for a 100-page report.

- ``reference_doc``: the one rule for which reference document (house style) a .docx takes: the
  board's ``templates/reference.docx`` where there is one, else the package's. A board's broken one
  is refused, never skipped: publishing in the wrong house style without a word is worse.
- ``prepare_reference``: a copy of the reference document (the board's house style) for one render:
  tracked-change recording switched off, and for a draft the marking added at the top of every
  header and footer (pandoc carries the reference document's headers and footers into its output).
- ``finish``: publication hygiene on pandoc's output: every image's description is its alt text
  (pandoc also writes the image's source there, which may be a whole data URI), no comment
  survives, and the core properties name the board as creator and last editor, the language, and
  the review's date (pandoc's sandbox dates every file 1 January 1970).
"""

import io
import re
import zipfile
from pathlib import Path

from scr.documents.templates import PACKAGE_TEMPLATES
from scr.errors import ScrError

REFERENCE_NAME = "reference.docx"


def escape(text):
    """XML text escaping (what xml.sax.saxutils.escape does; importing that module pulls in
    urllib.request, http.client and email, a tenth of a second on a slow machine)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
HEADER_TYPE = f"{R}/header"
FOOTER_TYPE = f"{R}/footer"
PART_TYPES = {
    "header": ("hdr", HEADER_TYPE, "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"),
    "footer": ("ftr", FOOTER_TYPE, "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"),
}


def reference_doc(templates_dir):
    """The reference document for a workspace whose board templates are in ``templates_dir``: the
    board's ``reference.docx`` where there is one (even a broken one: that is an error to report,
    not to paper over), else the package's. Checked with :func:`check_reference_doc`."""
    own = Path(templates_dir) / REFERENCE_NAME if templates_dir is not None else None
    if own is not None and ((own.is_symlink() and own.exists()) or Path(templates_dir).is_symlink()):
        raise ScrError(f"{own} is a symbolic link: templates are read as files of their own folder,"
                       " never through a link (copy the file there)")
    if own is not None and (own.exists() or own.is_symlink()):  # a broken link: "missing"
        return check_reference_doc(own)
    return check_reference_doc(PACKAGE_TEMPLATES / REFERENCE_NAME)


def check_reference_doc(path):
    """A reference document that exists and is a Word (zip) file, else a clean error."""
    path = Path(path)
    if not path.is_file():
        raise ScrError(
            f"the reference document {path} is missing "
            "(hint: put the board's reference.docx in the workspace's templates/ folder, or remove the broken one)"
        )
    if not zipfile.is_zipfile(path):
        raise ScrError(f"the reference document {path} is not a Word document (.docx)")
    return path


def _w(tag):
    return f"{{{W}}}{tag}"


def _read(path):
    try:
        with zipfile.ZipFile(path) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise ScrError(f"the reference document {path} cannot be read: {exc}") from None


def _write(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _marking_paragraph(text):
    from lxml import etree

    xml = (
        f'<w:p xmlns:w="{W}"><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/>'
        f'<w:color w:val="C00000"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )
    return etree.fromstring(xml)


def _mark(part, marking):
    """The marking at the top of a header or footer; in a footer line that carries the page
    number (the house style's), at the start of that line, so marking and number share it."""
    first = part.find(_w("p"))
    if first is not None and any("PAGE" in (t.text or "") for t in first.iter(_w("instrText"))):
        runs = _marking_paragraph(marking).findall(_w("r"))
        properties = first.find(_w("pPr"))
        position = 1 if properties is not None else 0
        for offset, run in enumerate(runs):
            first.insert(position + offset, run)
        return
    part.insert(0, _marking_paragraph(marking))


def _xml(parts, name, path):
    from lxml import etree

    if name not in parts:
        raise ScrError(f"the reference document {path} has no {name}: it is not a Word document")
    try:
        return etree.fromstring(parts[name])
    except etree.XMLSyntaxError as exc:
        raise ScrError(f"the reference document {path} is damaged ({name}: {exc})") from None


def _serialise(root):
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def prepare_reference(source, target, marking=None):
    """Write ``target``: the reference document ``source`` ready for one render."""
    parts = _read(source)
    settings_name = "word/settings.xml"
    if settings_name in parts:
        settings = _xml(parts, settings_name, source)
        for tag in ("trackRevisions", "revisionView"):
            for element in list(settings.iter(_w(tag))):
                element.getparent().remove(element)
        parts[settings_name] = _serialise(settings)
    if marking:
        _add_marking(parts, source, marking)
    with open(target, "wb") as handle:
        handle.write(_write(parts))
    return target


def _add_marking(parts, source, marking):
    from lxml import etree

    document = _xml(parts, "word/document.xml", source)
    rels_name = "word/_rels/document.xml.rels"
    rels = _xml(parts, rels_name, source)
    types = _xml(parts, "[Content_Types].xml", source)
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    sections = list(document.iter(_w("sectPr")))
    if not sections:
        body = document.find(_w("body"))
        sections = [etree.SubElement(body, _w("sectPr"))]
    marked = set()
    for kind, (root_tag, rel_type, content_type) in PART_TYPES.items():
        new_id = None
        for section in sections:
            refs = section.findall(_w(f"{kind}Reference"))
            for ref in refs:  # the board's own headers/footers: the marking goes on top
                name = "word/" + targets.get(ref.get(f"{{{R}}}id"), "").lstrip("/")
                if name in parts and name not in marked:
                    marked.add(name)
                    part = _xml(parts, name, source)
                    _mark(part, marking)
                    parts[name] = _serialise(part)
            if any(ref.get(_w("type")) in (None, "default") for ref in refs):
                continue
            if new_id is None:
                new_id = f"rIdScr{kind.title()}"
                file_name = f"scr-{kind}.xml"
                parts[f"word/{file_name}"] = (
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<w:{root_tag} xmlns:w="{W}" xmlns:r="{R}"/>'
                ).encode()
                part = _xml(parts, f"word/{file_name}", source)
                part.append(_marking_paragraph(marking))
                parts[f"word/{file_name}"] = _serialise(part)
                etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship",
                                 Id=new_id, Type=rel_type, Target=file_name)
                etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override",
                                 PartName=f"/word/{file_name}", ContentType=content_type)
            ref = etree.Element(_w(f"{kind}Reference"))
            ref.set(_w("type"), "default")
            ref.set(f"{{{R}}}id", new_id)
            # header references come first in a section's properties, then footer references
            position = len(section.findall(_w("headerReference"))) if kind == "footer" else 0
            section.insert(position, ref)
    parts["word/document.xml"] = _serialise(document)
    parts[rels_name] = _serialise(rels)
    parts["[Content_Types].xml"] = _serialise(types)


_DRAWING_DESCR = re.compile(
    rb'(<wp:docPr\b[^>]*?\bdescr=")([^"]*)("[^>]*>.*?<pic:cNvPr\b[^>]*?\bdescr=")([^"]*)(")', re.DOTALL
)
_EMPTY_DOCPR = re.compile(rb'(<wp:docPr\b[^>]*?\bdescr=")(")')


def _core_properties(xml, author, language, day):
    """docProps/core.xml naming ``author`` as creator and last editor, dated ``day``."""
    from lxml import etree

    root = etree.fromstring(xml)
    names = {
        "creator": "{http://purl.org/dc/elements/1.1/}creator",
        "lastModifiedBy": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy",
        "language": "{http://purl.org/dc/elements/1.1/}language",
        "created": "{http://purl.org/dc/terms/}created",
        "modified": "{http://purl.org/dc/terms/}modified",
    }
    values = {"creator": author, "lastModifiedBy": author, "language": language}
    if day is not None:
        values["created"] = values["modified"] = f"{day.isoformat()}T00:00:00Z"
    for key, value in values.items():
        element = root.find(names[key])
        if element is None:
            element = etree.SubElement(root, names[key])
            if key in ("created", "modified"):
                element.set("{http://www.w3.org/2001/XMLSchema-instance}type", "dcterms:W3CDTF")
        element.text = value
    return _serialise(root)


# ------------------------------------------------------------------------------ page layout

_MARKERS = ("scr-portrait", "scr-landscape")   # the layout filter's section breaks (layout.lua)
_SKIPPED = ("bookmarkStart", "bookmarkEnd")


def _marker(element):
    """"scr-portrait"/"scr-landscape" for a section-break paragraph the layout filter wrote."""
    if element.tag != _w("p"):
        return None
    kind = element.find(f"{_w('pPr')}/{_w('sectPr')}/{_w('type')}")
    value = kind.get(_w("val")) if kind is not None else None
    return value if value in _MARKERS else None


def _next_block(element):
    """The next sibling that is not a bookmark's start or end."""
    sibling = element.getnext()
    while sibling is not None and sibling.tag in tuple(_w(t) for t in _SKIPPED):
        sibling = sibling.getnext()
    return sibling


def _orient(section, landscape):
    size = section.find(_w("pgSz"))
    if size is None:
        return
    width, height = int(size.get(_w("w"), "11906")), int(size.get(_w("h"), "16838"))
    if landscape != (width > height):
        size.set(_w("w"), str(height))
        size.set(_w("h"), str(width))
    if landscape:
        size.set(_w("orient"), "landscape")
    elif _w("orient") in size.attrib:
        del size.attrib[_w("orient")]


def _sections(body):
    """Give each section break of the layout filter the document's own page set-up (headers,
    footers, margins) in the orientation it asks for: a landscape section for a wide table. A
    landscape section at the very end becomes the last section itself (no blank page after it),
    and two landscape sections that follow each other become one."""
    import copy

    final = body.find(_w("sectPr"))
    if final is None:
        return
    markers = [el for el in body if _marker(el)]
    for element in markers:
        if _marker(element) == "scr-landscape" and element.getparent() is not None:
            following = _next_block(element)
            if following is not None and _marker(following) == "scr-portrait":
                body.remove(element)
                body.remove(following)
    template = copy.deepcopy(final)
    for title_page in template.findall(_w("titlePg")):
        template.remove(title_page)
    last_landscape = False
    for element in [el for el in body if _marker(el)]:
        landscape = _marker(element) == "scr-landscape"
        if landscape and _next_block(element) is final:
            body.remove(element)
            last_landscape = True
            continue
        section = copy.deepcopy(template)
        _orient(section, landscape)
        properties = element.find(_w("pPr"))
        properties.remove(properties.find(_w("sectPr")))
        properties.append(section)
    if last_landscape:
        for title_page in final.findall(_w("titlePg")):
            final.remove(title_page)
        _orient(final, True)


def _text_width(section):
    """The width of a section's text area, in twentieths of a point."""
    size, margins = section.find(_w("pgSz")), section.find(_w("pgMar"))
    width = int(size.get(_w("w"))) if size is not None else 11906
    if margins is None:
        return width - 2 * 1134
    return width - int(margins.get(_w("left"), "1134")) - int(margins.get(_w("right"), "1134"))


def _tables(body):
    """Every table as wide as its section's text area (pandoc sizes the grid for its own 5.5-inch
    page), its header row repeated on each page and no row split between pages."""
    final = body.find(_w("sectPr"))
    section_of, pending = {}, []
    for element in body:
        pending.append(element)
        inner = element.find(f"{_w('pPr')}/{_w('sectPr')}") if element.tag == _w("p") else None
        if inner is not None:
            section_of.update((id(e), inner) for e in pending)
            pending = []
    section_of.update((id(e), final) for e in pending)
    for table in body.iter(_w("tbl")):
        top = table
        while top.getparent() is not body and top.getparent() is not None:
            top = top.getparent()
        section = section_of.get(id(top), final)
        grid = table.find(_w("tblGrid"))
        columns = grid.findall(_w("gridCol")) if grid is not None else []
        total = sum(int(c.get(_w("w"), "0")) for c in columns)
        if section is not None and total > 0 and top is table:
            room = _text_width(section)
            for column in columns:
                column.set(_w("w"), str(int(int(column.get(_w("w"))) * room / total)))
        for row in table.findall(_w("tr")):
            properties = row.find(_w("trPr"))
            if properties is None:
                from lxml import etree

                properties = etree.Element(_w("trPr"))
                before = row.find(_w("tblPrEx"))
                row.insert(1 if before is not None else 0, properties)
            if properties.find(_w("cantSplit")) is None:
                properties.insert(0, properties.makeelement(_w("cantSplit"), {}))


def _paragraph_text(paragraph):
    return "".join(t.text or "" for t in paragraph.iter(_w("t")))


def _contents(body):
    """The contents field pre-filled with its entries (each heading, linked to it), so Word and
    LibreOffice show them when the file is opened; Word adds the page numbers when it updates the
    field. The field is not marked dirty: opening the report asks nothing."""
    from lxml import etree

    gallery = body.find(f".//{_w('docPartGallery')}[@{_w('val')}='Table of Contents']")
    if gallery is None:
        return
    sdt = gallery.getparent().getparent().getparent()
    content = sdt.find(_w("sdtContent"))
    paragraphs = content.findall(_w("p")) if content is not None else []
    field = next((p for p in paragraphs if p.find(f".//{_w('instrText')}") is not None), None)
    if field is None:
        return
    instruction = field.find(f".//{_w('instrText')}").text or ""
    match = re.search(r'\\o\s+"(\d)-(\d)"', instruction)
    depth = int(match.group(2)) if match else 2
    entries, bookmark = [], None
    for element in body:
        if element.tag == _w("bookmarkStart"):
            bookmark = element.get(_w("name"))
            continue
        if element.tag != _w("p"):
            bookmark = None
            continue
        style = element.find(f"{_w('pPr')}/{_w('pStyle')}")
        level = re.fullmatch(r"Heading(\d)", style.get(_w("val"), "")) if style is not None else None
        if level and int(level.group(1)) <= depth and _paragraph_text(element).strip():
            entries.append((int(level.group(1)), _paragraph_text(element).strip(), bookmark))
        bookmark = None
    if not entries:
        return
    index = content.index(field)
    content.remove(field)
    for number, (level, text, anchor) in enumerate(entries):
        xml = [f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="TOC{level}"/></w:pPr>']
        if number == 0:
            xml.append('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                       f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>'
                       '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        xml.append(f'<w:hyperlink w:anchor="{escape(anchor)}" w:history="1">{run}</w:hyperlink>'
                   if anchor else run)
        if number == len(entries) - 1:
            xml.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        xml.append("</w:p>")
        content.insert(index + number, etree.fromstring("".join(xml)))


def lay_out(document_xml):
    """word/document.xml with its sections, tables and contents laid out (see above)."""
    from lxml import etree

    root = etree.fromstring(document_xml)
    body = root.find(_w("body"))
    if body is None:
        return document_xml
    _sections(body)
    _tables(body)
    _contents(body)
    return _serialise(root)


def finish(data, author, language="en-GB", day=None):
    """Pandoc's .docx with ``author`` as creator and last editor (never a login name), the
    language, the date ``day``, every image described by its alt text and no comments left;
    its landscape sections, tables and contents laid out (:func:`lay_out`)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["docProps/core.xml"] = _core_properties(parts["docProps/core.xml"], author, language, day)
    if "word/document.xml" in parts:
        parts["word/document.xml"] = lay_out(parts["word/document.xml"])
    body = parts.get("word/document.xml", b"")
    if b"<pic:cNvPr" in body:
        body = _EMPTY_DOCPR.sub(rb"\1Image\2", body)
        body = _DRAWING_DESCR.sub(lambda m: m[1] + m[2] + m[3] + m[2] + m[5], body)
        parts["word/document.xml"] = body
    comments = parts.get("word/comments.xml")
    if comments and b"<w:comment " in comments:
        parts["word/comments.xml"] = re.sub(rb"<w:comment .*?</w:comment>", b"", comments, flags=re.DOTALL)
    return _write(parts)
