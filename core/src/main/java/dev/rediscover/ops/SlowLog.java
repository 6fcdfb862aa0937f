/*
 * The slow log: the last slowlog-max-len commands that took at least slowlog-log-slower-than
 * microseconds to run, newest first, for SLOWLOG GET (see SlowLogCommands).
 *
 * It hears of every command as a Dispatcher observer, with the time the handler took (only the
 * execution: reading the request and writing the reply are not counted, as in Redis). Both
 * settings are read live: CONFIG SET changes the next decision. A negative threshold turns the
 * log off, 0 logs every command. A smaller slowlog-max-len takes effect at the next push.
 *
 * Redis: slowlog.c (slowlogPushEntryIfNeeded, slowlogCreateEntry), called from call() in
 * server.c through slowlogPushCurrentCommand. Like Redis we skip commands flagged skip_slowlog
 * (EXEC: the commands it runs are logged one by one instead), commands replayed from the AOF,
 * and a command that blocked (Redis logs it when it is served; see "Going further" in
 * lessons/15-operations).
 * Each entry keeps at most 32 arguments and 128 bytes of each, so a huge MSET cannot make the
 * log itself a memory problem; passwords are redacted (Redaction).
 */
package dev.rediscover.ops;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

public final class SlowLog {
    /** At most this many arguments are kept, the last one saying how many were left out. */
    static final int MAX_ARGC = 32;
    /** Arguments longer than this are cut, with a note of how many bytes were left out. */
    static final int MAX_ARG_LEN = 128;

    /** One logged command (Redis: slowlogEntry). */
    public record Entry(long id, long unixSeconds, long micros, byte[][] argv, String peer, byte[] name) {}

    private final Server server;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();   // newest first
    private long nextId;
    // Hot-path copies of the two settings (Config.onChange keeps them current).
    private long slowerThan;
    private long maxLen;

    private SlowLog(Server server) {
        this.server = server;
        server.config.onChange("slowlog-log-slower-than", v -> slowerThan = Long.parseLong(v));
        server.config.onChange("slowlog-max-len", v -> maxLen = Long.parseLong(v));
        server.dispatcher.addObserver(this::afterCommand);
    }

    /** The server's slow log, created (and hooked to the dispatcher) on first use. */
    public static SlowLog of(Server server) {
        return server.extension(SlowLog.class, SlowLog::new);
    }

    /** Dispatcher observer: two comparisons for a fast command, an entry for a slow one. */
    private void afterCommand(Client c, CommandSpec cmd, long micros) {
        if (slowerThan < 0 || micros < slowerThan) return;
        if (cmd.is("skip_slowlog") || c.has(Client.FAKE) || c.has(Client.BLOCKED)) return;
        try {
            push(c, cmd, micros);
        } catch (LabNotDone notYet) {
            // A course server before lab 15: a slow command must not break earlier labs.
        }
    }

    /** Log one command, then drop the oldest entries beyond slowlog-max-len. */
    // tag::push[]
    @Lab(15)
    void push(Client c, CommandSpec cmd, long micros) {
        byte[][] argv = entryArgv(Redaction.shownArgv(c, cmd), c.argc);
        long now = server.clock.millis() / 1000;
        byte[] name = c.name == null ? new byte[0] : c.name;
        entries.addFirst(new Entry(nextId++, now, micros, argv, c.address, name));
        while (entries.size() > maxLen) entries.removeLast();
    }
    // end::push[]

    /**
     * The arguments an entry keeps: at most 32, the 32nd replaced by "... (N more arguments)"
     * when there were more; each cut to 128 bytes plus "... (N more bytes)". Always copies:
     * the originals may be stored in the keyspace and change later (APPEND).
     */
    // tag::entry-argv[]
    @Lab(15)
    static byte[][] entryArgv(byte[][] argv, int argc) {
        int kept = Math.min(argc, MAX_ARGC);
        byte[][] out = new byte[kept][];
        for (int j = 0; j < kept; j++) {
            if (j == kept - 1 && kept != argc) {
                out[j] = ascii("... (" + (argc - kept + 1) + " more arguments)");
            } else if (argv[j].length > MAX_ARG_LEN) {
                byte[] more = ascii("... (" + (argv[j].length - MAX_ARG_LEN) + " more bytes)");
                out[j] = Arrays.copyOf(argv[j], MAX_ARG_LEN + more.length);
                System.arraycopy(more, 0, out[j], MAX_ARG_LEN, more.length);
            } else {
                out[j] = argv[j].clone();
            }
        }
        return out;
    }
    // end::entry-argv[]

    /** The newest `count` entries, newest first. */
    public Entry[] newest(long count) {
        int n = (int) Math.min(count, entries.size());
        Entry[] out = new Entry[n];
        int i = 0;
        for (Entry e : entries) {
            if (i == n) break;
            out[i++] = e;
        }
        return out;
    }

    public int size() { return entries.size(); }

    /** SLOWLOG RESET: forget every entry; ids keep counting up (Redis: slowlogReset). */
    public void reset() { entries.clear(); }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
