-- POST /api/auth/logout with bearer and refresh cookie, cycling through the sessions in the file named by
-- SESSIONS (lines "<access token> <refresh token>"). After the first round the sessions are gone: each
-- logout still looks its session up, which is the cost measured.
local pairs = {}
local i = 0

function init(args)
  for line in io.lines(os.getenv("SESSIONS")) do
    local access, refresh = string.match(line, "(%S+) (%S+)")
    table.insert(pairs, { access, refresh })
  end
end

function request()
  i = i % #pairs + 1
  local session = pairs[i]
  return wrk.format("POST", "/api/auth/logout",
    { ["Authorization"] = "Bearer " .. session[1], ["Cookie"] = "refreshToken=" .. session[2] })
end
