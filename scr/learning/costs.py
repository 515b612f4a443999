"""What reviews cost: ``scr cost add REF AMOUNT --date DATE --what TEXT`` records a cost (the
author's fee, the chair, legal advice, venues) in the review's table ``costs``, record ids
``c<N>``: ``{date, amount, what, withdrawn}``; ``[budget]`` in scr.toml gives each financial year's
budget for reviews, so the annual section and the board paper can set the year's costs against it,
as the seed's Appendix 2 does ("Serious Case Review x 2  50,000"). Amounts are pounds.

Nothing here prints.
"""

import re
from decimal import Decimal, InvalidOperation

from scr import values
from scr.errors import ScrError

TABLE = "costs"
_AMOUNT = re.compile(r"£?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?")


def parse_amount(text):
    """Pounds as typed (``25000``, ``1250.50``, ``£25,000``): a number with at most two decimals."""
    raw = str(text).strip()
    match = _AMOUNT.fullmatch(raw)
    if not match:
        raise ScrError(f"AMOUNT {text!r} is not an amount of pounds (e.g. 25000 or 1250.50)")
    try:
        amount = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
    except InvalidOperation:
        raise ScrError(f"AMOUNT {text!r} is not an amount of pounds") from None
    if amount <= 0:
        raise ScrError(f"AMOUNT {text!r} must be more than nothing")
    return number(amount)


def number(amount):
    """An amount as JSON holds it: a whole number where it is whole, else pounds and pence."""
    amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def pounds(amount):
    """``£25,000`` or ``£1,250.50``, as a paper shows money."""
    amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    whole = amount == amount.to_integral_value()
    return f"£{amount:,.0f}" if whole else f"£{amount:,.2f}"


def financial_year(day):
    """``2013-14`` for any day from 1 April 2013 to 31 March 2014."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{str(start + 1)[2:]}"


def records(review, include_withdrawn=False):
    """The review's costs, oldest first, each with its id ``c<N>``; as of today."""
    from scr.learning.dissemination import dated_records

    return dated_records(review, TABLE, "c", include_withdrawn)


def public(cost):
    return {key: cost.get(key) for key in ("id", "date", "amount", "what")}


def add_cost(ws, ref, amount, date, what):
    """``scr cost add``: record one cost; returns its record id."""
    amount = parse_amount(amount)
    day = values.parse_date(date, "--date") if isinstance(date, str) else date
    if day > ws.today:
        raise ScrError(f"--date {day.isoformat()} is after today ({ws.today.isoformat()}): record a cost once it is incurred")
    record = {"date": day.isoformat(), "amount": amount, "what": values.text(what, "--what"),
              "withdrawn": None}
    with ws.open_review(ref, write=True) as review:
        return f"c{review.table(TABLE).insert(record)}"


def period_costs(reviews, start, end):
    """``{total, by_review: {REF: N}, budget: {YEAR: {budget, spent, remaining}}}`` for the costs
    dated in start..end; ``budget`` covers every financial year the period touches that
    scr.toml gives a budget for."""
    by_review, by_year = {}, {}
    for review in reviews:
        for cost in records(review):
            day = values.from_iso(cost["date"])
            if not start <= day <= end:
                continue
            by_review[review.ref] = by_review.get(review.ref, Decimal(0)) + Decimal(str(cost["amount"]))
            year = financial_year(day)
            by_year[year] = by_year.get(year, Decimal(0)) + Decimal(str(cost["amount"]))
    budget_table = reviews[0].ws.settings.budget if reviews else {}
    years = sorted({financial_year(start), financial_year(end), *by_year})
    budget = {}
    for year in years:
        if year in budget_table:
            spent = by_year.get(year, Decimal(0))
            budget[year] = {"budget": number(budget_table[year]), "spent": number(spent),
                            "remaining": number(Decimal(str(budget_table[year])) - spent)}
    total = sum(by_review.values(), Decimal(0))
    return {"total": number(total), "by_review": {ref: number(by_review[ref]) for ref in sorted(by_review)},
            "budget": budget}
