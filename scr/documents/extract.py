"""Every piece of text a reader or a program can recover from a written document.

The publication gate reads what was *written*, not what was typed: this module takes the bytes of a
.docx, .pdf, .html or .md and returns ``[(where, text)]`` — each place text can hide, named for a
finding:

- **.docx**: every XML part — the document, headers, footers, footnotes, endnotes, comments, the
  relationships (link targets), core, app and custom properties (title, author, Company, Manager),
  bookmark names, image descriptions, field codes — as text, each paragraph one line; and the
  metadata of every embedded image. Font, style and theme names are not text anyone reads (the
  reference document's theme lists fonts such as Mangal and Latha) and are left out.
- **.pdf**: every page's text, the document information and XMP metadata, the outline (bookmarks),
  link targets, and every embedded image's metadata.
- **.html**: the text, every attribute value (``href``, ``src``, ``alt``, ``title``, ``id``, …), the
  ``<title>`` and ``<meta>`` content, and the metadata of every image in a ``data:`` URI; the
  stylesheet (font names) is left out.
- **.md**: the text itself, and the images in its ``data:`` URIs.

Nothing here prints. A document that cannot be read is a :class:`scr.errors.ScrError`.
"""

import base64
import io
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import unquote

from scr.errors import ScrError

#: Parts of a .docx whose attribute values are font, style or theme names, never text.
_STYLE_PARTS = re.compile(r"^word/(theme/.*|fontTable\.xml|styles\.xml|stylesWithEffects\.xml|"
                          r"webSettings\.xml|settings\.xml|numbering\.xml)$")
#: Attributes (local names) that hold text a program shows or follows.
_TEXT_ATTRIBUTES = {"name", "descr", "title", "anchor", "Target", "tooltip", "author", "initials",
                    "id", "val", "docLocation", "href", "uri", "link"}
#: Elements (local names) whose ``w:val`` is a name someone typed, not a setting.
_VALUE_ELEMENTS = {"alias", "tag", "docPartGallery", "placeholder", "name"}
_BREAKS = {"tab", "br", "cr", "noBreakHyphen", "softHyphen"}
_DATA_URI = re.compile(r"data:(image/[A-Za-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]+)")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".emf", ".wmf")


def texts(data, kind):
    """``[(where, text)]`` recoverable from ``data``, the bytes of a ``kind`` document
    (``docx``, ``pdf``, ``html`` or ``md``)."""
    if kind == "docx":
        return docx_texts(data)
    if kind == "pdf":
        return pdf_texts(data)
    if kind == "html":
        return html_texts(data)
    if kind == "md":
        text = data.decode("utf-8", errors="replace")
        return [("text", without_data_uris(text))] + data_uri_images(text)
    raise ScrError(f"cannot read a .{kind} document")


# ------------------------------------------------------------------------------ images


