#!/usr/bin/env bash
# bench/side-by-side.sh: redis-benchmark against redis-server and the engine, on the same machine,
# and the ratio engine/redis per test. Usage:
#   bench/side-by-side.sh [N]          N requests per test (default 200000; -P 16 runs use 8*N)
# Environment: TESTS (default set,get,incr,mset), REDIS_PORT and ENGINE_PORT (default: free ports), CLIENTS (default 50), REPEAT (runs per cell, the
# median is shown; default 3), BENCH_ARGS (more redis-benchmark options), JAVA_OPTS (default: the
# flags run-lab.sh uses), SUBSCRIBERS (default "0 1 50": PUBLISH is also measured with that many
# subscribers on the channel, read by bench/subscribers.py; empty skips it), PUB_N (requests per
# PUBLISH run, default N/4), PUB_SIZE (message bytes, default 16), XADD_N (requests per XADD run, default N/4; 0 skips). Needs redis-server and redis-benchmark on PATH and core/target/rediscover.jar
# (built if missing). Both servers are stopped when the script exits, whatever happens.
#
# The collection commands (issue 4's speed target: engine/redis >= 0.8 at -P 1):
#   TESTS=lpush,rpop,lrange_100,lrange_600,sadd,spop,hset,zadd,zpopmin bench/side-by-side.sh
# lrange_* first fill the list (redis-benchmark's own LPUSH step); only the LRANGE line is kept.
# lrange_600 is slow on both servers: pass a smaller N (e.g. 50000) to keep the -P 16 runs short.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-200000}
TESTS=${TESTS:-set,get,incr,mset}
CLIENTS=${CLIENTS:-50}
REPEAT=${REPEAT:-3}
SUBSCRIBERS=${SUBSCRIBERS-0 1 50}
PUB_N=${PUB_N:-$((N / 4))}
PUB_SIZE=${PUB_SIZE:-16}
BENCH_ARGS=${BENCH_ARGS:-}   # extra redis-benchmark options, e.g. "-r 1000000" for random keys
. bench/lib.sh
need redis-server redis-benchmark java
ensure_jar

redis_port=${REDIS_PORT:-$(free_port)}
engine_port=${ENGINE_PORT:-$(free_port)}
start_redis "$redis_port"
start_engine "$engine_port"
wait_port "$redis_port"
wait_port "$engine_port"

# bench PORT PIPELINE REQUESTS TEST -> ops/s (0 when the server refused the command).
bench() {
  # shellcheck disable=SC2086
  redis-benchmark -p "$1" -q -c "$CLIENTS" -n "$3" -P "$2" -t "$4" $BENCH_ARGS 2>/dev/null | rps || true
}

printf '%-6s %-4s %14s %14s %7s\n' TEST P redis engine ratio
for P in 1 16; do
  n=$N
  [ "$P" -gt 1 ] && n=$((N * 8))
  for test in ${TESTS//,/ }; do
    # Warm the JIT first with an untimed run, as a long-running server would already be warm.
    # At least 100000 requests: with a small N, n/4 left the first test of a run half-compiled.
    warm=$((n / 4 > 100000 ? n / 4 : 100000))
    bench "$engine_port" "$P" "$warm" "$test" >/dev/null
    both_median bench "$P" "$n" "$test"
    printf '%-6s %-4s %14.0f %14.0f %7.2f\n' "$test" "$P" "$r_ops" "$e_ops" \
      "$(ratio "$e_ops" "$r_ops")"
  done
done

# XADD: redis-benchmark 7.0 has no stream test, so it sends the command itself: auto IDs, one
# small field, capped with MAXLEN ~ so the stream stays the same size on both servers.
# XADD_N requests per run (default N/4); XADD_N=0 skips it.
XADD_N=${XADD_N:-$((N / 4))}
xaddbench() {
  # shellcheck disable=SC2086
  redis-benchmark -p "$1" -q -c "$CLIENTS" -n "$3" -P "$2" $BENCH_ARGS XADD bench:stream MAXLEN '~' 100000 '*' field value 2>/dev/null | rps || true
}
if [ "$XADD_N" -gt 0 ]; then
  printf '\n%-6s %-4s %14s %14s %7s\n' XADD P redis engine ratio
  for P in 1 16; do
    n=$XADD_N
    [ "$P" -gt 1 ] && n=$((XADD_N * 4))
    xaddbench "$engine_port" "$P" "$((n / 4 > 50000 ? n / 4 : 50000))" >/dev/null
    both_median xaddbench "$P" "$n"
    printf '%-6s %-4s %14.0f %14.0f %7.2f\n' xadd "$P" "$r_ops" "$e_ops" \
      "$(ratio "$e_ops" "$r_ops")"
  done
fi

# PUBLISH to 0, 1 and 50 subscribers. redis-benchmark cannot subscribe, so bench/subscribers.py
# holds the subscriptions (one process, all connections, reading and discarding) on both servers
# at once; each cell publishes to its own channel, so only the server under test fans out.
# pubbench PORT PIPELINE REQUESTS CHANNEL -> ops/s
pubbench() {
  # shellcheck disable=SC2086
  redis-benchmark -p "$1" -q -c "$CLIENTS" -n "$3" -P "$2" $BENCH_ARGS PUBLISH "$4" "$payload" 2>/dev/null | rps || true
}

if [ -n "$SUBSCRIBERS" ]; then
  command -v python3 >/dev/null || { echo "side-by-side.sh: python3 is needed for the PUBLISH runs" >&2; exit 1; }
  payload=$(head -c "$PUB_SIZE" /dev/zero | tr '\0' x)
  printf '\n%-13s %-4s %14s %14s %7s\n' PUBLISH/subs P redis engine ratio
  for subs in $SUBSCRIBERS; do
    channel="bench:subs$subs"
    if [ "$subs" -gt 0 ]; then
      for port in "$redis_port" "$engine_port"; do
        fifo=$(mktemp -u)
        mkfifo "$fifo"
        python3 bench/subscribers.py "$port" "$channel" "$subs" >"$fifo" &
        pids+=($!)
        read -r _ <"$fifo"   # wait for "ready"
        rm -f "$fifo"
      done
    fi
    for P in 1 16; do
      n=$PUB_N
      [ "$P" -gt 1 ] && n=$((PUB_N * 4))
      pubbench "$engine_port" "$P" "$((n / 4))" "$channel" >/dev/null
      both_median pubbench "$P" "$n" "$channel"
      printf '%-13s %-4s %14.0f %14.0f %7.2f\n' "publish/$subs" "$P" "$r_ops" "$e_ops" \
        "$(ratio "$e_ops" "$r_ops")"
    done
    # Both servers must still hold every subscriber: a reader that fell behind and was cut off
    # at client-output-buffer-limit would make the numbers meaningless.
    for port in "$redis_port" "$engine_port"; do
      have=$(redis-cli -p "$port" pubsub numsub "$channel" | tail -1)
      [ "$have" = "$subs" ] || echo "side-by-side.sh: port $port has $have of $subs subscribers left on $channel" >&2
    done
  done
fi
