"""Learning across reviews (CLI.md 1.1, "Learning across reviews"): each review's themes, the
search of everything the board's reviews say, learning briefings, dissemination and publication,
what reviews cost, and the national tracker's export. Nothing here prints."""
