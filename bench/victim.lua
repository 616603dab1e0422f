-- The account's owner logging in with the right password from the browser it used before (its device
-- cookie, BENCH_DEVICE), each time from another address, as someone travelling would.
local body = '{"email":"' .. os.getenv("BENCH_EMAIL") .. '","password":"' .. os.getenv("BENCH_PASSWORD") .. '"}'
local cookie = "gatehouse_device=" .. os.getenv("BENCH_DEVICE")
local n = 0
request = function()
  n = n + 1
  local ip = "10.88." .. (math.floor(n / 256) % 256) .. "." .. (n % 256)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Cookie"] = cookie,
    ["X-Forwarded-For"] = ip}, body)
end
