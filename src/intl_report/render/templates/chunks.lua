--[[ Pandoc Lua filter of the embedded engine: the report's Markdown -> Typst, chapter by chapter, in one pass.

The input is the report's Markdown cut into chunks (one per notebook output) by marker comments
  <!-- intl-chunk KEY -->          the chunk KEY follows: convert it
  <!-- intl-chunk KEY cached -->   the chunk KEY was converted by an earlier render: nothing follows
Each converted chunk is written to <chunk_dir>/KEY.typ, and the document becomes a list of
#include "<chunk_dir>/KEY.typ" lines, wrapped by the standalone template (house style + metadata).
A warm re-run thus converts only the chapters whose Markdown changed.

Every chunk goes through the house filter (house-filter.lua: images with alt text, by absolute path since
Typst's root is "/"; page breaks; rules; table widths), and the report metadata (a JSON file) becomes literal
MetaString values, never parsed as Markdown.

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

-- The house filter (images with alt text, page breaks, rules, table widths) is shared with the Quarto engine.
local house = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "house-filter.lua" }))
local typst_literal = house.typst_literal
local problems = { missing_alt = {}, other = {} }

local function resolve(src, problems)
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


local chunk_filter = house.filter(resolve, problems)

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
