"""Options and parameter types shared by many commands, defined once.

The parameter types check a value with scr's own rules (scr.values) and raise ScrError, so a wrong
REF, DATE or slug is exit 1 with scr's message, as CLI.md says, never click's usage error (exit 2).
"""

import click

from scr import values

json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")


def output_option(help_text="Write to this file (or folder) instead of the default place."):
    """``-o/--output PATH``: every command that writes a file takes it so, into ``output_path``."""
    return click.option("-o", "--output", "output_path", metavar="PATH", help=help_text)


def _name(param):
    """How a value is named in its error: the long option (``--due``), or the argument's name."""
    if param is None:
        return "value"
    options = [opt for opt in param.opts if opt.startswith("--")]
    return options[0] if options else param.human_readable_name


class RefType(click.ParamType):
    """A review ref: checked before any path is built from it."""

    name = "ref"

    def convert(self, value, param, ctx):
        return values.check_slug(value, "review ref")


class SlugType(click.ParamType):
    """A slug (framework id, relation, recipient, purpose), named in its error as ``what``."""

    name = "slug"

    def __init__(self, what):
        self.what = what

    def convert(self, value, param, ctx):
        return values.check_slug(value, self.what)


class DateType(click.ParamType):
    """A whole date typed day first (CLI.md, "Dates typed by a person"): a ``date``."""

    name = "date"

    def convert(self, value, param, ctx):
        return values.parse_date(value, _name(param))


REF = RefType()
DATE = DateType()
