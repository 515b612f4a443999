"""The template sandbox (scr/documents/sandbox.py): values are text, templates are never read
through a symbolic link, and work is bounded."""

import jinja2
import pytest

from scr.documents import sandbox

FIELD = "`INCLUDETEXT \"c:\\\\x\"`{=openxml} <b>x</b> *y* [z](file:///etc/passwd)"


def env(templates):
    return sandbox.BoundedSandbox(loader=jinja2.DictLoader(templates), undefined=jinja2.StrictUndefined)


def render(templates, name, **context):
    return sandbox.render(env(templates).get_template(name), context)


def test_in_a_markdown_template_every_value_is_escaped_text_and_markdown_is_only_what_code_says():
    out = render({"notifications/l.md.j2": "Ref: {{ ref }}|{{ ref|md }}|{{ section }}"}, "notifications/l.md.j2",
                 ref=FIELD, section=sandbox.Markdown("**kept**"))
    ref, once, section = out[len("Ref: "):].split("|")
    assert ref == once  # escaped once, whether or not the template says |md
    assert "{=openxml}" not in ref and "<b>" not in ref and "`" not in ref.replace("\\`", "")
    assert section == "**kept**"


def test_the_escaped_value_reads_back_through_pandoc_as_the_very_text():
    import pypandoc

    out = render({"notifications/l.md.j2": "{{ ref }}"}, "notifications/l.md.j2", ref=FIELD)
    from scr.documents.pandoc import READER  # how scr reads Markdown: no "smart" typography

    docx_xml = pypandoc.convert_text(out, "plain", format=READER, extra_args=["--sandbox"])
    assert " ".join(docx_xml.split()) == " ".join(FIELD.split())


def test_yaml_templates_quote_every_value_and_text_templates_keep_it():
    assert render({"t.yaml.j2": "title: {{ t }}"}, "t.yaml.j2", t='a: "b"\nc') == 'title: "a: \\"b\\"\\nc"'
    assert render({"e.txt": "{{ t }}"}, "e.txt", t="*plain*") == "*plain*"


@pytest.mark.parametrize("source", [
    '{{ "x" * 10**10 }}', '{{ [1] * 10**9 }}', '{{ n ** (10**8) }}', '{{ "x".ljust(10**10) }}',
    '{{ "x"|center(10**10) }}',
    '{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}',
])
def test_a_template_that_would_allocate_without_bound_is_refused(source):
    with pytest.raises(jinja2.exceptions.SecurityError):
        render({"x.md.j2": source}, "x.md.j2", n=10)


def test_a_template_through_a_symbolic_link_is_refused(tmp_path):
    (tmp_path / "secret").write_text("root:x:0:0")
    board = tmp_path / "templates"
    (board / "notifications").mkdir(parents=True)
    (board / "notify.md.j2").symlink_to(tmp_path / "secret")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.md.j2").write_text("from elsewhere")
    (board / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (board / "own.md.j2").write_text("own {{ 1 }}")
    loader_env = sandbox.BoundedSandbox(loader=sandbox.NoLinkLoader([str(board)]))
    for name in ("notify.md.j2", "linked/x.md.j2"):
        with pytest.raises(jinja2.exceptions.SecurityError, match="symbolic link"):
            loader_env.get_template(name)
    assert sandbox.render(loader_env.get_template("own.md.j2"), {}) == "own 1"
