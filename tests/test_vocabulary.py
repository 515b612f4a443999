"""The vocabulary of CLI.md 1.1: a typed event kind, recipient or purpose that is not known is
refused with the nearest spelling; --allow-new records it anyway; scr.toml [vocabulary] and the
workspace's frameworks extend what is known; records made before are never refused."""

import json

import pytest

from conftest import snapshot
from scr.errors import ScrError
from scr.timescales.vocabulary import EVENTS, PURPOSES, RECIPIENTS, Vocabulary

AS_OF = ("--as-of", "2014-01-20")


def new(run):
    assert run(*AS_OF, "new", "scr", "--title", "T", "--subject", "Infant B", "--ref", "b",
               "--aware", "2/12/2013").exit_code == 0


@pytest.mark.parametrize("args, message", [
    (("notify", "b", "pannel", "--date", "3/12/2013"), 'unknown recipient "pannel": did you mean "panel"?'),
    (("notify", "b", "ofsted", "--purpose", "incidnet", "--date", "3/12/2013"),
     'unknown purpose "incidnet": did you mean "incident"?'),
    (("event", "b", "initiatied", "--date", "3/12/2013"), 'unknown event kind "initiatied": did you mean "initiated"?'),
    (("event", "b", "notify:ofstde:incident", "--date", "3/12/2013"), 'did you mean "ofsted"?'),
    (("event", "b", "xyzzy", "--date", "3/12/2013"), "known: "),
])
def test_typos_are_refused_with_the_nearest_spelling_and_nothing_written(ws_path, run, args, message):
    new(run)
    before = snapshot(ws_path)
    result = run(*AS_OF, *args)
    assert result.exit_code == 1 and result.stderr.startswith("Error:")
    assert message in result.stderr and "--allow-new" in result.stderr
    assert snapshot(ws_path) == before


def test_allow_new_records_it_that_once(ws_path, run):
    new(run)
    assert run(*AS_OF, "notify", "b", "police", "--purpose", "update", "--date", "3/12/2013",
               "--allow-new").exit_code == 0
    assert run(*AS_OF, "notify", "b", "police", "--date", "4/12/2013").exit_code == 1  # still unknown
    events = json.loads(run(*AS_OF, "show", "b", "--json").stdout)["events"]
    assert events[-1]["kind"] == "notify:police:update"
    assert run(*AS_OF, "deadlines", "--json").exit_code == 0  # a record made so is never refused again


def test_built_in_and_framework_words_are_known(ws_path, run):
    new(run)
    for args in [("notify", "b", "panel", "--purpose", "reviewers", "--date", "3/12/2013"),
                 ("notify", "b", "welsh-government", "--purpose", "decision", "--date", "3/12/2013"),
                 ("notify", "b", "care-inspectorate", "--purpose", "report", "--date", "3/12/2013"),
                 ("event", "b", "care-leaver-died", "--date", "3/12/2013"),
                 ("event", "b", "notify:dfe:incident", "--date", "3/12/2013")]:
        result = run(*AS_OF, *args)
        assert result.exit_code == 0, (args, result.stderr)


def test_scr_toml_vocabulary_and_workspace_frameworks_extend_it(ws_path, run):
    new(run)
    config = ws_path / "scr.toml"
    config.write_text(config.read_text() + '\n[vocabulary]\nevents = ["family-meeting"]\n'
                      'recipients = ["police"]\npurposes = ["update"]\n', encoding="utf-8")
    (ws_path / "frameworks" / "ours.toml").write_text(
        'id = "ours"\ntitle = "Ours"\n[[milestones]]\nid = "m"\ntitle = "M"\nfrom = "strategy-meeting"\n'
        'days = 5\nmet_by = "notify:coroner:chronology"\n', encoding="utf-8")
    for args in [("event", "b", "family-meeting", "--date", "3/12/2013"),
                 ("notify", "b", "police", "--purpose", "update", "--date", "3/12/2013"),
                 ("event", "b", "strategy-meeting", "--date", "3/12/2013"),
                 ("notify", "b", "coroner", "--purpose", "chronology", "--date", "3/12/2013")]:
        result = run(*AS_OF, *args)
        assert result.exit_code == 0, (args, result.stderr)


@pytest.mark.parametrize("table, message", [
    ('[vocabulary]\nevents = "family-meeting"\n', "is not a list of words"),
    ('[vocabulary]\nevents = ["Family Meeting"]\n', "'Family Meeting' is not a valid event kind"),
    ('[vocabulary]\nagencies = ["x"]\n', "[vocabulary] agencies: unknown key"),
])
def test_a_bad_vocabulary_table_is_a_clean_error_naming_scr_toml(ws_path, run, table, message):
    config = ws_path / "scr.toml"
    config.write_text(config.read_text() + "\n" + table, encoding="utf-8")
    result = run("list")
    assert result.exit_code == 1 and "scr.toml" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


def test_vocabulary_unit():
    v = Vocabulary()
    assert v.check("recipients", "panel") == "panel" and v.check("purposes", None) is None
    with pytest.raises(ScrError, match='did you mean "secretary-of-state"'):
        v.check("recipients", "secretary-of-sate")
    v.add_kind("notify:welsh-government:decision")
    v.add_kind("care-leaver-died")
    assert "welsh-government" in v.known("recipients") and "care-leaver-died" in v.known("events")
    assert {"aware", "initiated", "published", "closed"} <= set(EVENTS)
    assert {"ofsted", "dfe", "panel", "secretary-of-state", "home-office"} == set(RECIPIENTS)
    assert {"incident", "decision", "pre-publication", "reviewers"} <= set(PURPOSES)
