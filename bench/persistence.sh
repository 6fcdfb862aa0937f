#!/usr/bin/env bash
# bench/persistence.sh: persistence side by side, the engine and redis-server on the same data.
#
#   1. Load N keys of mixed types into both (redis-cli --pipe): 60% strings (16 bytes, and every
#      tenth an integer), 10% each hashes (5 fields), lists (10 elements), sets (10 members) and
#      sorted sets (10 members), with a TTL on every twentieth key.
#   2. SAVE: wall time of the command, and the size of the file.
#   3. Load: restart on the same directory, time until every key is back (DBSIZE == N; for the
#      engine this includes the JVM's start), and the load time the server itself logs
#      ("DB loaded from disk: x seconds", both servers write that line).
#   4. AOF: redis-benchmark SET throughput (50 clients, -P 1) with appendonly yes and
#      appendfsync everysec, then always, on an empty server.
#
# Usage: bench/persistence.sh [N] (default 1000000). SKIP_AOF=1 skips step 4; BENCH_N sets the
# requests per redis-benchmark run (default 200000). The machine's load changes every figure:
# run it on a quiet machine and look at the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-1000000}
BENCH_N=${BENCH_N:-200000}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g"}
. bench/lib.sh
need redis-server redis-cli redis-benchmark java python3
ensure_jar

now_ms() { date +%s%3N; }

work=$(mktemp -d /tmp/rediscover-persistence.XXXXXX)
tmp_paths+=("$work")
pid=

python3 - "$N" > "$work/data.resp" <<'PY'
import sys
out = sys.stdout.buffer
n = int(sys.argv[1])
def cmd(*args):
    out.write(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
for i in range(n):
    kind = i % 10
    if kind < 6:
        k = b"s:%d" % i
        cmd(b"SET", k, b"%d" % i if kind == 0 else b"v%015d" % i)
    elif kind == 6:
        k = b"h:%d" % i
        cmd(b"HSET", k, *[x for f in range(5) for x in (b"f%d" % f, b"v%d" % (i + f))])
    elif kind == 7:
        k = b"l:%d" % i
        cmd(b"RPUSH", k, *[b"e%d" % (i + e) for e in range(10)])
    elif kind == 8:
        k = b"t:%d" % i
        cmd(b"SADD", k, *[b"m%d" % (i + e) for e in range(10)])
    else:
        k = b"z:%d" % i
        cmd(b"ZADD", k, *[x for e in range(10) for x in (b"%d.5" % e, b"m%d" % (i + e))])
    if i % 20 == 0:
        cmd(b"EXPIRE", k, b"100000")
PY

# start <name> <dir> <port> [args...]: the server in the background; waits until it answers.
start() {
  local name=$1 dir=$2 port=$3; shift 3
  if [ "$name" = redis ]; then
    redis-server --port "$port" --dir "$dir" --save "" "$@" >"$dir/log" 2>&1 &
  else
    # shellcheck disable=SC2086
    java $JAVA_OPTS -jar "$jar" --port "$port" --dir "$dir" --save "" "$@" >"$dir/log" 2>&1 &
  fi
  pid=$!
  pids=("$pid")   # one server at a time: only the running one is killed at exit
  for _ in $(seq 1 2000); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && return 0; sleep 0.02; done
  echo "persistence.sh: $name does not answer on $port" >&2; cat "$dir/log" >&2; exit 1
}
stop() { redis-cli -p "$1" shutdown nosave >/dev/null 2>&1 || true; wait "$pid" 2>/dev/null || true; pid=; }

printf '%-8s %10s %12s %10s %12s %14s %14s\n' server save_ms rdb_bytes load_ms logged_load set_everysec set_always
for name in redis engine; do
  dir="$work/$name"; mkdir -p "$dir"
  port=$(free_port)
  start "$name" "$dir" "$port"
  redis-cli -p "$port" --pipe < "$work/data.resp" >/dev/null
  keys=$(redis-cli -p "$port" dbsize)
  t0=$(now_ms); redis-cli -p "$port" save >/dev/null; save_ms=$(( $(now_ms) - t0 ))
  size=$(stat -c %s "$dir/dump.rdb")
  stop "$port"
  t0=$(now_ms)
  start "$name" "$dir" "$port"
  until [ "$(redis-cli -p "$port" dbsize 2>/dev/null)" = "$keys" ]; do sleep 0.01; done
  load_ms=$(( $(now_ms) - t0 ))
  logged=$(sed -n 's/.*DB loaded from disk: \([0-9.]*\) seconds.*/\1s/p' "$dir/log" | tail -1)
  stop "$port"
  everysec=- always=-
  if [ -z "${SKIP_AOF:-}" ]; then
    for policy in everysec always; do
      adir="$work/$name-aof-$policy"; mkdir -p "$adir"
      start "$name" "$adir" "$port" --appendonly yes --appendfsync "$policy"
      ops=$(redis-benchmark -p "$port" -t set -n "$BENCH_N" -c 50 -r 100000 -q 2>/dev/null | rps || true)
      stop "$port"
      if [ "$policy" = everysec ]; then everysec=$ops; else always=$ops; fi
    done
  fi
  printf '%-8s %10s %12s %10s %12s %14s %14s\n' "$name" "$save_ms" "$size" "$load_ms" "${logged:--}" "$everysec" "$always"
  echo "  ($keys keys)"
done
