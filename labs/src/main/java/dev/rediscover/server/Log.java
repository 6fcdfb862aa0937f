/*
 * The server log, in Redis's line format (server.c, serverLogRaw):
 *
 *   12345:M 27 Nov 2026 04:13:12.123 * Ready to accept connections tcp
 *
 * pid, role (M master, S replica), time, a level mark (. debug, - verbose, * notice, # warning),
 * and the message. It goes to standard output, or to `logfile` when set. Embedded servers log
 * only warnings by default so test output stays quiet.
 */
package dev.rediscover.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

public final class Log {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final String[] MARKS = {".", "-", "*", "#"};

    private volatile int level = 2;            // 0 debug, 1 verbose, 2 notice, 3 warning, 4 nothing
    private volatile PrintStream out = System.out;
    private final long pid = ProcessHandle.current().pid();
    volatile char role = 'M';

    public void setLevel(String name) {
        level = switch (name) {
            case "debug" -> 0;
            case "verbose" -> 1;
            case "notice" -> 2;
            case "warning" -> 3;
            default -> 4;
        };
    }

    public void setFile(String path) throws IOException {
        out = path == null || path.isEmpty() ? System.out
                : new PrintStream(new FileOutputStream(path, true), true, StandardCharsets.UTF_8);
    }

    public void debug(String msg) { log(0, msg); }

    public void verbose(String msg) { log(1, msg); }

    public void notice(String msg) { log(2, msg); }

    public void warning(String msg) { log(3, msg); }

    /** Errors that should never happen: always logged, at warning level. */
    public void severe(String msg) { log(3, msg); }

    private void log(int lvl, String msg) {
        if (lvl < level) return;
        out.println(pid + ":" + role + " " + TIME.format(java.time.Instant.now()) + " " + MARKS[lvl] + " " + msg);
    }
}
