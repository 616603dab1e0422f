#!/usr/bin/env bash
# Clustered mode on loopback, with wrk: GET /api/user and rotating refreshes against one clustered
# node, then against two clustered nodes with the same 16 connections split between them (two wrk
# processes at once, one per node: a round-robin client); then how long a ban takes to reach every
# node of the pair. All nodes share one `bin/gatehouse stores`. On a 2-core machine the two-node
# figure shows the cost of clustering, not scale-out: both nodes and wrk share the same cores.
# Prints a Markdown section for BENCHMARKS.md. Usage: bench/cluster.sh [seconds-per-run]  (default 15)
# BENCH_JAR=<jar> runs the nodes from another build (an earlier commit's, for a before/after).
# Needs wrk (Debian package; installed here when missing and running as root). Stops by itself.
set -euo pipefail
# BENCH_TRACE=1 prints every command, to see where a run stops
[[ -n "${BENCH_TRACE:-}" ]] && set -x

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-15}"
PORT="${BENCH_PORT:-3180}"
PORTS=("$PORT" "$((PORT + 1))")
CLUSTER_PORTS=("$((PORT + 2))" "$((PORT + 3))")
WORK="$(mktemp -d)"
LOGIN_MAX=3
ROUNDS=20


# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
JAR="${BENCH_JAR:-$ROOT/target/gatehouse.jar}"
sum() { python3 -c 'import sys; print(f"{sum(float(a) for a in sys.argv[1:]):.2f}")' "$@"; }

# --- shared stores and the nodes -------------------------------------------------------------
DATA_DIR="$WORK/stores" GATEHOUSE_ENV_FILE=/nonexistent java -jar "$JAR" stores >"$WORK/stores.log" 2>&1 &
PIDS+=("$!")
wait_until 30 "bin/gatehouse stores to print its URIs" grep -q '^REDIS_URI=' "$WORK/stores.log"
MONGO_URI="$(sed -n 's/^MONGO_URI=//p' "$WORK/stores.log")"
REDIS_URI="$(sed -n 's/^REDIS_URI=//p' "$WORK/stores.log")"
[[ -n "$MONGO_URI" && -n "$REDIS_URI" ]] || { echo "bin/gatehouse stores did not start" >&2; cat "$WORK/stores.log" >&2; exit 1; }
export MONGO_URI REDIS_URI GATEHOUSE_ENV_FILE=/nonexistent HOST=127.0.0.1 ALLOW_REGISTRATION=true TRUST_PROXY=1 \
  BAN_VIOLATIONS=true BAN_INTERVAL=1 LOGIN_MAX="$LOGIN_MAX" LOGIN_WINDOW=1 REGISTER_MAX=100000 \
  JWT_SECRET="bench-$(openssl rand -hex 16)" JWT_REFRESH_SECRET="bench-$(openssl rand -hex 16)" \
  CLUSTER_MEMBERS="127.0.0.1:${CLUSTER_PORTS[0]},127.0.0.1:${CLUSTER_PORTS[1]}"

NODES=()
start_node() { # start_node <index>
  DATA_DIR="$WORK/node-$1" PORT="${PORTS[$1]}" CLUSTER_PORT="${CLUSTER_PORTS[$1]}" METRICS_PORT=0 \
    java $GATEHOUSE_JAVA_OPTS -jar "$JAR" --cluster >"$WORK/node-$1.log" 2>&1 &
  NODES[$1]=$!; PIDS+=("$!")
}
base() { echo "http://127.0.0.1:${PORTS[$1]}"; }

# one user; every login from its own address, so the small LOGIN_MAX (for the ban rounds) never bites
EMAIL="bench@example.com" PASSWORD="benchmark-password-1"
echo 0 >"$WORK/logins"
login() { # login <node>: the login's cookies on stdout (runs in pipelines: the count lives in a file)
  local LOGINS
  LOGINS=$(($(cat "$WORK/logins") + 1)); echo "$LOGINS" >"$WORK/logins"
  curl -fs -c - -XPOST "$(base "$1")/api/auth/login" -H 'Content-Type: application/json' \
    -H "X-Forwarded-For: 10.77.$((LOGINS / 250)).$((LOGINS % 250 + 1))" \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" -o "$WORK/login.json"
}
sessions() { for _ in $(seq 1 "$2"); do login "$1" | awk '$6 == "refreshToken" {print $7}'; done; }

