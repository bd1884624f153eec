--[[ The house style's Lua filter, shared by both engines (what pandoc's typst writer does not do for PDF/UA-1):
  * images -> raw Typst image("…", alt: "…"), full width when alone in their paragraph or figure (pandoc 3.9 drops
    alt text; Quarto would wrap each image in a #box at its natural size);
  * {{< pagebreak >}} -> #pagebreak(); a horizontal rule -> the house rule;
  * tables with default or equal column widths -> widths weighted by the longest cell of each column.

Used as a module: `house.filter(resolve, problems)` returns the filter, where resolve(src, problems) gives the
path Typst reads an image from (or nil, after adding the problem to problems.other) and images without alt text
are added to problems.missing_alt. The embedded engine's chunks.lua loads it with dofile; the Quarto engine
stages it inside the document's own filter (render/quarto.py).
--]]

local M = {}

local PAGEBREAK = "{{< pagebreak >}}"
local stringify = pandoc.utils.stringify

local function typst_literal(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function typst_string(text) -- alt texts: one line
  return typst_literal((text:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")))
end

local function typst_length(value)
  if not value then return nil end
  local number, unit = value:match("^%s*([0-9]*%.?[0-9]+)%s*([%%a-z]*)%s*$")
  if not number then return nil end
  if unit == "" or unit == "px" then return string.format("%gpt", tonumber(number) * 0.75) end
  local known = { ["%"] = true, cm = true, mm = true, ["in"] = true, pt = true, em = true }
  if known[unit] then return number .. unit end
  return nil
end

local function widen(tbl)
  local colspecs = tbl.colspecs
  if #colspecs < 2 then return tbl end
  local first = colspecs[1][2]
  for _, spec in ipairs(colspecs) do
    if spec[2] ~= first then return tbl end -- deliberate, unequal widths are kept
  end
  local longest = {}
  for i = 1, #colspecs do longest[i] = 0 end
  local function measure(rows)
    for _, row in ipairs(rows) do
      local col = 1
      for _, cell in ipairs(row.cells) do
        if cell.col_span == 1 and col <= #longest then
          longest[col] = math.max(longest[col], utf8.len(stringify(cell.contents)) or 0)
        end
        col = col + cell.col_span
      end
    end
  end
  measure(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do
    measure(body.head)
    measure(body.body)
  end
  measure(tbl.foot.rows)
  local weights, total = {}, 0
  for i, n in ipairs(longest) do
    weights[i] = math.min(math.max(n, 6), 45)
    total = total + weights[i]
  end
  for i, spec in ipairs(colspecs) do
    colspecs[i] = { spec[1], math.floor(weights[i] / total * 10000 + 0.5) / 10000 }
  end
  tbl.colspecs = colspecs
  return tbl
end

function M.filter(resolve, problems)
  local function image_call(image, full_width)
    local path = resolve(image.src, problems)
    if not path then return "none" end
    local alt = image.attributes["fig-alt"] or image.attributes["alt"] or stringify(image.caption)
    local args = { typst_literal(path) }
    if alt:match("%S") then
      table.insert(args, "alt: " .. typst_string(alt))
    else
      table.insert(problems.missing_alt, image.src)
    end
    local width = typst_length(image.attributes["width"]) or (full_width and "100%" or nil)
    local height = typst_length(image.attributes["height"])
    if width then table.insert(args, "width: " .. width) end
    if height then table.insert(args, "height: " .. height) end
    return "image(" .. table.concat(args, ", ") .. ")"
  end

  local inline_images = {
    Image = function(image) return pandoc.RawInline("typst", "#box(" .. image_call(image, false) .. ")") end,
  }

  local function only_image(inlines)
    local found
    for _, inline in ipairs(inlines) do
      if inline.t ~= "Space" and inline.t ~= "SoftBreak" and inline.t ~= "LineBreak" then
        if found or inline.t ~= "Image" then return nil end
        found = inline
      end
    end
    return found
  end

  local function is_pagebreak(inlines)
    local first = inlines[1]
    return first and first.t == "Str" and first.text == "{{<" and stringify(inlines):match("^%s*(.-)%s*$") == PAGEBREAK
  end

  local function paragraph(block)
    if is_pagebreak(block.content) then
      return pandoc.RawBlock("typst", "#pagebreak()"), false
    end
    local image = only_image(block.content)
    if image then
      return pandoc.RawBlock("typst", "#align(center, " .. image_call(image, true) .. ")"), false
    end
    return nil -- go on into the inlines: an image among text is an inline box
  end

  local function figure(fig)
    local caption = fig.caption
    caption.long = pandoc.Blocks(caption.long):walk(inline_images)
    fig.caption = caption
    fig.content = fig.content:walk({
      Image = function(image) return pandoc.RawInline("typst", "#" .. image_call(image, true)) end,
    })
    return fig, false
  end

  -- One top-down walk per chunk (each walk moves the elements between pandoc and Lua: they are not cheap).
  return {
    traverse = "topdown",
    Figure = figure,
    Para = paragraph,
    Plain = paragraph,
    Table = widen,
    Image = inline_images.Image,
    HorizontalRule = function()
      return pandoc.RawBlock("typst", "#block(width: 100%, above: 1em, below: 1em, "
        .. "align(center, line(length: 50%, stroke: 0.5pt + rgb(\"#B8C4D0\"))))"), false -- house.typ's house-rule
    end,
  }
end

M.typst_literal = typst_literal

return M
