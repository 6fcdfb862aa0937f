/*
 * The append-only file: every change to the dataset, as the commands that make it, appended to a
 * log that is replayed at start-up. Redis: aof.c (feedAppendOnlyFile, flushAppendOnlyFile,
 * loadAppendOnlyFiles, rewriteAppendOnlyFileBackground) and server.c (beforeSleep, serverCron).
 *
 * The layout is Redis 7's multi-part AOF, in <dir>/<appenddirname>/:
 *   <appendfilename>.<n>.base.rdb|aof   a snapshot: an RDB (aof-use-rdb-preamble yes) or commands
 *   <appendfilename>.<n>.incr.aof       the commands since that snapshot
 *   <appendfilename>.manifest           which of those files make up the log (AofManifest)
 *
 * Writing. Propagation hands each command to propagate(); it is appended to a buffer. Before the
 * loop sleeps (and so before any reply is sent) the buffer is written to the incr file, then:
 *   appendfsync always     fsync now, on the loop: a client only hears OK once it is on disk;
 *   appendfsync everysec   a background thread fsyncs at most once a second (lose <= ~1 s);
 *   appendfsync no         the kernel flushes when it likes.
 *
 * Rewriting (BGREWRITEAOF, auto-aof-rewrite-percentage, CONFIG SET appendonly yes): write the
 * dataset as a new base, start a new incr file, point the manifest at the pair, and delete the
 * old files. For now the dataset is walked synchronously on the loop (the background snapshot of
 * the persistence package will replace the walk). Every step leaves a loadable set of files:
 * the manifest is only switched, atomically, once the new base is complete and fsynced.
 */
package dev.rediscover.aof;

import dev.rediscover.command.CommandTable;
import dev.rediscover.command.RedisException;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.persistence.SnapshotSink;
import dev.rediscover.propagation.Propagation;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

public final class Aof implements Propagation.Target {
    private final Server server;
    private boolean on;
    private String fsyncPolicy = "everysec";
    private final CommandBuffer buf = new CommandBuffer(64 * 1024);
    /** The database the incr file's last SELECT chose (-1: none yet, a SELECT comes first). */
    private int selectedDb = -1;

    private Path dir;
    private String prefix;
    private AofManifest manifest;
    private FileChannel incr;
    private final BackgroundFsync fsyncThread = new BackgroundFsync();

    // For INFO persistence and the auto-rewrite rule.
    long currentSize, baseSize;
    private long lastFsyncMillis;
    private boolean unsynced;
    private long rewrites, consecutiveFailures;
    private long lastRewriteSeconds = -1;
    private boolean lastRewriteOk = true, lastWriteOk = true;
    private boolean loading;
    private long loadedCommands;
    private boolean rdbPreambleWarned;

    public Aof(Server server) throws IOException {
        this.server = server;
        server.config.onChange("appendfsync", v -> fsyncPolicy = v);
        boolean enabled = server.config.getBool("appendonly");
        if (enabled) startAtBoot();
        server.config.onChange("appendonly", this::appendonlyChanged);
        server.onBeforeSleep(this::beforeSleep);
        server.onCron(this::cron);
        server.onStop(this::stop);
        AofCommands.register(server, this);
    }

    public boolean enabled() { return on; }

    /** True while the AOF is being replayed (INFO loading). */
    public boolean loading() { return loading; }

    // ---------------------------------------------------------------- start and stop

    private void locate() {
        dir = Path.of(server.config.get("dir")).resolve(server.config.get("appenddirname"));
        prefix = server.config.get("appendfilename");
    }

    /** appendonly yes at start-up: load the files if they exist, else create them. */
    private void startAtBoot() throws IOException {
        locate();
        Path manifestFile = dir.resolve(AofManifest.manifestName(prefix));
        if (Files.exists(manifestFile)) {
            manifest = AofManifest.read(manifestFile);
            load();
            openIncrAtBoot();
        } else {
            Files.createDirectories(dir);
            manifest = new AofManifest();
            rewriteNow(true);
            rewrites = 0;               // creating the first files is not a rewrite (INFO aof_rewrites)
        }
        turnOn();
    }

    private void load() throws IOException {
        loading = true;
        Propagation p = Propagation.of(server);
        p.setSuspended(true);
        long start = System.nanoTime();
        try {
            AofLoader loader = new AofLoader(server);
            loader.loadAll(dir, manifest);
            loadedCommands = loader.commandsLoaded;
        } finally {
            p.setSuspended(false);
            loading = false;
        }
        server.log.notice("DB loaded from append only file: " + String.format(java.util.Locale.ROOT, "%.3f",
                (System.nanoTime() - start) / 1e9) + " seconds");
    }

