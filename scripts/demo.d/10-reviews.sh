# The seed's three reviews (/work/shared/seed, Tower Hamlets SCB annual report 2013-14). Dates the
# seed gives are used as given; the days within those months, and the awareness dates, are
# illustrative:
# - Child F: "concluded a serious case review in to the death of Child F which had commenced the
#   previous year ... published on the LSCB website in August 2013" (seed line 769); "TH SCB
#   initiated one serious case review before the publication of Working Together 2013 and another
#   after" (line 296). Aware in October 2012, so `scr new` gives it wt2010 (begun before 15 April
#   2013); a death in a young offender institution is always an SCR.
# - Infant B: "another serious case review was initiated in December 2013 following the death of a
#   baby ... will be concluded in autumn 2014" (line 791): wt2013.
# - the six young men: "a decision was taken in January 2014 to commission an independent thematic
#   review" (line 793): a thematic review, no statutory framework.
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
