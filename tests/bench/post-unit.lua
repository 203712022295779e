-- wrk script: POST /v1/units with a unique unit code per request.
-- Arguments (after --): ADMIN_KEY PREFIX [idem]
--   PREFIX  start of every code (run and scenario), e.g. "bench1a"; codes are
--           PREFIX .. "t" .. thread .. "n" .. counter, e.g. bench1at2n1234 (must match
--           ^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$)
--   idem    send an Idempotency-Key header, unique per request
-- Every response that is not 201 is counted ("bad"), and the first one is shown.
local threads = {}
local next_id = 1

function setup(thread)
    thread:set("tid", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    key = args[1]
    prefix = args[2] or "bench"
    idem = args[3] == "idem"
    n = 0
    bad = 0
    first_bad = ""
    base_headers = {
        ["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. key,
    }
end

function request()
    n = n + 1
    local code = prefix .. "t" .. tid .. "n" .. n
    local headers = base_headers
    if idem then
        headers = {
            ["Content-Type"] = base_headers["Content-Type"],
            ["Authorization"] = base_headers["Authorization"],
            ["Idempotency-Key"] = "bench-" .. code,
        }
    end
    local body = '{"code":"' .. code .. '","name":"Bench ' .. code .. '","kind":"sd"}'
    return wrk.format("POST", "/v1/units", headers, body)
end

function response(status, headers, body)
    if status ~= 201 then
        bad = bad + 1
        if first_bad == "" then
            first_bad = status .. " " .. string.sub(body or "", 1, 300)
        end
    end
end

function done(summary, latency, requests)
    local total_bad, sample = 0, ""
    for _, t in ipairs(threads) do
        total_bad = total_bad + (t:get("bad") or 0)
        local s = t:get("first_bad")
        if sample == "" and s and s ~= "" then sample = s end
    end
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d bad=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        e.status, e.connect, e.read, e.write, e.timeout, total_bad))
    if sample ~= "" then
        io.write("BENCH-FIRST-BAD " .. sample:gsub("\n", " ") .. "\n")
    end
end
