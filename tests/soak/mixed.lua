-- wrk script for the soak (tests/soak/run.sh): a steady mix of what clients do, at a modest
-- rate (delay() spaces each connection's requests), for as long as wrk runs.
-- Arguments (after --): ADMIN_KEY DELAY_MS UNIT_ID[,UNIT_ID...] [MODE]
--
-- MODE "mix" (default), per request (percent): GET one seeded unit 30, list of 50 (three
-- sorts) 15, POST a new unit 10, POST with Idempotency-Key 7 (a third of them replay an
-- earlier key and body whose answer has come back), PATCH one of the thread's own units with
-- If-Match 20, GET /v1/events after the last seq seen with wait=1 8, /healthz 2, /metrics 2,
-- GET one of the thread's own units 6.
-- MODE "feed": the change-feed reader, alternately after the last seq seen with wait=1 and
-- after a seq far ahead (nothing comes: the long-poll waits its whole second). Run with few
-- connections: at most half of the server's threads may wait at once (503 beyond).
--
-- Every request carries X-Request-Id "s<thread>-<kind>-<n>[-<unit slot>]": the server echoes
-- it, so response() knows what it answers although a thread's connections interleave. A
-- PATCH therefore always sends the version its unit has (no request in flight on it): a 412
-- is a real fault and counts as unexpected.
--
-- done() prints one "SOAK kind=<k> n=<requests> ok=<expected status> bad=<other>" line per
-- kind, "SOAK-STATUS kind=<k> status=<s> n=<count>" for every status seen and
-- "SOAK-FIRST-BAD <kind> <status> <body>" for the first unexpected answer of each kind.
local threads = {}
local next_tid = 1

function setup(thread)
    thread:set("tid", next_tid)
    next_tid = next_tid + 1
    table.insert(threads, thread)
end

local kinds = { "get", "list", "post", "idem", "patch", "mine", "events", "wait", "health", "metrics" }
local feed_kinds = { "events", "wait" }
-- Expected statuses per kind; anything else is counted as bad.
local expect = {
    get = { [200] = true }, list = { [200] = true }, post = { [201] = true },
    idem = { [201] = true }, patch = { [200] = true }, mine = { [200] = true },
    events = { [200] = true }, wait = { [200] = true }, health = { [200] = true },
    metrics = { [200] = true },
}
local code_of = { g = "get", l = "list", p = "post", i = "idem", u = "patch", m = "mine",
                  e = "events", w = "wait", h = "health", x = "metrics" }

local MAX_OWN = 48          -- units a thread keeps for PATCH
local BUSY_GIVE_UP = 5000   -- a slot whose answer never came is freed after this many requests

function init(args)
    key = args[1]
    pause = tonumber(args[2]) or 10
    seeds = {}
    for id in string.gmatch(args[3] or "", "[^,]+") do
        table.insert(seeds, id)
    end
    mode = args[4] or "mix"
    math.randomseed(os.time() * 100 + tid)
    n = 0
    own = {}            -- slot -> { id = uuid, version = int, busy = request number or nil }
    last_seq = 0
    last_idem = nil     -- { key = .., body = .. } of an idempotent POST answered 201
    pending_idem = {}   -- request number -> { key = .., body = .. } until its answer comes
    ok, bad, status_n, first_bad = {}, {}, {}, {}
    for _, k in ipairs(mode == "feed" and feed_kinds or kinds) do
        ok[k], bad[k] = 0, 0
    end
    auth = "Bearer " .. key
end

local function headers(rid, extra)
    local h = { ["Authorization"] = auth, ["X-Request-Id"] = rid }
    if extra then
        for k, v in pairs(extra) do h[k] = v end
    end
    return h
end

local function free_slot()
    local start = math.random(MAX_OWN)
    for i = 0, MAX_OWN - 1 do
        local s = (start + i - 1) % MAX_OWN + 1
        local u = own[s]
        if u and u.id and (u.busy == nil or n - u.busy > BUSY_GIVE_UP) then
            return s
        end
    end
    return nil
end

local function empty_slot()
    for s = 1, MAX_OWN do
        if own[s] == nil then return s end
    end
    return nil
end

local function post(kind_code, slot, idem)
    local code = "soak" .. tid .. "n" .. n
    local body = '{"code":"' .. code .. '","name":"Soak ' .. code .. '","kind":"sd"}'
    local extra = { ["Content-Type"] = "application/json" }
    if idem then
        if last_idem and math.random(3) == 1 then
            body = last_idem.body
            extra["Idempotency-Key"] = last_idem.key
            slot = nil  -- a replay answers with a unit we already hold
        else
            extra["Idempotency-Key"] = "soak-" .. code
            pending_idem[n] = { key = extra["Idempotency-Key"], body = body }
        end
    end
    local rid = "s" .. tid .. "-" .. kind_code .. "-" .. n .. "-" .. (slot or 0)
    if slot then own[slot] = { busy = n } end
    return wrk.format("POST", "/v1/units", headers(rid, extra), body)
end

function request()
    n = n + 1
    local rid = "s" .. tid .. "-"
    if mode == "feed" then
        if n % 2 == 0 then
            return wrk.format("GET", "/v1/events?after=" .. last_seq .. "&limit=50&wait=1", headers(rid .. "e-" .. n))
        end
        return wrk.format("GET", "/v1/events?after=9000000000000&wait=1", headers(rid .. "w-" .. n))
    end
    local r = math.random(100)
    if r <= 30 then
        local id = seeds[math.random(#seeds)]
        return wrk.format("GET", "/v1/units/" .. id, headers(rid .. "g-" .. n))
    elseif r <= 45 then
        local sorts = { "", "&sort=-name", "&kind=sd" }
        return wrk.format("GET", "/v1/units?limit=50" .. sorts[math.random(3)], headers(rid .. "l-" .. n))
    elseif r <= 55 then
        return post("p", empty_slot(), false)
    elseif r <= 62 then
        return post("i", empty_slot(), true)
    elseif r <= 82 then
        local s = free_slot()
        if s == nil then
            return post("p", empty_slot(), false)
        end
        local u = own[s]
        u.busy = n
        local body = '{"staff_count":' .. math.random(1, 500) .. '}'
        return wrk.format("PATCH", "/v1/units/" .. u.id,
            headers(rid .. "u-" .. n .. "-" .. s,
                { ["Content-Type"] = "application/json", ["If-Match"] = '"' .. u.version .. '"' }), body)
    elseif r <= 90 then
        return wrk.format("GET", "/v1/events?after=" .. last_seq .. "&limit=50&wait=1", headers(rid .. "e-" .. n))
    elseif r <= 92 then
        return wrk.format("GET", "/healthz", { ["X-Request-Id"] = rid .. "h-" .. n })
    elseif r <= 94 then
        return wrk.format("GET", "/metrics", { ["X-Request-Id"] = rid .. "x-" .. n })
    else
        local s = free_slot()
        if s == nil then
            return wrk.format("GET", "/v1/units/" .. seeds[math.random(#seeds)], headers(rid .. "g-" .. n))
        end
        own[s].busy = n
        return wrk.format("GET", "/v1/units/" .. own[s].id, headers(rid .. "m-" .. n .. "-" .. s))
    end
end

function delay()
    return pause
end

local function header(hs, name)
    local v = hs[name]
    if v then return v end
    local lower = string.lower(name)
    for k, val in pairs(hs) do
        if string.lower(k) == lower then return val end
    end
    return nil
end

function response(status, hs, body)
    local rid = header(hs, "X-Request-Id") or ""
    local code, rn, slot = string.match(rid, "^s%d+%-(%a)%-(%d+)%-?(%d*)$")
    local kind = code and code_of[code] or "unknown"
    if ok[kind] == nil then
        ok[kind], bad[kind] = 0, 0
    end
    local sk = kind .. " " .. status
    status_n[sk] = (status_n[sk] or 0) + 1
    if expect[kind] and expect[kind][status] then
        ok[kind] = ok[kind] + 1
    else
        bad[kind] = bad[kind] + 1
        if first_bad[kind] == nil then
            first_bad[kind] = status .. " " .. string.gsub(string.sub(body or "", 1, 200), "\n", " ")
        end
    end
    slot = tonumber(slot)
    rn = tonumber(rn)
    if kind == "idem" and rn and pending_idem[rn] then
        if status == 201 then last_idem = pending_idem[rn] end
        pending_idem[rn] = nil
    end
    if kind == "events" and status == 200 then
        local seq = tonumber(string.match(body or "", '"last_seq"%s*:%s*(%d+)'))
        if seq then last_seq = seq end
    end
    if slot and slot > 0 and own[slot] then
        local u = own[slot]
        local id = string.match(body or "", '"id"%s*:%s*"([0-9a-f%-]+)"')
        local version = tonumber(string.match(body or "", '"version"%s*:%s*(%d+)'))
        if (status == 200 or status == 201) and id and version then
            u.id, u.version, u.busy = id, version, nil
        elseif status == 412 then
            own[slot] = nil  -- its version is unknown now; a new POST fills the slot
        elseif u.id then
            u.busy = nil     -- keep the unit; the next PATCH shows whether its version is right
        else
            own[slot] = nil  -- the POST that was to fill the slot failed
        end
    end
end

local function pack(t)
    local parts = {}
    for k, v in pairs(t) do
        table.insert(parts, k .. "=" .. tostring(v))
    end
    return table.concat(parts, ";")
end

-- Thread tables are copied to the main state as strings (thread:get copies scalars reliably).
function done(summary, latency, requests)
    local tot_ok, tot_bad, statuses, firsts = {}, {}, {}, {}
    for _, t in ipairs(threads) do
        for k, v in string.gmatch(t:get("ok_s") or "", "([^=;]+)=(%d+)") do
            tot_ok[k] = (tot_ok[k] or 0) + tonumber(v)
        end
        for k, v in string.gmatch(t:get("bad_s") or "", "([^=;]+)=(%d+)") do
            tot_bad[k] = (tot_bad[k] or 0) + tonumber(v)
        end
        for k, v in string.gmatch(t:get("status_s") or "", "([^=;]+)=(%d+)") do
            statuses[k] = (statuses[k] or 0) + tonumber(v)
        end
        for k, v in string.gmatch(t:get("first_s") or "", "([^\1\2]+)\1([^\2]*)\2") do
            if firsts[k] == nil then firsts[k] = v end
        end
    end
    for k, v in pairs(tot_ok) do
        io.write(string.format("SOAK kind=%s n=%d ok=%d bad=%d\n", k, v + (tot_bad[k] or 0), v, tot_bad[k] or 0))
    end
    for k, v in pairs(statuses) do
        local kind, st = string.match(k, "^(%S+) (%d+)$")
        io.write(string.format("SOAK-STATUS kind=%s status=%s n=%d\n", kind, st, v))
    end
    for k, v in pairs(firsts) do
        io.write("SOAK-FIRST-BAD " .. k .. " " .. v .. "\n")
    end
    local e = summary.errors
    io.write(string.format(
        "SOAK-TOTAL requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d connect=%d read=%d write=%d timeout=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
        e.connect, e.read, e.write, e.timeout))
end

-- Each thread publishes its counters after every response: cheap next to the request and
-- the only way done() can see them.
local respond = response
response = function(status, hs, body)
    respond(status, hs, body)
    ok_s, bad_s, status_s = pack(ok), pack(bad), pack(status_n)
    local f = {}
    for k, v in pairs(first_bad) do
        table.insert(f, k .. "\1" .. v .. "\2")
    end
    first_s = table.concat(f)
end
