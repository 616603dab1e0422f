#!/usr/bin/env bash
# The per-account login throttle and device cookies, on loopback against the embedded default:
#  1. with BEFORE_JAR (a build without them, e.g. of the commit before), POST /api/auth/login and
#     GET /api/user on this tree and on that build, alternating, two rounds, in one sitting;
#  2. the victim's login (right password, its device cookie, a new address each time) alone, and
#     while wrong passwords for its account arrive from 10,000 addresses.
# Prints a Markdown section for BENCHMARKS.md. Usage: bench/throttle.sh [seconds-per-run] [before-jar]
# Needs wrk (installed here when missing and running as root). Stops by itself.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-15}"
BEFORE_JAR="${2:-}"
PORT="${BENCH_PORT:-3180}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
export BENCH_EMAIL="bench@example.com" BENCH_PASSWORD="benchmark-password-1"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

SERVER=""
start() { # start <jar> <name> [VAR=value...]: a fresh server with the bench user registered and logged in
  local jar="$1" name="$2"; shift 2
  env DATA_DIR="$WORK/data-$name" PORT="$PORT" HOST=127.0.0.1 ALLOW_REGISTRATION=true "$@" \
    java $GATEHOUSE_JAVA_OPTS -jar "$jar" >"$WORK/server-$name.log" 2>&1 &
  SERVER=$!; PIDS+=("$SERVER")
  wait_for "$BASE/livez"
  curl -fs -XPOST "$BASE/api/auth/register" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench User\",\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\",\"confirm_password\":\"$BENCH_PASSWORD\"}" >/dev/null
  curl -fs -c "$WORK/cookies-$name" -XPOST "$BASE/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" -o "$WORK/login-$name.json"
  TOKEN="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$WORK/login-$name.json")"
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }

measure() { # measure <jar> <name>: GET /api/user and login, warmed up
  start "$1" "$2" LOGIN_MAX=100000000
  wrk -t2 -c16 -d5s -H "Authorization: Bearer $TOKEN" "$BASE/api/user" >/dev/null
  wrk -t2 -c16 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/user" >"$WORK/user-$2.txt"
  wrk -t2 -c16 -d10s -s "$ROOT/bench/login.lua" "$BASE/api/auth/login" >/dev/null
  wrk -t2 -c16 -d"${DURATION}s" --latency -s "$ROOT/bench/login.lua" "$BASE/api/auth/login" >"$WORK/login-$2.txt"
  stop
}

row() { echo "| $1 | $(rps "$2") | $(pct "$2" 50) | $(pct "$2" 99) | $(non2xx "$2") |"; }

if [[ -n "$BEFORE_JAR" ]]; then
  for round in 1 2; do
    echo "round $round: this tree ..." >&2; measure "$ROOT/target/gatehouse.jar" "after$round"
    echo "round $round: before ..." >&2; measure "$BEFORE_JAR" "before$round"
  done
fi

echo "the victim's login, alone and under a spray ..." >&2
start "$ROOT/target/gatehouse.jar" spray
export BENCH_DEVICE; BENCH_DEVICE="$(awk '$6 == "gatehouse_device" {print $7}' "$WORK/cookies-spray")"
wrk -t1 -c2 -d10s -s "$ROOT/bench/victim.lua" "$BASE/api/auth/login" >/dev/null   # warm-up
wrk -t1 -c2 -d"${DURATION}s" --latency -s "$ROOT/bench/victim.lua" "$BASE/api/auth/login" >"$WORK/victim-alone.txt"
wrk -t1 -c16 -d"$((DURATION + 4))s" -s "$ROOT/bench/spray.lua" "$BASE/api/auth/login" >"$WORK/spray.txt" &
SPRAY=$!; PIDS+=("$SPRAY")
sleep 2
wrk -t1 -c2 -d"${DURATION}s" --latency -s "$ROOT/bench/victim.lua" "$BASE/api/auth/login" >"$WORK/victim-spray.txt"
wait "$SPRAY" || true
STRANGER="$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$BASE/api/auth/login" -H 'Content-Type: application/json' \
  -H 'X-Forwarded-For: 10.99.0.1' -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}")"
stop

cat <<REPORT
Machine: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/,"",$2); print $2; exit}'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | awk '{print "wrk " $2}'); load generator on the same cores.
Command: \`bench/throttle.sh $DURATION${BEFORE_JAR:+ <jar of the commit before>}\` (${DURATION} s per run after warm-ups).

| run | requests/s | p50 | p99 | non-2xx |
|---|---|---|---|---|
REPORT
if [[ -n "$BEFORE_JAR" ]]; then
  for round in 1 2; do
    row "\`GET /api/user\`, with the checks (round $round)" "$WORK/user-after$round.txt"
    row "\`GET /api/user\`, before them (round $round)" "$WORK/user-before$round.txt"
    row "\`POST /api/auth/login\`, with the checks (round $round)" "$WORK/login-after$round.txt"
    row "\`POST /api/auth/login\`, before them (round $round)" "$WORK/login-before$round.txt"
  done
fi
row "the victim's login (device cookie, new address each time), alone" "$WORK/victim-alone.txt"
row "the victim's login while 10,000 addresses spray its account" "$WORK/victim-spray.txt"
row "the spray itself (wrong passwords; 429 once the account's limit is reached)" "$WORK/spray.txt"
echo
echo "A login with the right password from a browser without the device cookie, after the spray: $STRANGER."
