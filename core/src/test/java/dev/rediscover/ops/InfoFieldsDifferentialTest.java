/*
 * INFO everything and MEMORY STATS name the same fields, in the same order, as a real
 * redis-server 7.0.15 in the same situation (a standalone master, no persistence running).
 * Values are not compared: they are timings, addresses and JVM figures. Per-command, per-error
 * and per-database lines are compared as shapes (their name patterns), since which commands ran
 * differs. Tagged "differential": needs redis-server.
 */
package dev.rediscover.ops;

import dev.rediscover.differential.AgainstRealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class InfoFieldsDifferentialTest extends AgainstRealRedis {
    /** Field names of an INFO text; per-command/error/db lines reduced to their shape. */
    private static List<String> fields(String info) {
        List<String> out = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                out.add(line);
                continue;
            }
            String name = line.substring(0, line.indexOf(':'));
            String value = line.substring(line.indexOf(':') + 1);
            if (name.startsWith("cmdstat_")) {
                name = "cmdstat_* " + value.replaceAll("=[^,]*", "=");
            } else if (name.startsWith("errorstat_")) {
                name = "errorstat_* " + value.replaceAll("=[^,]*", "=");
            } else if (name.startsWith("latency_percentiles_usec_")) {
                name = "latency_percentiles_usec_* " + value.replaceAll("=[^,]*", "=");
            } else if (name.matches("db\\d+")) {
                name = "dbN " + value.replaceAll("=[^,]*", "=");
            } else {
                out.add(name);
                continue;
            }
            if (!out.contains(name)) out.add(name);
        }
        return out;
    }

    private static void sameWorkload(Jedis j) {
        j.flushAll();
        j.configResetStat();
        j.set("k", "v");
        j.expire("k", 1000);
        try {
            j.incr("k");
        } catch (RuntimeException expected) {
            // one error, so errorstats has a line
        }
    }

    @Test
    void infoEverythingHasRedisFields() {
        try (Jedis r = new Jedis("127.0.0.1", redis.port()); Jedis e = new Jedis(engine.host(), engine.port())) {
            sameWorkload(r);
            sameWorkload(e);
            assertThat(fields(e.info("everything"))).isEqualTo(fields(r.info("everything")));
            assertThat(fields(e.info())).isEqualTo(fields(r.info()));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> keys(Object reply) {
        List<String> out = new ArrayList<>();
        List<Object> l = (List<Object>) reply;
        for (int i = 0; i < l.size(); i += 2) {
            String k = new String((byte[]) l.get(i));
            out.add(k);
            if (k.startsWith("db.")) out.addAll(keys(l.get(i + 1)).stream().map(s -> k + "/" + s).toList());
        }
        return out;
    }

    @Test
    void memoryStatsHasRedisFields() {
        try (Jedis r = new Jedis("127.0.0.1", redis.port()); Jedis e = new Jedis(engine.host(), engine.port())) {
            sameWorkload(r);
            sameWorkload(e);
            Object ours = e.sendCommand(() -> "MEMORY".getBytes(), "STATS");
            Object theirs = r.sendCommand(() -> "MEMORY".getBytes(), "STATS");
            assertThat(keys(ours)).isEqualTo(keys(theirs)).contains("db.0/overhead.hashtable.main");
        }
    }
}
