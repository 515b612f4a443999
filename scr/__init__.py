"""scr: run a safeguarding children board's statutory case reviews from the command line."""

__version__ = "0.1.0"
