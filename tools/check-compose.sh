#!/usr/bin/env bash
# Validates docker-compose.yml with Docker Compose v2's `config` (needs no Docker engine).
#
# Usage: tools/check-compose.sh [COMPOSE_FILE]      (default: docker-compose.yml at the repo root)
#
# The file needs Compose >= 2.24 (optional env_file). The script uses `docker compose` or
# `docker-compose` when one that new is installed. Otherwise it gets Debian's docker-compose
# package through apt: installed normally when this system's own sources offer >= 2.24 and we
# are root; else downloaded from the trixie suite of the configured Debian mirror (Debian 12 only
# has the Python 1.29.2, which rejects the file) and unpacked into a private cache, leaving apt
# sources and installed packages untouched. Cache: $GATEHOUSE_TOOLS_DIR, else ~/.cache/gatehouse-tools.
#
# Checks, with a clean environment and no .env file:
#   1. the file is valid with dummy JWT_SECRET and JWT_REFRESH_SECRET;
#   2. it is rejected when JWT_SECRET is missing (the required-variable syntax works);
#   3. it scales: the gatehouse service publishes no host port (so --scale gatehouse=3 works), runs
#      clustered with TRUST_PROXY=1, and the lb service publishes 3080 (needs jq);
#   4. the load balancer's conf/haproxy.cfg is valid, when an haproxy binary is installed
#      (Debian's haproxy package; installed here when missing and running as root).
# Exits non-zero when a check fails or no validator can be had.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE="$(realpath "${1:-$ROOT/docker-compose.yml}")"
MIN_VERSION=2.24.0
FALLBACK_SUITE=trixie
TOOLS_DIR="${GATEHOUSE_TOOLS_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/gatehouse-tools}"
CACHED="$TOOLS_DIR/docker-compose"

die() { echo "check-compose: $*" >&2; exit 1; }

# True when version $1 (e.g. v2.26.1, 2.26.1-4) is at least MIN_VERSION.
recent_enough() {
  local v="${1#v}"
  v="${v%%[-+~]*}"
  [[ "$v" =~ ^[0-9]+(\.[0-9]+)*$ ]] || return 1
  [[ "$(printf '%s\n%s\n' "$MIN_VERSION" "$v" | sort -V | head -n1)" == "$MIN_VERSION" ]]
}

# Sets COMPOSE to a usable command, or fails.
find_compose() {
  local v
  if command -v docker >/dev/null && v="$(docker compose version --short 2>/dev/null)" && recent_enough "$v"; then
    COMPOSE=(docker compose)
  elif command -v docker-compose >/dev/null && v="$(docker-compose version --short 2>/dev/null)" && recent_enough "$v"; then
    COMPOSE=(docker-compose)
  elif [[ -x "$CACHED" ]] && v="$("$CACHED" version --short 2>/dev/null)" && recent_enough "$v"; then
    COMPOSE=("$CACHED")
  else
    return 1
  fi
}

candidate_version() { # $@: extra apt options
  apt-cache "$@" policy docker-compose 2>/dev/null | awk '/Candidate:/ { print $2 }'
}

