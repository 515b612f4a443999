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
                    part.insert(0, _marking_paragraph(marking))
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


def finish(data, author, language="en-GB", day=None):
    """Pandoc's .docx with ``author`` as creator and last editor (never a login name), the
    language, the date ``day``, every image described by its alt text and no comments left."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["docProps/core.xml"] = _core_properties(parts["docProps/core.xml"], author, language, day)
    body = parts.get("word/document.xml", b"")
    if b"<pic:cNvPr" in body:
        body = _EMPTY_DOCPR.sub(rb"\1Image\2", body)
        body = _DRAWING_DESCR.sub(lambda m: m[1] + m[2] + m[3] + m[2] + m[5], body)
        parts["word/document.xml"] = body
    comments = parts.get("word/comments.xml")
    if comments and b"<w:comment " in comments:
        parts["word/comments.xml"] = re.sub(rb"<w:comment .*?</w:comment>", b"", comments, flags=re.DOTALL)
    return _write(parts)
