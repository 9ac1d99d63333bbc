# Shared by the bin/ scripts: install what the project needs from its own files, then build.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Log lines for a person at a terminal; Azure (and anything else that leaves it unset) gets JSON lines.
export LOG_FORMAT="${LOG_FORMAT:-text}"

die() { echo "error: $*" >&2; exit 1; }

require_tools() {
  command -v java >/dev/null || die "Java 17 is not on the PATH; install a JDK 17"
  command -v mvn >/dev/null || die "Maven is not on the PATH; install Apache Maven 3.8+"
  command -v node >/dev/null || die "Node.js is not on the PATH; install Node.js 20 (Azurite runs on it)"
}

# Azurite comes from the committed package-lock.json.
ensure_node_modules() {
  if [ ! -f "$ROOT/node_modules/azurite/dist/src/azurite.js" ] || [ ! -x "$ROOT/node_modules/.bin/redocly" ]; then
    echo "installing Azurite and redocly from package-lock.json ..." >&2
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed; check that the npm registry is reachable"
  fi
}

# Compiles when sources are newer than the last build; target/classpath.txt lists the dependencies.
# The scripts run local tooling (src/local), which compiles with the tests, hence test-compile.
ensure_build() {
  local stamp="$ROOT/target/test-classes/.built"
  if [ ! -f "$stamp" ] || [ ! -f "$ROOT/target/classpath.txt" ] \
     || [ -n "$(find "$ROOT/src/main" "$ROOT/src/local" "$ROOT/src/test" "$ROOT/pom.xml" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    echo "building ..." >&2
    (cd "$ROOT" && mvn -q -B -DskipTests test-compile >&2) || die "the build failed; run 'mvn -DskipTests test-compile' to see why"
    touch "$stamp"
  fi
}

# The function app (target/classes), the local tooling and tests (target/test-classes), and every dependency.
app_classpath() {
  echo "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/classpath.txt")"
}
