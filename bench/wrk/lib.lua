-- Shared by the scenario scripts of bench/run (wrk 4, one thread: -t 1).
--
-- Each scenario script names its operations and how to check an answer, then hands them to
-- lib.single, lib.booking or lib.mix, which define wrk's request(), response(), setup() and
-- done(). Every answer is checked in response(); done() prints one BENCH_RESULT line with the
-- counts and the latency percentiles, and a few BENCH_INVALID lines with what was wrong.
--
-- The requests come from files bench/run writes to $BENCH_WORK for the run:
--   <op>.body.json    the JSON body (query text from the .graphql file as is, and variables)
--   <op>.token        the bearer token (empty: no Authorization header)
--   <op>.expect.json  the reference answer, fetched and checked before the run (reads only):
--                     every answer of the run must be byte-for-byte the same
--   slots.tsv         booking: the free slots (id, startsAt, location), one per line

local lib = {}

local work = os.getenv("BENCH_WORK") or error("BENCH_WORK is not set")
local run_id = os.getenv("BENCH_RUN_ID") or tostring(os.time())

local function read_file(path, optional)
  local f = io.open(path, "rb")
  if not f then
    if optional then return nil end
    error("cannot read " .. path)
  end
  local s = f:read("*a")
  f:close()
  return s
end

-- How many times `needle` (plain text) occurs in `s`.
function lib.count(s, needle)
  local n, i = 0, 1
  while true do
    local a, b = s:find(needle, i, true)
    if not a then return n end
    n = n + 1
    i = b + 1
  end
end

function lib.has(s, needle)
  return s:find(needle, 1, true) ~= nil
end

