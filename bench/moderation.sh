#!/usr/bin/env bash
# The cost of moderation on the hot path, with wrk on loopback (-t2 -c16), against the embedded default:
#  1. GET /api/user with an empty ban list, then with 10,001 active bans of other addresses in every
#     node's cache, twice over on one warmed-up server (BAN_VIOLATIONS=true);
#  3. a flood of logins from a banned address (X-Forwarded-For, TRUST_PROXY=1): how fast the 403s come.
# Prints a Markdown section for BENCHMARKS.md. Usage: bench/moderation.sh [seconds-per-run]  (default 15)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-15}"
PORT="${BENCH_PORT:-3180}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
BANNED_IP="198.51.100.66"
export BENCH_EMAIL="bench@example.com" BENCH_PASSWORD="benchmark-password-1"

command -v wrk >/dev/null || { [[ $EUID -eq 0 ]] && apt-get install -y -qq wrk >/dev/null; }
(cd "$ROOT" && mvn -q -B -DskipTests test-compile package) >&2
CP="$ROOT/target/gatehouse.jar:$ROOT/target/test-classes"
# shellcheck source=bin/lib/jvm.sh
source "$ROOT/bin/lib/jvm.sh"

SERVER=""
cleanup() { [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$1"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$1" | head -1; }

start() {  # start <ban_violations>
  DATA_DIR="$WORK/data" PORT="$PORT" HOST=127.0.0.1 ALLOW_REGISTRATION=true LOGIN_MAX=100000000 BAN_VIOLATIONS="$1" \
    java $GATEHOUSE_JAVA_OPTS -jar "$ROOT/target/gatehouse.jar" >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do curl -fs "$BASE/livez" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
token() {
  curl -fs -XPOST "$BASE/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# one server, warmed up, measured alternately without and with bans, twice, so JIT and noise
# weigh on both sides alike
start true
curl -fs -XPOST "$BASE/api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Bench User\",\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\",\"confirm_password\":\"$BENCH_PASSWORD\"}" >/dev/null
TOKEN="$(token)"
REDIS_URI="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["redisUri"])' "$WORK/data/embedded.json")"
user() { wrk -t2 -c16 -d"$1" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/user"; }
user 10s >/dev/null
for round in 1 2; do
  user "${DURATION}s" >"$WORK/off$round.txt"
  java -cp "$CP" io.gatehouse.bench.BanSeeder "$REDIS_URI" 10000 "$BANNED_IP" >&2
  user 3s >/dev/null
  user "${DURATION}s" >"$WORK/on$round.txt"
  [[ $round == 1 ]] && java -cp "$CP" io.gatehouse.bench.BanSeeder "$REDIS_URI" clear >&2 && user 3s >/dev/null
done
wrk -t2 -c16 -d"${DURATION}s" --latency -s "$ROOT/bench/login.lua" -H "X-Forwarded-For: $BANNED_IP" \
  "$BASE/api/auth/login" >"$WORK/flood.txt"
CHECK="$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$BASE/api/auth/login" -H "X-Forwarded-For: $BANNED_IP" \
  -H 'Content-Type: application/json' -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}")"
stop

cost() { python3 -c "import sys; a,b,c,d=map(float,sys.argv[1:]); print(f'{100*(1-(c+d)/(a+b)):.1f} %')" "$@"; }
cat <<REPORT
Machine: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/,"",$2); print $2; exit}'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1); wrk -t2 -c16 on the same cores.
Command: \`bench/moderation.sh $DURATION\` (${DURATION} s per run after a 5 s warm-up).

| run | requests/s | p50 | p99 | non-2xx |
|---|---|---|---|---|
| \`GET /api/user\`, no bans (round 1) | $(rps "$WORK/off1.txt") | $(pct "$WORK/off1.txt" 50) | $(pct "$WORK/off1.txt" 99) | $(non2xx "$WORK/off1.txt") |
| \`GET /api/user\`, 10,001 active bans (round 1) | $(rps "$WORK/on1.txt") | $(pct "$WORK/on1.txt" 50) | $(pct "$WORK/on1.txt" 99) | $(non2xx "$WORK/on1.txt") |
| \`GET /api/user\`, no bans (round 2) | $(rps "$WORK/off2.txt") | $(pct "$WORK/off2.txt" 50) | $(pct "$WORK/off2.txt" 99) | $(non2xx "$WORK/off2.txt") |
| \`GET /api/user\`, 10,001 active bans (round 2) | $(rps "$WORK/on2.txt") | $(pct "$WORK/on2.txt" 50) | $(pct "$WORK/on2.txt" 99) | $(non2xx "$WORK/on2.txt") |
| login flood from a banned address (all 403, status of a check: $CHECK) | $(rps "$WORK/flood.txt") | $(pct "$WORK/flood.txt" 50) | $(pct "$WORK/flood.txt" 99) | $(non2xx "$WORK/flood.txt") |

Cost of the ban check on \`GET /api/user\` (both rounds): $(cost "$(rps "$WORK/off1.txt")" "$(rps "$WORK/off2.txt")" "$(rps "$WORK/on1.txt")" "$(rps "$WORK/on2.txt")") (target under 5 %). The check runs on every bearer request whatever BAN_VIOLATIONS is (bans made by bin/ban-user are enforced either way); with no bans it is two empty-map tests.
REPORT
