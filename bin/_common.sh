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

# The same classes as app_classpath, but from jars, because JDK 17's class-data sharing archives
# classes only from jars. The jars are rebuilt after every build (ensure_build touches the stamp).
tools_classpath() {
  local stamp="$ROOT/target/test-classes/.built" dir="$ROOT/target/tools"
  if [ ! -f "$dir/app.jar" ] || [ "$stamp" -nt "$dir/app.jar" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    jar --create --file "$dir/local.jar" -C "$ROOT/target/test-classes" . \
      && jar --create --file "$dir/app.jar" -C "$ROOT/target/classes" . \
      || die "could not package target/classes into $dir"
  fi
  echo "$dir/app.jar:$dir/local.jar:$(cat "$ROOT/target/classpath.txt")"
}

# Runs a short-lived tool with an application class-data sharing archive (one per tool): the first
# run records the classes it loaded into target/tools/<tool>.jsa, later runs map them instead of
# loading and verifying them again, which saves about half a second of CPU per start
# (docs/performance.md). A new build deletes the archives with the jars.
run_with_cds() {
  local tool=${1//[^a-zA-Z0-9-]/_}; shift
  local archive="$ROOT/target/tools/$tool.jsa" classpath
  classpath=$(tools_classpath)
  if [ -f "$archive" ]; then
    exec java -XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$classpath" "$@"
  fi
  # Record to a file of this process's own and rename it when complete, so two first runs at once
  # never leave a torn archive behind.
  local partial="$archive.$$"
  local status=0
  java -XX:ArchiveClassesAtExit="$partial" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$classpath" "$@" || status=$?
  if [ "$status" -eq 0 ] && [ -f "$partial" ]; then mv -f "$partial" "$archive"; else rm -f "$partial"; fi
  return "$status"
}
