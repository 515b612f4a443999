"""Templates and document conversion: the sandboxed jinja2 environment and the pandoc calls.

Two rules hold for everything here:

- **Templates are code, people's text is data.** A template (the package's, or a board's own in the
  workspace's ``templates/``) runs in a jinja2 ``SandboxedEnvironment`` with ``StrictUndefined``: it
  cannot reach Python internals and a misspelt variable is an error, never an empty string. What
  people wrote (report sections, chronology entries) is passed *into* templates as values and is
  never itself rendered as a template, so ``{{ 7*7 }}`` in a section stays ``{{ 7*7 }}``.
- **Pandoc reads only what it is given.** Every pandoc call runs with ``--sandbox``; images are
  inlined by the caller (data URIs, or copies inside the build folder for typst), stylesheets are
  header includes. Output is produced in a temporary folder and handed back as bytes, so the caller
  writes it atomically and a failure leaves no partial file anywhere.

Nothing here prints. Errors are :class:`scr.errors.ScrError` with a hint.
"""

import logging
import os
import re
import shutil
import tempfile
import traceback
from contextlib import contextmanager
from pathlib import Path

from scr.errors import ScrError

PACKAGE_TEMPLATES = Path(__file__).parents[1] / "templates"

#: Pandoc's reader: Markdown without raw HTML/TeX/OpenXML passthrough, so text written by people
#: cannot smuggle markup into the output format (and an ``<img>`` is not a way round the image rules),
#: and without metadata blocks, so a section cannot rewrite the title page (that comes in as a file).
READER = "markdown-raw_html-raw_tex-raw_attribute-yaml_metadata_block"

FORMATS = ("docx", "html", "pdf", "md")

#: ASCII punctuation that means something to pandoc's Markdown inside a line of text.
_MARKDOWN_ESCAPES = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]<>#+!|~^$@&='\"-.:"})


class TemplateError(ScrError):
    """A template that cannot be read or run: names the template file and line."""


class ConversionError(ScrError):
    """Pandoc or typst failed, or could not be started."""


# --------------------------------------------------------------------------------------------
# Templates


def md_escape(value):
    """Text -> Markdown that shows exactly that text, on one line (safe in a pipe-table cell).
    Quotes, hyphens and full stops are escaped too, so they are not made typographic (curly quotes,
    dashes, ellipses): a record shows as it was typed."""
    if value is None:
        return ""
    return " ".join(str(value).split()).translate(_MARKDOWN_ESCAPES)


def yaml_string(value):
    """A value as a YAML (JSON) string literal, for a Markdown metadata block."""
    import json

    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def template_dirs(workspace_templates=None):
    """The template search path: a board's own folder first, then the package's."""
    dirs = []
    if workspace_templates is not None and Path(workspace_templates).is_dir():
        dirs.append(Path(workspace_templates))
    dirs.append(PACKAGE_TEMPLATES)
    return dirs


