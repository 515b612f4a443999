"""A workspace that holds every kind of document scr writes, built through the CLI, with the
shapes that break layouts: a 150-row chronology with long agency names, 40 actions, long words in
table cells, a short report beside it.

``build(folder)`` returns a :class:`Documents` naming each written file and what must be in it.
"""

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from scr.cli import cli
from scr.workspace.workspace import create

BOARD = "Northbridge Safeguarding Children Partnership"
AS_OF = "2014-04-30"
LONG, SHORT = "2013-long", "2013-short"

AGENCIES = (
    "Northbridge Safeguarding Children Partnership",
    "Metropolitan Police Service",
    "East London NHS Foundation Trust",
)
_EVENTS = (
    "Health visitor new birth visit. Poor home conditions; mother tired and tearful.",
    "Referral from midwifery: concerns about mother's mental health, housing and the pregnancy.",
    "Police called to a verbal argument at the family's address; no offences disclosed.",
    "Strategy meeting held with Children's Social Care, police and health; section 47 enquiry agreed.",
    "Missed antenatal appointment; letter sent offering a new date.",
    "Multi-agency safeguarding hub screening completed; information shared with the allocated social worker.",
)
_SOURCES = ("Maternity record", "CAD record", "Case note", "Health visiting record", "Contact record")
_SIGNIFICANCE = ("Vulnerability known at booking", "", "First referral", "Home conditions and maternal mood", "")
_STATUS = ("not-started", "in-progress", "completed", "in-progress", "cancelled")
_ACTION_TEXT = (
    "Review the process for finding alternative placements to include an assessment of need, "
    "vulnerability and risk",
    "Agree and sign a formal information sharing protocol between LAC Services and the YOS",
    "Audit case files against the risks the review found, and report to the quality assurance subgroup",
    "Learning dissemination workshops for practitioners and managers",
)
_OWNERS = ("Head of Placements", "Youth Offending Service Manager", "Principal Social Worker",
           "Designated Safeguarding Nurse")


SECTION_TEXT = (
    "The review considered the involvement of every agency with Child F over the scope period. "
    "Practitioners from Northbridge Safeguarding Children Partnership contributed to the panel's work."
)
HEADINGS = ("Introduction", "Terms of reference", "Methodology", "The family and the child",
            "Agency involvement", "Analysis and findings", "Conclusions", "Recommendations")


@dataclass
class Documents:
    root: Path
    files: dict = field(default_factory=dict)            # name -> path
    chronology: list = field(default_factory=list)       # [{date, agency, event, source, significance}]
    short_chronology: list = field(default_factory=list)
    actions: list = field(default_factory=list)          # [{id, text, agency, owner, due, status}]
    short_actions: list = field(default_factory=list)


class Scr:
    """scr, run in-process in the workspace ``root`` as of ``AS_OF``."""

    def __init__(self, root):
        self.root = root
        self.runner = CliRunner()
        self.env = {"SCR_WORKSPACE": str(root), "SCR_AS_OF": AS_OF, "SCR_USER": "tester",
                    "NO_COLOR": "1", "FORCE_COLOR": None}

    def __call__(self, *args, as_of=None):
        env = dict(self.env)
        if as_of:
            env["SCR_AS_OF"] = as_of
        result = self.runner.invoke(cli, [str(a) for a in args], env=env, catch_exceptions=True)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == 0, f"scr {' '.join(map(str, args))}: {result.stderr}"
        return result

    def path(self, *args, **options):
        return Path(self(*args, **options).stdout.strip().splitlines()[-1])


def _chronology_rows(count, start):
    rows = []
    for n in range(count):
        day = start + timedelta(days=3 * n)
        rows.append({
            "date": day, "agency": AGENCIES[n % len(AGENCIES)], "event": _EVENTS[n % len(_EVENTS)],
            "source": _SOURCES[n % len(_SOURCES)], "significance": _SIGNIFICANCE[n % len(_SIGNIFICANCE)],
        })
    return rows


