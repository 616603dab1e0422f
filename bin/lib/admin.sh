# Shared by the user scripts: runs one subcommand of the admin command line (io.gatehouse.cli.AdminCli).
# shellcheck shell=bash
run_admin() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  # shellcheck source=bin/lib/build.sh
  source "$root/bin/lib/build.sh"
  ensure_jar
  cd "$root"
  # Security events to the operators' security.log when conf/logback-cli.xml exists, else to stderr.
  local logging="logback-cli.xml"
  [[ -f "$root/conf/logback-cli.xml" ]] && logging="$root/conf/logback-cli.xml"
  # A short-lived process: quick start matters more than peak speed.
  # shellcheck disable=SC2086
  exec java ${ADMIN_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m} \
    -Dlogback.configurationFile="$logging" -cp "$root/target/gatehouse.jar" io.gatehouse.cli.AdminCli "$@"
}
