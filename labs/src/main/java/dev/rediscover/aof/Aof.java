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
 * Rewriting (BGREWRITEAOF, auto-aof-rewrite-percentage, CONFIG SET appendonly yes) runs in the
 * background, as Redis's rewriteAppendOnlyFileBackground / backgroundRewriteDoneHandler, but
 * without fork: a point-in-time Snapshot (dev.rediscover.persistence) walks the keyspace a slice
 * at a time between commands, and a writer thread writes the new base to a temp file. At the
 * start the current incr is fsynced and a new incr takes every write from then on; the manifest
 * names old base + old incrs + new incr. When the base is fsynced and renamed, the manifest
 * becomes new base + new incr and the old files are deleted. Every step leaves a loadable set of
 * files: a crash or failure mid-rewrite loads the old files plus the new incr. (The very first
 * base, at start-up with no files yet, is still written synchronously, before serving.)
 */
package dev.rediscover.aof;

import dev.rediscover.command.CommandTable;
import dev.rediscover.command.RedisException;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.persistence.BackgroundFileWriter;
import dev.rediscover.persistence.RdbPersistence;
import dev.rediscover.persistence.Snapshot;
import dev.rediscover.persistence.Snapshots;
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
                waitRewrite = true;             // logging starts with the rewrite (Redis: AOF_WAIT_REWRITE)
                turnOn();
                if (startRewrite() == Start.SCHEDULED) {
                    server.log.notice("AOF was enabled but there is already another background operation. "
                            + "An AOF background was scheduled to start when possible.");
                }
            } else {
                stop();
            }
        } catch (IOException e) {
            stop();
            server.log.warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation: " + e.getMessage());
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();                     // e.g. an unwritten lab method: the AOF stays off
            throw e;
        }
    }

    /** Flush, fsync and close (SHUTDOWN, CONFIG SET appendonly no). */
    public void stop() {
        abandonRewrite();
        if (!on) return;
        Propagation.of(server).removeTarget(target);
        if (waitRewrite) {
            waitRewrite = false;
            rewriteScheduled = false;
        }
        try {
            if (incr != null) {
                writeBuffer();
                incr.force(false);
            }
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
        if (incr == null) return;       // appendonly yes, its rewrite not begun: the snapshot will hold this
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
            long start = System.nanoTime();
            incr.force(false);
            dev.rediscover.ops.LatencyMonitor.of(server).addSampleIfNeeded("aof-fsync-always", (System.nanoTime() - start) / 1_000_000);
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
        long start = System.nanoTime();
        buf.writeTo(incr);
        // Latency monitor events (Redis: flushAppendOnlyFile). No fork children and no fsync
        // racing the write here, so the write is always the "alone" kind.
        long ms = (System.nanoTime() - start) / 1_000_000;
        var monitor = dev.rediscover.ops.LatencyMonitor.of(server);
        monitor.addSampleIfNeeded("aof-write-alone", ms);
        monitor.addSampleIfNeeded("aof-write", ms);
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
        startScheduledRewrite();
        if (!on) return;
        if (fsyncPolicy.equals("everysec")) fsyncIfSecondPassed();
        if (rw == null && !waitRewrite && Snapshots.of(server).active() == null
                && !RdbPersistence.of(server).bgsaveInProgress() && autoRewriteDue()) {
            server.log.notice("Starting automatic rewriting of AOF on " + (baseSize > 0 ? (currentSize - baseSize) * 100 / baseSize : 0) + "% growth");
            try {
                startRewrite();
            } catch (IOException | RuntimeException e) {
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
     * Rewrite now, synchronously (the loop waits): new base from the dataset, new empty incr
     * file, manifest switched to the pair, old files deleted. Only for the first files at
     * start-up, before anyone is served; everything else goes through startRewrite.
     * keepOpen: go on appending to the new incr file.
     */
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

    // ---------------------------------------------------------------- background rewrite

    /**
     * One background rewrite in flight (Redis keeps this in server.child_type == CHILD_TYPE_AOF,
     * aof_rewrite_time_start and the temp file names). The new base goes to a temp file through a
     * writer thread; the keys come from a point-in-time Snapshot the loop walks between commands.
     */
    private static final class Rewrite {
        BackgroundFileWriter writer;
        Snapshot snapshot;
        long startNanos;
        boolean rdb;
        long baseSeq;
        /** The incr file the writes since the start go to, or null while the AOF is off. */
        String incrName;
        long incrSeq;
        /** Waiting for the first rewrite after CONFIG SET appendonly yes: the incr is a temp file. */
        boolean initial;
        /** The files the new base makes obsolete: the manifest's files before the new incr. */
        java.util.List<AofManifest.FileInfo> obsolete;
        java.util.List<AofManifest.FileInfo> oldHistory;
        Exception encodeError;
    }

    private Rewrite rw;
    /** BGREWRITEAOF (or appendonly yes) while another snapshot ran: start when it is over. */
    private boolean rewriteScheduled;
    /** CONFIG SET appendonly yes is on, but its first rewrite is not done (Redis: AOF_WAIT_REWRITE). */
    private boolean waitRewrite;

    /** True from the start of a background rewrite until its files are in place or given up. */
    public boolean rewriteInProgress() { return rw != null; }

    /** What startRewrite did: started, scheduled for later, or refused because one runs. */
    enum Start { STARTED, SCHEDULED, IN_PROGRESS }

    /**
     * Start a background rewrite (Redis: rewriteAppendOnlyFileBackground). If another snapshot
     * (a BGSAVE) runs, schedule it for the cron instead: one snapshot at a time. At the start the
     * current incr is flushed, fsynced and closed, and a new incr takes the writes from now on;
     * the manifest on disk lists the old base, the old incrs and the new incr, so a crash during
     * the rewrite still loads everything.
     */
    Start startRewrite() throws IOException {
        if (rw != null) return Start.IN_PROGRESS;
        if (Snapshots.of(server).active() != null || RdbPersistence.of(server).bgsaveInProgress()) {
            rewriteScheduled = true;
            return Start.SCHEDULED;
        }
        rewriteScheduled = false;
        if (dir == null) locate();
        Files.createDirectories(dir);
        if (manifest == null) {
            Path mf = dir.resolve(AofManifest.manifestName(prefix));
            manifest = Files.exists(mf) ? AofManifest.read(mf) : new AofManifest();
        }
        Rewrite r = new Rewrite();
        r.startNanos = System.nanoTime();
        r.baseSeq = manifest.base == null ? 1 : manifest.base.seq() + 1;
        r.obsolete = manifest.loadOrder();
        r.oldHistory = new java.util.ArrayList<>(manifest.history);
        r.initial = on && waitRewrite;
        if (on) openNewIncr(r);
        try {
            startBaseWriter(r);
        } catch (IOException | RuntimeException e) {
            rewriteFailed(r, e);
            throw e;
        }
        rw = r;
        rewrites++;                     // counted at the start, as Redis's stat_aof_rewrites
        server.log.notice("Background append only file rewriting started");
        return Start.STARTED;
    }

    /**
     * Redis: openNewIncrAofForAppend. Normally a new incr file, named in a manifest written now
     * next to the old files. While waiting for the first rewrite (appendonly yes at run time)
     * the old files are stale, so the writes go to a temp incr that no manifest names yet.
     */
    private void openNewIncr(Rewrite r) throws IOException {
        if (incr != null) {
            writeBuffer();
            incr.force(false);
        }
        r.incrSeq = manifest.lastIncrSeq() + 1;
        r.incrName = AofManifest.incrName(prefix, r.incrSeq);
        FileChannel next;
        if (r.initial) {
            next = FileChannel.open(tempIncr(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            next = openAppend(dir.resolve(r.incrName));
            next.force(true);
            manifest.incrs.add(new AofManifest.FileInfo(r.incrName, r.incrSeq, 'i'));
            manifest.write(dir, prefix);
        }
        FileChannel old = incr;
        incr = next;
        fsyncThread.switchTo(next);
        closeQuietly(old);
        selectedDb = -1;
        annotatedSecond = -1;
    }

    private static final byte[] PROBE = {'k'};

    /** Redis: getTempIncrAofName. */
    private Path tempIncr() { return dir.resolve("temp-" + prefix + ".incr"); }

    private Path tempBase() { return dir.resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof"); }

    /** The new base: a sink (RDB or commands) feeding a writer thread, fed by a snapshot. */
    private void startBaseWriter(Rewrite r) throws IOException {
        r.rdb = server.config.getBool("aof-use-rdb-preamble") && rdbEncoderWorks();
        // A learner's server before rewriteKey is written: say so now, in BGREWRITEAOF's reply.
        if (!r.rdb) RewriteSinks.rewriteKey(PROBE, new dev.rediscover.keyspace.RedisObject(PROBE), argv -> { });
        Path target = dir.resolve(AofManifest.baseName(prefix, r.baseSeq, r.rdb));
        r.writer = new BackgroundFileWriter(tempBase(), target, server.loop(), res -> rewriteDone(r, res));
        SnapshotSink inner;
        try {
            inner = r.rdb ? new RewriteSinks.Rdb(r.writer, server) : new RewriteSinks.Commands(r.writer);
        } catch (IOException | RuntimeException e) {
            r.writer.abort();
            throw e;
        }
        r.snapshot = Snapshots.of(server).begin(guarded(r, inner), "aof");
    }

    /**
     * Whether the RDB encoder is in this build (and lab 11 is written): otherwise the base is
     * written as commands, which loads just as well.
     */
    private boolean rdbEncoderWorks() {
        try {
            new RewriteSinks.Rdb(java.io.OutputStream.nullOutputStream(), server);
            return true;
        } catch (UnsupportedOperationException | LabNotDone | IOException e) {
            if (!rdbPreambleWarned) server.log.warning("AOF rewrite: no RDB encoder (" + e.getMessage() + "), writing the base as commands");
            rdbPreambleWarned = true;
            return false;
        }
    }

    /**
     * The sink as the snapshot sees it: an encoding error must not escape into the event loop
     * (the snapshot calls key() from the loop and from the copy-before-write hook); the first
     * one is kept and the rewrite fails at the end. The end closes or abandons the writer.
     */
    private static SnapshotSink guarded(Rewrite r, SnapshotSink inner) {
        return new SnapshotSink() {
            @Override
            public void key(int db, byte[] key, dev.rediscover.keyspace.RedisObject o) {
                if (r.encodeError != null) return;
                try {
                    inner.key(db, key, o);
                } catch (RuntimeException e) {
                    r.encodeError = e;
                }
            }

            @Override
            public void end(boolean aborted) {
                if (!aborted && r.encodeError == null) {
                    try {
                        inner.end(false);
                    } catch (RuntimeException e) {
                        r.encodeError = e;
                    }
                }
                if (aborted || r.encodeError != null) r.writer.abort();
                else r.writer.close();
            }

            @Override
            public boolean behind() { return r.writer.behind(); }
        };
    }

    /**
     * The base is written, fsynced and renamed into place (on the loop; Redis:
     * backgroundRewriteDoneHandler): the manifest becomes new base + new incr, the old files go.
     */
    private void rewriteDone(Rewrite r, BackgroundFileWriter.Result res) {
        if (rw != r) return;                    // abandoned earlier: already cleaned up
        rw = null;
        lastRewriteSeconds = (System.nanoTime() - r.startNanos) / 1_000_000_000L;
        Exception why = r.encodeError != null ? r.encodeError : res.error();
        if (!res.ok() || why != null) {
            rewriteFailed(r, why);
            return;
        }
        try {
            switchManifest(r);
        } catch (IOException e) {
            deleteQuietly(dir.resolve(AofManifest.baseName(prefix, r.baseSeq, r.rdb)));
            rewriteFailed(r, e);
            return;
        }
        consecutiveFailures = 0;
        lastRewriteOk = true;
        server.log.notice("Background AOF rewrite finished successfully");
    }

    private void switchManifest(Rewrite r) throws IOException {
        String baseName = AofManifest.baseName(prefix, r.baseSeq, r.rdb);
        if (r.incrName == null) {
            // The AOF is off: an empty incr to go with the base, as the synchronous rewrite makes.
            r.incrSeq = manifest.lastIncrSeq() + 1;
            r.incrName = AofManifest.incrName(prefix, r.incrSeq);
            try (FileChannel ch = openAppend(dir.resolve(r.incrName))) {
                ch.force(true);
            }
        } else if (r.initial) {
            // The temp incr has held every write since the start: it becomes the real one.
            Files.move(tempIncr(), dir.resolve(r.incrName), StandardCopyOption.ATOMIC_MOVE);
        }
        AofManifest next = new AofManifest();
        next.base = new AofManifest.FileInfo(baseName, r.baseSeq, 'b');
        next.incrs.add(new AofManifest.FileInfo(r.incrName, r.incrSeq, 'i'));
        boolean gc = !server.config.getBool("aof-disable-auto-gc");
        if (!gc) {
            next.history.addAll(r.oldHistory);
            for (AofManifest.FileInfo f : r.obsolete) next.history.add(new AofManifest.FileInfo(f.name(), f.seq(), 'h'));
        }
        next.write(dir, prefix);
        manifest = next;
        if (r.initial) waitRewrite = false;
        if (gc) {
            for (AofManifest.FileInfo f : r.obsolete) deleteQuietly(dir.resolve(f.name()));
            for (AofManifest.FileInfo f : r.oldHistory) deleteQuietly(dir.resolve(f.name()));
        }
        baseSize = Files.size(dir.resolve(baseName)) + (incr != null ? incr.size() : 0);
        currentSize = baseSize;
    }

    /**
     * The interim manifest (old files + new incr) stays: it loads everything. While waiting for
     * the first rewrite, try again from the cron (the temp incr restarts with the next snapshot).
     */
    private void rewriteFailed(Rewrite r, Exception why) {
        consecutiveFailures++;
        lastRewriteOk = false;
        server.log.warning("Background AOF rewrite failed" + (why == null ? "" : ": " + why));
        if (r.initial && on) rewriteScheduled = true;
    }

    /**
     * Give up the running rewrite (SHUTDOWN, CONFIG SET appendonly no; Redis:
     * killAppendOnlyChild): its temp base is deleted, the interim manifest stays.
     */
    private void abandonRewrite() {
        Rewrite r = rw;
        if (r == null) return;
        rw = null;
        Snapshots snapshots = Snapshots.of(server);
        if (snapshots.active() == r.snapshot) snapshots.abort();
        else r.writer.abort();
        if (r.initial) deleteQuietly(tempIncr());
        server.log.notice("Killing running AOF rewrite");
    }

    /** The cron's part: a scheduled rewrite, once no snapshot runs (Redis: serverCron). */
    private void startScheduledRewrite() {
        if (!rewriteScheduled || rw != null) return;
        if (Snapshots.of(server).active() != null || RdbPersistence.of(server).bgsaveInProgress()) return;
        try {
            startRewrite();
        } catch (IOException | RuntimeException e) {
            server.log.warning("Scheduled AOF rewrite failed to start: " + e.getMessage());
        }
    }

    /** BGREWRITEAOF (Redis: bgrewriteaofCommand). */
    void bgrewriteaof(Client c) {
        Start started;
        try {
            started = startRewrite();
        } catch (LabNotDone notDone) {
            throw notDone;          // an unwritten lab method answers with its name, as anywhere else
        } catch (IOException | RuntimeException e) {
            server.log.warning("AOF rewrite failed: " + e.getMessage());
            throw new RedisException("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
        }
        switch (started) {
            case IN_PROGRESS -> throw new RedisException("ERR Background append only file rewriting already in progress");
            case SCHEDULED -> c.reply.simple("Background append only file rewriting scheduled");
            default -> c.reply.simple("Background append only file rewriting started");
        }
    }

    // ---------------------------------------------------------------- INFO

    /** The aof_* fields of INFO persistence that are always shown, in Redis's order. */
    public void info(StringBuilder sb) {
        field(sb, "aof_enabled", on ? 1 : 0);
        field(sb, "aof_rewrite_in_progress", rw != null ? 1 : 0);
        field(sb, "aof_rewrite_scheduled", rewriteScheduled ? 1 : 0);
        field(sb, "aof_last_rewrite_time_sec", lastRewriteSeconds);
        field(sb, "aof_current_rewrite_time_sec", rw == null ? -1 : (System.nanoTime() - rw.startNanos) / 1_000_000_000L);
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
