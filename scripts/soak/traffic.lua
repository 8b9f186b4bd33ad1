-- wrk script for `make soak`: a mix of what readers do, each request from
-- one of many client addresses (through the trusted proxy on 127.0.0.1),
-- counting every status it sees.
--   55% anonymous pages (articles, homes, sections, in all nine languages)
--   10% searches and 5% suggestions (never cached)
--   20% a signed-in reader's pages (never cached)
--   10% a signed-in reader saving or unsaving a story (a write)
-- SOAK_PAGES, SOAK_SLUGS and SOAK_SESSIONS name files with one entry a line.

local function lines(name)
  local list = {}
  local file = assert(io.open(os.getenv(name), "r"))
  for line in file:lines() do
    if line ~= "" then list[#list + 1] = line end
  end
  file:close()
  return list
end

local pages = lines("SOAK_PAGES")
local slugs = lines("SOAK_SLUGS")
local sessions = lines("SOAK_SESSIONS")
local terms = { "kabul", "wheat", "border", "water", "school", "trade", "herat", "rain", "market", "health" }
local origin = os.getenv("SOAK_ORIGIN")

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  counts = {}
  math.randomseed(os.time() * 1000 + id)
end

local function client()
  return string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
end

function request()
  local r = math.random(100)
  local headers = { ["X-Forwarded-For"] = client(), ["Accept-Encoding"] = "br" }
  if r <= 55 then
    return wrk.format("GET", pages[math.random(#pages)], headers)
  elseif r <= 65 then
    return wrk.format("GET", "/en/search?q=" .. terms[math.random(#terms)], headers)
  elseif r <= 70 then
    local term = terms[math.random(#terms)]
    return wrk.format("GET", "/api/suggest?lang=en&q=" .. term:sub(1, math.random(2, #term)), headers)
  end
  headers["Cookie"] = sessions[math.random(#sessions)]
  if r <= 90 then
    return wrk.format("GET", "/en/article/" .. slugs[math.random(#slugs)], headers)
  end
  headers["Origin"] = origin
  headers["Sec-Fetch-Site"] = "same-origin"
  headers["Accept"] = "application/json"
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local body = string.format("lang=en&story_lang=en&slug=%s&save=%d", slugs[math.random(#slugs)], math.random(0, 1))
  return wrk.format("POST", "/api/reading-list/set", headers, body)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do
      all[status] = (all[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(all) do
    parts[#parts + 1] = string.format('"%d":%d', status, n)
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.1f,"p50_ms":%.1f,"p99_ms":%.1f,"max_ms":%.1f,"statuses":{%s},"socket_errors":%d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    table.concat(parts, ","), e.connect + e.read + e.write + e.timeout))
end
