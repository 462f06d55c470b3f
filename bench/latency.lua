-- wrk script: rotate through the paths in PATHS_FILE and print a JSON summary with p50/p95/p99.
local paths = {}
local index = 0

function init(args)
  for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  io.write(string.format(
    'JSON {"requests": %d, "errors": %d, "non2xx": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
