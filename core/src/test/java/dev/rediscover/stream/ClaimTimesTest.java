/*
 * The time-dependent parts of consumer groups, on a ManualClock (the differential scenarios can
 * only compare their types): XPENDING idle and IDLE filter, XCLAIM's min-idle-time, IDLE, TIME,
 * RETRYCOUNT, FORCE and LASTID, and XINFO CONSUMERS idle.
 */
package dev.rediscover.stream;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimTimesTest {
    private static final long T0 = 1_800_000_000_000L;

    private static String pending(String id, String consumer, long idle, long count) {
        return "*4\\r\\n$" + id.length() + "\\r\\n" + id + "\\r\\n$" + consumer.length() + "\\r\\n" + consumer
                + "\\r\\n:" + idle + "\\r\\n:" + count + "\\r\\n";
    }

    @Test
    void idleTimesFollowTheServerClock() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (RediscoverServer server = RediscoverServer.start(clock); RawClient c = new RawClient(server.port())) {
            c.call("XADD", "s", "1-0", "f", "v");
            c.call("XADD", "s", "2-0", "f", "v");
            c.call("XGROUP", "CREATE", "s", "g", "0");
            c.call("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">");
            clock.advanceMillis(700);
            assertThat(c.callText("XPENDING", "s", "g", "-", "+", "10"))
                    .isEqualTo("*2\\r\\n" + pending("1-0", "a", 700, 1) + pending("2-0", "a", 700, 1));
            assertThat(c.callText("XPENDING", "s", "g", "IDLE", "701", "-", "+", "10")).isEqualTo("*0\\r\\n");

            // too recent for min-idle 1000: nothing claimed, and no consumer created
            assertThat(c.callText("XCLAIM", "s", "g", "b", "1000", "1-0", "JUSTID")).isEqualTo("*0\\r\\n");
            clock.advanceMillis(300);
            assertThat(c.callText("XCLAIM", "s", "g", "b", "1000", "1-0", "JUSTID", "IDLE", "250"))
                    .isEqualTo("*1\\r\\n$3\\r\\n1-0\\r\\n");
            assertThat(c.callText("XPENDING", "s", "g", "-", "+", "10", "b")).isEqualTo("*1\\r\\n" + pending("1-0", "b", 250, 1));
            assertThat(c.callText("XCLAIM", "s", "g", "b", "0", "2-0", "TIME", String.valueOf(T0 + 900), "RETRYCOUNT", "5", "JUSTID"))
                    .isEqualTo("*1\\r\\n$3\\r\\n2-0\\r\\n");
            assertThat(c.callText("XPENDING", "s", "g", "-", "+", "10", "b"))
                    .isEqualTo("*2\\r\\n" + pending("1-0", "b", 250, 1) + pending("2-0", "b", 100, 5));

            // FORCE puts an entry nobody read into the PEL; LASTID moves the group forward
            c.call("XADD", "s", "3-0", "f", "v");
            assertThat(c.callText("XCLAIM", "s", "g", "c", "0", "3-0", "FORCE", "LASTID", "3-0", "JUSTID"))
                    .isEqualTo("*1\\r\\n$3\\r\\n3-0\\r\\n");
            assertThat(c.callText("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">")).isEqualTo("*-1\\r\\n");
            assertThat(c.callText("XPENDING", "s", "g", "-", "+", "10", "c")).isEqualTo("*1\\r\\n" + pending("3-0", "c", 0, 1));

            clock.advanceMillis(42);
            String consumers = c.callText("XINFO", "CONSUMERS", "s", "g");
            assertThat(consumers).contains("$4\\r\\nidle\\r\\n:42\\r\\n");
        }
    }
}
