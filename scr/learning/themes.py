"""Themes: up to three per review (``scr theme REF THEME...``), from the built-in list below —
aligned with the themes the Child Safeguarding Practice Review Panel's annual reports and the NHS
Safeguarding Case Review Tracker count — and a board's own ``[themes] extra`` in scr.toml.

A review's themes live in its record, ``themes`` (a list, in the order given). Nothing here prints.
"""

from scr import values
from scr.errors import ScrError

MAX_THEMES = 3

# slug -> what it covers (docs/learning.md shows this list).
BUILT_IN = {
    "babies": "babies and infants under one, including non-accidental injury and bruising in non-mobile babies",
    "sudden-infant-death": "sudden unexpected death in infancy, unsafe sleeping",
    "physical-abuse": "physical abuse and non-accidental injury",
    "neglect": "neglect, including cumulative harm",
    "domestic-abuse": "domestic abuse in the household",
    "mental-health": "parents' or children's mental health",
    "substance-misuse": "parental alcohol or drug misuse",
    "self-harm": "suicide and self-harm of children and young people",
    "sexual-abuse": "child sexual abuse within the family",
    "child-sexual-exploitation": "child sexual exploitation",
    "criminal-exploitation": "child criminal exploitation, gangs and county lines",
    "extra-familial-harm": "harm outside the home, serious youth violence, knife crime",
    "online-harm": "online harm and abuse",
    "school-absence": "school absence, elective home education, children missing education",
    "children-in-care": "looked after children and care leavers, placements",
    "youth-justice": "children in custody and the youth justice system",
    "disabled-children": "disabled children and children with complex health needs",
    "race-and-culture": "race, ethnicity, culture and identity",
    "fathers": "fathers and men in the household ('invisible men')",
    "adolescents": "adolescents and transitions",
    "information-sharing": "information sharing between agencies",
    "risk-assessment": "assessment of risk, decision making and escalation",
    "professional-challenge": "professional curiosity, challenge and disagreement",
    "voice-of-the-child": "hearing the child, the child's lived experience",
}


def available(ws):
    """Every theme a review of this workspace may carry: the built-in ones, then scr.toml's."""
    return {**BUILT_IN, **{slug: "a theme of this board (scr.toml [themes] extra)"
                           for slug in ws.settings.extra_themes if slug not in BUILT_IN}}


def check_themes(ws, themes):
    """The themes given, checked: slugs, known, no more than three, each once."""
    known = available(ws)
    chosen = []
    for theme in themes:
        values.check_slug(theme, "theme")
        if theme not in known:
            raise ScrError(
                f"unknown theme {theme!r}; use one of {', '.join(known)}"
                " (or add it to scr.toml: [themes] extra = [...])"
            )
        if theme in chosen:
            raise ScrError(f"theme {theme!r} is given twice")
        chosen.append(theme)
    if not chosen:
        raise ScrError("give at least one THEME")
    if len(chosen) > MAX_THEMES:
        raise ScrError(f"a review carries at most {MAX_THEMES} themes; {len(chosen)} were given")
    return chosen


def themes_of(review):
    """The review's themes, in the order they were given ([] where none)."""
    return list(review.record.get("themes") or [])


def set_themes(ws, ref, themes):
    """``scr theme REF THEME...``: replace the review's themes; returns them."""
    chosen = check_themes(ws, themes)
    with ws.open_review(ref, write=True) as review:
        review.update_record(themes=chosen)
    return chosen


def check_filter(ws, theme):
    """A ``--theme`` filter: a known theme, else an error naming the ones there are."""
    if theme is None:
        return None
    return check_themes(ws, [theme])[0]


def counts(reviews):
    """``{THEME: {reviews, recommendations, actions}}`` over ``reviews``, themes in list order."""
    return counts_of(sizes(review) for review in reviews)


def sizes(review):
    """``(themes, recommendations, actions)`` of REVIEW: what :func:`counts` adds up (the derived
    index keeps it)."""
    from scr.actions import rules

    themes = themes_of(review)
    if not themes:
        return themes, 0, 0
    return themes, len(rules.recommendation_records(review)), len(rules.brief_records(review))


def counts_of(items):
    """:func:`counts` from ``(themes, recommendations, actions)`` per review."""
    found = {}
    for themes, recs, actions in items:
        for theme in themes:
            row = found.setdefault(theme, {"reviews": 0, "recommendations": 0, "actions": 0})
            row["reviews"] += 1
            row["recommendations"] += recs
            row["actions"] += actions
    order = {slug: n for n, slug in enumerate(BUILT_IN)}
    return {theme: found[theme] for theme in sorted(found, key=lambda t: (order.get(t, len(order)), t))}
