"""Hypothesis strategies for a command's parameters, chosen by what the parameter declares about its
value: its click type (Choice, Path, File, INT, FLOAT, BOOL flags, DateTime, or a custom type's
``name`` such as "date" or "ref"), else the metavar its help shows (DATE, REF, AGENCY…), and for a
file or path whether it is an argument (a file to read, a folder to create) or an option (``-o``).
Never by the option's own name: a command that lands is fuzzed by what its help says it takes.
"""

import click
from hypothesis import strategies as st

from harness import text as t
from harness.files import input_files, output_paths
from harness.tree import find
from scr.cli import cli

#: What to give a value of each kind, keyed by a custom click type's name or the metavar's word.
BY_KIND = {
    "date": t.date_text, "datetime": t.date_text,
    "ref": t.ref_text, "review": t.ref_text,
    "other": t.mostly(st.sampled_from(["r3", "r2", "r1", "another-board-ref"]), t.ref_text),
    "agency": t.agency_text, "name": st.one_of(t.agency_text, t.name_text),
    "status": t.status_text,
    # event kinds (scr event) and review kinds (scr new) share the KIND metavar
    "kind": st.one_of(t.kind_text, t.mostly(t.review_kind_text, t.kind_text)),
    "record": t.record_text,
    # action ids (actions update ID) and framework ids (new --framework ID) share the ID metavar
    "id": st.one_of(t.action_id_text, t.mostly(t.framework_text, t.junk)),
    "framework": t.mostly(t.framework_text, t.junk),
    "label": t.label_text, "recipient": t.recipient_text, "purpose": t.purpose_text,
    "field": t.field_text, "relation": t.relation_text,
    "days": t.number_text, "integer": t.number_text, "float": t.number_text,
    "value": st.one_of(t.plain_text, t.plain_text, t.date_text, input_files, t.junk),
}
FILE_KINDS = {"file", "path", "filename", "directory"}
#: Types that say nothing about the value: the metavar decides.
GENERIC_TYPES = (click.types.StringParamType, click.types.UnprocessedParamType)


def kind_of(param, ctx=None):
    """The kind of value PARAM takes: a custom type's name, else the word of its metavar."""
    if not isinstance(param.type, GENERIC_TYPES) and param.type.name:
        name = param.type.name.lower()
        if name not in ("text", "choice"):
            return name
    ctx = ctx or click.Context(cli)
    metavar = param.metavar or param.make_metavar(ctx)
    return metavar.strip(".[]").split("|")[0].lower()


def choice_strategy(choice):
    return t.mostly(st.sampled_from(list(choice.choices)), t.junk)


def file_strategy(param):
    """A file an argument reads, a folder an argument creates, or a file or folder an option writes."""
    if isinstance(param, click.Option):
        return output_paths  # scr's file options are all outputs (-o)
    kind = param.type
    readable = isinstance(kind, click.File) or (isinstance(kind, click.Path) and kind.exists) \
        or kind_of(param) == "file"
    if readable:
        return t.mostly(input_files, st.sampled_from(["missing.csv", "", "/", "."]), 8)
    return output_paths  # `scr init PATH`: a folder to create


def value_strategy(param, ctx=None):
    """A strategy of one value for ``param``: a string, an InputFile or an OutputPath."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return choice_strategy(kind)
    if isinstance(kind, (click.Path, click.File)):
        return file_strategy(param)
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        return t.number_text
    if isinstance(kind, click.DateTime):
        return t.date_text
    name = kind_of(param, ctx)
    if name in FILE_KINDS:
        return file_strategy(param)
    if name == "ref" and isinstance(param, click.Option):  # a REF option names a new review (new --ref)
        return t.mostly(t.new_ref_text, t.ref_text)
    if "|" in (param.metavar or ""):  # a choice spelt in the metavar: docx|html|pdf|md
        return t.mostly(st.sampled_from(param.metavar.split("|")), t.junk)
    if name in BY_KIND:
        return BY_KIND[name]
    return t.mostly(t.plain_text, t.junk, 3)


def is_flag(param):
    return isinstance(param, click.Option) and (param.is_flag or param.count)


def root_options():
    """The root group's options a command line may carry (not one that moves the workspace)."""
    return [p for p in cli.params if isinstance(p, click.Option) and not p.hidden and p.opts[0] != "--help"
            and not is_flag(p) and kind_of(p) not in FILE_KINDS and not isinstance(p.type, click.Path)]


@st.composite
def command_line(draw, path):
    """[root options, words of the path, then arguments and options] for one command, mostly
    well-formed."""
    command = find(path)
    ctx = click.Context(command)
    argv = list(path.split())
    for param in command.params:
        if isinstance(param, click.Argument):
            strategy = value_strategy(param, ctx)
            if param.nargs == -1:
                count = draw(st.integers(0 if not param.required else 1, 3))
                argv += [draw(strategy) for _ in range(count)]
            elif param.required or draw(st.integers(0, 4)) != 2:
                argv.append(draw(strategy))
            continue
        if param.hidden or "--help" in param.opts:
            continue
        if is_flag(param):
            if draw(st.integers(0, 2)) == 0:
                argv.append(param.opts[0])
            continue
        if param.required:
            present = draw(st.integers(0, 39)) != 17  # now and then the required option is missing
        else:
            present = draw(st.booleans())
        if present:
            option = param.opts[-1] if param.opts[-1].startswith("--") else param.opts[0]
            argv += [option, draw(value_strategy(param, ctx))]
    extra = draw(st.integers(0, 30))  # now and then a usage error: 13-15 (the middle, see mostly())
    if extra == 13:
        argv.append("--no-such-option")
    elif extra == 14:
        argv.append(draw(t.junk))
    elif extra == 15:
        argv[len(path.split()):] = draw(st.permutations(argv[len(path.split()):]))
    root = []
    for option in root_options():
        if draw(st.integers(0, 9)) == 5:
            root += [option.opts[0], draw(value_strategy(option))]
    return root + argv