local function headers_for(op_name)
  -- wrk sets wrk.headers.Host only after the script is loaded; the requests are built here.
  local h = {
    ["Host"] = wrk.port and (wrk.host .. ":" .. wrk.port) or wrk.host,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
  local token = (read_file(work .. "/" .. op_name .. ".token", true) or ""):gsub("%s+", "")
  if token ~= "" then
    h["Authorization"] = "Bearer " .. token
  end
  return h
end

-- An operation whose request never changes (a read). `check(body)` returns nil when the answer
-- holds what it must, or what is wrong.
function lib.read(name, check)
  local op = { name = name, check = check }
  op.body = read_file(work .. "/" .. name .. ".body.json")
  op.expect = read_file(work .. "/" .. name .. ".expect.json", true)
  op.request = wrk.format("POST", wrk.path, headers_for(name), op.body)
  return op
end

-- The checks every answer gets: HTTP 200, JSON with data and no errors.
local function basic(status, body)
  if status ~= 200 then return "HTTP " .. status end
  if lib.has(body, '"errors":') then return "errors in the answer" end
  if not lib.has(body, '"data":{') then return "no data in the answer" end
  return nil
end

function lib.check_read(op, status, body)
  local why = basic(status, body)
  if why then return why end
  if op.check then
    why = op.check(body)
    if why then return why end
  end
  if op.expect and body ~= op.expect then
    return "differs from the reference answer"
  end
  return nil
end

-- Per-thread counters, read by done() through thread:get.
invalid = 0
samples = {}
counts = {}

function lib.ok(name)
  counts[name] = (counts[name] or 0) + 1
end

function lib.bad(name, why, status, body)
  invalid = invalid + 1
  counts[name .. "_invalid"] = (counts[name .. "_invalid"] or 0) + 1
  if #samples < 5 then
    local snippet = (body or ""):sub(1, 300):gsub("[\r\n]+", " ")
    samples[#samples + 1] = name .. ": " .. why .. " | " .. snippet
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local n_invalid, all_samples, all_counts = 0, {}, {}
  for _, t in ipairs(threads) do
    n_invalid = n_invalid + (t:get("invalid") or 0)
    for _, s in ipairs(t:get("samples") or {}) do
      all_samples[#all_samples + 1] = s
    end
    for k, v in pairs(t:get("counts") or {}) do
      all_counts[k] = (all_counts[k] or 0) + v
    end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "mean_us=%d invalid=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, n_invalid, e.connect, e.read, e.write,
    e.status, e.timeout))
  for k, v in pairs(all_counts) do
    io.write("BENCH_COUNT ", k, " ", v, "\n")
  end
  for i, s in ipairs(all_samples) do
    if i > 5 then break end
    io.write("BENCH_INVALID ", s, "\n")
  end
end

-- One read operation, sent again and again.
function lib.single(op)
  request = function()
    return op.request
  end
  response = function(status, headers, body)
    local why = lib.check_read(op, status, body)
    if why then lib.bad(op.name, why, status, body) else lib.ok(op.name) end
  end
end

-- Booking and cancelling, as one citizen: a request books a free slot, the next free request
-- cancels a meeting booked before (so a slot is never taken twice), and the cancelled slot goes
-- back to the pool. Each booking and each cancellation carries a fresh idempotency key, as the
-- portal sends one per click. Returns an object with next_request() and on_response().
function lib.booking()
  local b = {
    free = {},      -- slot ids with a free seat
    slot_of = {},   -- "startsAt|location" -> slot id
    all = {},       -- every slot id of the pool
    booked = {},    -- meeting id -> slot id
    to_cancel = {}, -- meeting ids booked and not yet cancelled (a queue)
    seq = 0,
    headers = headers_for("book"),
    book_body = read_file(work .. "/book.body.json"),
    cancel_body = read_file(work .. "/cancel.body.json"),
  }
  for line in (read_file(work .. "/slots.tsv") or ""):gmatch("[^\n]+") do
    local id, starts, location = line:match("^([^\t]+)\t([^\t]+)\t(.+)$")
    if id then
      b.free[#b.free + 1] = id
      b.all[#b.all + 1] = id
      b.slot_of[starts .. "|" .. location] = id
    end
  end
  if #b.free == 0 then error("no free slots in " .. work .. "/slots.tsv") end

  -- Unique per run (BENCH_RUN_ID) and request; wrk runs one thread (-t 1).
  local function key()
    b.seq = b.seq + 1
    return "bench-" .. run_id .. "-" .. b.seq
  end

  function b.next_request()
    if #b.to_cancel > 0 then
      local meeting = table.remove(b.to_cancel, 1)
      local body = b.cancel_body:gsub("__MEETING__", meeting):gsub("__KEY__", key())
      return wrk.format("POST", wrk.path, b.headers, body)
    end
    -- With no free slot left (more connections than slots), book the oldest slot anyway: the
    -- answer is then SLOT_FULL and counted as invalid, so the run is reported as failed.
    local slot = table.remove(b.free, 1) or b.all[1]
    local body = b.book_body:gsub("__SLOT__", slot):gsub("__KEY__", key())
    return wrk.format("POST", wrk.path, b.headers, body)
  end

  -- Handles the answer if it is one of a booking or a cancellation; false otherwise.
  function b.on_response(status, body)
    if lib.has(body, '"bookMeeting":') then
      local why = basic(status, body)
      if not why and not lib.has(body, '"userErrors":[]') then why = "userErrors" end
      if not why and not lib.has(body, '"status":"SCHEDULED"') then why = "not scheduled" end
      local meeting = body:match('"id":"([0-9a-f%-]+)"')
      local starts = body:match('"startsAt":"(.-)"')
      local location = body:match('"location":"(.-)"')
      if not why and not (meeting and starts and location) then why = "no meeting in the answer" end
      if why then
        lib.bad("book", why, status, body)
        return true
      end
      local slot = b.slot_of[starts .. "|" .. location]
      if not slot then
        lib.bad("book", "booked a slot outside the pool", status, body)
        return true
      end
      b.booked[meeting] = slot
      b.to_cancel[#b.to_cancel + 1] = meeting
      lib.ok("book")
      return true
    elseif lib.has(body, '"cancelMeeting":') then
      local why = basic(status, body)
      if not why and not lib.has(body, '"userErrors":[]') then why = "userErrors" end
      if not why and not lib.has(body, '"status":"CANCELLED_BY_CITIZEN"') then
        why = "not cancelled"
      end
      local meeting = body:match('"id":"([0-9a-f%-]+)"')
      if not why and not (meeting and b.booked[meeting]) then why = "unknown meeting" end
      if why then
        lib.bad("cancel", why, status, body)
        return true
      end
      b.free[#b.free + 1] = b.booked[meeting]
      b.booked[meeting] = nil
      lib.ok("cancel")
      return true
    end
    return false
  end

  return b
end

-- Book and cancel, nothing else.
function lib.book_cancel()
  local b = lib.booking()
  request = function()
    return b.next_request()
  end
  response = function(status, headers, body)
    if not b.on_response(status, body) then
      lib.bad("book_cancel", "neither a booking nor a cancellation", status, body)
    end
  end
end

-- A weighted mix: `weights` maps a read operation (from lib.read) or "book" to a weight. A
-- meeting booked is cancelled by the next request (cancellations are not drawn; they follow
-- the bookings). An answer is valid when it is exactly one of the reads' reference answers and
-- passes that read's check, or a valid booking or cancellation.
function lib.mix(weights)
  local ops, total, b = {}, 0, nil
  for _, w in ipairs(weights) do
    total = total + w.weight
    ops[#ops + 1] = { upto = total, op = w.op, book = w.book }
    if w.book then b = lib.booking() end
  end
  math.randomseed(tonumber(os.getenv("BENCH_SEED") or "") or 20261202)
  local by_answer = {}
  for _, w in ipairs(weights) do
    if w.op then
      if not w.op.expect then error("the mix needs a reference answer for " .. w.op.name) end
      by_answer[w.op.expect] = w.op
    end
  end
  request = function()
    if b and #b.to_cancel > 0 then return b.next_request() end
    local r = math.random() * total
    for _, o in ipairs(ops) do
      if r < o.upto then
        if o.book then return b.next_request() end
        return o.op.request
      end
    end
    return ops[#ops].op.request
  end
  response = function(status, headers, body)
    if b and b.on_response(status, body) then return end
    local op = by_answer[body]
    if not op then
      lib.bad("mix", basic(status, body) or "matches no reference answer", status, body)
      return
    end
    local why = lib.check_read(op, status, body)
    if why then lib.bad(op.name, why, status, body) else lib.ok(op.name) end
  end
end

return lib
