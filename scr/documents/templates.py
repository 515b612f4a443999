"""The one sandboxed jinja2 environment: every template scr fills comes from here.

**Templates are code, people's text is data.** A template (the package's, or a board's own in the
workspace's ``templates/``) runs in a jinja2 ``SandboxedEnvironment`` with ``StrictUndefined``: it
cannot reach Python internals and a misspelt variable is an error, never an empty string. What
people wrote (report sections, chronology entries) is passed *into* templates as values and is
never itself rendered as a template, so ``{{ 7*7 }}`` in a section stays ``{{ 7*7 }}``.

Nothing here prints. Errors are :class:`TemplateError` (a :class:`scr.errors.ScrError`) naming the
template file and line.
"""

import os
import traceback
from pathlib import Path

from scr.documents.escapes import md_escape, yaml_string  # noqa: F401 - the filters' escapes, imported from here by others
from scr.errors import TemplateError

PACKAGE_TEMPLATES = Path(__file__).parents[1] / "templates"

def long_date(value):
    """A date (or ISO date) in letters and on title pages, in scr's one display form (``3 Mar
    2013``, :func:`scr.values.show`); a missing one is the empty string."""
    from scr import values

    return values.show(value, empty="")


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
    # bounded work, every value text in letters and drafts, never a template through a link
    env = BoundedSandbox(
        loader=NoLinkLoader([str(d) for d in dirs], encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=settings["trim_blocks"],
        lstrip_blocks=settings["lstrip_blocks"],
    )
    env.filters["longdate"] = long_date
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