install_compose() {
  if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
    die "no Docker Compose >= $MIN_VERSION and no apt to get one: install Docker Compose v2"
  fi

  # 1. This system's own sources (Debian 13 and later have Compose v2).
  if [[ $EUID -eq 0 ]]; then
    apt-get -qq update >/dev/null || true
    if recent_enough "$(candidate_version)"; then
      echo "check-compose: installing docker-compose $(candidate_version) with apt" >&2
      DEBIAN_FRONTEND=noninteractive apt-get -qq install -y docker-compose >/dev/null
      return
    fi
  fi

  # 2. Download the package from the Debian mirror's $FALLBACK_SUITE suite with a private apt state.
  local mirror work
  # shellcheck disable=SC2016 # $(REPO_URI) is apt's format field, not a shell expansion
  mirror="$(apt-get indextargets --format '$(REPO_URI)' 'Label: Debian' 2>/dev/null | head -n1)"
  [[ -n "$mirror" ]] || die "no Debian mirror in the apt sources: install Docker Compose v2"
  work="$(mktemp -d)"
  WORK="$work"
  trap 'rm -rf "$WORK"' EXIT
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/sources" "$work/prefs"
  cat >"$work/sources/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $FALLBACK_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  local apt_opts=(
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
    -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/sources"
    -o Dir::Etc::Preferences=/dev/null -o "Dir::Etc::PreferencesParts=$work/prefs"
    -o APT::Sandbox::User="$(id -un)"
  )
  echo "check-compose: downloading docker-compose from Debian $FALLBACK_SUITE into $TOOLS_DIR" >&2
  apt-get -qq "${apt_opts[@]}" update >/dev/null || die "apt-get update for $FALLBACK_SUITE failed"
  local version
  version="$(candidate_version "${apt_opts[@]}")"
  recent_enough "$version" || die "Debian $FALLBACK_SUITE offers docker-compose '$version', need >= $MIN_VERSION"
  (cd "$work" && apt-get -qq "${apt_opts[@]}" download "docker-compose=$version" >/dev/null) \
    || die "downloading docker-compose $version failed"
  dpkg-deb -x "$work"/docker-compose_*.deb "$work/root"
  mkdir -p "$TOOLS_DIR"
  install -m 755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$CACHED"
}

[[ -f "$FILE" ]] || die "no such file: $FILE"
if ! find_compose; then
  install_compose
  find_compose || die "the installed docker-compose does not work"
fi
echo "check-compose: using ${COMPOSE[*]} ($("${COMPOSE[@]}" version --short))"

# A clean environment and --env-file /dev/null: only the committed file is judged, not local overrides.
run_config() { # $@: extra VAR=value
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" ${DOCKER_CONFIG:+DOCKER_CONFIG="$DOCKER_CONFIG"} "$@" \
    "${COMPOSE[@]}" --env-file /dev/null -f "$FILE" config --quiet
}

if ! run_config JWT_SECRET=check-compose-dummy JWT_REFRESH_SECRET=check-compose-dummy-refresh; then
  die "FAILED: $FILE is not valid"
fi
if errors="$(run_config JWT_REFRESH_SECRET=check-compose-dummy-refresh 2>&1)"; then
  die "FAILED: $FILE is accepted without JWT_SECRET"
fi
[[ "$errors" == *"set JWT_SECRET"* ]] || die "FAILED: missing JWT_SECRET gave an unexpected error: $errors"

command -v jq >/dev/null || die "jq is needed for the scaling checks (Debian package jq)"
json="$(env -i PATH="$PATH" HOME="${HOME:-/tmp}" JWT_SECRET=x JWT_REFRESH_SECRET=y \
  "${COMPOSE[@]}" --env-file /dev/null -f "$FILE" config --format json)"
jq -e '.services.gatehouse.ports == null' <<<"$json" >/dev/null \
  || die "FAILED: the gatehouse service publishes a host port, so --scale gatehouse=N cannot work"
jq -e '.services.gatehouse.environment.CLUSTER == "true" and .services.gatehouse.environment.TRUST_PROXY == "1"' \
  <<<"$json" >/dev/null || die "FAILED: the gatehouse service must run with CLUSTER=true and TRUST_PROXY=1"
jq -e '[.services.lb.ports[]? | .published] | index("3080") != null' <<<"$json" >/dev/null \
  || die "FAILED: the lb service does not publish port 3080"

HAPROXY_CFG="$(dirname "$FILE")/conf/haproxy.cfg"
if [[ -f "$HAPROXY_CFG" ]]; then
  if ! command -v haproxy >/dev/null && [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "check-compose: installing haproxy with apt to check $HAPROXY_CFG" >&2
    DEBIAN_FRONTEND=noninteractive apt-get -qq install -y haproxy >/dev/null 2>&1 \
      || { apt-get -qq update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get -qq install -y haproxy >/dev/null; } || true
  fi
  if command -v haproxy >/dev/null; then
    haproxy -c -q -f "$HAPROXY_CFG" || die "FAILED: $HAPROXY_CFG is not valid"
    echo "check-compose: OK: $HAPROXY_CFG"
  else
    echo "check-compose: haproxy not installed: $HAPROXY_CFG not checked" >&2
  fi
fi
echo "check-compose: OK: $FILE"
