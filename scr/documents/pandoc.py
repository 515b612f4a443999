"""Document conversion: pandoc (and typst for PDF) on assembled Markdown.

**Pandoc reads only what it is given.** Every pandoc call runs with ``--sandbox``; images are
inlined by the caller (data URIs, or copies inside the build folder for typst), stylesheets are
header includes. Output is produced in a temporary folder and handed back as bytes, so the caller
writes it atomically and a failure leaves no partial file anywhere.

Nothing here prints. Errors are :class:`ConversionError` (a :class:`scr.errors.ScrError`) with a hint.
"""

import logging
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from scr.documents.templates import PACKAGE_TEMPLATES
from scr.errors import ConversionError, ScrError
from scr.workspace import outputs

#: Pandoc's reader: Markdown without raw HTML/TeX/OpenXML passthrough, so text written by people
#: cannot smuggle markup into the output format (and an ``<img>`` is not a way round the image rules),
#: and without metadata blocks, so a section cannot rewrite the title page (that comes in as a file).
#: Without "smart": quotes, dashes and dots print as typed (a record, a name, a quotation is
#: never retyped), so nothing in people's text needs escaping for them.
READER = "markdown-raw_html-raw_tex-raw_attribute-yaml_metadata_block-smart"

FORMATS = outputs.format_names("report")



@contextmanager
def _pandoc_warnings():
    """Collect what pypandoc logs (pandoc's stderr) while the block runs."""
    messages = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    logger = logging.getLogger("pypandoc")
    handler = Collect(level=logging.WARNING)
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def pandoc(source, to, outputfile, extra_args=(), reader=READER):
    """Run pandoc (in its sandbox) on the file ``source``, writing ``outputfile``.

    Returns pandoc's warnings as a list of strings. Every argument is its own list item.
    """
    import pypandoc

    # --sandbox given by us, not pypandoc's sandbox=True: pypandoc drops it, with only a log
    # message, for a pandoc older than 2.15; given here, such a pandoc refuses to run at all.
    args = ["--sandbox", *(str(a) for a in extra_args)]
    try:
        with _pandoc_warnings() as warnings:
            pypandoc.convert_file(
                str(source),
                to,
                format=reader,
                extra_args=args,
                outputfile=str(outputfile),
                sandbox=False,  # see above: "--sandbox" is in args
                verify_format=False,  # the formats are ours and known; skips two extra pandoc runs
                cworkdir=str(Path(source).parent),
            )
    except RuntimeError as exc:
        detail = " ".join(str(exc).split())
        raise ConversionError(
            f"pandoc could not convert the report to {to}: {detail} "
            "(hint: check the section files' Markdown, and that templates/reference.docx is a Word document)"
        ) from None
    except OSError as exc:
        raise ConversionError(
            f"pandoc could not be run: {exc} (hint: reinstall with `pip install pypandoc-binary`)"
        ) from None
    if not Path(outputfile).is_file():
        raise ConversionError(f"pandoc wrote no {to} file (warnings: {'; '.join(warnings) or 'none'})")
    return [" ".join(w.split()) for w in warnings]


def compile_typst(typ_file, root):
    """Compile a typst file to PDF bytes; ``root`` bounds what typst may read."""
    try:
        import typst
    except ImportError:  # pragma: no cover - a broken installation
        raise ConversionError("the typst package is missing (hint: `pip install typst`)") from None
    try:
        return typst.compile(str(typ_file), root=str(root), format="pdf")
    except Exception as exc:  # typst.TypstError, and whatever the binding raises
        detail = " ".join(str(exc).split())
        raise ConversionError(f"typst could not make the PDF: {detail}") from None


