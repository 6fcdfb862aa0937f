/*
 * redis-cli's interactive hints, against the engine and against redis-server. redis-cli 7.0
 * builds the grey text it shows after a command name ("SET " -> "key value [NX|XX] ...") from
 * COMMAND DOCS "arguments" (redis-cli.c, cliInitCommandHelpEntries / hintsCallback), so this is
 * the end-to-end check of commands/syntax.txt: a real redis-cli runs in a tmux pane for each
 * server, we type a command name and read the pane. Hints only appear on a terminal, hence tmux.
 *
 * Reliability: no fixed sleeps decide the outcome. After typing we poll the pane until the typed
 * text is on the prompt line and two captures in a row agree (linenoise redraws the line and
 * its hint in one write), with a generous deadline. Like RealRedis, a missing tmux fails the
 * test with a message rather than skipping it.
 */
package dev.rediscover.differential;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class RedisCliHintsDifferentialTest {
    private static final List<String> TYPED = List.of("SET ", "GET ", "ZADD ", "ZRANGE ", "LPOS ", "HELLO ",
            "CLIENT KILL ", "CONFIG GET ", "BITFIELD ", "GETEX ", "COMMAND LIST ", "DBSIZE ");

    @Test
    void hintsMatchRedisServer() throws Exception {
        if (RealRedis.findOnPath("tmux") == null || RealRedis.findOnPath("redis-cli") == null) {
            throw new IllegalStateException("this test drives redis-cli in tmux: apt-get install -y tmux redis-tools");
        }
        // our own tmux server, on a socket in a temporary directory removed afterwards
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("rediscover-hints");
        String socket = dir.resolve("tmux.sock").toString();
        try (RealRedis real = RealRedis.start(); RediscoverServer engine = RediscoverServer.start()) {
            Pane ours = Pane.open(socket, "engine", engine.port());
            Pane theirs = Pane.open(socket, "redis", real.port());
            List<String> differences = new ArrayList<>();
            for (String typed : TYPED) {
                String e = ours.hint(typed), r = theirs.hint(typed);
                if (!e.equals(r)) differences.add(typed + "\n  engine: " + e + "\n  redis:  " + r);
            }
            assertThat(ours.hint("SET ")).isEqualTo("SET key value [NX|XX] [GET] [EX seconds|PX milliseconds"
                    + "|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
            assertThat(differences).as("redis-cli hints that differ").isEmpty();
        } finally {
            run("tmux", "-S", socket, "kill-server");
            java.nio.file.Files.deleteIfExists(dir.resolve("tmux.sock"));
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    /** One tmux session running redis-cli against a port. */
    private record Pane(String socket, String session, int port) {
        static Pane open(String socket, String session, int port) throws Exception {
            run("tmux", "-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "220", "-y", "10",
                    "env TERM=xterm REDISCLI_HISTFILE=/dev/null redis-cli -p " + port);
            Pane pane = new Pane(socket, session, port);
            pane.awaitPrompt();
            return pane;
        }

        /** Keys typed before redis-cli puts the terminal in raw mode are lost: wait for the prompt. */
        private void awaitPrompt() throws Exception {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (promptLine("127.0.0.1:" + port + "> ") == null) {
                if (System.nanoTime() > deadline) throw new AssertionError("redis-cli on port " + port + " never prompted");
                Thread.sleep(20);
            }
        }

        /** Types `text` on an empty prompt line; the line as shown (text plus hint), prompt cut off. */
        String hint(String text) throws Exception {
            run("tmux", "-S", socket, "send-keys", "-t", session, "C-u");
            run("tmux", "-S", socket, "send-keys", "-t", session, "-l", text);
            String prompt = "127.0.0.1:" + port + "> ";
            String last = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                String line = promptLine(prompt);
                if (line != null && line.startsWith(text.strip()) && line.equals(last)) return line.strip();
                last = line;
                Thread.sleep(20);
            }
            String pane = run("tmux", "-S", socket, "capture-pane", "-p", "-t", session);
            throw new AssertionError("redis-cli on port " + port + " never showed '" + text + "'; the pane:\n" + pane);
        }

        private String promptLine(String prompt) throws Exception {
            String pane = run("tmux", "-S", socket, "capture-pane", "-p", "-t", session);
            String found = null;
            // capture-pane drops trailing blanks: an empty prompt line ends in ">", not "> "
            for (String l : pane.split("\n")) {
                if (l.startsWith(prompt)) found = l.substring(prompt.length());
                else if (l.equals(prompt.strip())) found = "";
            }
            return found;
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
