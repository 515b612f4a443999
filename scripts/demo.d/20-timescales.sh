# Events, notifications and deadlines of the seed's reviews. The months come from the seed (lines
# cited in 10-reviews.sh); the days, and the pauses, are illustrative. The notifications are the
# seed's "submitting notifications to Ofsted, Department for Education and the newly formed National
# Serious Case Review Panel", made while "meeting statutory requirements in relation to responding to
# serious incidents" (seed line 767): every one is recorded in time, so `scr annual --from 2013-04-01
# --to 2014-03-31` shows none late and none missed.
ev() { scr event "$@" >/dev/null; }
tell() { scr notify "$@" >/dev/null; }

# Child F began under Working Together 2010 (framework wt2010, chosen by its aware date) and was
# published "in line with Chapter 4 of Working Together 2013" (seed line 55): the national panel's
# milestones count for it only from June 2013, when the panel began - its pre-publication copy, not
# the decision of November 2012, which Ofsted was told of.
ev 2012-child-f referral --date 16/10/2012
tell 2012-child-f ofsted --purpose incident --date 16/10/2012
tell 2012-child-f dfe --purpose incident --date 16/10/2012
ev 2012-child-f decision --date 12/11/2012
ev 2012-child-f initiated --date 12/11/2012 --note "Joint review with Medway LSCB"
tell 2012-child-f ofsted --purpose decision --date 19/11/2012
tell 2012-child-f dfe --purpose decision --date 19/11/2012
tell 2012-child-f panel --purpose decision --date 1/7/2013 --note "Told the national panel once it was formed (June 2013), for information"
scr pause 2012-child-f --from 1/3/2013 --reason "Inquest" >/dev/null
scr resume 2012-child-f --date 31/5/2013 >/dev/null
ev 2012-child-f board-signoff --date 15/7/2013
for to in ofsted dfe panel; do tell 2012-child-f "$to" --purpose pre-publication --date 5/8/2013; done
ev 2012-child-f published --date 14/8/2013

ev 2013-infant-b referral --date 19/11/2013
tell 2013-infant-b ofsted --purpose incident --date 20/11/2013
tell 2013-infant-b dfe --purpose incident --date 20/11/2013
ev 2013-infant-b decision --date 10/12/2013
ev 2013-infant-b initiated --date 10/12/2013
tell 2013-infant-b ofsted --purpose decision --date 17/12/2013
tell 2013-infant-b panel --purpose decision --date 17/12/2013
ev 2013-infant-b author-appointed --date 15/1/2014
tell 2013-infant-b panel --purpose reviewers --date 22/1/2014 --note "The reviewers' names, for information"
ev 2013-infant-b tor-agreed --date 20/1/2014
scr pause 2013-infant-b --from 3/3/2014 --reason "Parallel criminal proceedings" >/dev/null
ev 2013-infant-b published --date 28/11/2014 --planned --note "To conclude in the autumn of 2014"

ev 2014-six-young-men decision --date 22/1/2014
ev 2014-six-young-men initiated --date 22/1/2014 --note "Independent thematic review commissioned"
ev 2014-six-young-men author-appointed --date 10/3/2014

scr deadlines
scr calendar >/dev/null