def image_texts(data, where):
    """``[(where, text)]``: every text an image file carries — PNG text chunks, EXIF (Artist,
    description, comments…), XMP, GIF and JPEG comments, ICC profile descriptions."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            found = []
            for key, value in (image.info or {}).items():
                found.extend(_flatten(f"{where} {key}", value))
            try:
                exif = image.getexif()
            except Exception:  # a broken EXIF block: its raw bytes are still searched below
                exif = {}
            for tag, value in dict(exif).items():
                found.extend(_flatten(f"{where} EXIF {tag}", value))
            for ifd in (0x8769, 0x8825, 0xA005):  # Exif, GPS and interoperability sub-blocks
                try:
                    for tag, value in exif.get_ifd(ifd).items():
                        found.extend(_flatten(f"{where} EXIF {tag}", value))
                except Exception:
                    pass
            text_chunks = getattr(image, "text", None)
            if isinstance(text_chunks, dict):
                for key, value in text_chunks.items():
                    found.extend(_flatten(f"{where} {key}", f"{key} {value}"))
            return found
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        # not an image Pillow reads (EMF, SVG…): its bytes' printable runs are what a program finds
        return [(where, _printable(data))]


def _flatten(where, value):
    if isinstance(value, bytes):
        return [(where, _printable(value))]
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, (tuple, list)):
        return [item for v in value for item in _flatten(where, v)]
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in _flatten(where, f"{k} {v}")]
    return []


def _printable(data):
    """The readable text in bytes: UTF-8 / Latin-1 and UTF-16 runs (as ``strings`` finds them)."""
    runs = [m.group(0).decode("latin-1") for m in re.finditer(rb"[\x20-\x7e\x80-\xff]{3,}", data)]
    runs += [m.group(0).decode("utf-16-le", errors="ignore")
             for m in re.finditer(rb"(?:[\x20-\x7e]\x00){3,}", data)]
    joined = "\n".join(runs)
    try:  # UTF-8 text (a name with accents) reads as UTF-8
        return data.decode("utf-8") if b"\x00" not in data else joined
    except UnicodeDecodeError:
        return joined


def without_data_uris(text):
    """``text`` with every image ``data:`` URI's base64 left out (its runs of letters could match a
    one-word name by chance; the image itself is read by :func:`data_uri_images`), lines kept."""
    if "data:" not in text:
        return text
    return _DATA_URI.sub(lambda m: f"data:{m.group(1)};base64," + "\n" * m.group(2).count("\n"), text)


def data_uri_images(text):
    """The metadata of every image in a ``data:`` URI of ``text``."""
    found = []
    for number, m in enumerate(_DATA_URI.finditer(text), start=1):
        try:
            data = base64.b64decode("".join(m.group(2).split()), validate=False)
        except ValueError:
            continue
        found.extend(image_texts(data, f"image {number} ({m.group(1)})"))
    return found


# ------------------------------------------------------------------------------ docx


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml_lines(root, attributes=True):
    """The text of an XML part: one line per paragraph (runs joined as Word joins them), every
    other text node on its own line, then the text-bearing attribute values."""
    lines, current = [], []

    def walk(element, in_paragraph):
        local = _local(element.tag)
        if local == "p":
            pieces = []
            _paragraph(element, pieces)
            lines.append("".join(pieces))
            return
        if element.text and element.text.strip():
            lines.append(element.text)
        for child in element:
            walk(child, in_paragraph)
            if child.tail and child.tail.strip():
                lines.append(child.tail)

    def _paragraph(element, pieces):
        for node in element.iter():
            local = _local(node.tag)
            if local in _BREAKS:
                pieces.append(" ")
            elif node.text and local not in ("pPr", "rPr"):
                pieces.append(node.text)
            if local == "p" and node is not element:
                pieces.append("\n")

    walk(root, False)
    if attributes:
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for key, value in element.attrib.items():
                local = _local(key)
                if local == "val" and _local(element.tag) not in _VALUE_ELEMENTS:
                    continue
                if local in _TEXT_ATTRIBUTES and value.strip():
                    current.append(value)
    return "\n".join(lines + current)


def docx_texts(data):
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ScrError(f"the written document is not a Word file: {exc}") from None
    found = []
    with archive:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        for info in archive.infolist():
            name = info.filename
            found.append(("file name", unquote(name)))
            content = archive.read(info)
            if name.lower().endswith(IMAGE_SUFFIXES):
                found.extend(image_texts(content, name))
                continue
            if not (name.endswith(".xml") or name.endswith(".rels")):
                found.append((name, _printable(content)))
                continue
            try:
                root = etree.fromstring(content, parser)
            except etree.XMLSyntaxError:
                found.append((name, content.decode("utf-8", errors="replace")))
                continue
            found.append((name, _xml_lines(root, attributes=not _STYLE_PARTS.match(name))))
    return found


# ------------------------------------------------------------------------------ pdf


def pdf_texts(data):
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        found = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            found.append((f"page {number}", text))
            if "-\n" in text or "\u00ad" in text:  # a word hyphenated at a line's end, joined again
                found.append((f"page {number}", re.sub(r"[-\u00ad]\n", "", text)))
            for annotation in page.get("/Annots") or []:
                target = annotation.get_object()
                action = target.get("/A") or {}
                for key in ("/URI", "/F", "/D"):
                    value = action.get(key) if hasattr(action, "get") else None
                    if value:
                        found.append((f"page {number} link", str(value)))
                if target.get("/Contents"):
                    found.append((f"page {number} annotation", str(target["/Contents"])))
            found.extend(_pdf_images(page, number))
        for key, value in (reader.metadata or {}).items():
            found.append((f"metadata {key}", str(value)))
        root = reader.trailer["/Root"]
        if "/Metadata" in root:
            found.append(("XMP metadata", _xml_text(root["/Metadata"].get_object().get_data())))
        found.extend(("outline", title) for title in _outline(reader.outline))
        return found
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ScrError(f"the written PDF cannot be read back: {exc}") from None


def _pdf_images(page, number):
    """The metadata of every image on ``page``: only pages whose resources hold an image are decoded
    (``page.images`` scans every page, a second per hundred pages)."""
    try:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        has_image = any(xobjects[key].get_object().get("/Subtype") == "/Image" for key in xobjects)
    except Exception:  # a resource dictionary pypdf cannot follow: look the slow way
        has_image = True
    if not has_image:
        return []
    found = []
    try:
        images = list(page.images)
    except Exception:  # an image pypdf cannot decode: its raw streams are searched instead
        return [(f"page {number} image", _printable(xobjects[key].get_object().get_data()))
                for key in xobjects]
    for image in images:
        found.extend(image_texts(image.data, f"page {number} image {image.name}"))
    return found


def _outline(items):
    titles = []
    for item in items:
        if isinstance(item, list):
            titles.extend(_outline(item))
        else:
            titles.append(str(getattr(item, "title", item)))
    return titles


def _xml_text(data):
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return data.decode("utf-8", errors="replace")
    return _xml_lines(root) + "\n" + "\n".join(
        v for element in root.iter() if isinstance(element.tag, str) for v in element.attrib.values()
    )


# ------------------------------------------------------------------------------ html


class _Html(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.attributes, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "style":
            self.skip += 1
        for key, value in attrs:
            if value and key != "style":
                self.attributes.append((key, value))
        if tag in ("br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag == "style" and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)

    def handle_comment(self, data):
        self.attributes.append(("comment", data))


def html_texts(data):
    parser = _Html()
    text = data.decode("utf-8", errors="replace")
    parser.feed(text)
    parser.close()
    found = [("text", "".join(parser.text))]
    for key, value in parser.attributes:
        if value.startswith("data:"):
            found.extend(data_uri_images(value))
            found.append((f"attribute {key}", without_data_uris(value)))
        else:
            found.append((f"attribute {key}", unquote(value)))
    return found
