# Shared by the wrk benchmarks (bench/run.sh, bench/cluster.sh): wrk itself, the jar and the test
# classes (CP), the server's JVM options, the processes they start, waiting for a server, and reading
# wrk's reports. Source it after setting ROOT and WORK (a temporary folder).
# shellcheck shell=bash

if ! command -v wrk >/dev/null; then
  if [[ $EUID -eq 0 ]]; then apt-get install -y -qq wrk >/dev/null; else echo "install wrk first" >&2; exit 1; fi
fi
(cd "$ROOT" && mvn -q -B -DskipTests test-compile package) >&2
# shellcheck disable=SC2034 # used by the scripts that source this file
CP="$ROOT/target/gatehouse.jar:$ROOT/target/test-classes"
# shellcheck source=bin/lib/jvm.sh
source "$ROOT/bin/lib/jvm.sh"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_until() { # wait_until <seconds> <what, for the error> <command...>: polls the command every 0.1 s
  local seconds="$1" what="$2"; shift 2
  for _ in $(seq 1 $((seconds * 10))); do "$@" && return 0; sleep 0.1; done
  echo "gave up waiting for $what after ${seconds} s" >&2; exit 1
}
wait_for() { # wait_for <url> [seconds, default 30]
  wait_until "${2:-30}" "an answer from $1" curl -fs -o /dev/null "$1"
}
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$1"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$1" | head -1; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
