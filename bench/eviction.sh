#!/usr/bin/env bash
# bench/eviction.sh: redis-server and the engine under the same maxmemory, side by side.
#
#   1. SET throughput while evicting. Both servers start with --maxmemory $MAXMEMORY and
#      allkeys-lru. An untimed redis-benchmark SET run over KEYSPACE random keys (-r) with
#      VALUE_SIZE-byte values fills them past the limit (and warms the engine's JIT); then SET
#      runs at -P 1 (N requests) and -P 16 (8*N), REPEAT times each, alternating the servers,
#      median shown, with the ratio engine/redis. Each new key now costs an eviction. Then, per
#      server: used_memory against maxmemory, evicted_keys and the keys it holds.
#   2. Hit rate of a cache. dev.rediscover.bench.ZipfHitRate (bench/src/main/java) GETs keys
#      drawn from a Zipf distribution (exponent ZIPF_S over ZIPF_KEYS keys, several times what
#      fits) and SETs every miss (VALUE_SIZE-byte values): ZIPF_WARMUP operations to fill memory,
#      then ZIPF_OPS counted. For each policy in POLICIES both servers are flushed, given
#      maxmemory ZIPF_MAXMEMORY and the policy, and run with the same SEED, so they see the same
#      keys in the same order. Per row: the hit rate; "ideal", the hit rate of a perfect cache
#      holding as many keys as that server held (the most popular ones); hit/ideal, which
#      compares the policies independently of how many keys fit; keys held; evictions during the
#      warm-up (must be > 0: memory was full when counting began) and during the counted part.
#
# Usage: bench/eviction.sh
# Environment (defaults): MAXMEMORY (64mb), KEYSPACE (1000000), VALUE_SIZE (100), N (200000),
# CLIENTS (50), REPEAT (3), ZIPF_MAXMEMORY (32mb), ZIPF_KEYS (1000000), ZIPF_S (1.0),
# ZIPF_WARMUP (1000000), ZIPF_OPS (2000000), ZIPF_PIPELINE (32), SEED (1),
# POLICIES ("allkeys-lru allkeys-lfu allkeys-random"), ENGINE_ZIPF_MAXMEMORY (ZIPF_MAXMEMORY: set
# it to give the engine a limit that holds as many keys as Redis holds, since the engine's
# used_memory estimate charges more per key), SKIP_SET=1 / SKIP_ZIPF=1 skip a part,
# REDIS_PORT / ENGINE_PORT (free ports), JAVA_OPTS (run-lab.sh's flags).
# Throughput depends on the machine's load (note `uptime` next to any figure); hit rates do not.
set -euo pipefail
cd "$(dirname "$0")/.."

MAXMEMORY=${MAXMEMORY:-64mb}
KEYSPACE=${KEYSPACE:-1000000}
VALUE_SIZE=${VALUE_SIZE:-100}
N=${N:-200000}
CLIENTS=${CLIENTS:-50}
REPEAT=${REPEAT:-3}
ZIPF_MAXMEMORY=${ZIPF_MAXMEMORY:-32mb}
ZIPF_KEYS=${ZIPF_KEYS:-1000000}
ZIPF_S=${ZIPF_S:-1.0}
ZIPF_WARMUP=${ZIPF_WARMUP:-1000000}
ZIPF_OPS=${ZIPF_OPS:-2000000}
ZIPF_PIPELINE=${ZIPF_PIPELINE:-32}
SEED=${SEED:-1}
POLICIES=${POLICIES:-allkeys-lru allkeys-lfu allkeys-random}
ENGINE_ZIPF_MAXMEMORY=${ENGINE_ZIPF_MAXMEMORY:-$ZIPF_MAXMEMORY}

. bench/lib.sh
need redis-server redis-cli redis-benchmark java python3
ensure_jar
bench_jar=bench/target/benchmarks.jar
[ -f "$bench_jar" ] || ./mvnw -q -pl bench -am package -DskipTests

redis_port=${REDIS_PORT:-$(free_port)}
engine_port=${ENGINE_PORT:-$(free_port)}
start_redis "$redis_port" --maxmemory "$MAXMEMORY" --maxmemory-policy allkeys-lru
start_engine "$engine_port" --maxmemory "$MAXMEMORY" --maxmemory-policy allkeys-lru
wait_port "$redis_port"
wait_port "$engine_port"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# setbench PORT PIPELINE REQUESTS -> SET ops/s over KEYSPACE random keys
setbench() {
  redis-benchmark -p "$1" -q -c "$CLIENTS" -n "$3" -P "$2" -t set -r "$KEYSPACE" -d "$VALUE_SIZE" 2>/dev/null | rps || true
}

