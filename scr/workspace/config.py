"""scr.toml: reading it (errors name the file), checking every setting, and the agency register.

One TOML reader for scr (frameworks are read with it too), so a broken file is named the same way.
"""

import tomllib
from datetime import date, datetime

from scr.errors import ScrError
from scr.values import is_slug

CONFIG_NAME = "scr.toml"
REGIONS = ("england-and-wales", "wales", "scotland", "northern-ireland")
MAX_FILE_MB = 25  # the default size limit of an agency's file; [chronology] max_file_mb overrides it


def read_toml(path):
    """A TOML file as a dict; unreadable or invalid, an error naming the file."""
    return read_toml_text(path)[0]


def read_toml_text(path):
    """``(the TOML file as a dict, its text)``; unreadable or invalid, an error naming the file."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScrError(f"{path} is not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScrError(f"cannot read {path}: {exc}") from None
    return config, text


# How scr.toml's value types are named in its error messages.
_KIND_NAMES = {int: "a whole number", bool: "true or false", str: "a quoted string", list: "a list"}


class Config:
    """A workspace's scr.toml, checked when read: a wrong value is an error naming the file, the
    section, the key and the value."""

    def __init__(self, path):
        self.path = path
        self.data, self.text = read_toml_text(path)
        self._validate()
        self.agencies = AgencyRegister(self.data.get("agencies"))

    def fingerprint(self):
        """The settings as one string, the same while they are (what the derived index keeps its
        computed parts under): the file's own text."""
        return self.text

    @property
    def board(self):
        return self.data.get("board") or "Safeguarding Children Board"

    @property
    def max_file_mb(self):
        """[chronology] max_file_mb, checked only where a file is read (as before the split)."""
        value = self.data.get("chronology", {}).get("max_file_mb", MAX_FILE_MB)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise ScrError(f"{self.path}: [chronology] max_file_mb must be a positive number")
        return value

    def return_to(self):
        """[chronology] return_to: who agencies send their chronology to."""
        return self.data.get("chronology", {}).get("return_to") or f"the {self.board} business manager"

    def _setting(self, section, key, default, kind):
        value = self.data.get(section, {}).get(key, default)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ScrError(
                f"{self.path}: [{section}] {key} = {value!r} is not {_KIND_NAMES[kind]}"
            )
        return value

    def _validate(self):
        if not isinstance(self.data.get("board", ""), str):
            raise ScrError(f"{self.path}: board must be a string")
        self.region = self._setting("calendar", "region", "england-and-wales", str)
        if self.region not in REGIONS:
            raise ScrError(
                f"{self.path}: [calendar] region = {self.region!r}; use one of {', '.join(REGIONS)}"
            )
        closures = self._setting("calendar", "closures", [], list)
        self.closures = []
        for item in closures:
            # A TOML date-time (2014-12-24T09:00:00) is a date too in Python: it would never
            # equal a day, and the closure would be silently ignored.
            if isinstance(item, date) and not isinstance(item, datetime):
                self.closures.append(item)
                continue
            try:
                if not isinstance(item, str) or len(item) != 10:
                    raise ValueError
                self.closures.append(date.fromisoformat(item))
            except ValueError:
                raise ScrError(
                    f"{self.path}: [calendar] closures holds {_toml_value(item)}, not a date:"
                    " write each closure day as 2014-12-24"
                ) from None
        self.amber_days = self._setting("actions", "amber_days", 28, int)
        if self.amber_days < 0:
            raise ScrError(
                f"{self.path}: [actions] amber_days = {self.amber_days} is negative: "
                "give the number of days (0 or more) before its due date that an action turns amber"
            )
        self.require_evidence = self._setting("actions", "require_evidence", True, bool)
        self.group_access = self._setting("access", "group", False, bool)
        self.draft_marking = self._setting("report", "draft_marking", "OFFICIAL-SENSITIVE", str)
        # who signs letters (CLI.md 1.1): never the login name; a review's chair signs its own
        if not isinstance(self.data.get("signatory", {}), dict):
            raise ScrError(f"{self.path}: [signatory] must be a table: name = \"…\", role = \"…\"")
        self.signatory = {key: (self._setting("signatory", key, "", str).strip() or None)
                          for key in ("name", "role", "email")}
        # Regulation 14's check-in interval in weeks (timescales/checkin.py); 0: none.
        self.check_in_weeks = self._setting("reviews", "check_in_weeks", 0, int)
        if self.check_in_weeks < 0:
            raise ScrError(f"{self.path}: [reviews] check_in_weeks = {self.check_in_weeks} is negative: "
                           "give a whole number of weeks (0: no check-ins)")
        # How long a writer waits for a review's lock: --wait / SCR_WAIT (the workspace), else
        # [storage] lock_timeout where set, else as long as the holder lives (CLI.md 1.1).
        timeout = self.data.get("storage", {}).get("lock_timeout")
        if timeout is not None and (
                not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0):
            raise ScrError(f"{self.path}: [storage] lock_timeout must be a positive number of seconds")
        self.lock_timeout = float(timeout) if timeout is not None else None
        self.vocabulary = self._vocabulary(self.data.get("vocabulary"))
        self.extra_themes = self._themes()
        self.budget = self._budget()

    def _themes(self):
        """[themes] extra = ["slug", ...]: a board's own themes beside the built-in list."""
        from scr.values import is_slug

        extra = self._setting("themes", "extra", [], list)
        for item in extra:
            if not isinstance(item, str) or not is_slug(item):
                raise ScrError(
                    f"{self.path}: [themes] extra holds {item!r}, not a theme slug"
                    " (lower-case letters, digits and hyphens, e.g. \"county-lines\")"
                )
        return list(dict.fromkeys(extra))

    def _budget(self):
        """[budget] "2013-14" = 75000: the reviews' budget of each financial year, in pounds."""
        import re

        table = self.data.get("budget", {})
        if not isinstance(table, dict):
            raise ScrError(f"{self.path}: [budget] must be a table of \"YYYY-YY\" = amount")
        budget = {}
        for year, amount in table.items():
            match = re.fullmatch(r"(\d{4})-(\d{2})", year)
            if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
                raise ScrError(
                    f"{self.path}: [budget] {year!r} is not a financial year such as \"2013-14\""
                )
            if not isinstance(amount, (int, float)) or isinstance(amount, bool) or amount < 0:
                raise ScrError(
                    f"{self.path}: [budget] {year} = {amount!r} is not an amount of pounds (0 or more)"
                )
            budget[year] = amount
        return budget

    def _vocabulary(self, value):
        """1.1: ``[vocabulary]`` events / recipients / purposes, lists of slugs a board adds to
        the words `scr event` and `scr notify` accept (timescales/vocabulary.py uses them)."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ScrError(f"{self.path}: [vocabulary] must be a table")
        what = {"events": "event kind", "recipients": "recipient", "purposes": "purpose"}
        out = {}
        for key, words in value.items():
            if key not in what:
                raise ScrError(f"{self.path}: [vocabulary] {key}: unknown key (known: {', '.join(what)})")
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise ScrError(f"{self.path}: [vocabulary] {key} = {words!r} is not a list of words")
            for word in words:
                if not is_slug(word):
                    raise ScrError(f"{self.path}: [vocabulary] {key}: {word!r} is not a valid "
                                   f"{what[key]} (lower-case letters, digits and hyphens)")
            out[key] = list(words)
        return out



def _toml_value(item):
    if isinstance(item, datetime):
        return f"the date-time {item.isoformat()}"
    if isinstance(item, str):
        return f"'{item}'"
    return repr(item)


def _normal(name):
    return " ".join(str(name).split()).casefold()


class AgencyRegister:
    """Agency names matched case-insensitively with spaces collapsed, and through aliases."""

    def __init__(self, table):
        self._names = {}
        self._emails = {}
        for name, entry in (table or {}).items():
            entry = entry if isinstance(entry, dict) else {}
            self._names[_normal(name)] = name
            self._emails[name] = entry.get("email")
            for alias in entry.get("aliases", []) or []:
                self._names[_normal(alias)] = name

    def canonical(self, name, seen=()):
        """The register's spelling; else the first spelling in ``seen`` that matches; else ``name``."""
        name = " ".join(str(name).split())
        if found := self._names.get(_normal(name)):
            return found
        for other in seen:
            if _normal(other) == _normal(name):
                return other
        return name

    def same(self, a, b):
        return _normal(self.canonical(a)) == _normal(self.canonical(b))

    def email(self, name):
        return self._emails.get(self.canonical(name))

    def known(self):
        return sorted(self._emails)
