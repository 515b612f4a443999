-- scr: tables that fit their page, for every document pandoc writes (Word, PDF through typst, HTML).
--
-- * Column widths come from the content: a column whose cells are all short keys (dates, IDs,
--   times, statuses, counts: one word or a date) is as wide as its longest cell, so it never wraps; a column of text is at
--   least as wide as its longest word, so no word is broken inside; the rest of the width goes to
--   the columns with the most text.
-- * A Div with the class "landscape" (the report's chronology appendix) is set on landscape pages:
--   for typst a page setting around it, for Word a section of its own (the section properties are
--   completed by scr/documents/word.py, which knows the reference document's page set-up).
--
-- The text area's width in points (A4 less 2 cm margins each side, portrait and landscape). Table
-- text is 0.85 of 11 pt (Arial, or DejaVu Sans where Arial is missing, which is wider): a character
-- of a date or an ID (digits, capitals) takes up to 6.1 pt,
-- one of running text 5.3 pt on average; each cell's padding and rules take 9 pt.

local PORTRAIT, LANDSCAPE = 482, 728
local WIDE_CHAR, CHAR, CELL, BOLD = 6.1, 5.3, 9, 1.15
local SHORT = 18          -- a key (one word, or a date) this long or shorter is kept on one line

local function text_of(cell)
  return pandoc.utils.stringify(cell.contents or cell)
end

local function rows_of(tbl)
  local rows = {}
  for _, row in ipairs(tbl.head.rows) do table.insert(rows, {row, true}) end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do table.insert(rows, {row, false}) end
  end
  return rows
end

local function widths(tbl, room)
  local n = #tbl.colspecs
  local longest_word, longest_cell, total, count, keys = {}, {}, {}, {}, {}
  for c = 1, n do longest_word[c], longest_cell[c], total[c], count[c], keys[c] = 1, 0, 0, 0, true end
  for _, entry in ipairs(rows_of(tbl)) do
    local row, is_head = entry[1], entry[2]
    local c = 1
    for _, cell in ipairs(row.cells) do
      if c > n then break end
      local text = text_of(cell)
      for word in text:gmatch("%S+") do
        -- a heading is bold: its letters are wider
        local len = (utf8.len(word) or #word) * (is_head and BOLD or 1)
        if len > longest_word[c] then longest_word[c] = len end
      end
      if not is_head then
        local len = utf8.len(text) or #text
        -- a key: one word (an ID, a status, a count) or a date ("12 Mar 2013", "Mar 2013")
        if text:find("%s") and not text:match("^%d%d? %a%a%a %d%d%d%d$")
            and not text:match("^%a%a%a %d%d%d%d$") then
          keys[c] = false
        end
        if len > longest_cell[c] then longest_cell[c] = len end
        total[c] = total[c] + len
        count[c] = count[c] + 1
      end
      c = c + (cell.col_span or 1)
    end
  end
  -- least: what a column needs so nothing breaks inside (a short cell whole, else the longest
  -- word); want: the room it would like (a text column: twice its mean, so long cells wrap
  -- over a few lines and short ones stay on one)
  local least, grow, sum, growable, fixed = {}, {}, 0, 0, {}
  for c = 1, n do
    local short = longest_cell[c] <= SHORT and keys[c]
    fixed[c] = short
    local chars = short and math.max(longest_cell[c], longest_word[c]) or longest_word[c]
    least[c] = chars * WIDE_CHAR + CELL
    local mean = count[c] > 0 and total[c] / count[c] or 0
    local want = short and least[c] or math.min(longest_cell[c], 2 * mean) * CHAR + CELL
    grow[c] = math.max(want - least[c], 0)
    sum = sum + least[c]
    growable = growable + grow[c]
  end
  local spare = room - sum
  if spare < 0 then
    -- too little room for every column's least: the keys keep theirs, the text columns share
    -- what is left (a long word there may break; a date or an ID never does)
    local keys_width, text_least = 0, 0
    for c = 1, n do
      if fixed[c] then keys_width = keys_width + least[c] else text_least = text_least + least[c] end
    end
    local left = room - keys_width
    if text_least > 0 and left > 0 then
      for c = 1, n do
        if not fixed[c] then least[c] = least[c] * left / text_least end
      end
    end
  end
  local result, all = {}, 0
  for c = 1, n do
    local width = least[c]
    if spare > 0 and growable > 0 then
      width = width + math.min(spare * grow[c] / growable, grow[c])
    end
    result[c] = width
    all = all + width
  end
  -- the table fills the width: what is left over goes to the text columns
  local left = room - all
  if left > 0 and growable > 0 then
    for c = 1, n do result[c] = result[c] + left * grow[c] / growable end
    all = room
  end
  for c = 1, n do result[c] = result[c] / all end
  return result
end

local function fit(tbl, room)
  local shares = widths(tbl, room)
  local specs = {}
  for c, spec in ipairs(tbl.colspecs) do
    specs[c] = {spec[1], shares[c]}
  end
  tbl.colspecs = specs
  return tbl
end

function fit_all(blocks, room)
  local result = {}
  for _, block in ipairs(blocks) do
    if block.t == "Table" then
      table.insert(result, fit(block, room))
    else
      table.insert(result, pandoc.walk_block(block, {
        Table = function(tbl) return fit(tbl, room) end,
      }))
    end
  end
  return result
end

function landscape(div)
  -- the Div's blocks go in flat (a typst block may not hold a page break)
  local content = fit_all(div.content, LANDSCAPE)
  local before, after
  if FORMAT:match("typst") then
    before = pandoc.RawBlock("typst", "#set page(flipped: true)")
    after = pandoc.RawBlock("typst", "#set page(flipped: false)")
  elseif FORMAT:match("docx") then
    -- section breaks: word.py gives each marker the reference document's page set-up
    before = pandoc.RawBlock("openxml", '<w:p><w:pPr><w:sectPr><w:type w:val="scr-portrait"/></w:sectPr></w:pPr></w:p>')
    after = pandoc.RawBlock("openxml", '<w:p><w:pPr><w:sectPr><w:type w:val="scr-landscape"/></w:sectPr></w:pPr></w:p>')
  else
    return {pandoc.Div(content, div.attr)}
  end
  local blocks = {before}
  for _, b in ipairs(content) do table.insert(blocks, b) end
  table.insert(blocks, after)
  return blocks
end

function Pandoc(doc)
  -- a landscape Div's tables get the landscape width; every other table the portrait width
  local blocks = {}
  for _, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.classes:includes("landscape") then
      for _, b in ipairs(landscape(block)) do table.insert(blocks, b) end
    else
      if block.t == "Table" then
        table.insert(blocks, fit(block, PORTRAIT))
      else
        table.insert(blocks, pandoc.walk_block(block, {
          Table = function(tbl) return fit(tbl, PORTRAIT) end,
        }))
      end
    end
  end
  doc.blocks = blocks
  return doc
end
