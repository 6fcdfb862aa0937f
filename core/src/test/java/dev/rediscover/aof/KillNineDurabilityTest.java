/*
 * The promise of appendfsync always: a write the client saw acknowledged is on disk. The server
 * runs as its own process (Main, as `java -jar rediscover.jar` runs it), two clients write as fast
 * as they can, and at a random moment the process is killed with SIGKILL: no shutdown hook, no
 * flush. After a restart on the same directory every acknowledged write must be there — over
 * twenty trials, each also checking the writes of all the trials before it.
 */
package dev.rediscover.aof;

import dev.rediscover.server.Main;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class KillNineDurabilityTest {
    static final int TRIALS = 20;

    @TempDir
    Path dir;

    /** key -> value of every write whose OK arrived. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** The highest INCR reply seen: after the restart the counter is at least that. */
    private final AtomicLong counterAcked = new AtomicLong();

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        for (int trial = 0; trial < TRIALS; trial++) {
            int port = freePort();
            Process p = launch(port, trial);
            try {
                verifyEverythingAcknowledged(port, trial);
                writeUntilKilled(p, port, trial);
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        int port = freePort();
        Process p = launch(port, TRIALS);
        try {
            verifyEverythingAcknowledged(port, TRIALS);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(acknowledged.size()).as("writes acknowledged over all trials").isGreaterThan(TRIALS * 10);
    }

    private Process launch(int port, int trial) throws IOException, InterruptedException {
        Path log = dir.resolve("server-" + trial + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString(),
                "--appendonly", "yes", "--appendfsync", "always"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("Ready to accept connections") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(Files.readString(log)).as("trial %d start-up log", trial).contains("Ready to accept connections");
        return p;
    }

    private void verifyEverythingAcknowledged(int port, int trial) throws IOException {
        try (RawClient c = new RawClient(port)) {
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                String got = c.callText("GET", e.getKey());
                assertThat(got).as("trial %d: acknowledged %s", trial, e.getKey())
                        .isEqualTo("$" + e.getValue().length() + "\\r\\n" + e.getValue() + "\\r\\n");
            }
            String counter = c.callText("GET", "counter");
            long value = counter.startsWith("$-1") ? 0 : Long.parseLong(counter.split("\\\\r\\\\n")[1]);
            assertThat(value).as("trial %d: counter", trial).isGreaterThanOrEqualTo(counterAcked.get());
        }
    }

    /** Two writers; the process is killed after a random 50-400 ms, mid-stream. */
    private void writeUntilKilled(Process p, int port, int trial) throws Exception {
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            Thread t = new Thread(() -> write(port, trial, writer));
            t.start();
            writers.add(t);
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400));
        p.destroyForcibly();                          // SIGKILL
        p.waitFor(10, TimeUnit.SECONDS);
        for (Thread t : writers) t.join(10_000);
    }

    private void write(int port, int trial, int writer) {
        try (RawClient c = new RawClient(port)) {
            for (int i = 0; ; i++) {
                String key = "t" + trial + ":w" + writer + ":" + i;
                String value = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-" + i;
                if (!c.callText("SET", key, value).equals("+OK\\r\\n")) return;
                acknowledged.put(key, value);
                String n = c.callText("INCR", "counter");
                if (!n.startsWith(":")) return;
                long v = Long.parseLong(n.substring(1, n.length() - 4));
                counterAcked.accumulateAndGet(v, Math::max);
            }
        } catch (IOException | RuntimeException killed) {
            // the server died under us: whatever was not acknowledged may be lost
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String utf8(byte[] b) { return new String(b, StandardCharsets.UTF_8); }
}
