-- wrk script for the authenticated GET scenario: the URL given, with the API key of the first
-- script argument in Authorization; prints the machine-readable line tests/bench/run.sh reads.
function init(args)
    wrk.headers["Authorization"] = "Bearer " .. args[1]
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d bad=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        e.status, e.connect, e.read, e.write, e.timeout, e.status))
end
