# Learning across reviews (issue 18), on the seed's reviews
# (/work/shared/seed/000_52d1ff45a25389ae.txt; line numbers below are that file's).

# Themes. Child F "was a looked after child who had died as a result of self-harm in a young
# offenders institution" (line 769); the infant SCR followed "the death of a baby as a result of
# neglect through maltreatment" (line 791); the thematic review's common features include "early
# childhood neglect ... absent influence from fathers within the home, possible gang association,
# knife and drug related crimes" (line 793).
scr theme 2012-child-f children-in-care self-harm youth-justice
scr theme 2013-infant-b babies neglect fathers
scr theme 2014-six-young-men criminal-exploitation fathers extra-familial-harm
scr list --theme fathers

# Dissemination. "A series of learning dissemination workshops were held and led by the report
# author, LSCB Chair and Service Head for Children's Social Care. Sessions were first held with
# practitioners concluding with one for managers" (lines 357-359, 769). The dates and numbers
# are illustrative (the action plan's evidence says eight workshops, 212 practitioners).
F=2012-child-f
scr --as-of 2013-10-30 learning add $F --date 2013-10-15 --kind workshop --audience "Practitioners" \
  --attended 60 --note "Impact and legacy of severe abuse in early childhood; placements at a distance" >/dev/null
scr --as-of 2013-11-30 learning add $F --date 2013-11-12 --kind workshop --audience "Practitioners" \
  --attended 80 --note "Social care practice and record keeping; professional disagreement and challenge" >/dev/null
scr --as-of 2014-01-30 learning add $F --date 2014-01-21 --kind workshop --audience "Managers" \
  --attended 72 --note "Taking forward learning: the issues practitioners raised; the action plans shared" >/dev/null
# "quarterly newsletters to inform front line practitioners" (line 280).
scr --as-of 2013-09-30 learning add $F --date 2013-09-20 --kind newsletter --audience "Front line practitioners and managers" \
  --note "The Child F SCR's key messages" >/dev/null

# The publication record: published on the LSCB website in August 2013 (line 769); the address
# is illustrative; the report is sent to the national case review repository.
scr publication $F --url "https://www.towerhamletssafeguardingchildrenboard.org.uk/scr/child-f" >/dev/null
scr --as-of 2013-08-20 notify $F national-repository --purpose report --date 2013-08-20 >/dev/null

# Costs. Appendix 2 (lines 994-997): "Serious Case Review x 2  50,000", "SCR Chair Costs x 2
# 20,000", "Non-SCRs (thematic) x 1  25,000"; split evenly between the two SCRs; dates illustrative.
scr cost add $F 25000 --date 2013-07-31 --what "Independent overview author (Serious Case Review x 2: 50,000)" >/dev/null
scr cost add $F 10000 --date 2013-07-31 --what "Independent chair (SCR Chair Costs x 2: 20,000)" >/dev/null
scr cost add 2013-infant-b 25000 --date 2014-03-31 --what "Independent lead reviewer (Serious Case Review x 2: 50,000)" >/dev/null
scr cost add 2013-infant-b 10000 --date 2014-03-31 --what "Independent chair (SCR Chair Costs x 2: 20,000)" >/dev/null
scr cost add 2014-six-young-men 25000 --date 2014-03-31 --what "Independent thematic reviewer (Non-SCRs (thematic) x 1: 25,000)" >/dev/null
scr show $F

# Search everything the reviews say: by stem, a phrase, a prefix; with the names replaced.
scr search "neglect"
scr search '"information sharing" OR protocol*' --json >out/search-information-sharing.json
scr search "Marcus" --review $F --anonymised

# The learning briefing of Child F: the first run drafts report/briefing.md from its sections and
# recommendations (the author edits it); then it is rendered through the publication gate, at most
# two pages.
rm -f reviews/$F/report/briefing.md
scr briefing $F >/dev/null 2>&1
scr briefing $F --to pdf
scr briefing $F --to docx

# Reports for the bodies that ask, and the annual section's learning (themes, workshops, costs
# against the budget, what the reviews have taught us).
scr export tracker -o out/case-review-tracker.csv
scr annual --from 2013-04-01 --to 2014-03-31 -o out/annual-2013-14.md >/dev/null
scr annual --from 2013-04-01 --to 2014-03-31 --json >out/annual-2013-14.json
