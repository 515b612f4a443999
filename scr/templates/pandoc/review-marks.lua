-- scr: a rendered report never carries reviewing marks. Pandoc's Markdown turns spans with the
-- classes comment-start/comment-end into Word comments and insertion/deletion into tracked
-- changes; this filter drops comments and deletions and keeps inserted text as plain text.
function Span(el)
  if el.classes:includes("comment-start") or el.classes:includes("comment-end")
      or el.classes:includes("deletion") then
    return {}
  end
  if el.classes:includes("insertion") then
    return el.content
  end
end
