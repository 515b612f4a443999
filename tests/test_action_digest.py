"""`scr actions remind`: one .eml digest per agency with open actions, read back with `email`."""

import email
import json
from email import policy

import pytest

REF = "2013-child-f"
OTHER = "2014-baby-a"


@pytest.fixture
def plan(ws_path, run):
    config = ws_path / "scr.toml"
    config.write_text(config.read_text() + '\n[agencies."Youth Offending Service"]\n'
                      'email = "yos@example.org"\naliases = ["YOS"]\n')
    for ref, subject in ((REF, "Child F"), (OTHER, "Baby A")):
        assert run("new", "scr", "--title", "T", "--subject", subject, "--ref", ref).exit_code == 0
    run("recommendation", "set", REF, "2", "Share information between LAC services and the YOS")

    def add(ref, text, label, agency, due, *extra):
        result = run("--as-of", "2013-09-01", "actions", "add", ref, text, "--recommendation",
                     label, "--agency", agency, "--due", due, *extra)
        assert result.exit_code == 0, result.stderr
        return result.stdout.strip()

    add(REF, "Information sharing protocol", "2", "YOS", "2014-05-20", "--owner", "YOS Manager")
    add(OTHER, "Custody visits", "1", "Youth Offending Service", "2014-03-01")
    add(REF, "Later work", "3", "yos", "2014-12-01")
    add(REF, "Audit supervision notes", "4", "Children's Social Care", "2014-04-01")
    done = add(REF, "Done already", "4", "Health", "2014-04-01")
    run("--as-of", "2014-01-01", "actions", "update", done, "--status", "completed", "--evidence", "x")
    return add


def read(path):
    with open(path, "rb") as handle:
        return email.message_from_binary_file(handle, policy=policy.default)


def test_one_digest_per_agency_with_open_actions(plan, run, ws_path):
    result = run("--as-of", "2014-04-30", "actions", "remind")
    assert result.exit_code == 0, result.stderr
    paths = result.stdout.splitlines()
    assert [p.rsplit("/", 1)[1] for p in paths] == [
        "actions-childrens-social-care-2014-04-30.eml",
        "actions-youth-offending-service-2014-04-30.eml",
    ]
    assert all(p.startswith(str(ws_path / "out")) for p in paths)
    yos = read(paths[1])
    assert yos["To"] == "yos@example.org"
    assert yos["X-Unsent"] == "1"
    assert "Youth Offending Service" in yos["Subject"] and "1 overdue" in yos["Subject"]
    body = yos.get_content()
    overdue_at = body.index("OVERDUE")
    soon_at = body.index("DUE WITHIN 28 DAYS")
    later_at = body.index("LATER")
    assert overdue_at < body.index(f"{OTHER}:1") < soon_at < body.index(f"{REF}:1") < later_at
    assert body.index(f"{REF}:2: Later work") > later_at
    assert "Share information between LAC services and the YOS" in body  # the recommendation
    assert "YOS Manager" in body and "20 May 2014" in body
    csc = read(paths[0])
    assert csc["To"] is None
    assert "Audit supervision notes" in csc.get_content()


def test_digest_for_one_agency_to_a_folder(plan, run, tmp_path):
    result = run("--as-of", "2014-04-30", "actions", "remind", "--agency", "yos",
                 "-o", tmp_path / "digests", "--json")
    assert result.exit_code == 0, result.stderr
    path = json.loads(result.stdout)["path"]
    assert path == str(tmp_path / "digests" / "actions-youth-offending-service-2014-04-30.eml")
    assert read(path).get_content().count("Custody visits") == 1


def test_agency_without_open_actions(plan, run):
    result = run("actions", "remind", "--agency", "Health")
    assert result.exit_code == 1 and "no open actions" in result.stderr


def test_board_template_overrides_the_builtin(plan, run, ws_path):
    (ws_path / "templates").mkdir()
    (ws_path / "templates" / "actions-digest.txt").write_text(
        "Dear {{ agency }}: {{ overdue | length }} late.\n"
        "{% for a in overdue %}{{ a.id }} {{ a.due }}\n{% endfor %}", encoding="utf-8")
    result = run("--as-of", "2014-04-30", "actions", "remind", "--agency", "YOS")
    body = read(result.stdout.strip()).get_content()
    assert body == f"Dear Youth Offending Service: 1 late.\n{OTHER}:1 2014-03-01\n"


def test_template_mistakes_are_clean_errors(plan, run, ws_path):
    (ws_path / "templates").mkdir()
    template = ws_path / "templates" / "actions-digest.txt"
    template.write_text("{{ nothing_here }}", encoding="utf-8")
    result = run("--as-of", "2014-04-30", "actions", "remind")
    assert result.exit_code == 1 and "nothing_here" in result.stderr
    assert not (ws_path / "out").exists()
    # the sandbox refuses to reach into Python internals
    template.write_text("{{ agency.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    result = run("--as-of", "2014-04-30", "actions", "remind")
    assert result.exit_code == 1 and result.stderr.startswith("Error:")
