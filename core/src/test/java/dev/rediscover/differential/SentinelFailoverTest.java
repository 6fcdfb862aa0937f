/*
 * Automatic failover by Debian's real redis-sentinel (7.0, the redis-server binary in sentinel
 * mode) over engine processes: one engine master, two engine replicas, three sentinels with short
 * timeouts. The master process is killed with SIGKILL; the sentinels must agree it is down
 * (+sdown, +odown), elect a leader, promote a replica (SLAVEOF NO ONE), point the other one at it
 * (MULTI / SLAVEOF / CONFIG REWRITE / CLIENT KILL / EXEC) and, when the old master comes back,
 * turn it into a replica of the new one (+convert-to-slave). A JedisSentinelPool writes before and
 * after: it follows +switch-master and its writes succeed again on the new master.
 *
 * Everything Sentinel asks a monitored instance goes through the engine for real: INFO (the
 * replication section is how it discovers replicas and follows their state), ROLE, PING,
 * CLIENT SETNAME, PUBLISH/SUBSCRIBE on __sentinel__:hello (the sentinels find each other through
 * the instances), SLAVEOF in a transaction with CONFIG REWRITE (each engine has a config file)
 * and CLIENT KILL TYPE normal / pubsub. Redis's own test of the same is tests/sentinel/.
 *
 * The engines run as separate processes, as `java -jar core/target/rediscover.jar redis.conf`
 * (the jar if it is at least as new as the compiled classes, else the same Main from them), so
 * that killing one is a real crash. Runs with -Pdifferential; skipped if redis-sentinel is absent.
 */
package dev.rediscover.differential;

