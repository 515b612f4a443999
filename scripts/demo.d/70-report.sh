# The overview reports (issue 5).
# The infant SCR is in progress: the author drafts the standard sections, filled from the review,
# and renders a draft for the panel, marked DRAFT in every header and footer, with the integrated
# chronology as an appendix. Its check still finds the placeholders the author has to write.
scr report draft 2013-infant-b >/dev/null
scr report render 2013-infant-b
scr report render 2013-infant-b --to html >/dev/null
scr report render 2013-infant-b --to pdf >/dev/null   # the chronology appendix, landscape
scr report check 2013-infant-b >/dev/null || echo "(the infant SCR's draft still has placeholders to write: as expected)" >&2

# Child F's report as published in August 2013. The sections are written (in
# scripts/demo.d/70-report/; the names in them are invented for the demo), the real names are
# added with their replacements, and the final report replaces them, passes the check and carries
# no DRAFT marking.
mkdir -p reviews/2012-child-f/report/sections
cp scripts/demo.d/70-report/*.md reviews/2012-child-f/report/sections/
scr report draft 2012-child-f >/dev/null   # keeps every section written above
scr redact add 2012-child-f "Marcus Bell" --replace-with "Child F" 2>/dev/null
scr redact add 2012-child-f "Marcus" --replace-with "Child F" 2>/dev/null
scr redact add 2012-child-f "Lorraine Bell" --replace-with "Ms B" 2>/dev/null
scr redact list 2012-child-f
scr report render 2012-child-f             # the panel's named draft
scr report check 2012-child-f --final
scr report render 2012-child-f --final
scr report render 2012-child-f --final --to pdf
scr report render 2012-child-f --final --to html
