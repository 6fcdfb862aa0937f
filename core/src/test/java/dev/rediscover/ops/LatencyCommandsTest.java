/*
 * LATENCY and INFO latencystats against an embedded server on a ManualClock. Spikes are fed to
 * the monitor directly with known milliseconds (on the loop thread), so the tests never depend
 * on how long anything really took; the only real timing used is DEBUG SLEEP, which lasts at
 * least as long as asked, to show the dispatcher feeds the "command" event.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyCommandsTest {
    private static final long T0 = 1_700_000_000_000L;

    private static void spike(RediscoverServer redis, String event, long ms) {
        redis.onLoop(s -> {
            LatencyMonitor.of(s).addSampleIfNeeded(event, ms);
            return null;
        });
    }

    @Test
    void samplesAreOnePerSecondKeepingTheWorst() {
        ManualClock clock = new ManualClock(T0);
        try (RediscoverServer redis = RediscoverServer.start(clock, "--latency-monitor-threshold", "10000");
             Jedis jedis = new Jedis(redis.host(), redis.port())) {
            // Thresholds in seconds, so no real command of the test itself ever makes a spike.
            spike(redis, "command", 5000);                 // under the threshold: ignored
            assertThat(latency(jedis, "LATEST")).isEqualTo(List.of());
            spike(redis, "command", 30000);
            spike(redis, "command", 20000);                // same second, smaller: kept 30000
            spike(redis, "command", 40000);                // same second, larger: now 40000
            clock.advanceMillis(1000);
            spike(redis, "command", 15000);
            clock.advanceMillis(2000);
            spike(redis, "expire-cycle", 12000);
            long t = T0 / 1000;
            assertThat(latency(jedis, "HISTORY", "command")).isEqualTo(List.of(List.of(t, 40000L), List.of(t + 1, 15000L)));
            assertThat(strings(latency(jedis, "LATEST"))).isEqualTo(List.of(
                    List.of("command", t + 1, 15000L, 40000L), List.of("expire-cycle", t + 3, 12000L, 12000L)));
            assertThat(latency(jedis, "HISTORY", "nosuch")).isEqualTo(List.of());
            assertThat(latency(jedis, "HISTORY", "COMMAND")).isEqualTo(List.of());   // exact name
            assertThat(latency(jedis, "RESET", "COMMAND", "nosuch")).isEqualTo(1L);  // any case
            assertThat(latency(jedis, "RESET")).isEqualTo(1L);
            assertThat(latency(jedis, "LATEST")).isEqualTo(List.of());
        }
    }

    @Test
    void historyKeepsTheLast160Seconds() {
        ManualClock clock = new ManualClock(T0);
        try (RediscoverServer redis = RediscoverServer.start(clock, "--latency-monitor-threshold", "10000");
             Jedis jedis = new Jedis(redis.host(), redis.port())) {
            for (int i = 0; i < 200; i++) {
                spike(redis, "command", 10001 + i);
                clock.advanceMillis(1000);
            }
            List<?> h = (List<?>) latency(jedis, "HISTORY", "command");
            assertThat(h).hasSize(LatencyMonitor.SAMPLES);
            assertThat(h.get(0)).isEqualTo(List.of(T0 / 1000 + 40, 10041L));
            assertThat(h.get(159)).isEqualTo(List.of(T0 / 1000 + 199, 10200L));
            assertThat(((List<?>) ((List<?>) latency(jedis, "LATEST")).get(0)).get(3)).isEqualTo(10200L);
        }
    }

    @Test
    void thresholdZeroRecordsNothing() {
        try (RediscoverServer redis = RediscoverServer.start(new ManualClock(T0));
             Jedis jedis = new Jedis(redis.host(), redis.port())) {
            spike(redis, "command", 1_000_000);
            assertThat(latency(jedis, "LATEST")).isEqualTo(List.of());
            assertThat(text(latency(jedis, "DOCTOR"))).contains("switched off").contains("latency-monitor-threshold");
            jedis.configSet("latency-monitor-threshold", "100");
            assertThat(text(latency(jedis, "DOCTOR"))).contains("No latency spike").contains("100 ms");
        }
    }

    @Test
    void graphAndDoctorDescribeTheSpikes() {
        ManualClock clock = new ManualClock(T0);
        try (RediscoverServer redis = RediscoverServer.start(clock, "--latency-monitor-threshold", "10000");
             Jedis jedis = new Jedis(redis.host(), redis.port())) {
            spike(redis, "command", 50000);
            clock.advanceMillis(1000);
            spike(redis, "command", 20000);
            spike(redis, "fast-command", 10007);
            clock.advanceMillis(5000);
            String graph = text(latency(jedis, "GRAPH", "command"));
            String[] lines = graph.split("\n");
            assertThat(lines[0]).isEqualTo("command - high 50000 ms, low 20000 ms (all time high 50000 ms)");
            assertThat(lines[1]).isEqualTo("-".repeat(80));
            assertThat(lines[2]).isEqualTo("# ");                 // the 50 s column is the tallest
            assertThat(lines[5]).isEqualTo("|#");                 // the 20 s one the lowest
            assertThat(lines[6]).isEqualTo("65");                 // 6 s and 5 s ago, written downwards
            assertThat(lines[7]).isEqualTo("ss");
            assertThatThrownBy(() -> latency(jedis, "GRAPH", "nosuch")).hasMessage("ERR No samples available for event 'nosuch'");
            jedis.configSet("slowlog-log-slower-than", "-1");
            String doctor = text(latency(jedis, "DOCTOR"));
            assertThat(doctor).contains("1. command: 2 latency spikes (average 35000ms, mean deviation 15000ms, one every 3.00 sec). Worst all time event 50000ms.");
            assertThat(doctor).contains("2. fast-command: 1 latency spikes");
            assertThat(doctor).contains("slow log is disabled").contains("slowlog-log-slower-than 10000000")
                    .contains("garbage-collection");
        }
    }

    @Test
    void slowCommandsBecomeSpikes() {
        try (RediscoverServer redis = RediscoverServer.start(new ManualClock(T0), "--latency-monitor-threshold", "5",
                "--enable-debug-command", "yes");
             Jedis jedis = new Jedis(redis.host(), redis.port())) {
            jedis.sendCommand(() -> "DEBUG".getBytes(), "SLEEP", "0.01");   // at least 10 ms
            List<?> history = (List<?>) latency(jedis, "HISTORY", "command");    // DEBUG is not fast
            assertThat(history).hasSize(1);       // one second on the ManualClock: one sample, the worst
            assertThat((Long) ((List<?>) history.get(0)).get(1)).isGreaterThanOrEqualTo(10L);
        }
    }

    @Test
    void latencystatsFollowTrackingAndResetstat() {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            String key = UUID.randomUUID().toString();
            jedis.set(key, "v");
            jedis.get(key);
            String info = jedis.info("latencystats");
            assertThat(info).startsWith("# Latencystats\r\n")
                    .containsPattern("\r\nlatency_percentiles_usec_set:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}\r\n")
                    .contains("latency_percentiles_usec_get:");
            jedis.configSet("latency-tracking-info-percentiles", "0 33.3333333 100");
            assertThat(jedis.configGet("latency-tracking-info-percentiles").values()).containsExactly("0 33.333333 100");
            assertThat(jedis.info("latencystats")).containsPattern("latency_percentiles_usec_set:p0=[\\d.]+,p33.333333=[\\d.]+,p100=[\\d.]+\r\n");
            jedis.configSet("latency-tracking-info-percentiles", "");
            assertThat(jedis.info("latencystats")).contains("latency_percentiles_usec_set:\r\n");
            jedis.configSet("latency-tracking", "no");
            assertThat(jedis.info("latencystats")).isEqualTo("# Latencystats\r\n");
            jedis.configSet("latency-tracking", "yes");
            jedis.configResetStat();
            assertThat(jedis.info("latencystats")).doesNotContain("_set:").contains("latency_percentiles_usec_config|resetstat:");
        }
    }

    @Test
    void percentileConfigIsValidatedLikeRedis() {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            String prefix = "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - ";
            assertThatThrownBy(() -> jedis.configSet("latency-tracking-info-percentiles", "50 abc"))
                    .hasMessage(prefix + "Invalid latency-tracking-info-percentiles parameters");
            assertThatThrownBy(() -> jedis.configSet("latency-tracking-info-percentiles", "50  99"))
                    .hasMessage(prefix + "Invalid latency-tracking-info-percentiles parameters");
            assertThatThrownBy(() -> jedis.configSet("latency-tracking-info-percentiles", "100.5"))
                    .hasMessage(prefix + "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            assertThatThrownBy(() -> jedis.configSet("latency-tracking-info-percentiles", "-1"))
                    .hasMessage(prefix + "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            jedis.configSet("latency-tracking-info-percentiles", "1e1 0x10 99.99999");
            assertThat(jedis.configGet("latency-tracking-info-percentiles").values()).containsExactly("10 16 99.99999");
        }
    }

    @Test
    void histogramReplyShapeInResp2AndResp3() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            c.call("SET", "k", "v");
            c.call("CONFIG", "GET", "port");
            String two = lines(c.callText("LATENCY", "HISTOGRAM", "set", "nosuch", "lpush"));
            assertThat(two).matches("\\*2 \\$3 set \\*4 \\$5 calls :1 \\$14 histogram_usec \\*2 :\\d+ :1 ");
            // A container name brings each of its timed subcommands.
            assertThat(c.callText("LATENCY", "HISTOGRAM", "CONFIG")).startsWith("*2\\r\\n$10\\r\\nconfig|get\\r\\n");
            c.call("HELLO", "3");
            String three = lines(c.callText("LATENCY", "HISTOGRAM", "set"));
            assertThat(three).matches("%1 \\$3 set %2 \\$5 calls :1 \\$14 histogram_usec %1 :\\d+ :1 ");
        }
    }

    private static Object latency(Jedis jedis, String... args) {
        return jedis.sendCommand(() -> "LATENCY".getBytes(), args);
    }

    private static String text(Object reply) { return new String((byte[]) reply); }

    /** RawClient's escaped text with each CRLF as one space. */
    private static String lines(String escaped) { return escaped.replace("\\r\\n", " "); }

    /** Nested replies with bulk strings as Strings, for comparing. */
    private static Object strings(Object reply) {
        if (reply instanceof byte[] b) return new String(b);
        if (reply instanceof List<?> l) return l.stream().map(LatencyCommandsTest::strings).toList();
        return reply;
    }
}
