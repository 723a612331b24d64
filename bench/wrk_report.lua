-- wrk prints its figures for people; this adds one line for bench/run.py to read, and closes
-- one of the thread's connections after every `every` requests (the script's argument), so
-- that connections come and go during a run as clients' and proxies' connections do. wrk
-- opens a new one at once, and it goes to whichever worker accepts it first: the idle one.
wrk.headers["X-Forwarded-Proto"] = "https"
local every, sent = 0, 0

init = function(args)
    every = tonumber(args[1]) or 0
end

request = function()
    sent = sent + 1
    if every > 0 and sent % every == 0 then
        return wrk.format(nil, nil, {["Connection"] = "close"})
    end
    return wrk.format()
end

done = function(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        "BENCH requests=%d seconds=%.3f p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
        summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
        errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
