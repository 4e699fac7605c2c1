-- Loop Lab bench: wrk reporter.
-- Counts responses per serving process (the X-Pid header the Django project adds) and per HTTP status, and at the end
-- prints one line "WRK_JSON {...}" with wrk's exact latency percentiles (microseconds) and its error counters.
-- Used as: wrk -t1 -cC -dDs --timeout 30s -s wrk_report.lua URL

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  pids = {}
  statuses = {}
end

function response(status, headers, body)
  local pid = headers["X-Pid"] or headers["x-pid"] or "none"
  pids[pid] = (pids[pid] or 0) + 1
  local s = tostring(status)
  statuses[s] = (statuses[s] or 0) + 1
end

local function obj(t)
  local parts = {}
  for k, v in pairs(t) do
    parts[#parts + 1] = string.format("%q:%d", tostring(k), v)
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

local function merge(dst, src)
  for k, v in pairs(src or {}) do
    dst[k] = (dst[k] or 0) + v
  end
end

function done(summary, latency, requests)
  local by_pid, by_status = {}, {}
  for _, t in ipairs(threads) do
    merge(by_pid, t:get("pids"))
    merge(by_status, t:get("statuses"))
  end
  local ps = {1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9}
  local pct = {}
  for _, p in ipairs(ps) do
    pct[#pct + 1] = string.format("%q:%d", tostring(p), latency:percentile(p))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"duration_us":%d,"requests":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"max":%d,"mean":%.1f,"stdev":%.1f,"percentiles":{%s}},' ..
    '"by_pid":%s,"by_status":%s}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.max, latency.mean, latency.stdev, table.concat(pct, ","),
    obj(by_pid), obj(by_status)))
end
