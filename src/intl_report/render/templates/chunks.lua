--[[ Pandoc Lua filter of the embedded engine: the report's Markdown -> Typst, chapter by chapter, in one pass.

The input is the report's Markdown cut into chunks (one per notebook output) by marker comments
  <!-- intl-chunk KEY -->          the chunk KEY follows: convert it
  <!-- intl-chunk KEY cached -->   the chunk KEY was converted by an earlier render: nothing follows
Each converted chunk is written to <chunk_dir>/KEY.typ, and the document becomes a list of
#include "<chunk_dir>/KEY.typ" lines, wrapped by the standalone template (house style + metadata).
A warm re-run thus converts only the chapters whose Markdown changed.

Also, for every chunk (what pandoc's typst writer does not do for PDF/UA-1):
  * images -> raw Typst image("…", alt: "…"), by absolute path (Typst root is "/"); pandoc 3.9 drops alt text;
  * a paragraph holding only an image -> centred, full width; {{< pagebreak >}} -> #pagebreak();
  * tables with default or equal column widths -> widths weighted by the longest cell of each column;
  * the report metadata (a JSON file) -> literal MetaString values, never parsed as Markdown.

Configuration: a JSON file named by $INTL_REPORT_CHUNKS_CONFIG:
  {"base_dir": "...", "chunk_dir": "...", "metadata": {...}}
Problems (missing image, missing alt text, remote image) stop pandoc with "intl-report: " messages.
--]]

local config
do
  local path = os.getenv("INTL_REPORT_CHUNKS_CONFIG")
  local handle = assert(io.open(path, "r"), "intl-report: cannot read the filter configuration " .. tostring(path))
  config = pandoc.json.decode(handle:read("a"), false)
  handle:close()
end

local PAGEBREAK = "{{< pagebreak >}}"
local problems = { missing_alt = {}, other = {} }
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

local function resolve(src)
  if src:match("^https?://") or src:match("^ftp://") then
    table.insert(problems.other, "remote image '" .. src .. "': download it and reference a local file "
      .. "(no network at build)")
    return nil
  end
  local path = src:gsub("^file://", "")
  path = path:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end)
  if path:sub(1, 1) ~= "/" then path = config.base_dir .. "/" .. path end
  local handle = io.open(path, "rb")
  if not handle then
    table.insert(problems.other, "image not found: " .. path .. " (referenced as '" .. src
      .. "' in the report notebook)")
    return nil
  end
  handle:close()
  return path
end

local function image_call(image, full_width)
  local path = resolve(image.src)
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
local chunk_filter = {
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

local function transform(blocks)
  return blocks:walk(chunk_filter)
end

local function meta_value(value)
  if type(value) == "boolean" then return value end
  if type(value) == "table" then
    local list = {}
    for i, item in ipairs(value) do list[i] = meta_value(item) end
    return pandoc.MetaList(list)
  end
  return pandoc.MetaString(tostring(value))
end

local function write_chunk(key, blocks)
  local target = config.chunk_dir .. "/" .. key .. ".typ"
  local partial = target .. ".part." .. tostring(os.time()) .. tostring(math.random(1e9))
  local text = pandoc.write(pandoc.Pandoc(blocks), "typst", { wrap_text = "wrap-preserve" })
  local handle = assert(io.open(partial, "wb"), "intl-report: cannot write " .. partial)
  handle:write(text, "\n")
  handle:close()
  assert(os.rename(partial, target))
  return target
end

function Pandoc(doc)
  local chunks, current = {}, nil
  for _, block in ipairs(doc.blocks) do
    local key, cached
    if block.t == "RawBlock" and block.format == "html" then
      key = block.text:match("^<!%-%- intl%-chunk (%x+) %-%->%s*$")
      if not key then
        key = block.text:match("^<!%-%- intl%-chunk (%x+) cached %-%->%s*$")
        cached = key ~= nil
      end
    end
    if key then
      current = { key = key, cached = cached, blocks = pandoc.Blocks({}) }
      table.insert(chunks, current)
    elseif current then
      current.blocks:insert(block)
    else
      error("intl-report: Markdown before the first chunk marker")
    end
  end
  for _, chunk in ipairs(chunks) do
    if not chunk.cached then chunk.blocks = transform(chunk.blocks) end
  end
  if #problems.other > 0 then
    error("intl-report: " .. table.concat(problems.other, "\nintl-report: "), 0)
  end
  if #problems.missing_alt > 0 then
    error("intl-report: images without alt text (PDF/UA-1 requires one for every image): "
      .. table.concat(problems.missing_alt, ", ")
      .. '\nwrite them as ![alt text](/path/chart.svg) or ![caption](/path/chart.svg){fig-alt="alt text"}', 0)
  end
  -- only now, with no problem found: a chunk file in the cache is always a complete, valid conversion
  local body = pandoc.Blocks({})
  for _, chunk in ipairs(chunks) do
    local path = config.chunk_dir .. "/" .. chunk.key .. ".typ"
    if not chunk.cached then path = write_chunk(chunk.key, chunk.blocks) end
    body:insert(pandoc.RawBlock("typst", "#include " .. typst_literal(path)))
  end
  for key, value in pairs(config.metadata) do
    doc.meta[key] = meta_value(value)
  end
  return pandoc.Pandoc(body, doc.meta)
end