def environment(dirs, **options):
    """A sandboxed, strict jinja2 environment loading from ``dirs`` (first match wins).

    Every template scr fills — reports, letters, emails, the annual section — comes from here.
    ``options`` may change whitespace handling (``trim_blocks``, ``lstrip_blocks``), never safety.
    """
    import jinja2

    from scr.documents.sandbox import BoundedSandbox, NoLinkLoader

    settings = {"trim_blocks": True, "lstrip_blocks": True, **options}
    env = BoundedSandbox(
        loader=NoLinkLoader([str(d) for d in dirs], encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=settings["trim_blocks"],
        lstrip_blocks=settings["lstrip_blocks"],
    )
    env.scr_dirs = [Path(d) for d in dirs]
    return env


def workspace_environment(ws, **options):
    """The environment for a workspace: its own ``templates/`` first, then the package's."""
    return environment(template_dirs(ws.templates_dir), **options)


def first_template(env, names):
    """The first of ``names`` that exists on the search path (a board's own wins), else an error."""
    for name in names:
        if any((base / name).is_file() for base in env.scr_dirs):
            return name
    raise TemplateError(f"no template found: looked for {', '.join(names)} in "
                        + ", ".join(str(d) for d in env.scr_dirs))


def template_names(env, folder, suffix=".j2"):
    """Names (``folder/x.j2``) of every template in ``folder`` across the search path, sorted."""
    names = set()
    for base in env.scr_dirs:
        where = base / folder
        if where.is_dir():
            names.update(
                f"{folder}/{p.name}" for p in where.iterdir() if p.is_file() and p.name.endswith(suffix)
            )
    return sorted(names)


def _template_location(env, exc, name):
    """``(file, line)`` where a template error happened, as precisely as jinja tells us."""
    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    if filename and line:
        return filename, line
    roots = [str(d.resolve()) for d in env.scr_dirs]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        resolved = os.path.realpath(frame.filename)
        if any(resolved.startswith(root + os.sep) for root in roots):
            return frame.filename, frame.lineno
    return filename or name, line


def render_template(env, name, context):
    """Render template ``name`` with ``context``; any failure is a :class:`TemplateError`
    naming the template file and line."""
    import jinja2

    from scr.documents import sandbox

    try:
        return sandbox.render(env.get_template(name), context)
    except jinja2.TemplateNotFound as exc:
        searched = ", ".join(str(d) for d in env.scr_dirs)
        raise TemplateError(f"template {exc.name} not found (looked in {searched})") from None
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or name
        raise TemplateError(f"{where} line {exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        where, line = _template_location(env, exc, name)
        raise TemplateError(f"{where} line {line}: refused: {exc}") from None
    except jinja2.TemplateError as exc:
        where, line = _template_location(env, exc, name)
        raise TemplateError(f"{where} line {line}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise TemplateError(f"template {name} is not UTF-8 text ({exc.reason})") from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError) as exc:
        where, line = _template_location(env, exc, name)
        raise TemplateError(f"{where} line {line}: {type(exc).__name__}: {exc}") from None


# --------------------------------------------------------------------------------------------
# Pandoc and typst


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


def check_reference_doc(path):
    """A reference document that exists and is a Word (zip) file, else a clean error."""
    import zipfile

    path = Path(path)
    if not path.is_file():
        raise ScrError(
            f"the reference document {path} is missing "
            "(hint: put the board's reference.docx in the workspace's templates/ folder, or remove the broken one)"
        )
    if not zipfile.is_zipfile(path):
        raise ScrError(f"the reference document {path} is not a Word document (.docx)")
    return path


#: Every conversion runs it: no comment, tracked change or javascript:/file: link gets through.
PUBLICATION_FILTER = PACKAGE_TEMPLATES / "pandoc" / "publication.lua"


def convert(markdown, to, *, reference_doc=None, header_html=None, before_body_html=None,
            after_body_html=None, typst_header=None, files=None, toc=True, metadata=None,
            docx_marking=None, date=None, author=None, image_alts=None):
    """Convert assembled Markdown to ``to`` (docx, html, pdf or md). Returns ``(bytes, warnings)``.

    ``files`` maps relative names to bytes that the document refers to (images for the PDF) and is
    written next to the input inside the build folder — the only place typst may read from.
    ``metadata`` is YAML for pandoc's ``--metadata-file`` (title page, language, author).
    ``docx_marking``: text for the top of every header and footer of a .docx (a draft's marking).
    ``date``: the .docx's creation date (a ``date``); ``author``: its creator and last editor.
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
        args = ["--standalone"]
        args += ["--lua-filter", str(PUBLICATION_FILTER)]
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
            from scr.documents import word as docxstyle

            if reference_doc is not None:
                check_reference_doc(reference_doc)
                prepared = work / "reference.docx"
                docxstyle.prepare_reference(reference_doc, prepared, docx_marking)
                args += ["--reference-doc", str(prepared)]
            out = work / "report.docx"
            warnings = pandoc(source, "docx", out, args)
            return docxstyle.finish(out.read_bytes(), author, "en-GB", date), warnings
        if to == "html":
            include("--include-in-header", "header.html", header_html)
            include("--include-before-body", "before.html", before_body_html)
            include("--include-after-body", "after.html", after_body_html)
            args += ["--embed-resources"]
            out = work / "report.html"
            warnings = pandoc(source, "html5", out, args)
            return out.read_bytes(), warnings
        # pdf: pandoc's typst writer, then typst, reading only the build folder
        include("--include-in-header", "header.typ", typst_header)
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