    /** Keep appending to the last incr file, or start one if the manifest has none. */
    private void openIncrAtBoot() throws IOException {
        if (manifest.incrs.isEmpty()) {
            long seq = manifest.lastIncrSeq() + 1;
            manifest.incrs.add(new AofManifest.FileInfo(AofManifest.incrName(prefix, seq), seq, 'i'));
            manifest.write(dir, prefix);
        }
        AofManifest.FileInfo last = manifest.incrs.get(manifest.incrs.size() - 1);
        incr = openAppend(dir.resolve(last.name()));
        currentSize = 0;
        for (AofManifest.FileInfo f : manifest.loadOrder()) {
            Path p = dir.resolve(f.name());
            if (Files.exists(p)) currentSize += Files.size(p);
        }
        baseSize = currentSize;
    }

    private static FileChannel openAppend(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void turnOn() {
        on = true;
        selectedDb = -1;
        lastFsyncMillis = server.clock.millis();
        fsyncThread.start(incr);
        Propagation.of(server).addTarget(target);
    }

    /** CONFIG SET appendonly: yes starts logging (with a rewrite, as Redis's startAppendOnly), no stops. */
    private void appendonlyChanged(String v) {
        boolean want = v.equals("yes");
        if (want == on) return;
        try {
            if (want) {
                locate();
                Files.createDirectories(dir);
                Path manifestFile = dir.resolve(AofManifest.manifestName(prefix));
                manifest = Files.exists(manifestFile) ? AofManifest.read(manifestFile) : new AofManifest();
                rewriteNow(true);
                turnOn();
            } else {
                stop();
            }
        } catch (IOException e) {
            server.log.warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation: " + e.getMessage());
            throw new UncheckedIOException(e);
        }
    }

    /** Flush, fsync and close (SHUTDOWN, CONFIG SET appendonly no). */
    public void stop() {
        if (!on) return;
        Propagation.of(server).removeTarget(target);
        try {
            writeBuffer();
            incr.force(false);
        } catch (IOException e) {
            server.log.warning("Error flushing the AOF at shutdown: " + e.getMessage());
        }
        fsyncThread.stop();
        closeQuietly(incr);
        incr = null;
        on = false;
    }

    // ---------------------------------------------------------------- writing

    /** Append a propagated command, after a SELECT if it is for another database (feedAppendOnlyFile). */
    // tag::feed[]
    @Lab(12)
    @Override
    public void propagate(int db, byte[][] argv) {
        throw new LabNotDone(12, "Aof.propagate");
    }
    // end::feed[]

    private static final byte[] SELECT = Propagation.bytes("SELECT");

    /** What Propagation calls: the time annotation when enabled, then propagate(). */
    private final Propagation.Target target = this::log;

    private void log(int db, byte[][] argv) {
        if (server.config.getBool("aof-timestamp-enabled")) annotateTime();
        propagate(db, argv);
    }

    /** The unix second of the last "#TS:" line written. */
    private long annotatedSecond = -1;

    /**
     * aof-timestamp-enabled: a "#TS:<unix seconds>" line before the first command of each new
     * second (Redis: genAofTimestampAnnotationIfNeeded), so redis-check-aof
     * --truncate-to-timestamp can cut the log back to a moment. The loader skips such lines.
     */
    private void annotateTime() {
        long second = server.clock.millis() / 1000;
        if (second <= annotatedSecond) return;
        annotatedSecond = second;
        buf.line("#TS:" + second);
    }

    /** Before the loop sleeps, so before replies go out (Redis: beforeSleep calls flushAppendOnlyFile). */
    private void beforeSleep() {
        if (on && !buf.isEmpty()) flush();
    }

    /**
     * Write the buffer to the incr file, then fsync as appendfsync says: always now (the replies
     * waiting to go out promise the data is on disk), everysec by the background thread at most
     * once a second, no never (the kernel writes its page cache back when it likes).
     */
    // tag::flush[]
    @Lab(12)
    void flush() {
        throw new LabNotDone(12, "Aof.flush");
    }
    // end::flush[]

    /** fsync the incr file on the loop, before any reply leaves (appendfsync always). */
    void fsyncNow() {
        try {
            incr.force(false);
            fsyncs++;
            lastFsyncMillis = server.clock.millis();
        } catch (IOException e) {
            writeFailed(e);
        }
    }

    /** Ask the background thread for an fsync if the last one is a second old (everysec). */
    void fsyncEverySecond() {
        unsynced = true;
        fsyncIfSecondPassed();
    }

    /** How many fsyncs were done or asked of the background thread (tests, lab 12). */
    public long fsyncs() { return fsyncs; }

    private long fsyncs;

    /** Write the whole buffer to the incr file (Redis: the write half of flushAppendOnlyFile). */
    void writeBuffer() throws IOException {
        int n = buf.length();
        if (n == 0) return;
        buf.writeTo(incr);
        currentSize += n;
        lastWriteOk = true;
    }

    /**
     * A failed write or fsync. With always, a reply may already promise the data is safe: Redis
     * exits rather than break that promise; otherwise the error is shown in INFO and retried.
     */
    void writeFailed(IOException e) {
        lastWriteOk = false;
        server.log.warning("Error writing to the AOF file: " + e.getMessage());
        if (fsyncPolicy.equals("always")) {
            server.log.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
            Runtime.getRuntime().halt(1);
        }
    }

    private void fsyncIfSecondPassed() {
        long now = server.clock.millis();
        if (unsynced && now - lastFsyncMillis >= 1000) {
            fsyncThread.request();
            fsyncs++;
            lastFsyncMillis = now;
            unsynced = false;
        }
    }

    /** serverCron: the everysec fsync even when no new writes come, and the auto-rewrite rule. */
    private void cron() {
        if (!on) return;
        if (fsyncPolicy.equals("everysec")) fsyncIfSecondPassed();
        if (autoRewriteDue()) {
            try {
                rewriteNow();
            } catch (IOException e) {
                server.log.warning("Automatic AOF rewrite failed: " + e.getMessage());
            }
        }
    }

    /** auto-aof-rewrite-percentage / -min-size: grown past min-size, and by percentage over the base. */
    boolean autoRewriteDue() {
        long pct = server.config.getLong("auto-aof-rewrite-percentage");
        long min = server.config.getLong("auto-aof-rewrite-min-size");
        if (pct <= 0 || currentSize <= min) return false;
        long base = baseSize > 0 ? baseSize : 1;
        return (currentSize - base) * 100 / base >= pct;
    }

    // ---------------------------------------------------------------- rewriting

    /**
     * Rewrite now: new base from the dataset, new empty incr file, manifest switched to the pair,
     * old files deleted. Synchronous for now (the loop waits).
     */
    public void rewriteNow() throws IOException { rewriteNow(on); }

    /** keepOpen: go on appending to the new incr file (false while the AOF is off). */
    private void rewriteNow(boolean keepOpen) throws IOException {
        long start = System.nanoTime();
        try {
            doRewrite(keepOpen);
            rewrites++;
            consecutiveFailures = 0;
            lastRewriteOk = true;
        } catch (IOException | RuntimeException e) {
            consecutiveFailures++;
            lastRewriteOk = false;
            throw e instanceof UncheckedIOException u ? u.getCause() : e instanceof IOException io ? io : new IOException(e);
        } finally {
            lastRewriteSeconds = (System.nanoTime() - start) / 1_000_000_000L;
        }
    }

    private void doRewrite(boolean keepOpen) throws IOException {
        if (dir == null) locate();
        Files.createDirectories(dir);
        if (manifest == null) {
            Path mf = dir.resolve(AofManifest.manifestName(prefix));
            manifest = Files.exists(mf) ? AofManifest.read(mf) : new AofManifest();
        }
        if (incr != null) {
            writeBuffer();
            incr.force(false);
        }
        long baseSeq = manifest.base == null ? 1 : manifest.base.seq() + 1;
        Path tmp = dir.resolve("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
        boolean rdb;
        try {
            rdb = writeBase(tmp, server.config.getBool("aof-use-rdb-preamble"));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);                 // a failed rewrite leaves the old files as they were
            throw e;
        }
        String baseName = AofManifest.baseName(prefix, baseSeq, rdb);
        Files.move(tmp, dir.resolve(baseName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        long incrSeq = manifest.lastIncrSeq() + 1;
        String incrName = AofManifest.incrName(prefix, incrSeq);
        FileChannel newIncr = openAppend(dir.resolve(incrName));
        newIncr.force(true);

        AofManifest next = new AofManifest();
        next.base = new AofManifest.FileInfo(baseName, baseSeq, 'b');
        next.incrs.add(new AofManifest.FileInfo(incrName, incrSeq, 'i'));
        boolean gc = !server.config.getBool("aof-disable-auto-gc");
        AofManifest old = manifest;
        if (!gc) {
            next.history.addAll(old.history);
            for (AofManifest.FileInfo f : old.loadOrder()) next.history.add(new AofManifest.FileInfo(f.name(), f.seq(), 'h'));
        }
        next.write(dir, prefix);

        // Switched: the old files are history now.
        FileChannel oldIncr = incr;
        incr = newIncr;
        manifest = next;
        selectedDb = -1;
        annotatedSecond = -1;
        if (oldIncr != null) {
            fsyncThread.switchTo(newIncr);
            closeQuietly(oldIncr);
        }
        if (!keepOpen) {
            closeQuietly(newIncr);
            incr = null;
        }
        if (gc) {
            for (AofManifest.FileInfo f : old.loadOrder()) deleteQuietly(dir.resolve(f.name()));
            for (AofManifest.FileInfo f : old.history) deleteQuietly(dir.resolve(f.name()));
        }
        baseSize = Files.size(dir.resolve(baseName));
        currentSize = baseSize;
    }

    /** Write the base to tmp and fsync it. Returns true if it is an RDB. */
    private boolean writeBase(Path tmp, boolean rdb) throws IOException {
        if (rdb) {
            try {
                writeBaseWith(tmp, out -> new RewriteSinks.Rdb(out, server));
                return true;
            } catch (UnsupportedOperationException | LabNotDone e) {
                // The RDB codec is not in this build, or lab 11 (the encoder) is not written yet:
                // write the base as commands, which loads just as well.
                if (!rdbPreambleWarned) server.log.warning("AOF rewrite: no RDB encoder (" + e.getMessage() + "), writing the base as commands");
                rdbPreambleWarned = true;
            }
        }
        writeBaseWith(tmp, RewriteSinks.Commands::new);
        return false;
    }

    private interface SinkFactory { SnapshotSink open(OutputStream out) throws IOException; }

    private void writeBaseWith(Path tmp, SinkFactory factory) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
            RewriteSinks.walk(server.keyspace, factory.open(out));
            out.flush();
            ch.force(true);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover history file is harmless: it is not in the manifest
        }
    }

    /** BGREWRITEAOF. */
    void bgrewriteaof(Client c) {
        try {
            rewriteNow();
        } catch (IOException e) {
            server.log.warning("AOF rewrite failed: " + e.getMessage());
            // An unwritten lab method answers with its name, as anywhere else in the engine.
            if (e.getCause() instanceof LabNotDone notDone) throw notDone;
            throw new RedisException("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
        }
        c.reply.simple("Background append only file rewriting started");
    }

    // ---------------------------------------------------------------- INFO

    /** The aof_* fields of INFO persistence that are always shown, in Redis's order. */
    public void info(StringBuilder sb) {
        field(sb, "aof_enabled", on ? 1 : 0);
        field(sb, "aof_rewrite_in_progress", 0);
        field(sb, "aof_rewrite_scheduled", 0);
        field(sb, "aof_last_rewrite_time_sec", lastRewriteSeconds);
        field(sb, "aof_current_rewrite_time_sec", -1);
        field(sb, "aof_last_bgrewrite_status", lastRewriteOk ? "ok" : "err");
        field(sb, "aof_rewrites", rewrites);
        field(sb, "aof_rewrites_consecutive_failures", consecutiveFailures);
        field(sb, "aof_last_write_status", lastWriteOk ? "ok" : "err");
        field(sb, "aof_last_cow_size", 0);
    }

    /** The fields shown only while the AOF is on (after module_fork_*), in Redis's order. */
    public void infoWhenOn(StringBuilder sb) {
        if (!on) return;
        field(sb, "aof_current_size", currentSize + buf.length());
        field(sb, "aof_base_size", baseSize);
        field(sb, "aof_pending_rewrite", 0);
        field(sb, "aof_buffer_length", buf.length());
        field(sb, "aof_pending_bio_fsync", fsyncThread.pending() ? 1 : 0);
        field(sb, "aof_delayed_fsync", 0);
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    /** For tests and DEBUG: the current manifest. */
    public AofManifest manifest() { return manifest; }

    public Path directory() { return dir; }

    // ---------------------------------------------------------------- the everysec fsync thread

    /**
     * fsync off the loop (Redis: the bio thread's BIO_AOF_FSYNC job). The loop only writes;
     * this thread makes the written bytes durable, so a slow disk delays nobody's reply.
     */
    static final class BackgroundFsync implements Runnable {
        private volatile FileChannel channel;
        private Thread thread;
        private boolean requested, stopping;

        synchronized void start(FileChannel ch) {
            channel = ch;
            stopping = false;
            if (thread == null) {
                thread = new Thread(this, "rediscover-aof-fsync");
                thread.setDaemon(true);
                thread.start();
            }
        }

        void switchTo(FileChannel ch) { channel = ch; }

        synchronized void request() {
            requested = true;
            notifyAll();
        }

        synchronized boolean pending() { return requested; }

        synchronized void stop() {
            stopping = true;
            notifyAll();
            thread = null;
        }

        @Override
        public void run() {
            while (true) {
                synchronized (this) {
                    while (!requested && !stopping) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (stopping && !requested) return;
                    requested = false;
                }
                FileChannel ch = channel;
                try {
                    if (ch != null) ch.force(false);
                } catch (IOException ignored) {
                    // closed by a rewrite meanwhile: the rewrite fsynced it itself
                }
            }
        }
    }
}
