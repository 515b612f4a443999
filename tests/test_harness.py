"""tests/harness/params.py chooses fuzz values by what a parameter declares (its click type or the
metavar of its help), never by its name: a made-up command with misleading names gets values of
the kinds its types and metavars say."""

from datetime import date

import click
from hypothesis import find, given, settings

from harness import InputFile, OutputPath
from harness.params import kind_of, value_strategy
from harness.text import REFS
from scr.errors import ScrError
from scr.values import parse_partial


@click.command()
@click.argument("due", metavar="REF")                         # named like a date, declared a ref
@click.argument("ref", type=click.Path(exists=True))          # named like a ref, a file to read
@click.option("--status", type=click.Choice(["red", "green"]))
@click.option("--agency", type=int)
@click.option("--file", metavar="DATE")
@click.option("--date", metavar="PATH")
@click.option("--json", "as_json", is_flag=True)
def made_up(**_):
    """A command whose parameter names mislead."""


PARAMS = {p.name: p for p in made_up.params}


BOUNDED = settings(max_examples=200, deadline=None, database=None, derandomize=True)


def can_give(name, predicate):
    """Does the parameter's strategy give, among its first examples, a value that fits?"""
    return find(value_strategy(PARAMS[name]), predicate, settings=BOUNDED) is not None


def readable_date(value):
    try:
        return isinstance(value, str) and parse_partial(value)[0] >= date(2008, 1, 1)
    except ScrError:
        return False


def test_values_follow_the_type_and_the_metavar_not_the_name():
    assert can_give("due", lambda v: v in REFS)                          # REF metavar: the seed's refs
    assert can_give("ref", lambda v: isinstance(v, InputFile))           # Path(exists=True): files to read
    assert can_give("status", lambda v: v == "green")                    # Choice: its choices…
    assert can_give("status", lambda v: v not in ("red", "green"))       # …and junk
    assert can_give("agency", lambda v: v.lstrip("-").isdigit() and v != "0")  # INT: numbers
    assert can_give("file", readable_date)                               # DATE metavar: dates


@settings(max_examples=50, deadline=None, database=None, derandomize=True)
@given(where=value_strategy(PARAMS["date"]), ref=value_strategy(PARAMS["due"]))
def test_a_path_option_is_a_place_to_write_and_a_ref_is_never_a_file(where, ref):
    assert isinstance(where, OutputPath)
    assert isinstance(ref, str)


def test_the_kind_is_read_from_the_type_before_the_metavar():
    assert kind_of(PARAMS["due"]) == "ref"
    assert kind_of(PARAMS["file"]) == "date"
    assert kind_of(PARAMS["agency"]) == "integer"