import dev.rediscover.server.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Tag("differential")
class SentinelFailoverTest {
    private static final String NAME = "mymaster";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : processes) p.destroyForcibly();
        for (Process p : processes) p.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void sentinelsFailOverFromAKilledEngineMaster() throws Exception {
        Path sentinelBinary = sentinelBinary();
        assumeTrue(sentinelBinary != null, "redis-sentinel is not installed (Debian package redis-sentinel): skipping the failover test");

        Path jar = freshJar();
        System.out.println("SentinelFailoverTest: engines run " + (jar != null ? "java -jar " + jar : "Main from " + mainClasses()));
        int[] engine = {freePort(), freePort(), freePort()};
        Process[] engines = new Process[3];
        for (int i = 0; i < 3; i++) {
            Path d = Files.createDirectories(dir.resolve("engine-" + engine[i]));
            Files.writeString(d.resolve("redis.conf"), "port " + engine[i] + "\nbind 127.0.0.1\nsave \"\"\ndir " + d + "\n"
                    + (i > 0 ? "replicaof 127.0.0.1 " + engine[0] + "\n" : ""));
            engines[i] = launchEngine(engine[i]);
        }
        for (int i = 0; i < 3; i++) awaitReady(engines[i], engine[i]);
        await("both replicas attached to the master", 20, () -> infoField(engine[0], "connected_slaves").equals("2")
                && linkUp(engine[1]) && linkUp(engine[2]));

        int[] sentinel = {freePort(), freePort(), freePort()};
        for (int s : sentinel) launchSentinel(sentinelBinary, s, engine[0]);
        // Each sentinel must know both replicas (from INFO) and the two other sentinels (from
        // the hello messages they publish through the engines) before a failover can happen.
        await("every sentinel sees 2 replicas and 2 other sentinels", 30, () -> {
            for (int s : sentinel) {
                Map<String, String> m = sentinelMaster(s);
                if (!"2".equals(m.get("num-slaves")) || !"2".equals(m.get("num-other-sentinels"))) return false;
            }
            return true;
        });

        Set<String> sentinels = Set.of("127.0.0.1:" + sentinel[0], "127.0.0.1:" + sentinel[1], "127.0.0.1:" + sentinel[2]);
        try (JedisSentinelPool pool = new JedisSentinelPool(NAME, sentinels)) {
            assertThat(pool.getCurrentHostMaster().getPort()).isEqualTo(engine[0]);
            try (Jedis j = pool.getResource()) {
                assertThat(j.set("before", "1")).isEqualTo("OK");
            }
            await("the replicas have the write made before the failover", 10,
                    () -> "1".equals(get(engine[1], "before")) && "1".equals(get(engine[2], "before")));

            long killedAt = System.nanoTime();
            engines[0].destroyForcibly();                         // SIGKILL: a crash, not a shutdown
            engines[0].waitFor(10, TimeUnit.SECONDS);

            // Every sentinel names one of the replicas as the new master.
            int[] promoted = new int[1];
            await("the sentinels switch to a replica", 30, () -> {
                int first = masterAddr(sentinel[0]);
                if (first != engine[1] && first != engine[2]) return false;
                for (int s : sentinel) if (masterAddr(s) != first) return false;
                promoted[0] = first;
                return true;
            });
            int newMaster = promoted[0];
            int other = newMaster == engine[1] ? engine[2] : engine[1];
            assertThat(role(newMaster).get(0)).isEqualTo("master");
            await("the other replica follows the new master", 20, () -> {
                List<Object> r = role(other);
                return r.get(0).equals("slave") && ((Number) r.get(2)).intValue() == newMaster && r.get(3).equals("connected");
            });
            // Sentinel sent CONFIG REWRITE with each SLAVEOF: the files say what a restart must do.
            assertThat(Files.readString(dir.resolve("engine-" + newMaster).resolve("redis.conf"))).doesNotContain("replicaof");
            assertThat(Files.readString(dir.resolve("engine-" + other).resolve("redis.conf")))
                    .contains("replicaof 127.0.0.1 " + newMaster).doesNotContain("replicaof 127.0.0.1 " + engine[0]);

            // The pool learnt of the switch (+switch-master on the sentinels' channel): writes work again.
            await("a write through the pool succeeds on the new master", 20, () -> {
                if (pool.getCurrentHostMaster().getPort() != newMaster) return false;
                try (Jedis j = pool.getResource()) {
                    return j.set("after", "2").equals("OK");
                } catch (RuntimeException stillSwitching) {
                    return false;
                }
            });
            System.out.printf("SentinelFailoverTest: master killed -> pool writing to the new master in %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
            assertThat(get(newMaster, "before")).isEqualTo("1");
            await("the other replica gets the write made after the failover", 10, () -> "2".equals(get(other, "after")));

            // The old master comes back as a master (its file has no replicaof); the sentinels
            // see it claim the role and reconfigure it as a replica of the new master.
            engines[0] = launchEngine(engine[0]);
            awaitReady(engines[0], engine[0]);
            await("the old master rejoins as a replica of the new one", 30, () -> {
                List<Object> r = role(engine[0]);
                return r.get(0).equals("slave") && ((Number) r.get(2)).intValue() == newMaster && r.get(3).equals("connected");
            });
            await("the old master has the data written after the failover", 10, () -> "2".equals(get(engine[0], "after")));
            assertThat(Files.readString(dir.resolve("engine-" + engine[0]).resolve("redis.conf"))).contains("replicaof 127.0.0.1 " + newMaster);
            await("the new master lists both replicas", 10, () -> infoField(newMaster, "connected_slaves").equals("2"));

            try (Jedis j = pool.getResource()) {
                assertThat(j.incr("counter")).isEqualTo(1);
            }
            System.out.print(timeline());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + logs(), e);
        }
    }

    // ---------------------------------------------------------------- processes

    private Process launchEngine(int port) throws IOException {
        Path d = dir.resolve("engine-" + port);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        Path jar = freshJar();
        if (jar != null) {
            cmd.addAll(List.of("-jar", jar.toString()));
        } else {
            cmd.addAll(List.of("-cp", mainClasses().toString(), Main.class.getName()));
        }
        cmd.add(d.resolve("redis.conf").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(d.resolve("engine.log").toFile())).start();
        processes.add(p);
        return p;
    }

    private void awaitReady(Process p, int port) throws Exception {
        Path log = dir.resolve("engine-" + port).resolve("engine.log");
        await("engine on port " + port + " starts", 30, () -> {
            if (!p.isAlive()) fail("engine on port " + port + " exited:\n" + read(log));
            return pingOk(port);
        });
    }

    private void launchSentinel(Path binary, int port, int masterPort) throws IOException {
        Path d = Files.createDirectories(dir.resolve("sentinel-" + port));
        Path conf = d.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + d,
                "sentinel monitor " + NAME + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + NAME + " 1000",
                "sentinel failover-timeout " + NAME + " 5000",
                "sentinel parallel-syncs " + NAME + " 1", ""));
        Process p = new ProcessBuilder(binary.toString(), conf.toString(), "--daemonize", "no", "--logfile", "")
                .redirectErrorStream(true).redirectOutput(d.resolve("sentinel.log").toFile()).start();
        processes.add(p);
    }

    /** The jar `./mvnw package` made, unless the classes were compiled after it (it would be stale). */
    private static Path freshJar() throws IOException {
        Path classes = mainClasses();
        Path jar = classes.resolveSibling("rediscover.jar");
        if (!Files.isRegularFile(jar)) return null;
        long jarTime = Files.getLastModifiedTime(jar).toMillis();
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> lastModified(f) > jarTime) ? null : jar;
        }
    }

    private static long lastModified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Path mainClasses() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path sentinelBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, "redis-sentinel");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private String logs() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                sb.append("==== ").append(dir.relativize(f)).append('\n').append(read(f));
            }
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    /** The sentinels' failover events, for the test's output (surefire-reports/...-output.txt). */
    private String timeline() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path d : files.filter(f -> f.getFileName().toString().startsWith("sentinel-")).sorted().toList()) {
                sb.append("---- ").append(d.getFileName()).append('\n');
                for (String line : Files.readAllLines(d.resolve("sentinel.log"))) {
                    if (line.matches(".*[+-](sdown|odown|try-failover|elected-leader|selected-slave|promoted-slave|slave-reconf-done"
                            + "|failover-end|switch-master|convert-to-slave) .*")) sb.append(line).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String read(Path f) {
        try {
            String s = Files.readString(f);
            return s.length() > 6000 ? "..." + s.substring(s.length() - 6000) : s;
        } catch (IOException e) {
            return e.toString();
        }
    }

    // ---------------------------------------------------------------- asking the instances

    private static boolean pingOk(int port) {
        try (Jedis j = new Jedis("127.0.0.1", port, 1000)) {
            return "PONG".equals(j.ping());
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static String infoField(int port, String name) {
        try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
            for (String line : j.info("replication").split("\r\n")) {
                if (line.startsWith(name + ":")) return line.substring(name.length() + 1);
            }
            return "";
        }
    }

    private static boolean linkUp(int port) {
        return infoField(port, "master_link_status").equals("up");
    }

    private static List<Object> role(int port) {
        try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
            return j.role();
        }
    }

    private static String get(int port, String key) {
        try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
            return j.get(key);
        }
    }

    private static Map<String, String> sentinelMaster(int port) {
        try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
            return j.sentinelMasters().get(0);
        }
    }

    private static int masterAddr(int sentinelPort) {
        try (Jedis j = new Jedis("127.0.0.1", sentinelPort, 2000)) {
            return Integer.parseInt(j.sentinelGetMasterAddrByName(NAME).get(1));
        }
    }

    /** Poll every 50 ms until the condition holds; connection errors count as "not yet". */
    private static void await(String what, int seconds, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) return;
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        fail("timed out after " + seconds + " s waiting until " + what + (last == null ? "" : " (last error: " + last + ")"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
