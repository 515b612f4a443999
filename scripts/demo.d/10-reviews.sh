# The seed's three reviews. Dates the seed gives are used as given (Child F published August 2013;
# the infant SCR initiated December 2013; the thematic review commissioned January 2014); the days
# within those months, and the awareness dates, are illustrative.
scr new scr --ref 2012-child-f --title "Serious case review: Child F (death in a young offender institution)" \
  --subject "Child F" --aware 2012-10-15 >/dev/null
scr set 2012-child-f incident death
scr set 2012-child-f scope-from 2009-01-01
scr set 2012-child-f scope-to 2012-10-15
scr link 2012-child-f medway-lscb-child-f --as joint 2>/dev/null

scr new scr --ref 2013-infant-b --title "Serious case review: death of an infant (neglect)" \
  --subject "Infant B" --aware 2013-11-18 >/dev/null
scr set 2013-infant-b incident death
scr set 2013-infant-b scope-from 2012-06-01
scr set 2013-infant-b scope-to 2013-11-18

scr new thematic --ref 2014-six-young-men --title "Thematic review: six young men seriously harmed or harming others" \
  --subject "Young men A-F" --aware 2014-01-06 >/dev/null
scr set 2014-six-young-men incident serious-harm
scr set 2014-six-young-men scope-from 2008-01-01
scr set 2014-six-young-men scope-to 2013-12-31

scr list --all
