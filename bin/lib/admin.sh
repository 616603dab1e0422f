# Shared by the user scripts: runs one subcommand of the admin command line (io.gatehouse.cli.AdminCli).
# shellcheck shell=bash
run_admin() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  # shellcheck source=bin/lib/build.sh
  source "$root/bin/lib/build.sh"
  ensure_jar
  cd "$root"
  # A short-lived process: quick start matters more than peak speed.
  # shellcheck disable=SC2086
  exec java ${ADMIN_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m} \
    -Dlogback.configurationFile=logback-cli.xml -cp "$root/target/gatehouse.jar" io.gatehouse.cli.AdminCli "$@"
}