def _add_chronology(scr, folder, ref, rows):
    scr("chronology", "request", ref, *AGENCIES, "--due", "2014-01-31", as_of="2013-12-01")
    for agency in AGENCIES:
        name = folder / f"{ref}-{agency.split()[0].lower()}.csv"
        with open(name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Date", "Event", "Source", "Significance"])
            for row in rows:
                if row["agency"] == agency:
                    writer.writerow([row["date"].strftime("%d/%m/%Y"), row["event"], row["source"],
                                     row["significance"]])
        scr("chronology", "add", ref, agency, name, as_of="2014-01-20")


def _add_actions(scr, folder, ref, count):
    sheet = folder / f"{ref}-actions.csv"
    actions = []
    with open(sheet, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID", "Review", "Recommendation", "Action", "Agency", "Owner", "Due", "Status",
                         "Completed", "RAG", "Evidence", "Outcome"])
        for n in range(count):
            due = date(2013, 10, 1) + timedelta(days=9 * n)
            status = _STATUS[n % len(_STATUS)]
            action = {
                "id": f"{ref}:{n + 1}", "recommendation": str(n % 6 + 1), "text": _ACTION_TEXT[n % 4],
                "agency": AGENCIES[n % len(AGENCIES)], "owner": _OWNERS[n % 4], "due": due,
                "status": "not-started" if status in ("completed", "cancelled") else status,
            }
            actions.append(action)
            writer.writerow(["", ref, action["recommendation"], action["text"], action["agency"],
                             action["owner"], due.isoformat(), action["status"], "", "", "", ""])
    scr("actions", "import", ref, sheet, as_of="2013-09-02")
    return actions


def build(folder):
    """The workspace under ``folder`` and every document, written by scr as a user would."""
    folder = Path(folder)
    root = create(folder / "ws", BOARD)
    with open(root / "scr.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[signatory]\nname = "Sarah Holt"\nrole = "Independent Chair"\n')
    scr = Scr(root)
    docs = Documents(root)

    for ref, subject, title in (
        (LONG, "Infant B", "Serious case review: death of an infant (neglect)"),
        (SHORT, "Child F", "Serious case review: Child F (death in a young offender institution)"),
    ):
        scr("new", "scr", "--ref", ref, "--title", title, "--subject", subject, "--aware", "2013-11-18")
        scr("set", ref, "scope-from", "2012-06-01")
        scr("set", ref, "scope-to", "2013-11-18")
        scr("event", ref, "referral", "--date", "2013-11-19")
        scr("notify", ref, "ofsted", "--purpose", "incident", "--date", "2013-11-20")
        scr("event", ref, "initiated", "--date", "2013-12-10", "--note", "Joint review with Medway LSCB")
    docs.chronology = _chronology_rows(150, date(2012, 6, 4))
    docs.short_chronology = _chronology_rows(9, date(2012, 7, 2))
    _add_chronology(scr, folder, LONG, docs.chronology)
    _add_chronology(scr, folder, SHORT, docs.short_chronology)
    docs.actions = _add_actions(scr, folder, LONG, 40)
    docs.short_actions = _add_actions(scr, folder, SHORT, 4)
    for ref in (LONG, SHORT):
        for label in range(1, 7):
            scr("recommendation", "set", ref, str(label),
                "Placement moves always follow a proper assessment of need, vulnerability and risk",
                "--response", "Accepted: Children's Social Care to change the recording system")
        scr("report", "draft", ref)
    # The short report is written: no placeholder is left, so it can be rendered final.
    for path in sorted((root / "reviews" / SHORT / "report" / "sections").glob("*.md")):
        heading = path.read_text(encoding="utf-8").splitlines()[0]
        path.write_text(f"{heading}\n\n{SECTION_TEXT}\n", encoding="utf-8")
    scr("event", SHORT, "board-signoff", "--date", "2014-03-20")
    scr("event", SHORT, "published", "--date", "2014-09-14", "--planned")

    out = folder / "out"
    files = docs.files
    files["report-long.pdf"] = scr.path("report", "render", LONG, "--to", "pdf", "-o", out / "report-long.pdf")
    files["report-long.docx"] = scr.path("report", "render", LONG, "-o", out / "report-long.docx")
    files["report-short.pdf"] = scr.path("report", "render", SHORT, "--final", "--to", "pdf",
                                         "-o", out / "report-short.pdf")
    files["report-short.docx"] = scr.path("report", "render", SHORT, "--final", "-o", out / "report-short.docx")
    files["chronology.docx"] = scr.path("chronology", "merge", LONG, "-o", out / "chronology.docx")
    files["chronology-sheet.xlsx"] = scr.path("chronology", "merge", LONG, "-o", out / "chronology-sheet.xlsx")
    files["actions.xlsx"] = scr.path("actions", "export", LONG, "-o", out / "actions.xlsx")
    files["board-paper.docx"] = scr.path("board-paper", "--until", "2014-09-30", "-o", out / "board-paper.docx")
    files["annual.docx"] = scr.path("annual", "--from", "2013-04-01", "--to", "2014-03-31",
                                    "-o", out / "annual.docx")
    files["annual.md"] = scr.path("annual", "--from", "2013-04-01", "--to", "2014-03-31",
                                  "-o", out / "annual.md")
    files["letter.docx"] = scr.path("notify", LONG, "ofsted", "--draft", "--purpose", "incident",
                                    "-o", out / "letter.docx")
    return docs
