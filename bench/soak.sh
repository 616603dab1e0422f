#!/usr/bin/env bash
# Soak: a steady mixed load (GET /api/user, rotating refreshes, logins) on loopback against the embedded
# default for a given time, recording throughput, errors and the server's RSS every 10 s.
# Prints a Markdown section for BENCHMARKS.md. Usage: bench/soak.sh [minutes] [virtual-users]
# (default 10 minutes, 16 users). Not part of mvn verify. Stops by itself.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MINUTES="${1:-10}"
USERS="${2:-16}"
PORT="${BENCH_PORT:-3180}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
EMAIL="soak@example.com" PASSWORD="soak-password-1"

(cd "$ROOT" && mvn -q -B -DskipTests test-compile package \
  && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt") >&2
# the load generator uses the test classpath (vertx-web-client is a test dependency)
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$WORK/cp.txt")"
# shellcheck source=bin/lib/jvm.sh
source "$ROOT/bin/lib/jvm.sh"

STARTED_NS=$(date +%s%N)
DATA_DIR="$WORK/data" PORT="$PORT" HOST=127.0.0.1 ALLOW_REGISTRATION=true LOGIN_MAX=100000000 \
  java $GATEHOUSE_JAVA_OPTS -jar "$ROOT/target/gatehouse.jar" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do curl -fs "$BASE/livez" >/dev/null 2>&1 && break; sleep 0.05; done
READY_MS=$(( ($(date +%s%N) - STARTED_NS) / 1000000 ))
sleep 5
IDLE_RSS="$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status")"
curl -fs -XPOST "$BASE/api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Soak User\",\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"confirm_password\":\"$PASSWORD\"}" >/dev/null

echo "soaking for $MINUTES minutes ..." >&2
java -XX:+UseSerialGC -cp "$CP" io.gatehouse.bench.Soak "$BASE" "$SERVER" $((MINUTES * 60)) "$USERS" "$EMAIL" "$PASSWORD" \
  >"$WORK/soak.md" || true

cat <<REPORT
Machine: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/,"",$2); print $2; exit}'), $(nproc) cores, $(java -version 2>&1 | head -1); load generator (a Vert.x client, $USERS virtual users) on the same cores.
Command: \`bench/soak.sh $MINUTES $USERS\`. Each virtual user reads GET /api/user 20 times per refresh and logs in again every 25 refreshes.
Embedded default start-up: $READY_MS ms from \`java -jar\` to \`/livez\` answering; idle RSS $IDLE_RSS MB (JVM options \`$GATEHOUSE_JAVA_OPTS\`).

$(cat "$WORK/soak.md")
REPORT
