# The closing summary: what the demo built, what to open, what to try next.
cat <<SUMMARY

The demo workspace is built (the repository root; judged --as-of $SCR_AS_OF, the spring after the
board's 2013-14 year: every status, RAG rating and "overdue" is as of that day).

  Reviews:    2012-child-f (published), 2013-infant-b (in progress), 2014-six-young-men (thematic)
  Open these: reviews/2012-child-f/report/build/2012-child-f-overview-report.pdf   (the final report)
              reviews/2013-infant-b/report/build/2013-infant-b-overview-report-draft.pdf
              out/board-paper-$SCR_AS_OF.docx   out/annual-2013-14.docx
              out/2013-infant-b-chronology.xlsx   out/umbrella-action-plan.xlsx

Try it yourself:
  source .venv/bin/activate        # puts scr on your PATH
  export SCR_AS_OF=$SCR_AS_OF      # see the demo as the board does (else today)
  scr status                       # the portfolio at a glance
  scr deadlines 2013-infant-b      # the statutory clocks of one review
  scr actions overdue              # what the agencies owe the board
SUMMARY
