/*
 * EXEC under maxmemory: commands queued while memory was fine, then another client fills memory
 * past the limit. Redis 7.0 refuses the EXEC with EXECABORT and the OOM reason when the queue
 * holds a denyoom command (processCommand's is_denyoom_command looks at the queued flags), and
 * runs it when the queue only reads or deletes, or when the policy can evict its way back under.
 * Checked against redis-server 7.0.15 by hand (two connections; a scenario file has only one).
 */
package dev.rediscover.evict;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ExecUnderOomTest {
    private static final String OOM_ABORT =
            "-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\\r\\n";

    private RediscoverServer server;
    private RawClient tx;
    private RawClient filler;
    private final Random random = new Random();
    private final String prefix = "k" + Long.toHexString(random.nextLong()) + ":";

    @BeforeEach
    void start() throws IOException {
        server = RediscoverServer.start();
        tx = new RawClient(server.port());
        filler = new RawClient(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        tx.close();
        filler.close();
        server.close();
    }

    /** maxmemory a little above what is used now, with this policy. */
    private void limitNearUsed(String policy) throws IOException {
        long used = server.onLoop(s -> UsedMemory.of(s).used());
        filler.call("CONFIG", "SET", "maxmemory-policy", policy);
        filler.call("CONFIG", "SET", "maxmemory", Long.toString(used + 256 * 1024));
    }

    /** The other client writes 1 KB values until the server says OOM (noeviction). */
    private void fillUntilOom() throws IOException {
        String value = "x".repeat(1024);
        for (int i = 0; i < 100_000; i++) {
            String r = filler.callText("SET", prefix + "fill:" + i, value);
            if (r.startsWith("-OOM")) return;
            assertThat(r).isEqualTo("+OK\\r\\n");
        }
        throw new AssertionError("memory never went over maxmemory");
    }

    @Test
    void execOfAQueuedWriteIsAbortedWhenMemoryWentOverAfterQueueing() throws IOException {
        limitNearUsed("noeviction");
        String key = prefix + "tx";
        assertThat(tx.callText("MULTI")).isEqualTo("+OK\\r\\n");
        assertThat(tx.callText("SET", key, "v" + random.nextInt())).isEqualTo("+QUEUED\\r\\n");
        assertThat(tx.callText("GET", key)).isEqualTo("+QUEUED\\r\\n");
        fillUntilOom();

        assertThat(tx.callText("EXEC")).isEqualTo(OOM_ABORT);
        // Nothing ran, and the transaction is over: the next command runs on its own.
        assertThat(tx.callText("EXISTS", key)).isEqualTo(":0\\r\\n");
        assertThat(tx.callText("EXEC")).isEqualTo("-ERR EXEC without MULTI\\r\\n");
    }

    @Test
    void execOfReadsAndDeletesStillRunsOverTheLimit() throws IOException {
        String key = prefix + "r";
        tx.call("SET", key, "v");
        limitNearUsed("noeviction");
        tx.call("MULTI");
        tx.call("GET", key);
        tx.call("DEL", key);
        fillUntilOom();

        assertThat(tx.callText("EXEC")).isEqualTo("*2\\r\\n$1\\r\\nv\\r\\n:1\\r\\n");
    }

    @Test
    void underAnEvictingPolicyExecRunsAfterEvicting() throws IOException {
        limitNearUsed("noeviction");
        String key = prefix + "lru";
        tx.call("MULTI");
        tx.call("SET", key, "v");
        fillUntilOom();
        // allkeys-lru can free memory, so the gate evicts and lets the EXEC through.
        filler.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");

        assertThat(tx.callText("EXEC")).isEqualTo("*1\\r\\n+OK\\r\\n");
    }
}
