/*
 * XREAD and XREADGROUP with BLOCK through the blocking subsystem: woken by XADD (only with
 * entries after their ID, not by XSETID), XREAD waits through a DEL, XREADGROUP is answered with
 * Redis's errors when its key or group goes, timeouts on a ManualClock, no blocking in MULTI.
 */
package dev.rediscover.stream;

import dev.rediscover.embedded.EngineOnManualClock;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StreamBlockingTest extends EngineOnManualClock {
    private static String key() { return "s:" + UUID.randomUUID(); }

    private static String bulk(String s) { return "$" + s.length() + "\\r\\n" + s + "\\r\\n"; }

    private static String entry(String id, String f, String v) {
        return "*2\\r\\n" + bulk(id) + "*2\\r\\n" + bulk(f) + bulk(v);
    }

    @Test
    void xreadWaitsForTheNextXaddOnly() throws Exception {
        String k = key();
        RawClient reader = connect(), writer = connect();
        writer.call("XADD", k, "1-0", "a", "1");
        reader.sendCommand("XREAD", "BLOCK", "0", "STREAMS", k, "$");
        awaitBlocked(1);
        writer.call("XSETID", k, "5-0");               // a new last ID is no new entry
        writer.call("SET", "other", "x");
        assertThat(blocked()).isEqualTo(1);
        writer.call("XADD", k, "6-0", "b", "2");
        assertThat(reader.readText()).isEqualTo("*1\\r\\n*2\\r\\n" + bulk(k) + "*1\\r\\n" + entry("6-0", "b", "2"));
        assertThat(blocked()).isZero();
    }

    @Test
    void xreadWaitsThroughADeleteAndSeveralReadersAllGetTheEntry() throws Exception {
        String k = key();
        RawClient r1 = connect(), r2 = connect(), writer = connect();
        writer.call("XADD", k, "3-0", "a", "1");
        r1.sendCommand("XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", k, "3-0");
        r2.sendCommand("XREAD", "BLOCK", "0", "STREAMS", "nokey-" + k, k, "0", "3-0");
        awaitBlocked(2);
        writer.call("DEL", k);
        assertThat(blocked()).isEqualTo(2);
        writer.call("XADD", k, "4-0", "x", "y");
        String expected = "*1\\r\\n*2\\r\\n" + bulk(k) + "*1\\r\\n" + entry("4-0", "x", "y");
        assertThat(r1.readText()).isEqualTo(expected);
        assertThat(r2.readText()).isEqualTo(expected);
    }

    @Test
    void xreadgroupGetsNewEntriesAndErrorsWhenTheKeyOrGroupGoes() throws Exception {
        String k = key();
        RawClient reader = connect(), writer = connect();
        writer.call("XGROUP", "CREATE", k, "g", "$", "MKSTREAM");
        reader.sendCommand("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", k, ">");
        awaitBlocked(1);
        writer.call("XADD", k, "1-0", "f", "v");
        assertThat(reader.readText()).isEqualTo("*1\\r\\n*2\\r\\n" + bulk(k) + "*1\\r\\n" + entry("1-0", "f", "v"));
        assertThat(writer.callText("XPENDING", k, "g")).startsWith("*4\\r\\n:1\\r\\n");

        reader.sendCommand("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", k, ">");
        awaitBlocked(1);
        writer.call("XGROUP", "DESTROY", k, "g");
        assertThat(reader.readText()).isEqualTo("-NOGROUP the consumer group this client was blocked on no longer exists\\r\\n");

        writer.call("XGROUP", "CREATE", k, "g", "$");
        reader.sendCommand("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", k, ">");
        awaitBlocked(1);
        writer.call("DEL", k);
        assertThat(reader.readText()).isEqualTo("-UNBLOCKED the stream key no longer exists\\r\\n");
        assertThat(blocked()).isZero();
    }

    @Test
    void timeoutsFollowTheServerClock() throws Exception {
        String k = key();
        RawClient reader = connect(), writer = connect();
        reader.sendCommand("XREAD", "BLOCK", "100000", "STREAMS", k, "$");
        awaitBlocked(1);
        clock.advanceMillis(50_000);
        server.onLoop(s -> { s.blocking.checkTimeouts(); return null; });
        assertThat(blocked()).isEqualTo(1);
        clock.advanceMillis(50_001);
        server.onLoop(s -> { s.blocking.checkTimeouts(); return null; });
        assertThat(reader.readText()).isEqualTo("*-1\\r\\n");
        assertThat(writer.callText("XREAD", "BLOCK", "-1", "STREAMS", k, "$")).isEqualTo("-ERR timeout is negative\\r\\n");
        assertThat(writer.callText("XREAD", "BLOCK", "x", "STREAMS", k, "$"))
                .isEqualTo("-ERR timeout is not an integer or out of range\\r\\n");
    }

    @Test
    void insideMultiItAnswersAtOnce() throws Exception {
        String k = key();
        RawClient c = connect();
        c.call("MULTI");
        c.call("XREAD", "BLOCK", "0", "STREAMS", k, "$");
        assertThat(c.callText("EXEC")).isEqualTo("*1\\r\\n*-1\\r\\n");
    }
}
