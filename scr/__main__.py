"""``python -m scr`` does what the console script ``scr`` does."""

from scr.cli import main

main()
