#!/usr/bin/env bash
# bench/memory.sh: memory for the same data in the engine and in redis-server. Loads N keys
# "key:<i>" -> 16-byte values into both (redis-cli --pipe), then reports
#   redis-server: INFO memory used_memory (bytes its allocator handed out), before and after;
#   engine:       Java heap in use after a full GC (jcmd GC.run, then jstat -gc), before and after.
# The delta divided by N is the cost of one key. Usage: bench/memory.sh [N]  (default 1000000)
#
# KIND=hash|set|zset|list loads instead ONE key holding N members (16-byte values/members;
# HSET f:<i> v..., SADD m..., ZADD <i> m..., RPUSH v..., 100 per command), so the delta per
# member is the collection's own cost. KIND=stream loads ONE stream of N entries (XADD big * ...,
# one command per entry, auto IDs), each with STREAM_FIELDS field/value pairs (default 1; fields
# "f1".."fk", 16-byte values), so the delta per entry is the stream log's cost; both servers keep
# 100 entries per node (Redis: stream-node-max-entries). KIND=all runs string, hash, set, zset,
# list and stream in turn.
# Integers would make a set an intset in Redis: the members here are strings on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-1000000}
KIND=${KIND:-string}
if [ "$KIND" = all ]; then
  for k in string hash set zset list stream; do echo "== $k"; KIND=$k "$0" "$N"; done
  exit 0
fi
case "$KIND" in string|hash|set|zset|list|stream) ;; *) echo "memory.sh: KIND must be string, hash, set, zset, list, stream or all" >&2; exit 1 ;; esac
STREAM_FIELDS=${STREAM_FIELDS:-1}
. bench/lib.sh
need redis-server redis-cli java jcmd jstat python3
ensure_jar

data=$(mktemp /tmp/rediscover-memory.XXXXXX)
tmp_paths+=("$data")
redis_port=${REDIS_PORT:-$(free_port)}
engine_port=${ENGINE_PORT:-$(free_port)}

# The commands in RESP: N SETs of 16-byte values ("v" + 15 digits), or one collection of N members.
python3 - "$N" "$KIND" "$STREAM_FIELDS" > "$data" <<'PY'
import sys
out = sys.stdout.buffer
n, kind, nfields = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def cmd(*args):
    out.write(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
if kind == "string":
    for i in range(n):
        cmd(b"SET", b"key:%d" % i, b"v%015d" % i)
elif kind == "stream":
    for i in range(n):
        args = [b"XADD", b"big", b"*"]
        for f in range(1, nfields + 1):
            args += [b"f%d" % f, b"v%015d" % i]
        cmd(*args)
else:
    name = {"hash": b"HSET", "set": b"SADD", "zset": b"ZADD", "list": b"RPUSH"}[kind]
    for start in range(0, n, 100):
        args = [name, b"big"]
        for i in range(start, min(n, start + 100)):
            v = b"v%015d" % i
            if kind == "hash": args += [b"f:%d" % i, v]
            elif kind == "zset": args += [b"%d" % i, v]
            else: args.append(v)
        cmd(*args)
PY

start_redis "$redis_port"
start_engine "$engine_port"
wait_port "$redis_port"
wait_port "$engine_port"

redis_used() { info_field "$redis_port" used_memory; }
engine_heap() {   # bytes of Java heap in use after a full collection
  jcmd "$engine_pid" GC.run >/dev/null
  jstat -gc "$engine_pid" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%.0f\n", ($(col["S0U"]) + $(col["S1U"]) + $(col["EU"]) + $(col["OU"])) * 1024 }'
}

r0=$(redis_used)
e0=$(engine_heap)
redis-cli -p "$redis_port" --pipe < "$data" >/dev/null
redis-cli -p "$engine_port" --pipe < "$data" >/dev/null
r1=$(redis_used)
e1=$(engine_heap)
count() {   # keys, or the collection's members
  case "$KIND" in
    string) redis-cli -p "$1" dbsize ;;
    hash) redis-cli -p "$1" hlen big ;;
    set) redis-cli -p "$1" scard big ;;
    zset) redis-cli -p "$1" zcard big ;;
    list) redis-cli -p "$1" llen big ;;
    stream) redis-cli -p "$1" xlen big ;;
  esac
}
rk=$(count "$redis_port")
ek=$(count "$engine_port" 2>/dev/null)
case "$ek" in
  ''|*[!0-9]*)   # no DBSIZE yet: at least check that the last key arrived
    [ "$(redis-cli -p "$engine_port" get "key:$((N - 1))")" = "$(printf 'v%015d' $((N - 1)))" ] && ek="last-ok" || ek="missing" ;;
esac

unit=key; units=keys; [ "$KIND" = string ] || { unit=member; units=members; }; [ "$KIND" = stream ] && { unit=entry; units=entries; }
printf '%-14s %10s %14s %14s %14s %10s\n' "server ($KIND)" "$units" before after delta "bytes/$unit"
printf '%-14s %10s %14d %14d %14d %10.1f\n' redis-server "$rk" "$r0" "$r1" $((r1 - r0)) "$(awk -v d=$((r1 - r0)) -v n="$N" 'BEGIN{print d/n}')"
printf '%-14s %10s %14d %14d %14d %10.1f\n' engine-heap "$ek" "$e0" "$e1" $((e1 - e0)) "$(awk -v d=$((e1 - e0)) -v n="$N" 'BEGIN{print d/n}')"
printf 'ratio engine/redis (delta): %s\n' "$(awk -v e=$((e1 - e0)) -v r=$((r1 - r0)) 'BEGIN{printf "%.2f", e/r}')"
