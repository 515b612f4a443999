"""``python -m scr`` does what the console script ``scr`` does."""

from .cli import main

main()