if [ -z "${SKIP_SET:-}" ]; then
  for port in "$redis_port" "$engine_port"; do
    setbench "$port" 16 "$KEYSPACE" >/dev/null
    [ "$(info_field "$port" evicted_keys)" -gt 0 ] ||
      echo "$script: port $port has not evicted anything after the fill: raise KEYSPACE or lower MAXMEMORY" >&2
  done
  echo "SET, maxmemory $MAXMEMORY allkeys-lru, -r $KEYSPACE, -d $VALUE_SIZE, $CLIENTS clients (median of $REPEAT)"
  printf '%-4s %12s %12s %7s\n' P redis engine ratio
  for P in 1 16; do
    n=$N
    [ "$P" -gt 1 ] && n=$((N * 8))
    both_median setbench "$P" "$n"
    printf '%-4s %12.0f %12.0f %7s\n' "$P" "$r_ops" "$e_ops" "$(ratio "$e_ops" "$r_ops")"
  done
  printf '\n%-7s %12s %12s %9s %13s %9s\n' server used_memory maxmemory used/max evicted_keys keys
  for name in redis engine; do
    port=$redis_port; [ "$name" = engine ] && port=$engine_port
    used=$(info_field "$port" used_memory)
    max=$(info_field "$port" maxmemory)
    printf '%-7s %12s %12s %9s %13s %9s\n' "$name" "$used" "$max" "$(ratio "$used" "$max")" \
      "$(info_field "$port" evicted_keys)" "$(redis-cli -p "$port" dbsize)"
  done
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

# zipf PORT -> ZipfHitRate's one line of name=value pairs
zipf() {
  java -cp "$bench_jar" dev.rediscover.bench.ZipfHitRate --port "$1" --keys "$ZIPF_KEYS" --s "$ZIPF_S" \
    --value-size "$VALUE_SIZE" --warmup "$ZIPF_WARMUP" --ops "$ZIPF_OPS" --pipeline "$ZIPF_PIPELINE" --seed "$SEED"
}
field() { tr ' ' '\n' | awk -F= -v f="$1" '$1 == f { print $2 }'; }

if [ -z "${SKIP_ZIPF:-}" ]; then
  echo
  mms=$ZIPF_MAXMEMORY; [ "$ENGINE_ZIPF_MAXMEMORY" = "$ZIPF_MAXMEMORY" ] || mms="$ZIPF_MAXMEMORY (engine $ENGINE_ZIPF_MAXMEMORY)"
  echo "Zipf GET, SET on miss: s=$ZIPF_S over $ZIPF_KEYS keys, $VALUE_SIZE-byte values, maxmemory $mms," \
       "$ZIPF_WARMUP warm-up + $ZIPF_OPS counted operations, seed $SEED"
  printf '%-15s %-7s %9s %7s %10s %9s %14s %14s\n' policy server hit_rate ideal hit/ideal keys warmup_evicted counted_evicted
  for policy in $POLICIES; do
    for name in redis engine; do
      port=$redis_port; [ "$name" = engine ] && port=$engine_port
      redis-cli -p "$port" flushall >/dev/null
      mm=$ZIPF_MAXMEMORY; [ "$name" = engine ] && mm=$ENGINE_ZIPF_MAXMEMORY
      redis-cli -p "$port" config set maxmemory "$mm" >/dev/null
      redis-cli -p "$port" config set maxmemory-policy "$policy" >/dev/null
      before=$(info_field "$port" evicted_keys)
      out=$(zipf "$port")
      after=$(info_field "$port" evicted_keys)
      hit=$(field hit_rate <<<"$out")
      ideal=$(field ideal <<<"$out")
      warm=$(field warmup_evicted <<<"$out")
      printf '%-15s %-7s %9s %7s %10s %9s %14s %14s\n' "$policy" "$name" "$hit" "$ideal" "$(ratio "$hit" "$ideal" 3)" \
        "$(field keys_held <<<"$out")" "$((warm - before))" "$((after - warm))"
    done
  done
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
