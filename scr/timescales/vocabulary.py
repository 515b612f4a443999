"""The words a board types for events and notifications, checked so that a typo is caught (CLI.md 1.1).

An event kind, recipient or purpose is known when it is built in (below), named by a framework the
workspace has (its ``from``, ``before``, ``when`` and ``met_by``), or listed in scr.toml under
``[vocabulary]`` (``events``, ``recipients``, ``purposes``). Anything else is refused with the
nearest known spelling, unless the command is given ``--allow-new``. Records already in a review
are never checked again. The nearest spelling comes from the standard library's difflib.
"""

import difflib

from scr.errors import ScrError

#: The events of a review's life (its stages), and the others scr itself names.
EVENTS = (
    "aware", "referral", "decision", "initiated", "not-initiated", "tor-agreed", "author-appointed",
    "panel-meeting", "draft-received", "board-signoff", "home-office-approval", "published",
    "impact-reviewed", "closed",
)
#: Who is told, with the names letters use.
RECIPIENT_NAMES = {
    "ofsted": "Ofsted",
    "dfe": "Department for Education",
    "panel": "Child Safeguarding Practice Review Panel",
    "secretary-of-state": "Secretary of State for Education",
    "home-office": "Home Office",
}
RECIPIENTS = tuple(RECIPIENT_NAMES)
#: What they are told about.
PURPOSES = (
    "incident", "decision", "not-initiated", "reviewers", "rapid-review", "pre-publication",
    "publication-decision", "report", "looked-after-child-death", "care-leaver-death",
)
WHAT = {"events": "event kind", "recipients": "recipient", "purposes": "purpose"}


class Vocabulary:
    """The known event kinds, recipients and purposes of one workspace."""

    def __init__(self, events=(), recipients=(), purposes=()):
        self.words = {"events": set(EVENTS) | set(events),
                      "recipients": set(RECIPIENTS) | set(recipients),
                      "purposes": set(PURPOSES) | set(purposes)}

    def add_kind(self, kind):
        """Take the words of an event kind a framework names (``notify:R[:P]`` or a plain kind)."""
        parts = kind.split(":")
        if parts[0] == "notify":
            self.words["recipients"].add(parts[1])
            if len(parts) > 2:
                self.words["purposes"].add(parts[2])
        else:
            self.words["events"].add(kind)

    def known(self, what):
        return sorted(self.words[what])

    def check(self, what, word):
        """Refuse WORD unless it is known as WHAT (events, recipients or purposes)."""
        if word is None or word in self.words[what]:
            return word
        name = WHAT[what]
        near = difflib.get_close_matches(word, self.known(what), n=1, cutoff=0.6)
        hint = (f'did you mean "{near[0]}"?' if near
                else f"known: {', '.join(self.known(what))}")
        raise ScrError(f'unknown {name} "{word}": {hint} (--allow-new records it anyway; '
                       f"scr.toml [vocabulary] {what} = [...] makes it known)")

    def check_kind(self, kind):
        """Check an event kind as typed for `scr event` (a plain kind or notify:R[:P])."""
        parts = kind.split(":")
        if parts[0] == "notify" and len(parts) > 1:
            self.check("recipients", parts[1])
            if len(parts) > 2:
                self.check("purposes", parts[2])
        else:
            self.check("events", kind)
        return kind


def of_workspace(ws, frameworks):
    """The vocabulary of workspace WS: built in, its scr.toml ``[vocabulary]``, its FRAMEWORKS."""
    extra = ws.settings.vocabulary  # scr.toml [vocabulary], checked by workspace/config.py
    vocabulary = Vocabulary(extra.get("events", ()), extra.get("recipients", ()),
                            extra.get("purposes", ()))
    for framework in frameworks.values():
        for milestone in framework.milestones:
            for kind in (milestone.start, milestone.before, milestone.when, milestone.met_by):
                if kind:
                    vocabulary.add_kind(kind)
    return vocabulary
