# Board reporting (issue 7): the portfolio at a glance, the 2013-14 annual report section in the
# shape of the seed's own "Serious Case / Thematic Reviews" pages, and the paper for the board's
# next meeting with a timeline chart per open review. Everything lands in out/.
scr status
scr annual --from 2013-04-01 --to 2014-03-31 -o out/annual-2013-14.md
scr annual --from 2013-04-01 --to 2014-03-31 -o out/annual-2013-14.docx
scr annual --from 2013-04-01 --to 2014-03-31 --json >out/annual-2013-14.json
scr board-paper --until 2014-09-30 -o out/board-paper-2014-04-30.docx
scr board-paper --until 2014-09-30 -o out/board-paper-2014-04-30.html
scr timeline 2013-infant-b -o out/timeline-2013-infant-b.svg
