-- POST /api/auth/refresh with rotation: every refresh token is used once. Each wrk thread keeps a
-- pool of sessions (from the file named by the TOKENS environment variable); a request takes one,
-- its answer's Set-Cookie puts the rotated token back.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  pool = {}
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
  local i = 0
  for line in io.lines(os.getenv("TOKENS")) do
    if i % nthreads == id then
      table.insert(pool, line)
    end
    i = i + 1
  end
  failures = 0
end

function request()
  local token = table.remove(pool)
  if token == nil then
    -- every session of this thread is in flight; the server will refuse this one (counted as non-2xx)
    token = "none"
  end
  return wrk.format("POST", "/api/auth/refresh", { ["Cookie"] = "refreshToken=" .. token })
end

function response(status, headers, body)
  local cookie = headers["Set-Cookie"] or headers["set-cookie"]
  if status == 200 and cookie then
    local token = string.match(cookie, "refreshToken=([^;]+)")
    if token then
      table.insert(pool, token)
      return
    end
  end
  failures = failures + 1
end
