# Child F's action plan (issue 6). The seed lists the improvements made after the Child F SCR
# (published August 2013); the recommendation numbers, owners, due dates and completion dates
# here are illustrative. As of the demo's date (30 April 2014) some are completed with evidence,
# some are overdue, one is due within amber_days.
F=2012-child-f
A="--as-of 2013-09-02"

scr recommendation set $F 1 "Important documents and assessments are prominently marked in the electronic social care record, and historical documents are transferred to current files" \
  --response "Accepted: Children's Social Care to change the recording system"
scr recommendation set $F 2 "Formal information sharing between Looked After Children Services and the Youth Offending Service, wherever the young person is placed or the offence occurs" \
  --response "Accepted: a protocol agreed by both services"
scr recommendation set $F 3 "Quality assurance and audit address every area of risk and vulnerability of looked after children" \
  --response "Accepted"
scr recommendation set $F 4 "Supervision notes and case management decisions for looked after children are clearly recorded on each child's electronic record" \
  --response "Accepted"
scr recommendation set $F 5 "Placement moves always follow a proper assessment of need, vulnerability and risk, with proper consultation" \
  --response "Accepted"
scr recommendation set $F 6 "The education of looked after children is monitored, in alternative provision and in custody, as statutory guidance requires" \
  --response "Accepted: the Virtual School to report quarterly to the board"

scr $A actions add $F "Mark key documents and assessments prominently in the electronic record; transfer historical documents to current files" \
  --recommendation 1 --agency "Children's Social Care" --owner "Head of Children in Need" --due 2013-12-31 \
  --outcome "Practitioners find the key assessments of a child's history at once" >/dev/null
scr $A actions add $F "Agree and sign a formal information sharing protocol between LAC Services and the YOS" \
  --recommendation 2 --agency "Youth Offending Service" --owner "YOS Manager" --due 2014-01-31 \
  --outcome "The YOS knows at once when a looked after child enters the youth justice system" >/dev/null
scr $A actions add $F "Audit LAC case files against the risks the review found, and report to the QA subgroup" \
  --recommendation 3 --agency "Children's Social Care" --owner "Head of Quality Assurance" --due 2014-03-31 \
  --outcome "Every area of risk for looked after children is covered by audit" >/dev/null
scr $A actions add $F "Revise the supervision policy: decisions and supervision notes recorded on each child's record" \
  --recommendation 4 --agency "Children's Social Care" --owner "Principal Social Worker" --due 2014-02-28 \
  --outcome "Case decisions for looked after children can be traced in the record" >/dev/null
scr $A actions add $F "Joint LAC, children in need and YOS practice standard for young people in custody" \
  --recommendation 2 --agency "Youth Offending Service" --owner "YOS Manager" --due 2014-05-23 \
  --outcome "Risk to young people in custody is managed jointly" >/dev/null
scr $A actions add $F "Review the process for finding alternative placements to include an assessment of need, vulnerability and risk" \
  --recommendation 5 --agency "Children's Social Care" --owner "Head of Placements" --due 2014-03-31 >/dev/null
scr $A actions add $F "Monitor the education of LAC in alternative provision and in custody; quarterly report to the board" \
  --recommendation 6 --agency "Virtual School" --owner "Virtual School Head" --due 2014-04-15 \
  --outcome "Every looked after child in custody receives the education statutory guidance requires" >/dev/null
scr $A actions add $F "Learning dissemination workshops for practitioners and managers on the review's key messages" \
  --recommendation 4 --agency "LSCB" --owner "LSCB Business Manager" --due 2014-03-31 >/dev/null

scr --as-of 2013-12-10 actions update $F:1 --status completed \
  --evidence "System change live 2 Dec 2013; audit of 20 LAC files found key documents flagged in all" >/dev/null
scr --as-of 2013-11-01 actions update $F:2 --status in-progress >/dev/null
scr --as-of 2014-01-20 actions update $F:2 --status completed \
  --evidence "Protocol signed by the Head of LAC Services and the YOS Manager, 20 Jan 2014" >/dev/null
scr --as-of 2014-01-06 actions update $F:3 --status in-progress >/dev/null
scr --as-of 2014-03-14 actions update $F:4 --status completed \
  --evidence "Supervision policy v4; dip sample of 15 records in March 2014" >/dev/null
scr --as-of 2014-02-21 actions update $F:6 --status completed \
  --evidence "Placement procedure revised; placement panel minutes, February 2014" >/dev/null
scr --as-of 2014-02-03 actions update $F:7 --status in-progress >/dev/null
scr --as-of 2014-03-27 actions update $F:8 --status completed \
  --evidence "Eight workshops held; 212 practitioners attended (attendance lists)" >/dev/null

scr recommendation list $F
echo "-- overdue actions as of $SCR_AS_OF" >&2
scr actions overdue
scr actions export -o out/umbrella-action-plan.xlsx
scr actions remind -o out/action-digests
