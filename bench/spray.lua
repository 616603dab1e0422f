-- Wrong passwords for one account (BENCH_EMAIL), each request from one of 10,000 addresses picked at
-- random (X-Forwarded-For; the server trusts one proxy hop): a distributed password spray.
local body = '{"email":"' .. os.getenv("BENCH_EMAIL") .. '","password":"not-the-password"}'
request = function()
  local i = math.random(0, 9999)
  local ip = "10.77." .. math.floor(i / 256) .. "." .. (i % 256)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip}, body)
end
