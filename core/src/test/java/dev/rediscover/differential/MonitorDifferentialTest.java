/*
 * MONITOR's lines, compared with a real redis-server: the same commands from a second
 * connection must produce the same lines on a monitor, once the time stamp and the client's
 * port (which naturally differ) are masked. Covers quoting (sdscatrepr), the database number,
 * commands EXEC runs, hidden admin commands, redacted passwords, a monitor's own commands and
 * the refusal of keyspace commands from a monitor, in RESP2 and RESP3.
 *
 * Runs only with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.differential;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class MonitorDifferentialTest extends AgainstRealRedis {
    /** What the other connection runs while the monitor watches (redis-cli syntax). */
    private static final String[] SCRIPT = {
        "SET k v", "SET \"sp ace\" \"q\\\"uote\\\\back\"", "SET bin \"\\x00\\xff\\r\\n\\t\\a\\b~\"", "GET k",
        "SELECT 3", "MULTI", "SET a b", "SELECT 0", "INCR n", "EXEC", "DEL a",
        "CONFIG GET maxmemory", "CLIENT LIST", "SLOWLOG LEN", "DEBUG SLEEP 0",
        "AUTH nosuchpassword", "AUTH", "HELLO 2 AUTH lonely", "HELLO 2 AUTH default x", "HELLO 3", "HELLO 2",
        "CLIENT SETNAME watched", "PUBLISH ch msg", "ECHO \"\"", "PING", "NOSUCHCOMMAND x", "GET",
    };

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void theMonitorSeesTheSameLines(int protocol) throws Exception {
        String marker = UUID.randomUUID().toString();
        List<String> theirs = watch(redis.port(), protocol, marker);
        List<String> ours = watch(engine.port(), protocol, marker);
        assertThat(ours).as("monitor lines (time and port masked)").containsExactlyElementsOf(theirs);
        assertThat(ours).hasSizeGreaterThan(15);
    }

    private static List<String> watch(int port, int protocol, String marker) throws IOException {
        try (RawClient monitor = new RawClient(port); RawClient other = new RawClient(port)) {
            other.call("FLUSHALL");
            monitor.call("HELLO", Integer.toString(protocol));
            List<String> lines = new ArrayList<>();
            lines.add(text(monitor.call("MONITOR")));
            for (String line : SCRIPT) {
                byte[] raw = line.getBytes(StandardCharsets.UTF_8);
                other.call(dev.rediscover.resp.InlineSplitter.split(raw, 0, raw.length));
            }
            other.call("ECHO", marker);
            while (true) {
                String l = text(monitor.readReply());
                lines.add(l);
                if (l.contains(marker)) break;
            }
            // The monitor's own commands: shown to itself after its reply; keyspace ones refused.
            lines.add(text(monitor.call("PING")));
            lines.add(text(monitor.readReply()));
            lines.add(text(monitor.call("GET", "k")));
            lines.add(text(monitor.call("MONITOR", "extra")));
            lines.add(text(monitor.call("RESET")));
            other.call("SET", "after", "reset");
            lines.add(text(monitor.call("PING")));       // no line for SET after RESET
            return lines;
        }
    }

    /** A reply as text, with the time stamp and the client's port masked. */
    private static String text(byte[] reply) {
        return RawClient.escape(reply).replaceAll("^\\+\\d{10}\\.\\d{6} ", "+TIME ")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT");
    }
}
