-- POST /api/auth/register with a new email each time (bcrypt-bound: every registration hashes).
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  n = 0
end

function request()
  n = n + 1
  local email = "scale-" .. id .. "-" .. n .. "-" .. math.random(1, 1000000000) .. "@example.com"
  local body = '{"name":"Scale User","email":"' .. email .. '","password":"benchmark-password-1",'
    .. '"confirm_password":"benchmark-password-1"}'
  return wrk.format("POST", "/api/auth/register", { ["Content-Type"] = "application/json" }, body)
end
