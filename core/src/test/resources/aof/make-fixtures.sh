#!/bin/sh
# Regenerates the AOF directories that redis-server 7.0 writes, used by AofFixtureTest:
#   redis-commands/  aof-use-rdb-preamble no: the base file holds commands
#   redis-preamble/  aof-use-rdb-preamble yes (the default): the base file is an RDB
# Each gets data of every type in two databases, a rewrite (so the base is not empty), then
# more writes that land in the incr file, and expected.txt: what the data must read back as.
# Usage: sh make-fixtures.sh   (needs redis-server and redis-cli 7.0; uses port 6452)
set -e
here=$(cd "$(dirname "$0")" && pwd)
port=6452
for variant in commands preamble; do
  work=$(mktemp -d)
  preamble=no; [ "$variant" = preamble ] && preamble=yes
  redis-server --port $port --save "" --dir "$work" --appendonly yes --aof-use-rdb-preamble $preamble \
      --appendfsync always --daemonize yes --logfile "$work/log"
  sleep 0.5
  c="redis-cli -p $port"
  $c set str hello >/dev/null
  $c set int 12345 >/dev/null
  $c set big "$(head -c 3000 /dev/zero | tr '\0' 'x')" >/dev/null
  $c set ttl v pxat 4102444800000 >/dev/null
  $c rpush list a b c 1 2 3 >/dev/null
  $c sadd intset 1 2 3 >/dev/null
  $c sadd set x y z >/dev/null
  $c hset hash f1 v1 f2 v2 >/dev/null
  $c zadd zset 1 a 2.5 b -3 c >/dev/null
  $c xadd stream 1-1 f v >/dev/null
  $c xadd stream 2-1 g w >/dev/null
  $c xgroup create stream grp 0 >/dev/null
  $c xreadgroup group grp alice count 1 streams stream '>' >/dev/null
  $c -n 2 set other db2 >/dev/null
  $c bgrewriteaof >/dev/null
  sleep 1
  # after the rewrite: these go to the incr file
  $c incr int >/dev/null
  $c lpush list first >/dev/null
  $c hset hash f3 v3 >/dev/null
  $c expire str 100000000 >/dev/null
  $c -n 2 del other >/dev/null
  $c -n 3 set third db3 >/dev/null
  $c shutdown >/dev/null 2>&1 || true
  sleep 0.5
  rm -rf "$here/redis-$variant"
  cp -r "$work/appendonlydir" "$here/redis-$variant"
  rm -rf "$work"
done
ls -l "$here"/redis-*
