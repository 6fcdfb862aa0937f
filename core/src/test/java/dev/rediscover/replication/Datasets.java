/*
 * Test helpers for replication: a write load touching every data type, a logical dump of a whole
 * dataset (so an engine and a real redis-server, whose DUMP encodings may differ, can be
 * compared), and waiting until a replica has applied everything its master sent.
 */
package dev.rediscover.replication;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.resps.StreamEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

final class Datasets {
    private Datasets() {}

    /** n random writes over strings, lists, sets, hashes, sorted sets, streams, TTLs, in dbs 0-2. */
    static void writeLoad(Jedis j, Random r, int n) {
        for (int i = 0; i < n; i++) {
            if (r.nextInt(50) == 0) j.select(r.nextInt(3));
            String k = "k" + r.nextInt(40);
            String v = "v" + r.nextInt(1000);
            try {
                switch (r.nextInt(22)) {
                    case 0 -> j.set("s:" + k, v);
                    case 1 -> j.incrBy("n:" + k, r.nextInt(100) - 50);
                    case 2 -> j.append("s:" + k, v);
                    case 3 -> j.psetex("t:" + k, 100_000 + r.nextInt(100_000), v);
                    case 4 -> j.rpush("l:" + k, v, v + "x");
                    case 5 -> j.lpop("l:" + k);
                    case 6 -> j.ltrim("l:" + k, 0, 5);
                    case 7 -> j.sadd("S:" + k, v, "m" + r.nextInt(10));
                    case 8 -> j.srem("S:" + k, "m" + r.nextInt(10));
                    case 9 -> j.spop("S:" + k);
                    case 10 -> j.hset("h:" + k, "f" + r.nextInt(8), v);
                    case 11 -> j.hincrBy("h:" + k, "c", 3);
                    case 12 -> j.hdel("h:" + k, "f" + r.nextInt(8));
                    case 13 -> j.zadd("z:" + k, r.nextInt(1000) / 7.0, v);
                    case 14 -> j.zincrby("z:" + k, 1.5, v);
                    case 15 -> j.zpopmin("z:" + k);
                    case 16 -> j.sendCommand(redis.clients.jedis.Protocol.Command.XADD, "x:" + k, "*", "f", v);
                    case 17 -> j.sendCommand(redis.clients.jedis.Protocol.Command.XTRIM, "x:" + k, "MAXLEN", "5");
                    case 18 -> j.expire("s:" + k, 1000 + r.nextInt(1000));
                    case 19 -> j.del("l:" + k, "n:" + k);
                    case 20 -> {
                        Transaction t = j.multi();
                        t.incr("n:tx");
                        t.rpush("l:tx", v);
                        t.exec();
                    }
                    default -> j.set(("b:" + k).getBytes(), new byte[] {0, (byte) 0xff, (byte) r.nextInt(256), '\r', '\n'});
                }
            } catch (redis.clients.jedis.exceptions.JedisDataException wrongType) {
                // a key of another type: fine, nothing changed
            }
        }
        j.select(0);
    }

    /** Every key of dbs 0..dbs-1 as "db/key" -> type, value and absolute expiry. */
    static Map<String, String> dump(Jedis j, int dbs) {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < dbs; db++) {
            j.select(db);
            for (String k : j.keys("*")) {
                String type = j.type(k);
                String value = switch (type) {
                    case "string" -> java.util.Arrays.toString(j.get(k.getBytes()));
                    case "list" -> j.lrange(k, 0, -1).toString();
                    case "set" -> new java.util.TreeSet<>(j.smembers(k)).toString();
                    case "hash" -> new TreeMap<>(j.hgetAll(k)).toString();
                    case "zset" -> j.zrangeWithScores(k, 0, -1).toString();
                    case "stream" -> entries(j, k);
                    default -> "?";
                };
                long at = (Long) j.sendCommand(redis.clients.jedis.Protocol.Command.PEXPIRETIME, k);
                out.put(db + "/" + k, type + " " + value + " @" + at);
            }
        }
        j.select(0);
        return out;
    }

    private static String entries(Jedis j, String k) {
        List<String> s = new ArrayList<>();
        for (StreamEntry e : j.xrange(k, (redis.clients.jedis.StreamEntryID) null, null)) s.add(e.getID() + "=" + e.getFields());
        return s.toString();
    }

    static String info(Jedis j, String field) {
        for (String line : j.info().split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        return null;
    }

    /** Wait (polling, at most 20 s) until the replica's link is up and it applied all the master sent. */
    static void awaitSynced(Jedis master, Jedis replica) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            String up = info(replica, "master_link_status");
            String mo = info(master, "master_repl_offset");
            String ro = info(replica, "slave_repl_offset");
            if ("up".equals(up) && mo != null && mo.equals(ro)) return;
            pause();
        }
        throw new AssertionError("replica did not catch up: master " + info(master, "master_repl_offset")
                + ", replica " + info(replica, "slave_repl_offset") + " link " + info(replica, "master_link_status"));
    }

    static void awaitTrue(java.util.function.BooleanSupplier cond, String what) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) return;
            pause();
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
