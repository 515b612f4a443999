"""Options shared by many commands, defined once."""

import click

json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")


def output_option(help_text="Write to this file (or folder) instead of the default place."):
    return click.option("-o", "--output", "output", metavar="PATH", help=help_text)


def text(value, name):
    """Text options (--title, --subject, --reason…): blank is refused, exit 1."""
    from scr.values import text as checked

    return checked(value, name, required=False)
