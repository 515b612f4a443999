"""The one name matcher (scr/report/matcher.py): a registered name is found however it is written."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scr.report import matcher


def hits(text, *names):
    return [(text[h.start:h.end], h.whole) for h in matcher.find(text, list(names))]


@pytest.mark.parametrize("text, expected", [
    ("Ms Smith said", [("Smith", False)]),
    ("the Smiths", [("Smiths", False)]),
    ("the Smiths' house", [("Smiths'", False)]),
    ("Smith's mother", [("Smith's", False)]),
    ("Kayleigh told her", []),
    ("J. Smith", [("J. Smith", True)]),
    ("Jane Louise Smith", [("Jane Louise Smith", True)]),
    ("Jane L. Smith", [("Jane L. Smith", True)]),
    ("SMITH, Jane", [("SMITH, Jane", True)]),
    ("jane\n> smith", [("jane\n> smith", True)]),
])
def test_the_routes_authors_take_by_accident(text, expected):
    assert hits(text, "Jane Smith") == expected


def test_a_first_name_alone_is_a_part_finding():
    assert hits("Kayleigh told her teacher", "Kayleigh Tyler") == [("Kayleigh", False)]


@pytest.mark.parametrize("registered, written", [
    ("O'Brien", "O\u2019Brien"), ("O\u2019Brien", "O'Brien"), ("O'Brien", "O\u02bcBrien"),
    ("Ashworth-Brown", "Ashworth Brown"), ("Ashworth-Brown", "Ashworth\u2011Brown"),
    ("Ashworth-Brown", "Ashworth\u2013Brown"), ("Ashworth Brown", "Ashworth-Brown"),
    ("Zoë", "Zoe\u0308"), ("Zoe\u0308", "Zoë"), ("Effie", "E\ufb00ie"), ("Straße", "STRASSE"),
    ("Jane", "Ja\u00adne"), ("Jane", "J\u200bane"), ("Jane", "Ja\u200dne"), ("Jane", "\ufeffJane"),
    ("Jane", "Ja\u2060ne"), ("Jane", "ＪＡＮＥ"), ("Ja\u200bne", "Jane"),
    ("Jane Smith", "Jane&nbsp;Smith"), ("O'Brien", "O&rsquo;Brien"), ("Smith", "&#83;mith"),
    ("Smith", "Sm<b>ith</b>"), ("Jane Smith", "jane.smith@example.org"),
    ("Tyler", "Tyler_contact_log.docx"), ("Jane Smith", "Jane%20Smith"), ("Jane Smith", "{#jane-smith}"),
    ("Tyler", "2013-tyler:1"), ("Jane Smith", "*Jane* Smith"), ("Jane Smith", "Jane *Smith*"),
])
def test_a_name_is_found_however_it_is_typed_or_pasted(registered, written):
    assert matcher.find(f"before {written} after", [registered]), (registered, written)


@pytest.mark.parametrize("text", ["Smithson", "Blacksmith", "smithy", "Smit h"])
def test_other_words_are_not_the_name(text):
    assert hits(text, "Smith") == []


def test_whole_only_names_are_not_searched_by_part_and_one_word_only_capitalised():
    hope = {"name": "Hope", "whole_only": True}
    assert hits("we hope so; there is hope", hope) == []
    assert hits("Hope said, and HOPE again", hope) == [("Hope", True), ("HOPE", True)]
    both = {"name": "Hope Tyler", "whole_only": True}
    assert hits("Ms Tyler and Hope", both) == []
    assert hits("TYLER, Hope", both) == [("TYLER, Hope", True)]


def test_one_letter_words_are_not_searched_alone():
    assert hits("a J and a b", "J Bloggs") == []


def test_replace_replaces_every_whole_form_keeps_endings_and_leaves_parts():
    text = "Jane Smith's report; SMITH, Jane; J. Smith; Jane\nLouise Smith; Ms Smith."
    assert matcher.replace(text, [("Jane Smith", "Mother")]) == (
        "Mother's report; Mother; Mother; Mother; Ms Smith."
    )


def test_a_long_text_with_many_parts_finds_each_once():
    text = ("Jane met Mr Brown at 10:00. " * 40000)
    found = matcher.find(text, ["Jane Smith", "Tom Brown"])
    assert len(found) == 80000 and not any(h.whole for h in found)


# ------------------------------------------------------------------ property: every route, mixed

FIRSTS = ["Jane", "Kayleigh", "Zoë", "Siobhan", "Effie", "Chloé", "Ruairí"]
SURNAMES = ["Smith", "O'Brien", "Ashworth-Brown", "Strauß", "Tyler", "McAllister"]
APOSTROPHES = ["'", "\u2019", "\u02bc", "\u2018"]
HYPHENS = ["-", "\u2011", "\u2010", "\u2013", "\u2014", " ", "\u2212"]
SPACES = [" ", "\n", "  ", "\t", "\u00a0", "\n> ", "\n    ", " \\\n", "&nbsp;", "%20", "_", "."]
INVISIBLES = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@st.composite
def written(draw):
    """``(registered, text, whole)``: a registered name and a text holding it, written through any
    mix of the routes an author or a paste takes; ``whole`` says whether the whole name is there."""
    first, surname = draw(st.sampled_from(FIRSTS)), draw(st.sampled_from(SURNAMES))
    registered = f"{first} {surname}"
    form = draw(st.sampled_from(["whole", "surname-first", "middle", "initial", "first", "surname"]))
    if form == "whole":
        parts = [first, surname]
    elif form == "surname-first":
        parts = [surname.upper() + ",", first]
    elif form == "middle":
        parts = [first, draw(st.sampled_from(["Louise", "L.", "Marie-Claire", "J"])), surname]
    elif form == "initial":
        parts = [first[0] + ".", surname]
    elif form == "first":
        parts = [first]
    else:
        parts = [surname]
    if form in ("first", "surname") or draw(st.booleans()):
        parts[-1] += draw(st.sampled_from(["", "s", "'s", "s'", "\u2019s"]))

    def route(word):
        word = word.replace("'", draw(st.sampled_from(APOSTROPHES)))
        word = word.replace("-", draw(st.sampled_from(HYPHENS)))
        case = draw(st.sampled_from(["same", "upper", "lower", "title"]))
        word = {"same": word, "upper": word.upper(), "lower": word.lower(), "title": word.title()}[case]
        if form in ("initial", "middle", "surname-first") and case == "lower":
            word = word[:1].upper() + word[1:]  # an initial or inserted name is written as a name
        if draw(st.booleans()):
            word = unicodedata.normalize("NFD", word)
        if draw(st.booleans()):
            word = word.replace("ffi", "\ufb03").replace("ff", "\ufb00").replace("fi", "\ufb01")
        if draw(st.booleans()) and len(word) > 2:
            at = draw(st.integers(1, len(word) - 1))
            if word[at - 1].isalpha() and word[at].isalpha():
                word = word[:at] + draw(st.sampled_from(INVISIBLES)) + word[at:]
        if draw(st.booleans()):
            at = draw(st.integers(0, len(word) - 1))
            if word[at].isascii() and word[at].isalpha():
                word = word[:at] + f"&#{ord(word[at])};" + word[at + 1:]
        markup = draw(st.sampled_from(["", "*", "**", "<b>", "`"]))
        if markup == "<b>":
            word = f"<b>{word}</b>"
        elif markup:
            word = markup + word + markup
        return word

    text = route(parts[0])
    for part in parts[1:]:
        text += draw(st.sampled_from(SPACES)) + route(part)
    before = draw(st.sampled_from(["", "She met ", "(", "\u201c", "see mailto:", "#"]))
    after = draw(st.sampled_from(["", ".", " at home", "\u201d", "@example.org", "_log.docx", ":1"]))
    return registered, before + text + after, form not in ("first", "surname")


@settings(max_examples=400, deadline=None)
@given(written())
def test_a_registered_name_written_through_any_mix_of_routes_is_always_found(case):
    registered, text, whole = case
    found = matcher.find(text, [registered])
    assert found, (registered, text)
    if whole:
        assert any(h.whole for h in found), (registered, text)
        assert matcher.replace(text, [(registered, "Mother")]) != text


@settings(max_examples=200, deadline=None)
@given(written())
def test_a_name_registered_with_invisible_characters_matches_the_same(case):
    registered, text, _ = case
    spoilt = registered[0] + "\u200b" + registered[1:].replace(" ", " \u00ad")
    assert matcher.find(text, [spoilt]), (spoilt, text)


def test_a_pasted_name_is_stored_without_its_invisible_characters():
    from scr.report.redaction import clean_name

    assert clean_name("\u200bJane\u00ad  Smi\u2060th\ufeff") == "Jane Smith"
