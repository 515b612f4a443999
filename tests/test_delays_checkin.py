"""Reasons for delay and pause categories (scr/timescales/delays.py), and regulation 14's
check-in milestone (scr/timescales/checkin.py), on their own."""

from datetime import date

import pytest

from scr.errors import ScrError
from scr.timescales import checkin, delays
from scr.timescales.clocks import Facts


@pytest.mark.parametrize("reason, category", [
    ("Parallel criminal proceedings", "criminal-proceedings"),
    ("Police investigation and a trial set for May", "criminal-proceedings"),
    ("Inquest opened by the coroner", "inquest"),
    ("COVID-19: the Panel relaxed the timescales", "national-relaxation"),
    ("Waiting to meet the child's mother", "family-engagement"),
    ("Chronology from Barts Health three months late", "agency-delay"),
    ("The chair was ill", "other"),
])
def test_a_pause_category_is_guessed_from_its_reason(reason, category):
    assert delays.guess_category(reason) == category
    assert delays.pause_category(reason) == (category, True)


def test_a_category_given_wins_and_an_unknown_one_is_refused():
    assert delays.pause_category("Inquest", "other") == ("other", False)
    with pytest.raises(ScrError, match="'trial' is not one of criminal-proceedings"):
        delays.pause_category("x", "trial")


def test_a_pause_recorded_before_categories_is_counted_by_its_guess():
    assert delays.category_of({"reason": "Inquest"}) == "inquest"
    assert delays.category_of({"reason": "Inquest", "category": "other"}) == "other"


def _facts(*events):
    return Facts(events=[{"kind": k, "date": d, "planned": False} for k, d in events])


def test_check_in_is_due_weeks_after_initiation_then_after_each_check_in():
    facts = _facts(("initiated", "2024-01-08"))
    row = checkin.evaluate(facts, 6, date(2024, 2, 1))
    assert (row["from"], row["due"], row["status"]) == (date(2024, 1, 8), date(2024, 2, 19), "due")
    assert checkin.evaluate(facts, 6, date(2024, 2, 20))["status"] == "overdue"
    facts = _facts(("initiated", "2024-01-08"), ("check-in", "2024-02-16"))
    row = checkin.evaluate(facts, 6, date(2024, 2, 20))
    assert (row["from"], row["due"], row["status"]) == (date(2024, 2, 16), date(2024, 3, 29), "due")


def test_no_check_in_before_initiation_after_publication_without_interval_or_for_a_rapid_review():
    assert checkin.evaluate(_facts(("aware", "2024-01-01")), 6, date(2024, 3, 1)) is None
    done = _facts(("initiated", "2024-01-08"), ("published", "2024-06-01"))
    assert checkin.evaluate(done, 6, date(2024, 7, 1)) is None
    assert checkin.evaluate(_facts(("initiated", "2024-01-08")), None, date(2024, 3, 1)) is None
    assert checkin.evaluate(_facts(("initiated", "2024-01-08")), 6, date(2024, 3, 1), "rapid") is None


def test_the_interval_is_the_reviews_own_else_the_workspaces():
    assert checkin.interval({}, 6) == 6
    assert checkin.interval({"check_in_weeks": 4}, 6) == 4
    assert checkin.interval({"check_in_weeks": 0}, 6) is None  # turned off for this review
    assert checkin.interval({}, 0) is None
    with pytest.raises(ScrError, match="check-in-weeks '-2' is not a whole number"):
        checkin.parse_weeks("-2", "check-in-weeks")


def test_scr_toml_check_in_weeks_is_checked_with_the_other_settings(tmp_path):
    from scr.workspace.config import Config

    path = tmp_path / "scr.toml"
    path.write_text('[reviews]\ncheck_in_weeks = "six"\n', encoding="utf-8")
    with pytest.raises(ScrError, match=r"scr.toml: \[reviews\] check_in_weeks = 'six' is not a whole number"):
        Config(path)
    path.write_text("[reviews]\ncheck_in_weeks = 6\n", encoding="utf-8")
    assert Config(path).check_in_weeks == 6
