-- wrk prints its figures for people; this adds one line for bench/run.py to read.
wrk.headers["X-Forwarded-Proto"] = "https"

done = function(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        "BENCH requests=%d seconds=%.3f p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
        summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
        errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
