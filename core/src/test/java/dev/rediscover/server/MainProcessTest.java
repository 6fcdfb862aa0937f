/*
 * The server as a separate process, started the way a user starts it (java ... Main --port N):
 * it reports readiness, serves, stops cleanly on SIGTERM, and refuses bad options with a message
 * naming the option and the line.
 */
package dev.rediscover.server;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MainProcessTest {
    private static Process launch(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void servesThenStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("rediscover", ".log");
        Process p = launch(log, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(log).contains("Ready to accept connections") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.readString(log)).as("startup log").contains("Ready to accept connections");
        try (RawClient c = new RawClient(port)) {
            assertThat(c.callText("PING")).isEqualTo("+PONG\\r\\n");
        }
        p.destroy();   // SIGTERM
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(Files.readString(log)).contains("ready to exit");
        Files.delete(log);
    }

    @Test
    void badOptionStopsBeforeStartingAndNamesIt() throws Exception {
        Path log = Files.createTempFile("rediscover", ".log");
        Process p = launch(log, "--port", "abc");
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("FATAL CONFIG FILE ERROR").contains("port").contains("couldn't be parsed into an integer");
    }

    @Test
    void badConfigFileLineIsReported() throws Exception {
        Path conf = Files.createTempFile("rediscover", ".conf");
        Files.writeString(conf, "# a comment\nport 6399\nno-such-directive yes\n");
        Path log = Files.createTempFile("rediscover", ".log");
        Process p = launch(log, conf.toString());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("at line 3").contains("no-such-directive").contains("Bad directive");
        Files.delete(conf);
    }

    /** The RDB codec comes from another branch; the persistence checks below wait for it. */
    private static boolean codecReady() {
        try {
            new dev.rediscover.rdb.RdbEncoder(new java.io.ByteArrayOutputStream(), false).header();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private static void awaitReady(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(log).contains("Ready to accept connections") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.readString(log)).as("startup log").contains("Ready to accept connections");
    }

    @Test
    void sigtermSavesWhenThereAreSaveRulesAndTheNextStartLoadsIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(codecReady());
        Path dir = Files.createTempDirectory("rediscover-main");
        Path log = Files.createTempFile("rediscover", ".log");
        int port = freePort();
        Process p = launch(log, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "3600 1",
                "--dir", dir.toString());
        awaitReady(p, log);
        try (RawClient c = new RawClient(port)) {
            assertThat(c.callText("SET", "survivor", "yes")).isEqualTo("+OK\\r\\n");
        }
        p.destroy();   // SIGTERM
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("Saving the final RDB snapshot").contains("DB saved on disk");
        assertThat(dir.resolve("dump.rdb")).exists();

        port = freePort();
        p = launch(log, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString());
        awaitReady(p, log);
        try (RawClient c = new RawClient(port)) {
            assertThat(c.callText("GET", "survivor")).isEqualTo("$3\\r\\nyes\\r\\n");
        }
        p.destroy();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("dump.rdb");
        }
        Files.delete(dir.resolve("dump.rdb"));
        Files.delete(dir);
        Files.delete(log);
    }

    @Test
    void aCorruptDumpStopsTheStartAndNamesTheOffset() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(codecReady());
        Path dir = Files.createTempDirectory("rediscover-main");
        Files.write(dir.resolve("dump.rdb"), "REDIS0010\u00fa".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path log = Files.createTempFile("rediscover", ".log");
        Process p = launch(log, "--port", Integer.toString(freePort()), "--save", "", "--dir", dir.toString());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("Fatal error loading the DB").contains("offset")
                .doesNotContain("Ready to accept connections");
        Files.delete(dir.resolve("dump.rdb"));
        Files.delete(dir);
        Files.delete(log);
    }
}
