-- wrk script for the reports scenarios: GET of the URL given with the API key of the first
-- script argument; like get-key.lua, plus the first response that is not 200 (status and
-- start of the body), which get-key.lua does not catch because a response() callback costs
-- wrk CPU on every request (fine at the reports' rates, not at the unit reads').
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    wrk.headers["Authorization"] = "Bearer " .. args[1]
    first_bad = ""
end

function response(status, headers, body)
    if status ~= 200 and first_bad == "" then
        first_bad = status .. " " .. string.sub(body or "", 1, 300)
    end
end

function done(summary, latency, requests)
    local sample = ""
    for _, t in ipairs(threads) do
        local s = t:get("first_bad")
        if sample == "" and s and s ~= "" then sample = s end
    end
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d bad=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        e.status, e.connect, e.read, e.write, e.timeout, e.status))
    if sample ~= "" then
        io.write("BENCH-FIRST-BAD " .. sample:gsub("\n", " ") .. "\n")
    end
end
