# Shared by the bin/ scripts: make sure target/gatehouse.jar exists and is newer than the sources.
ensure_jar() {
  local root jar
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  jar="$root/target/gatehouse.jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    command -v mvn >/dev/null || { echo "gatehouse: Maven (mvn) is needed to build $jar" >&2; exit 1; }
    echo "Building $jar ..." >&2
    (cd "$root" && mvn -q -B -DskipTests package) >&2 || { echo "gatehouse: build failed" >&2; exit 1; }
  fi
}
