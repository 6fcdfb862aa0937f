# bench/lib.sh: shell helpers shared by the bench scripts (side-by-side.sh, memory.sh,
# persistence.sh, eviction.sh). Source it after `cd` to the repository root:
#   . bench/lib.sh
# It defines the JVM flags and jar path, starting and stopping both servers, waiting for a port,
# and reading redis-benchmark's and INFO's numbers. Nothing here runs on its own.

# Same JVM flags as run-lab.sh: see the comment there for why.
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms256m"}
jar=core/target/rediscover.jar
script=$(basename "$0")

# need TOOL...: fail early, with the script's name, when a tool is missing.
need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$script: $tool is not on PATH" >&2; exit 1; }
  done
}

# The engine's jar, built if missing.
ensure_jar() { [ -f "$jar" ] || ./mvnw -q -pl core -am package -DskipTests; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_port PORT: wait until something answers PING there.
wait_port() {
  for _ in $(seq 1 400); do
    redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "$script: nothing answers on port $1" >&2
  return 1
}

# Background processes in pids are killed, and files and folders in tmp_paths removed, when the
# script exits, whatever happens.
pids=()
tmp_paths=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for f in "${tmp_paths[@]}"; do rm -rf "$f"; done
}
trap cleanup EXIT

# start_redis PORT [redis-server options...] / start_engine PORT [options...]: in the background,
# no persistence, quiet; the engine's pid is left in engine_pid. Call wait_port afterwards.
start_redis() {
  local port=$1; shift
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --loglevel warning "$@" >/dev/null &
  pids+=($!)
}
start_engine() {
  local port=$1; shift
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$jar" --port "$port" --bind 127.0.0.1 --save "" --loglevel warning "$@" >/dev/null &
  engine_pid=$!
  pids+=("$engine_pid")
}

# rps: redis-benchmark -q output on stdin -> the last "requests per second" figure, or 0 when
# there is none (redis-benchmark stops at the first error reply, e.g. a command the engine lacks).
rps() {
  local ops
  ops=$(tr '\r' '\n' | grep 'requests per second' | sed -E 's/^.*: ([0-9.]+) requests per second.*/\1/' | tail -1) || true
  echo "${ops:-0}"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# ratio A B [DECIMALS] -> A/B with two (or DECIMALS) decimals; 0 when B is 0.
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { printf "%.*f", d, (b > 0 ? a / b : 0) }'; }

# info_field PORT FIELD: one field of INFO (default sections), e.g. info_field 6379 used_memory.
info_field() { redis-cli -p "$1" info | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'; }

# both_median FN ARGS...: runs "FN $redis_port ARGS" and "FN $engine_port ARGS" REPEAT times,
# alternating (on a shared machine a single run is mostly noise), and leaves the medians of what
# FN printed in r_ops and e_ops.
both_median() {
  local fn=$1; shift
  local r_all=() e_all=()
  for _ in $(seq 1 "$REPEAT"); do
    r_all+=("$("$fn" "$redis_port" "$@")")
    e_all+=("$("$fn" "$engine_port" "$@")")
  done
  r_ops=$(median "${r_all[@]}")
  e_ops=$(median "${e_all[@]}")
}
