# The fourth review: today's process, after 2018 (issue 14). A rapid review within 15 working days
# of the notification to the Panel, its outcome and the Panel's response, then the local child
# safeguarding practice review it became, with a pause for criminal proceedings, a reason for the
# delay, the partners' check-ins and publication. EVERY DATE AND DETAIL HERE IS INVENTED for the
# demo (the seed's annual report ends in March 2014); they are plausible, not real.
# Each step runs --as-of its own date, as a business manager would have typed it on the day.
on() { local day=$1; shift; SCR_AS_OF=$day scr "$@" >/dev/null; }
R=2024-child-h
P=$R-lcspr

on 2024-05-13 new rapid --ref $R --title "Rapid review: Child H (serious injury, aged 7 months)" \
  --subject "Child H" --aware 2024-05-13
on 2024-05-13 set $R incident serious-harm
on 2024-05-14 event $R referral --date 2024-05-14 --note "Reported to the safeguarding partners"
on 2024-05-16 notify $R panel --purpose incident --date 2024-05-16 --reference "SIN-2024-0417"
on 2024-05-20 chronology request $R "Children's Social Care" "Barts Health" "Met Police" --due 2024-05-29
on 2024-06-04 notify $R panel --purpose rapid-review --date 2024-06-04
on 2024-06-04 outcome $R practice-review --date 2024-06-04 \
  --reason "Learning about the response to bruising in a non-mobile baby across health and children's social care"
on 2024-06-19 event $R panel-response --date 2024-06-19 \
  --note "The Panel agreed that a local child safeguarding practice review is appropriate"

# The practice review, opened from the rapid review: title, subject, awareness and the link carried.
on 2024-06-24 new lcspr --from $R --title "Child safeguarding practice review: Child H"
on 2024-06-24 event $R closed --date 2024-06-24 --note "Became the practice review $P"
on 2024-06-24 event $P initiated --date 2024-06-24 --note "Decision of the safeguarding partners"
on 2024-06-24 set $P check-in-weeks 8
on 2024-07-15 event $P author-appointed --date 2024-07-15
on 2024-07-22 event $P tor-agreed --date 2024-07-22
on 2024-08-19 event $P check-in --date 2024-08-19 --note "Partners' executive: on track"
on 2024-09-02 pause $P --from 2024-09-02 --reason "Police investigation; trial listed for January 2025" \
  --category criminal-proceedings
on 2024-09-03 delay $P publication --reason "The CPS asked that practitioners are not interviewed before the trial"
on 2024-10-28 event $P check-in --date 2024-10-28 --note "Partners' executive: paused for the trial"
on 2024-12-16 event $P check-in --date 2024-12-16 --note "Partners' executive: trial date confirmed"
on 2025-01-31 resume $P --date 2025-01-31
on 2025-02-10 event $P draft-requested --date 2025-02-10 --note "Written request to the lead reviewer for the draft report"
on 2025-03-14 event $P draft-received --date 2025-03-14
on 2025-04-10 event $P board-signoff --date 2025-04-10 --note "Signed off by the safeguarding partners"
on 2025-04-10 event $P published --date 2025-05-12 --planned
for to in panel secretary-of-state; do
  on 2025-04-29 notify $P $to --purpose pre-publication --date 2025-04-29
done
on 2025-05-12 event $P published --date 2025-05-12
on 2025-05-12 actions add $P "Multi-agency briefing on bruising in non-mobile babies for every health visitor and social worker" \
  --recommendation 1 --agency "Barts Health" --owner "Named Nurse" --due 2025-09-30

# The summary of today's process is judged as of its own dates, not the seed's 30 April 2014.
echo "-- the practice review as of 15 January 2025 (paused for the trial)" >&2
scr --as-of 2025-01-15 show $P
echo "-- its deadlines as of 30 June 2025" >&2
scr --as-of 2025-06-30 deadlines $P
scr --as-of 2025-06-30 annual --from 2024-04-01 --to 2025-03-31 -o out/annual-2024-25.md
