/*
 * Every configuration parameter, compared with a real redis-server 7.0: CONFIG GET * must list
 * the same names (aliases included) with the same default values, and CONFIG SET of each
 * parameter to its own current value must be accepted or refused alike (mutable vs immutable).
 *
 * Runs with -Pdifferential (needs redis-server on PATH; fails, never skips, without it).
 */
package dev.rediscover.ops;

import dev.rediscover.differential.RealRedis;
import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class ConfigParityTest {
    /** Values that depend on how each server was started, not on its defaults. */
    private static final Set<String> STARTUP_DEPENDENT = Set.of("port", "bind", "dir", "pidfile", "daemonize",
            "enable-debug-command", "loglevel", "save", "appendonly");

    @Test
    void configGetStarMatchesRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); RediscoverServer engine = RediscoverServer.start("--enable-debug-command", "yes");
             Jedis r = new Jedis("127.0.0.1", real.port()); Jedis e = new Jedis(engine.host(), engine.port())) {
            Map<String, String> redisAll = new TreeMap<>(r.configGet("*"));
            Map<String, String> engineAll = new TreeMap<>(e.configGet("*"));
            assertThat(engineAll.keySet()).isEqualTo(redisAll.keySet());
            for (String name : redisAll.keySet()) {
                if (STARTUP_DEPENDENT.contains(name)) continue;
                assertThat(engineAll.get(name)).as("CONFIG GET %s", name).isEqualTo(redisAll.get(name));
            }
        }
    }

    @Test
    void configSetToTheSameValueAgrees() throws Exception {
        try (RealRedis real = RealRedis.start(); RediscoverServer engine = RediscoverServer.start("--enable-debug-command", "yes");
             Jedis r = new Jedis("127.0.0.1", real.port()); Jedis e = new Jedis(engine.host(), engine.port())) {
            Map<String, String> redisAll = new TreeMap<>(r.configGet("*"));
            java.util.List<String> differences = new java.util.ArrayList<>();
            for (Map.Entry<String, String> p : redisAll.entrySet()) {
                if (STARTUP_DEPENDENT.contains(p.getKey())) continue;
                String rr = reply(r, p.getKey(), p.getValue());
                String er = reply(e, p.getKey(), p.getValue());
                if (!er.equals(rr)) differences.add("CONFIG SET " + p.getKey() + " '" + p.getValue() + "': redis " + rr + " / engine " + er);
            }
            assertThat(differences).isEmpty();
        }
    }

    private static String reply(Jedis j, String name, String value) {
        try {
            return j.configSet(name, value);
        } catch (redis.clients.jedis.exceptions.JedisDataException ex) {
            return ex.getMessage();
        }
    }
}