@contextmanager
def build_folder():
    """A private temporary folder for one conversion, removed afterwards whatever happens."""
    path = Path(tempfile.mkdtemp(prefix="scr-render-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


#: Every conversion runs it: no comment, tracked change or javascript:/file: link gets through.
PUBLICATION_FILTER = PACKAGE_TEMPLATES / "pandoc" / "publication.lua"
#: Column widths from the content, landscape sections: every document pandoc writes.
LAYOUT_FILTER = PACKAGE_TEMPLATES / "pandoc" / "layout.lua"
HOUSE_TYPST = PACKAGE_TEMPLATES / "typst" / "house.typ"
#: The PDF's page: A4, 2 cm each side, 2.5 cm top and bottom (room for the header and footer).
_TYPST_PAGE = "papersize: a4\nmargin:\n  x: 2cm\n  top: 2.5cm\n  bottom: 2.5cm\n"


def typst_house(marking=None):
    """The typst set-up for a PDF: the house style (templates/typst/house.typ), with ``marking``
    (or none) at the top and bottom of every page beside the page number."""
    prelude = f"#let scr-marking = {typst_string(marking) if marking else 'none'}\n"
    return prelude + HOUSE_TYPST.read_text(encoding="utf-8")


def convert(markdown, to, *, reference_doc=None, docx_marking=None, date=None, author=None, **options):
    """Convert assembled Markdown to ``to`` and finish it for publication: ``(bytes, warnings)``.

    :func:`convert_raw` and then, for a .docx, :func:`scr.documents.word.finish` (``author`` as
    creator and last editor, the language, the date ``date``, images described, no comments).
    """
    data, warnings = convert_raw(markdown, to, reference_doc=reference_doc, docx_marking=docx_marking,
                                 **options)
    return finish(data, to, author=author, date=date), warnings


def finish(data, to, author=None, date=None):
    """Publication hygiene on what pandoc wrote (the .docx's parts; other formats are final)."""
    if to != "docx":
        return data
    from scr.documents import word

    return word.finish(data, author, "en-GB", date)


def convert_raw(markdown, to, *, reference_doc=None, header_html=None, before_body_html=None,
                after_body_html=None, typst_header=None, files=None, toc=True, metadata=None,
                docx_marking=None, image_alts=None):
    """Convert assembled Markdown to ``to`` (docx, html, pdf or md). Returns ``(bytes, warnings)``:
    what pandoc (and typst) wrote, before :func:`finish`.

    ``files`` maps relative names to bytes that the document refers to (images for the PDF) and is
    written next to the input inside the build folder — the only place typst may read from.
    ``metadata`` is YAML for pandoc's ``--metadata-file`` (title page, language, author).
    ``reference_doc``: the Word styles (see :func:`scr.documents.word.reference_doc`).
    ``docx_marking``: text for the top of every header and footer of a .docx (a draft's marking).
    ``image_alts`` maps names in ``files`` to their alt text (pandoc's typst writer drops it).
    Comments and tracked changes never reach the output (a Lua filter drops them).
    """
    if to not in FORMATS:
        raise ScrError(f"unknown format '{to}': use one of {', '.join(FORMATS)}")
    if to == "md":
        head = f"---\n{metadata}---\n\n" if metadata else ""
        return (head + markdown).encode("utf-8"), []
    with build_folder() as work:
        source = work / "report.md"
        source.write_text(markdown, encoding="utf-8")
        args = ["--standalone", "--lua-filter", str(LAYOUT_FILTER), "--lua-filter", str(PUBLICATION_FILTER)]
        if metadata:
            (work / "metadata.yaml").write_text(metadata, encoding="utf-8")
            args += ["--metadata-file", str(work / "metadata.yaml")]
        if toc:
            args += ["--toc", "--toc-depth=2"]

        def include(option, name, text):
            if text:
                (work / name).write_text(text, encoding="utf-8")
                args.extend([option, str(work / name)])

        if to == "docx":
            from scr.documents import word

            if reference_doc is not None:
                word.check_reference_doc(reference_doc)
                prepared = work / "reference.docx"
                word.prepare_reference(reference_doc, prepared, docx_marking)
                args += ["--reference-doc", str(prepared)]
            out = work / "report.docx"
            warnings = pandoc(source, "docx", out, args)
            return out.read_bytes(), warnings
        if to == "html":
            include("--include-in-header", "header.html", header_html)
            include("--include-before-body", "before.html", before_body_html)
            include("--include-after-body", "after.html", after_body_html)
            args += ["--embed-resources"]
            out = work / "report.html"
            warnings = pandoc(source, "html5", out, args)
            return out.read_bytes(), warnings
        # pdf: pandoc's typst writer, then typst, reading only the build folder
        include("--include-in-header", "header.typ", typst_header or typst_house())
        (work / "page.yaml").write_text(_TYPST_PAGE, encoding="utf-8")
        args += ["--metadata-file", str(work / "page.yaml")]  # later files win: the page is ours
        for name, data in (files or {}).items():
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        typ = work / "report.typ"
        warnings = pandoc(source, "typst", typ, args)
        if image_alts:
            typ.write_text(_typst_alt_text(typ.read_text(encoding="utf-8"), image_alts), encoding="utf-8")
        return compile_typst(typ, work), warnings


def typst_string(text):
    """A typst string literal."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typst_alt_text(source, alts):
    """Give every ``image("name")`` of ``alts`` its alt text (for screen readers and tagged PDF)."""
    def add(match):
        name = match.group(1)
        if name not in alts:
            return match.group(0)
        return f'image("{name}", alt: {typst_string(alts[name])}'

    return re.sub(r'image\("([^"\\]+)"', add, source)
