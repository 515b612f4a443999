# Agency chronologies for the infant SCR: five agencies asked in December 2013; three send theirs
# (an .xlsx with title rows and merged cells, a CSV, a Word table), two are chased; then the
# integrated multi-agency chronology in every format.
SCR_AS_OF=2013-12-16 scr chronology request 2013-infant-b "Children's Social Care" "Barts Health" \
  "Met Police" ELFT Schools --due 31/1/2014 >/dev/null
scr chronology template 2013-infant-b ELFT >/dev/null

chronology_files="out/demo-chronologies"
"$(dirname "$(command -v scr)")/python" scripts/demo_chronologies.py "$chronology_files"
SCR_AS_OF=2014-01-24 scr chronology add 2013-infant-b CSC "$chronology_files/childrens-social-care.xlsx" >/dev/null
SCR_AS_OF=2014-01-30 scr chronology add 2013-infant-b Barts "$chronology_files/barts-health.csv" >/dev/null
SCR_AS_OF=2014-02-03 scr chronology add 2013-infant-b "Met Police" "$chronology_files/met-police.docx" >/dev/null

scr chronology status 2013-infant-b
scr chronology chase 2013-infant-b
for format in xlsx docx html md csv; do
  scr chronology merge 2013-infant-b -o "out/2013-infant-b-chronology.$format"
done
scr chronology merge 2013-infant-b >/dev/null   # also into the review's documents/
