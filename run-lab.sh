#!/usr/bin/env bash
# run-lab.sh: the learner's one entry point (see README.md).
#   ./run-lab.sh server [--port N] [any redis-server style option]   build if needed, run the server
# The lab commands (run a lab's tests, solve, reset, watch, docs) arrive with the course machinery.
set -euo pipefail
cd "$(dirname "$0")"

need_java() {
  if ! command -v java >/dev/null 2>&1; then
    echo "run-lab.sh: no 'java' on PATH. Install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk)." >&2
    exit 1
  fi
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${v%%.*}" -lt 17 ] 2>/dev/null; then
    echo "run-lab.sh: Java $v found, but Rediscover needs Java 17 or newer." >&2
    exit 1
  fi
}

jar=core/target/rediscover.jar
DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -Xms256m"

build_if_needed() {
  if [ ! -f "$jar" ] || [ -n "$(find core/src/main core/pom.xml pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "Building the server (./mvnw -q -pl core -am package -DskipTests)..." >&2
    ./mvnw -q -pl core -am package -DskipTests
  fi
}

cmd=${1:-help}
case "$cmd" in
  server)
    shift
    need_java
    build_if_needed
    # Default to port 6380 so a real Redis on 6379 can run beside it.
    if ! printf '%s\n' "$@" | grep -qx -- '--port'; then set -- --port 6380 "$@"; fi
    # JVM flags (override with JAVA_OPTS). Serial GC: the server has one busy thread, and Serial's
    # cheap write barrier and lack of concurrent GC threads beat G1 on small machines; young
    # collections of a mostly-garbage nursery are short. -Xms avoids early heap resizing.
    # bench/side-by-side.sh and bench/memory.sh use the same flags.
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} -jar "$jar" "$@"
    ;;
  help|-h|--help)
    sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'
    ;;
  *)
    echo "run-lab.sh: unknown command '$cmd'. Try ./run-lab.sh help" >&2
    exit 2
    ;;
esac
