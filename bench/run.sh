#!/usr/bin/env bash
# Load benchmarks on loopback with wrk (-t2 -c16, as DESIGN §5), against the embedded default.
# Prints a Markdown section for BENCHMARKS.md. Usage: bench/run.sh [seconds-per-run]  (default 15)
# Needs wrk (Debian package; installed here when missing and running as root). Stops by itself.
# BENCH_JAR=<jar> runs the server from another build (an earlier commit's, for a before/after).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-15}"
PORT="${BENCH_PORT:-3180}"
BARE_PORT=$((PORT + 1))
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
export BENCH_EMAIL="bench@example.com" BENCH_PASSWORD="benchmark-password-1"


# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# --- the server under test -------------------------------------------------------------------
DATA_DIR="$WORK/data" PORT="$PORT" HOST=127.0.0.1 ALLOW_REGISTRATION=true LOGIN_MAX=100000000 \
  java $GATEHOUSE_JAVA_OPTS -jar "${BENCH_JAR:-$ROOT/target/gatehouse.jar}" >"$WORK/server.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
wait_for "$BASE/livez"
curl -fs -XPOST "$BASE/api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Bench User\",\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\",\"confirm_password\":\"$BENCH_PASSWORD\"}" >/dev/null
login() { curl -fs -c - -XPOST "$BASE/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" -o "$WORK/login.json"; }
TOKEN="$(login >/dev/null; python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$WORK/login.json")"
curl -fs "$BASE/api/user" -H "Authorization: Bearer $TOKEN" -o "$WORK/user.json"
IDLE_RSS="$(rss_mb "$SERVER")"

echo "warming up ..." >&2
wrk -t2 -c16 -d5s -H "Authorization: Bearer $TOKEN" "$BASE/api/user" >/dev/null

echo "GET /api/user ..." >&2
wrk -t2 -c16 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/user" >"$WORK/user.txt"

echo "POST /api/auth/refresh ..." >&2
sessions() { for _ in $(seq 1 64); do login | awk '$6 == "refreshToken" {print $7}'; done; }
# each refresh token is single-use: the warm-up gets its own sessions
sessions >"$WORK/warmup-tokens.txt"
WRK_THREADS=2 TOKENS="$WORK/warmup-tokens.txt" wrk -t2 -c16 -d5s -s "$ROOT/bench/refresh.lua" "$BASE/api/auth/refresh" >/dev/null
sessions >"$WORK/tokens.txt"
WRK_THREADS=2 TOKENS="$WORK/tokens.txt" wrk -t2 -c16 -d"${DURATION}s" --latency -s "$ROOT/bench/refresh.lua" \
  "$BASE/api/auth/refresh" >"$WORK/refresh.txt"

echo "POST /api/auth/login ..." >&2
wrk -t2 -c16 -d10s -s "$ROOT/bench/login.lua" "$BASE/api/auth/login" >/dev/null   # warm-up: bcrypt reaches C2
wrk -t2 -c16 -d"${DURATION}s" --latency -s "$ROOT/bench/login.lua" "$BASE/api/auth/login" >"$WORK/login.txt"

echo "GET /api/user during a login storm ..." >&2
wrk -t1 -c16 -d"$((DURATION + 4))s" -s "$ROOT/bench/login.lua" "$BASE/api/auth/login" >"$WORK/storm.txt" &
STORM=$!; PIDS+=("$STORM")
sleep 2
wrk -t1 -c4 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/user" >"$WORK/user-storm.txt"
LOAD_RSS="$(rss_mb "$SERVER")"
wait "$STORM" || true

echo "raw bcrypt ..." >&2
BCRYPT="$(java -cp "$CP" io.gatehouse.bench.BcryptRate 10 | awk '{print $5}' | tr -d '/s')"

echo "bare Vert.x endpoint ..." >&2
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
java -cp "$CP" io.gatehouse.bench.BareEndpoint "$BARE_PORT" "$WORK/user.json" >/dev/null 2>&1 &
PIDS+=("$!")
wait_for "http://127.0.0.1:$BARE_PORT/"
wrk -t2 -c16 -d5s "http://127.0.0.1:$BARE_PORT/" >/dev/null
wrk -t2 -c16 -d"${DURATION}s" --latency "http://127.0.0.1:$BARE_PORT/" >"$WORK/bare.txt"

# --- report ----------------------------------------------------------------------------------
ratio() { python3 -c "import sys; print(f'{100*float(sys.argv[1])/float(sys.argv[2]):.0f} %')" "$1" "$2"; }
cat <<REPORT
Machine: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/,"",$2); print $2; exit}'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | awk '{print "wrk " $2}'); load generator on the same cores.
Command: \`bench/run.sh $DURATION\` (wrk -t2 -c16, ${DURATION} s per run, after a warm-up of 5 s, 10 s for login; LOGIN_MAX raised so the login limiter does not answer instead of bcrypt).

| run | requests/s | p50 | p99 | non-2xx | target |
|---|---|---|---|---|---|
| bare Vert.x endpoint, same JSON | $(rps "$WORK/bare.txt") | $(pct "$WORK/bare.txt" 50) | $(pct "$WORK/bare.txt" 99) | $(non2xx "$WORK/bare.txt") | yardstick |
| \`GET /api/user\` | $(rps "$WORK/user.txt") | $(pct "$WORK/user.txt" 50) | $(pct "$WORK/user.txt" 99) | $(non2xx "$WORK/user.txt") | ≥ 50 % of bare ($(ratio "$(rps "$WORK/user.txt")" "$(rps "$WORK/bare.txt")")), p99 ≤ 5 ms |
| \`POST /api/auth/refresh\` (rotating) | $(rps "$WORK/refresh.txt") | $(pct "$WORK/refresh.txt" 50) | $(pct "$WORK/refresh.txt" 99) | $(non2xx "$WORK/refresh.txt") | ≥ 4,000/s |
| \`POST /api/auth/login\` | $(rps "$WORK/login.txt") | $(pct "$WORK/login.txt" 50) | $(pct "$WORK/login.txt" 99) | $(non2xx "$WORK/login.txt") | ≥ 90 % of raw bcrypt ($(ratio "$(rps "$WORK/login.txt")" "$BCRYPT")) |
| raw bcrypt cost 10, all cores | $BCRYPT | | | | ceiling for login |
| \`GET /api/user\` during a login storm (-c4 beside login -c16) | $(rps "$WORK/user-storm.txt") | $(pct "$WORK/user-storm.txt" 50) | $(pct "$WORK/user-storm.txt" 99) | $(non2xx "$WORK/user-storm.txt") | p99 ≤ 10 ms |

JVM options: \`$GATEHOUSE_JAVA_OPTS\`. Server RSS: $IDLE_RSS MB idle after start, $LOAD_RSS MB under the login storm (target ≤ 200 MB; embedded Redis is its own process).
REPORT