user_run() { # user_run <label> <node>...: GET /api/user, 16 connections split over the nodes
  local label="$1"; shift
  local threads=$((2 / $#)) conns=$((16 / $#)) pids=()
  for node in "$@"; do
    wrk -t"$threads" -c"$conns" -d5s -H "Authorization: Bearer $TOKEN" "$(base "$node")/api/user" >/dev/null &
    pids+=("$!")
  done
  wait "${pids[@]}"
  pids=()
  for node in "$@"; do
    wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" \
      "$(base "$node")/api/user" >"$WORK/user-$label-$node.txt" &
    pids+=("$!")
  done
  wait "${pids[@]}"
}

refresh_run() { # refresh_run <label> <node>...: rotating refreshes, 16 connections split over the nodes
  local label="$1"; shift
  local threads=$((2 / $#)) conns=$((16 / $#)) pids=()
  for phase in warmup run; do
    pids=()
    for node in "$@"; do sessions "$node" $((64 / $#)) >"$WORK/tokens-$label-$node-$phase.txt"; done
    for node in "$@"; do
      if [[ $phase == warmup ]]; then
        WRK_THREADS=$threads TOKENS="$WORK/tokens-$label-$node-$phase.txt" wrk -t"$threads" -c"$conns" -d5s \
          -s "$ROOT/bench/refresh.lua" "$(base "$node")/api/auth/refresh" >/dev/null &
      else
        WRK_THREADS=$threads TOKENS="$WORK/tokens-$label-$node-$phase.txt" wrk -t"$threads" -c"$conns" \
          -d"${DURATION}s" --latency -s "$ROOT/bench/refresh.lua" "$(base "$node")/api/auth/refresh" \
          >"$WORK/refresh-$label-$node.txt" &
      fi
      pids+=("$!")
    done
    wait "${pids[@]}"
  done
}

echo "one clustered node ..." >&2
start_node 0
wait_for "$(base 0)/livez" 120
curl -fs -XPOST "$(base 0)/api/auth/register" -H 'Content-Type: application/json' -H 'X-Forwarded-For: 10.77.255.1' \
  -d "{\"name\":\"Bench User\",\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"confirm_password\":\"$PASSWORD\"}" >/dev/null
TOKEN="$(login 0 >/dev/null; python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$WORK/login.json")"
user_run one 0
refresh_run one 0
ONE_RSS="$(rss_mb "${NODES[0]}")"

echo "two clustered nodes ..." >&2
start_node 1
wait_for "$(base 1)/livez" 120
members_two() { curl -fs "$(base 0)/readyz" | grep -q '"members":2'; }
wait_until 60 "the two nodes to see each other" members_two
user_run two 0 1
refresh_run two 0 1
TWO_RSS="$(rss_mb "${NODES[0]}") and $(rss_mb "${NODES[1]}")"

echo "ban propagation ..." >&2
java -cp "$CP" io.gatehouse.bench.BanPropagation "$ROUNDS" "$LOGIN_MAX" "$REDIS_URI" "${PORTS[0]}" "${PORTS[1]}" \
  >"$WORK/propagation.txt"

# --- report ----------------------------------------------------------------------------------
row() { # row <what> <files...>: summed requests/s; p50/p99 and non-2xx of each part
  local what="$1"; shift
  local total parts=() p50s=() p99s=() errs=()
  for f in "$@"; do parts+=("$(rps "$f")"); p50s+=("$(pct "$f" 50)"); p99s+=("$(pct "$f" 99)"); errs+=("$(non2xx "$f")"); done
  total="$(sum "${parts[@]}")"
  echo "| $what | $total | ${p50s[*]} | ${p99s[*]} | ${errs[*]:-} |"
}
cat <<REPORT
Machine: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/,"",$2); print $2; exit}'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | awk '{print "wrk " $2}'); load generator on the same cores.
Command: \`bench/cluster.sh $DURATION\`: clustered nodes (\`--cluster\`) on one \`bin/gatehouse stores\`; 16 connections in all (one node: wrk -t2 -c16; two nodes: one wrk -t1 -c8 per node at the same time), ${DURATION} s per run after a 5 s warm-up. With two nodes, requests/s is the sum and p50/p99 are per node.

| run | requests/s | p50 | p99 | non-2xx |
|---|---|---|---|---|
$(row "\`GET /api/user\`, one node" "$WORK/user-one-0.txt")
$(row "\`GET /api/user\`, two nodes" "$WORK/user-two-0.txt" "$WORK/user-two-1.txt")
$(row "\`POST /api/auth/refresh\` (rotating), one node" "$WORK/refresh-one-0.txt")
$(row "\`POST /api/auth/refresh\` (rotating), two nodes" "$WORK/refresh-two-0.txt" "$WORK/refresh-two-1.txt")

Time for a ban to reach every node (from the request that bans, or the script's write, until the last node refuses the user's token; each node polled back to back):

$(sed 's/^/- /' "$WORK/propagation.txt")

JVM options: \`$GATEHOUSE_JAVA_OPTS\`. Node RSS after the one-node runs: $ONE_RSS MB; after the two-node runs: $TWO_RSS MB.
REPORT
