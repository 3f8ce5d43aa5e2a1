-- wrk script for bench/soak/run: the soak's mixed load over many users, one
-- random user and one random kind of request per request, optionally paced,
-- and a machine-readable summary line. Settings come from the environment:
--   BENCH_SOAK_TOKENS   file of tokens, one a line (one per user)
--   BENCH_SOAK_PROFILE  JPEG uploaded as a profile image (both surfaces)
--   BENCH_SOAK_COVER    JPEG uploaded as a cover image (/api/resume/ only)
--   BENCH_SOAK_RATE     requests/s over all of wrk's threads; 0 or unset:
--                       as fast as the connections go (the maximum)
--   BENCH_SOAK_THREADS  wrk's -t (to split the rate between the threads)
--
-- The mix (per cent of requests; the user is drawn for each request):
--   35  GET /api/resume/user-images/
--   35  GET /users/me
--    8  POST /api/resume/user-images/ profile_image (first upload or replace)
--    6  POST /users/me/profile-image file           (first upload or replace)
--    6  POST /api/resume/user-images/ cover_image   (first upload or replace)
--    4  DELETE /api/resume/user-images/?type=profile_image
--    3  DELETE /api/resume/user-images/?type=cover_image
--    3  DELETE /users/me/profile-image
-- A delete of an image the user does not have answers 404: normal.
--
-- Pacing: each thread hands out send times one interval apart (threads /
-- rate) through wrk's delay(); a connection whose slot has passed sends at
-- once and the schedule restarts from now, so a slow server is never sent
-- a burst to catch up (the run then reports a lower rate than asked, and
-- `late`, the requests sent more than one interval after their slot).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
  int clock_gettime(int clock, soak_timespec* ts);
]]
local ts = ffi.new("soak_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local function read_file(name)
  local f = assert(io.open(assert(os.getenv(name), name .. " is not set"), "rb"))
  local bytes = f:read("*a")
  f:close()
  return bytes
end

local boundary = "----userimgsoak7MA4YWxkTrZu0gW"
local function multipart(field, bytes)
  return "--" .. boundary .. "\r\n" ..
    'Content-Disposition: form-data; name="' .. field .. '"; filename="upload.jpg"\r\n' ..
    "Content-Type: image/jpeg\r\n\r\n" .. bytes .. "\r\n--" .. boundary .. "--\r\n"
end

-- name, share (per cent), method, path, body (nil: none)
local kinds = {}
local tokens = {}
local interval = 0 -- ms between this thread's send slots; 0: unpaced
local next_at = nil
sent, late = {}, 0
statuses = {}

local threads = {}
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
  table.insert(threads, thread)
end

function init(args)
  for line in read_file("BENCH_SOAK_TOKENS"):gmatch("[^\r\n]+") do
    tokens[#tokens + 1] = "Bearer " .. line
  end
  assert(#tokens > 0, "no tokens")
  local profile, cover = read_file("BENCH_SOAK_PROFILE"), read_file("BENCH_SOAK_COVER")
  kinds = {
    {"get_api", 35, "GET", "/api/resume/user-images/"},
    {"get_me", 35, "GET", "/users/me"},
    {"post_api_profile", 8, "POST", "/api/resume/user-images/", multipart("profile_image", profile)},
    {"post_me_profile", 6, "POST", "/users/me/profile-image", multipart("file", profile)},
    {"post_api_cover", 6, "POST", "/api/resume/user-images/", multipart("cover_image", cover)},
    {"delete_api_profile", 4, "DELETE", "/api/resume/user-images/?type=profile_image"},
    {"delete_api_cover", 3, "DELETE", "/api/resume/user-images/?type=cover_image"},
    {"delete_me_profile", 3, "DELETE", "/users/me/profile-image"},
  }
  local total = 0
  for _, k in ipairs(kinds) do
    total = total + k[2]
    sent[k[1]] = 0
  end
  assert(total == 100, "the mix's shares add up to " .. total)
  math.randomseed(os.time() * 1000 + (id or 0))
  local rate = tonumber(os.getenv("BENCH_SOAK_RATE") or "") or 0
  if rate > 0 then
    interval = (tonumber(os.getenv("BENCH_SOAK_THREADS") or "") or 1) * 1000 / rate
  end
end

function delay()
  if interval == 0 then return 0 end
  local now = now_ms()
  if next_at == nil or next_at < now then
    if next_at ~= nil and next_at < now - interval then late = late + 1 end
    next_at = now
  end
  local wait = next_at - now
  next_at = next_at + interval
  return wait
end

local upload_headers = {["Content-Type"] = "multipart/form-data; boundary=" .. boundary}
function request()
  local draw, k = math.random(100), nil
  for _, candidate in ipairs(kinds) do
    draw = draw - candidate[2]
    if draw <= 0 then k = candidate break end
  end
  sent[k[1]] = sent[k[1]] + 1
  local headers = {Authorization = tokens[math.random(#tokens)]}
  if k[5] then headers["Content-Type"] = upload_headers["Content-Type"] end
  return wrk.format(k[3], k[4], headers, k[5])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

-- RESULT requests=N seconds=S rps=R p50_ms=.. p99_ms=.. socket_errors=N
-- late=N sent_<kind>=N... status_<code>=N...
function done(summary, latency, requests)
  local total_sent, total_status, total_late = {}, {}, 0
  for _, t in ipairs(threads) do
    for name, n in pairs(t:get("sent")) do total_sent[name] = (total_sent[name] or 0) + n end
    for code, n in pairs(t:get("statuses")) do total_status[code] = (total_status[code] or 0) + n end
    total_late = total_late + t:get("late")
  end
  local e = summary.errors
  local line = string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f socket_errors=%d late=%d",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, total_late)
  local names = {}
  for name in pairs(total_sent) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do line = line .. " sent_" .. name .. "=" .. total_sent[name] end
  local codes = {}
  for code in pairs(total_status) do codes[#codes + 1] = code end
  table.sort(codes)
  for _, code in ipairs(codes) do line = line .. " status_" .. code .. "=" .. total_status[code] end
  io.write(line .. "\n")
end
