#!/usr/bin/env bash
# Growth benchmark of the embedded default: for each N, a fresh data folder gets N LibreChat-shaped users
# and 2·N sessions (one in ten expired) by direct inserts, then the server is restarted and measured:
# start-up to /readyz; a mixed load (bench/Soak: GET /api/user, rotating refreshes, logins) in 10 s
# slices for 70 s, across the first expiry sweep (one minute after the start); GET /api/user, rotating
# refresh, logout, login, registration (wrk -t2 -c16); the user cache's hit rate; resident memory,
# data-folder size and SIGTERM to exit. Prints Markdown tables for BENCHMARKS.md.
# With MONGO_URI set, that MongoDB is used instead of the embedded store (its database is emptied first).
# Usage: bench/scale.sh [seconds-per-run] [N ...]   (defaults: 10 s; 10000 100000 1000000)
# Loopback only; stops by itself.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-10}"; shift || true
SIZES=("${@:-10000 100000 1000000}")
read -r -a SIZES <<<"${SIZES[*]}"
PORT="${BENCH_PORT:-3280}"
METRICS="http://127.0.0.1:$((PORT + 1))/metrics"
BASE="http://127.0.0.1:$PORT"
EXTERNAL_MONGO="${MONGO_URI:-}"
if [[ -n "$EXTERNAL_MONGO" ]]; then # a real MongoDB needs the secrets the embedded default generates
  export JWT_SECRET="${JWT_SECRET:-scale-bench-access-secret-0123456789}" JWT_REFRESH_SECRET="${JWT_REFRESH_SECRET:-scale-bench-refresh-secret-0123456789}"
fi
WORK="$(mktemp -d)"
export BENCH_EMAIL="bench@example.com" BENCH_PASSWORD="benchmark-password-1"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

start_server() { # start_server <data dir>: sets SERVER, and READY_S to the seconds until /readyz answered
  local begin; begin=$(date +%s.%N)
  DATA_DIR="$1" PORT="$PORT" METRICS_PORT=$((PORT + 1)) HOST=127.0.0.1 ALLOW_REGISTRATION=true LOGIN_MAX=100000000 REGISTER_MAX=100000000 \
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
metric() { curl -fs "$METRICS" | awk -v name="$1" -v label="$2" 'index($0, name "{") == 1 && index($0, label) {print $NF}'; }
hit_rate() { python3 -c "import sys; h, m = float(sys.argv[1] or 0), float(sys.argv[2] or 0); print(f'{100 * h / (h + m):.1f} %' if h + m else 'n/a')" \
  "$(metric gatehouse_user_cache_lookups_total 'result="hit"')" "$(metric gatehouse_user_cache_lookups_total 'result="miss"')"; }
# the worst slice of a Soak table: "p99 / max of reads and refreshes / slowest login / errors"
# (columns: time, rps, errors, p99, max, login max, RSS)
worst_slice() { awk -F'|' 'NR > 2 && $2 ~ /s/ {for (i = 5; i <= 7; i++) gsub(/ ms| /, "", $i); if ($5 + 0 > p) p = $5 + 0; if ($6 + 0 > m) m = $6 + 0; if ($7 + 0 > l) l = $7 + 0; e = $4 + 0} END {printf "%.1f ms / %.1f ms / %.0f ms / %d", p, m, l, e}' "$1"; }

echo "| N | seeding | start to /readyz | mixed load across a sweep, worst slice: reads and refreshes p99 / max, slowest login, errors | \`GET /api/user\` rps / p99 | refresh rps / p99 | logout rps / p99 | login rps / p99 | registration rps / p99 | user cache hits | RSS under load | data folder | SIGTERM to exit |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for N in "${SIZES[@]}"; do
  DATA="$WORK/data-$N"
  [[ -n "$EXTERNAL_MONGO" ]] && java -cp "$CP" io.gatehouse.bench.ScaleSeeder "$EXTERNAL_MONGO" --empty >&2
  start_server "$DATA"
  curl -fs -XPOST "$BASE/api/auth/register" -H 'Content-Type: application/json' -d "{\"name\":\"Bench User\",\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\",\"confirm_password\":\"$BENCH_PASSWORD\"}" >/dev/null
  if [[ -n "$EXTERNAL_MONGO" ]]; then
    MONGO_URI="$EXTERNAL_MONGO"
  else
    MONGO_URI="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mongoUri"])' "$DATA/embedded.json")"
  fi
  echo "seeding $N users ..." >&2
  SEED_BEGIN=$(date +%s)
  java -cp "$CP" io.gatehouse.bench.ScaleSeeder "$MONGO_URI" "$N" >&2
  [[ -n "$EXTERNAL_MONGO" ]] && unset MONGO_URI
  SEED_S=$(( $(date +%s) - SEED_BEGIN ))
  stop_server
  start_server "$DATA"

  echo "mixed load for 70 s across the first sweep ..." >&2
  java -XX:+UseSerialGC -cp "$CP" io.gatehouse.bench.Soak "$BASE" "$SERVER" 70 16 "$BENCH_EMAIL" "$BENCH_PASSWORD" \
    >"$WORK/sweep-$N.md" || true
  SWEEPS="$(grep -o 'Expired-session sweep removed .*' "$WORK/server.log" | tr '\n' ';')"
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
  HITS="$(hit_rate)"
  RSS="$(rss_mb "$SERVER")"
  DATA_MB="$(du -sm "$DATA" | awk '{print $1}')"
  stop_server
  echo "| $N | ${SEED_S} s | ${READY_S} s | $(worst_slice "$WORK/sweep-$N.md") | $(cell "$WORK/user.txt") | $(cell "$WORK/refresh.txt") | $(cell "$WORK/logout.txt") | $(cell "$WORK/login.txt") | $(cell "$WORK/register.txt") | $HITS | ${RSS} MB | ${DATA_MB} MB | ${TERM_S} s |"
  { echo; echo "N = $N, mixed load in 10 s slices (sweeps in the log: ${SWEEPS:-none})"; echo; cat "$WORK/sweep-$N.md"; } >>"$WORK/slices.md"
  : >"$WORK/server.log"
  rm -rf "$DATA"
done
cat "$WORK/slices.md"
echo
echo "Machine: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/,"",$2); print $2; exit}'), $(nproc) cores, $(java -version 2>&1 | head -1); wrk -t2 -c16, ${DURATION} s per run; JVM options: \`$GATEHOUSE_JAVA_OPTS\`."
