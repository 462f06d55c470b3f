-- wrk script: POST distinct follow-up requests, each from its own client address as one trusted
-- proxy reports it (X-Forwarded-For), and count accepted (302), refused (429) and other answers.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("CSRF_TOKEN")
  cookie = os.getenv("CSRF_COOKIE")
  run = os.getenv("RUN_ID")
  counter, accepted, refused, other = 0, 0, 0, 0
end

function request()
  counter = counter + 1
  local address = string.format("10.%d.%d.%d", id, math.floor(counter / 256) % 256, counter % 256)
  local body = "csrfmiddlewaretoken=" .. token
    .. "&relationship=family&name=Bench+Family&email=" .. run .. "t" .. id .. "n" .. counter .. "%40example.org"
    .. "&best_time=any&community=other&message=Please+call+my+brother.&consent=on&website="
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. cookie,
    ["X-Forwarded-For"] = address,
  }
  return wrk.format("POST", "/request-follow-up/", headers, body)
end

function response(status, headers, body)
  if status == 302 then accepted = accepted + 1
  elseif status == 429 then refused = refused + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local a, r, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("accepted"); r = r + thread:get("refused"); o = o + thread:get("other")
  end
  io.write(string.format(
    'JSON {"requests": %d, "errors": %d, "accepted": %d, "refused": %d, "other": %d, "seconds": %.3f, '
      .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    a, r, o, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
