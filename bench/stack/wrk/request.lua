-- wrk script for bench/run: one fixed request, built once, and a
-- machine-readable summary line. Settings come from the environment:
--   BENCH_AUTH          Authorization header value ("Bearer ..."); unset: none
--   BENCH_UPLOAD_FILE   when set, the request is a multipart/form-data POST
--   BENCH_UPLOAD_FIELD  of this file in this field (default profile_image)
--   BENCH_BODY_FILE     when set (and no upload), the request is a POST of
--                       this file's bytes with BENCH_CONTENT_TYPE
--                       (default application/json)
--   BENCH_EXPECT        when set, answers with another status are counted as
--                       "unexpected" (a response() callback; otherwise wrk's
--                       own count of statuses >= 400 is used)
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end

local upload = os.getenv("BENCH_UPLOAD_FILE")
if upload and upload ~= "" then
  local f = assert(io.open(upload, "rb"))
  local bytes = f:read("*a")
  f:close()
  local field = os.getenv("BENCH_UPLOAD_FIELD") or "profile_image"
  local boundary = "----userimgbench7MA4YWxkTrZu0gW"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
  wrk.body = "--" .. boundary .. "\r\n" ..
    'Content-Disposition: form-data; name="' .. field .. '"; filename="upload.jpg"\r\n' ..
    "Content-Type: image/jpeg\r\n\r\n" .. bytes .. "\r\n--" .. boundary .. "--\r\n"
end

local body_file = os.getenv("BENCH_BODY_FILE")
if (not upload or upload == "") and body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/json"
end

local threads = {}
function setup(thread) table.insert(threads, thread) end

local expect = tonumber(os.getenv("BENCH_EXPECT") or "")
if expect then
  unexpected = 0
  function response(status, headers, body)
    if status ~= expect then unexpected = unexpected + 1 end
  end
end

function done(summary, latency, requests)
  local bad = summary.errors.status
  if expect then
    bad = 0
    for _, t in ipairs(threads) do bad = bad + (t:get("unexpected") or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f bad=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad,
    e.connect + e.read + e.write + e.timeout))
end
