#!/usr/bin/env bash
# Growth benchmark of the embedded default: for each N, a fresh data folder gets N LibreChat-shaped users
# and 2·N sessions (one in ten expired) by direct inserts, then the server is restarted and measured:
# start-up to /readyz, GET /api/user, rotating refresh, logout, login, registration (wrk -t2 -c16),
# resident memory, data-folder size and SIGTERM to exit. Prints a Markdown table for BENCHMARKS.md.
# Usage: bench/scale.sh [seconds-per-run] [N ...]   (defaults: 10 s; 10000 100000 1000000)
# Loopback only; stops by itself.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-10}"; shift || true
SIZES=("${@:-10000 100000 1000000}")
read -r -a SIZES <<<"${SIZES[*]}"
PORT="${BENCH_PORT:-3280}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
export BENCH_EMAIL="bench@example.com" BENCH_PASSWORD="benchmark-password-1"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

start_server() { # start_server <data dir>: sets SERVER, and READY_S to the seconds until /readyz answered
  local begin; begin=$(date +%s.%N)
  DATA_DIR="$1" PORT="$PORT" HOST=127.0.0.1 ALLOW_REGISTRATION=true LOGIN_MAX=100000000 REGISTER_MAX=100000000 \
    java $GATEHOUSE_JAVA_OPTS -jar "${BENCH_JAR:-$ROOT/target/gatehouse.jar}" >>"$WORK/server.log" 2>&1 &
  SERVER=$!; PIDS+=("$SERVER")
  wait_until 300 "/readyz" curl -fs -o /dev/null "$BASE/readyz"
  READY_S="$(seconds_since "$begin")"
}
stop_server() { # sets TERM_S to the seconds from SIGTERM to exit
  local begin; begin=$(date +%s.%N)
  kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true
  TERM_S="$(seconds_since "$begin")"
}
seconds_since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(date +%s.%N)"; }
login() { # the answer body into $WORK/login.json, the cookie jar on stdout
  curl -fs -c - -XPOST "$BASE/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" -o "$WORK/login.json"
}
token() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$WORK/login.json"; }
cell() { echo "$(rps "$1") / $(pct "$1" 99)"; }

echo "| N | seeding | start to /readyz | \`GET /api/user\` rps / p99 | refresh rps / p99 | logout rps / p99 | login rps / p99 | registration rps / p99 | RSS under load | data folder | SIGTERM to exit |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for N in "${SIZES[@]}"; do
  DATA="$WORK/data-$N"
  start_server "$DATA"
  curl -fs -XPOST "$BASE/api/auth/register" -H 'Content-Type: application/json' -d "{\"name\":\"Bench User\",\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\",\"confirm_password\":\"$BENCH_PASSWORD\"}" >/dev/null
  MONGO_URI="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mongoUri"])' "$DATA/embedded.json")"
  echo "seeding $N users ..." >&2
  SEED_BEGIN=$(date +%s)
  java -cp "$CP" io.gatehouse.bench.ScaleSeeder "$MONGO_URI" "$N" >&2
  SEED_S=$(( $(date +%s) - SEED_BEGIN ))
  stop_server
  start_server "$DATA"

  login >/dev/null; TOKEN="$(token)"
  wrk -t2 -c16 -d3s -H "Authorization: Bearer $TOKEN" "$BASE/api/user" >/dev/null
  wrk -t2 -c16 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/user" >"$WORK/user.txt"
  for _ in $(seq 1 64); do login | awk '$6 == "refreshToken" {print $7}'; done >"$WORK/tokens.txt"
  WRK_THREADS=2 TOKENS="$WORK/tokens.txt" wrk -t2 -c16 -d"${DURATION}s" --latency -s "$ROOT/bench/refresh.lua" \
    "$BASE/api/auth/refresh" >"$WORK/refresh.txt"
  for _ in $(seq 1 64); do refresh="$(login | awk '$6 == "refreshToken" {print $7}')"; echo "$(token) $refresh"; done >"$WORK/sessions.txt"
  SESSIONS="$WORK/sessions.txt" wrk -t2 -c16 -d"${DURATION}s" --latency -s "$ROOT/bench/logout.lua" \
    "$BASE/api/auth/logout" >"$WORK/logout.txt"
  wrk -t2 -c16 -d"${DURATION}s" --latency -s "$ROOT/bench/login.lua" "$BASE/api/auth/login" >"$WORK/login.txt"
  wrk -t2 -c16 -d"${DURATION}s" --latency -s "$ROOT/bench/register.lua" "$BASE/api/auth/register" >"$WORK/register.txt"
  RSS="$(rss_mb "$SERVER")"
  DATA_MB="$(du -sm "$DATA" | awk '{print $1}')"
  stop_server
  echo "| $N | ${SEED_S} s | ${READY_S} s | $(cell "$WORK/user.txt") | $(cell "$WORK/refresh.txt") | $(cell "$WORK/logout.txt") | $(cell "$WORK/login.txt") | $(cell "$WORK/register.txt") | ${RSS} MB | ${DATA_MB} MB | ${TERM_S} s |"
  rm -rf "$DATA"
done
echo
echo "Machine: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/,"",$2); print $2; exit}'), $(nproc) cores, $(java -version 2>&1 | head -1); wrk -t2 -c16, ${DURATION} s per run; JVM options: \`$GATEHOUSE_JAVA_OPTS\`."
