-- scr: what never reaches a published document, whatever a section says.
-- * A link whose target runs or opens something (javascript:, vbscript:, file:, data:) keeps its
--   text and loses its target; an image from such a target becomes its description.
-- * Raw HTML comments (a note to self) are dropped, never printed.
-- * Word comments (spans of class comment-start/comment-end) and tracked deletions are dropped;
--   tracked insertions stay as plain text.
local refused = { "javascript:", "vbscript:", "file:", "data:" }

local function is_refused(target)
  local t = string.lower(string.gsub(target or "", "^%s+", ""))
  t = string.gsub(t, "[%c%s]", "")  -- "java\tscript:" is javascript: to a browser
  for _, scheme in ipairs(refused) do
    if string.sub(t, 1, #scheme) == scheme then
      return true
    end
  end
  return false
end

function Link(el)
  if is_refused(el.target) then
    return el.content
  end
end

function Image(el)
  -- scr embeds a report's own images as data: URIs itself; only other schemes are refused here
  local t = string.lower(el.src or "")
  if string.sub(t, 1, 5) ~= "data:" and is_refused(el.src) then
    return el.caption
  end
end

function RawInline(el)
  if string.match(el.text, "^%s*<!%-%-") then
    return {}
  end
end

function RawBlock(el)
  if string.match(el.text, "^%s*<!%-%-") then
    return {}
  end
end

function Span(el)
  if el.classes:includes("comment-start") or el.classes:includes("comment-end")
      or el.classes:includes("deletion") then
    return {}
  end
  if el.classes:includes("insertion") then
    return el.content
  end
end
