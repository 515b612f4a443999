"""The template sandbox's three guarantees, beyond jinja2's own ``SandboxedEnvironment``:

- **Values are text, never markup.** In a letter or a section draft (see :func:`escapes_values`)
  every ``{{ value }}`` is escaped so that it shows exactly as typed: a ``--reference`` holding ``` `x`{=openxml} ``` or
  ``<b>`` or ``*`` is that text in the letter, never a Word field, HTML or emphasis. In a YAML
  template (``*.yaml.j2``) every value becomes a quoted string. What is meant as Markdown — a
  report section an author wrote — is handed in as :class:`Markdown` by the code, never by the
  value itself; the ``md`` and ``yaml`` filters mark what they escaped, so nothing is escaped twice.
  Plain-text templates (``*.txt``, e-mail bodies) take values as they are: plain text has no markup.
- **Templates are read as files, never through a symbolic link.** A board's ``templates/x.j2``
  linked to ``/etc/passwd`` is refused, as a section file linking outside its review is.
- **Work is bounded.** ``"x" * 10**10``, ``10 ** 10**8``, ``"x".ljust(10**10)`` and friends are
  refused before they allocate, ``range`` is bounded by jinja2 (100,000), and a template's output
  stops at ``MAX_OUTPUT`` characters.

Nothing here prints.
"""

import os
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from scr.documents.escapes import md_escape, yaml_string

#: The largest string, list or number of digits one template expression may make.
MAX_ALLOC = 1_000_000
#: The most text one template may produce (a 500-page report is a few MB of Markdown).
MAX_OUTPUT = 20_000_000
_WIDTH_METHODS = {"ljust", "rjust", "center", "zfill", "expandtabs", "__mul__", "__rmul__"}
_WIDTH_FILTERS = {"center", "indent", "wordwrap", "truncate"}


class Markdown(str):
    """Text that is Markdown on purpose (a section an author wrote, or a value the ``md`` filter
    escaped): inserted into a Markdown template as it is."""


class Yaml(str):
    """A value the ``yaml`` filter made into a YAML string literal."""


class TooMuchWork(jinja2.exceptions.SecurityError):
    """A template expression that would allocate without bound."""


def _size(value):
    if isinstance(value, (str, bytes, list, tuple)):
        return len(value)
    return None


def escapes_values(name):
    """Whether template ``name`` takes every value as text: letters (``notify*.md.j2``, anything in
    ``notifications/``) and report section drafts. (The report body, the board paper and the annual
    section escape each value with ``|md`` themselves: their macros build Markdown.)"""
    base = name.rsplit("/", 1)[-1]
    return name.endswith(".md.j2") and (
        name.startswith(("notifications/", "report/sections/")) or base.startswith("notify"))


@jinja2.pass_context
def _finalize(context, value):
    name = context.name or ""
    if value is None:
        return ""
    if escapes_values(name):
        if isinstance(value, (Markdown, Yaml)):
            return value
        return md_escape(value)
    if name.endswith(".yaml.j2"):
        if isinstance(value, (Yaml, Markdown)):
            return value
        return yaml_string(value)
    return value


def md(value):
    """The ``md`` filter: a value as Markdown that shows exactly that text, on one line."""
    return value if isinstance(value, Markdown) else Markdown(md_escape(value))


def yaml(value):
    """The ``yaml`` filter: a value as a YAML string literal."""
    return value if isinstance(value, Yaml) else Yaml(yaml_string(value))


def _bounded_filter(function):
    import functools

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        for value in (*args[1:], *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_ALLOC:
                raise TooMuchWork(f"a template may not make text {value:,} characters wide")
        return function(*args, **kwargs)

    return bounded


class BoundedSandbox(SandboxedEnvironment):
    """jinja2's sandbox, with allocation bounded and every value inserted as text."""

    intercepted_binops = frozenset(["*", "**", "+"])

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("finalize", _finalize)
        super().__init__(*args, **kwargs)
        for name in _WIDTH_FILTERS:  # jinja2 calls filters directly: bound them where they are
            self.filters[name] = _bounded_filter(self.filters[name])
        self.filters["md"] = md
        self.filters["yaml"] = yaml

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and isinstance(count, int) and size * count > MAX_ALLOC:
                    raise TooMuchWork(f"a template may not repeat text {count:,} times (at most"
                                      f" {MAX_ALLOC:,} characters)")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                    and right * max(abs(left).bit_length(), 1) > MAX_ALLOC:
                raise TooMuchWork(f"a template may not compute {left} ** {right}")
        elif operator == "+":
            sizes = (_size(left), _size(right))
            if None not in sizes and sum(sizes) > MAX_OUTPUT:
                raise TooMuchWork("a template may not build text that long")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - jinja2's own signature
        name = getattr(__obj, "__name__", "")
        if name in _WIDTH_METHODS and isinstance(getattr(__obj, "__self__", None), (str, bytes, list)):
            for value in (*args, *kwargs.values()):
                if isinstance(value, int) and value > MAX_ALLOC:
                    raise TooMuchWork(f"a template may not make text {value:,} characters wide")
        return super().call(__context, __obj, *args, **kwargs)

class NoLinkLoader(jinja2.FileSystemLoader):
    """A file-system loader that never follows a symbolic link: neither the template file nor any
    folder between the search folder and it may be one."""

    def get_source(self, environment, template):
        for base in self.searchpath:
            pieces = jinja2.loaders.split_template_path(template)
            path = Path(base).joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            probe = Path(base)
            if probe.is_symlink():
                raise jinja2.exceptions.SecurityError(
                    f"{probe} is a symbolic link: templates are read as files of their own"
                    " folder, never through a link")
            for piece in pieces:
                probe = probe / piece
                if probe.is_symlink():
                    raise jinja2.exceptions.SecurityError(
                        f"{probe} is a symbolic link: templates are read as files of their own"
                        " folder, never through a link")
            if not path.is_file():
                continue
            return super().get_source(environment, template)
        raise jinja2.TemplateNotFound(template)


def render(template, context):
    """``template`` rendered with ``context``, stopping at ``MAX_OUTPUT`` characters."""
    pieces, total = [], 0
    for piece in template.generate(context):
        total += len(piece)
        if total > MAX_OUTPUT:
            raise TooMuchWork(f"the template makes more than {MAX_OUTPUT:,} characters of text")
        pieces.append(piece)
    return "".join(pieces)
