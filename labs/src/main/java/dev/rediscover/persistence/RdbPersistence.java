/*
 * RDB persistence for one server: when and how the dump file is written and read. Redis keeps
 * this state in the `server` struct (lastsave, lastbgsave_status, dirty_before_bgsave,
 * rdb_bgsave_scheduled, saveparams...) and the logic in rdb.c (rdbSave, rdbSaveBackground,
 * backgroundSaveDoneHandler, rdbLoad) and server.c (the save rules in serverCron, the MISCONF
 * check in processCommand, prepareForShutdown).
 *
 *   save()          SAVE: the loop writes the whole file itself, then renames it into place
 *   startBgsave()   BGSAVE: a Snapshot walks the keyspace between commands, a writer thread
 *                   writes and fsyncs; the result comes back to the loop (bgsaveDone)
 *   cron            "save <seconds> <changes>" rules and BGSAVE SCHEDULE
 *   gate            MISCONF: refuse writes after a failed background save
 *   loadAtStartup   read the dump before serving; a corrupt file stops the start
 *
 * The dump is always replaced through a temporary file, fsync and rename (SafeFile): a crash at
 * any moment leaves the previous dump whole.
 */
package dev.rediscover.persistence;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.rdb.RdbFormatException;
import dev.rediscover.rdb.RdbLoader;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

public final class RdbPersistence {
    static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "
            + "persist to disk. Commands that may modify the data set are disabled, because this instance is "
            + "configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error "
            + "option). Please check the Redis logs for details about the RDB error.";
    /** Seconds before a failed background save is retried by the rules (Redis: CONFIG_BGSAVE_RETRY_DELAY). */
    static final long RETRY_DELAY = 5;

    private final Server server;
    private long[] rules = {};              // "save" as pairs: seconds, changes
    private boolean stopWritesOnError;
    private long lastSave;                  // Unix seconds of the last successful save
    private long lastBgsaveTry;             // Unix seconds
    private boolean lastBgsaveOk = true;
    private long lastBgsaveSeconds = -1;
    private long saves;                     // rdb_saves: saves started since start-up
    private boolean bgsaveScheduled;
    private long lastLoadKeysLoaded, lastLoadKeysExpired;
    private BgSave bg;                      // the background save in progress, or null
    private long bgSeq;                     // makes each background temp file name unique

    /** One BGSAVE in flight: its writer, when it began, and the dirty count it will clear. */
    private static final class BgSave {
        BackgroundFileWriter writer;
        Snapshot snapshot;
        long startMillis;
        long dirtyAtStart;
        Exception encodeError;
    }

    private RdbPersistence(Server server) {
        this.server = server;
        this.lastSave = server.startedAt / 1000;
        server.config.onChange("save", v -> rules = parseRules(v));
        server.config.onChange("stop-writes-on-bgsave-error", v -> stopWritesOnError = v.equals("yes"));
        Snapshots.of(server);                        // the copy-before-write hook goes in first
        server.onCron(this::cron);
        server.dispatcher.addLastGate(this::misconfGate);
        server.dispatcher.addBeforeCall(this::beforeCall);
        server.dispatcher.addObserver(this::afterCommand);
    }

    public static RdbPersistence of(Server server) { return server.extension(RdbPersistence.class, RdbPersistence::new); }

    private static long[] parseRules(String v) {
        if (v.isBlank()) return new long[0];
        String[] w = v.trim().split("\\s+");
        long[] r = new long[w.length];
        for (int i = 0; i < w.length; i++) r[i] = Long.parseLong(w[i]);
        return r;
    }

    /** True when "save" has at least one rule (Redis: server.saveparamslen > 0). */
    public boolean hasRules() { return rules.length > 0; }

    /** dir/dbfilename. */
    public Path rdbPath() {
        return Path.of(server.config.get("dir")).toAbsolutePath().resolve(server.config.get("dbfilename"));
    }

    private long nowSeconds() { return server.clock.millis() / 1000; }

    private static long pid() { return ProcessHandle.current().pid(); }

    /** LASTSAVE: Unix time of the last successful save (start-up time before the first). */
    public long lastSave() { return lastSave; }

    public boolean bgsaveInProgress() { return bg != null; }

    // ---------------------------------------------------------------- SAVE

    /**
     * Write the whole dataset now, on the loop (Redis: rdbSave). Returns false, having logged
     * why, if the file could not be written; the previous dump is then untouched.
     */
    public boolean save() {
        saves++;
        Path target = rdbPath();
        String tempName = "temp-" + pid() + ".rdb";
        Path temp = target.resolveSibling(tempName);
        FileChannel ch;
        try {
            ch = SafeFile.create(temp);
        } catch (IOException e) {
            server.log.warning("Failed opening the temp RDB file " + tempName + " (in server root dir "
                    + target.getParent() + ") for saving: " + reason(e));
            return false;
        }
        try {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            Exception[] error = {null};
            Snapshots.writeAll(server.keyspace, new RdbSink(server, out, false, (aborted, e) -> error[0] = e));
            if (error[0] != null) throw error[0];
            out.flush();
            SafeFile.commit(ch, temp, target);
        } catch (LabNotDone e) {
            // A learner's server before the RDB lab: SAVE answers which method to write.
            SafeFile.discard(ch, temp);
            throw e;
        } catch (Exception e) {
            server.log.warning("Write error saving DB on disk: " + reason(e));
            SafeFile.discard(ch, temp);
            return false;
        }
        server.log.notice("DB saved on disk");
        server.keyspace.dirty = 0;
        lastSave = nowSeconds();
        lastBgsaveOk = true;
        return true;
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "No such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ---------------------------------------------------------------- BGSAVE

    /**
     * Start a background save (Redis: rdbSaveBackground). Returns false if a snapshot (ours or
     * an AOF rewrite's) is already running; the caller words the refusal.
     */
    public boolean startBgsave() {
        Snapshots snapshots = Snapshots.of(server);
        if (bg != null || snapshots.active() != null || server.aof.rewriteInProgress()) return false;
        saves++;
        lastBgsaveTry = nowSeconds();
        Path target = rdbPath();
        Path temp = target.resolveSibling("temp-bgsave-" + pid() + "-" + (++bgSeq) + ".rdb");
        BgSave b = new BgSave();
        b.startMillis = server.clock.millis();
        b.dirtyAtStart = server.keyspace.dirty;
        b.writer = new BackgroundFileWriter(temp, target, server.loop(), r -> bgsaveDone(b, r));
        RdbSink sink = new RdbSink(server, b.writer, false, (aborted, error) -> {
            if (aborted || error != null) {
                b.encodeError = error;
                b.writer.abort();
            } else {
                b.writer.close();
            }
        });
        bg = b;
        b.snapshot = snapshots.begin(sink, "rdb");
        server.log.notice("Background saving started");
        return true;
    }

    /** The writer thread is done (on the loop): Redis's backgroundSaveDoneHandlerDisk. */
    private void bgsaveDone(BgSave b, BackgroundFileWriter.Result r) {
        if (bg != b) return;                 // abandoned earlier (FLUSHALL, SHUTDOWN): already forgotten
        bg = null;
        lastBgsaveSeconds = (server.clock.millis() - b.startMillis) / 1000;
        if (r.ok()) {
            server.log.notice("Background saving terminated with success");
            server.keyspace.dirty -= b.dirtyAtStart;
            lastSave = nowSeconds();
            lastBgsaveOk = true;
            return;
        }
        Exception why = b.encodeError != null ? b.encodeError : r.error();
        if (why != null) server.log.warning("Background saving failed: " + reason(why));
        server.log.warning("Background saving error");
        lastBgsaveOk = false;
    }

    /**
     * Abandon the background save: the temporary file is deleted, the status stays as it was
     * (Redis: killRDBChild, whose SIGUSR1 does not count as a failure).
     */
    public void abortBgsave() {
        BgSave b = bg;
        if (b == null) return;
        bg = null;
        Snapshots snapshots = Snapshots.of(server);
        // Still walking: abandon the walk (its sink's end(true) aborts the writer). Walk done,
        // writer finishing: stop the writer before its rename. Never someone else's snapshot.
        if (snapshots.active() == b.snapshot) snapshots.abort();
        else b.writer.abort();
        lastBgsaveSeconds = (server.clock.millis() - b.startMillis) / 1000;
        server.log.warning("Background saving terminated by signal 10");
    }

    /** BGSAVE SCHEDULE while another snapshot runs: start one as soon as possible. */
    public void scheduleBgsave() { bgsaveScheduled = true; }

    // ---------------------------------------------------------------- cron: save rules

    /** serverCron's part: a scheduled BGSAVE, else the first "save" rule that is due. */
    private void cron() {
        if (bg != null || Snapshots.of(server).active() != null || server.aof.rewriteInProgress()) return;
        long now = nowSeconds();
        boolean mayTry = lastBgsaveOk || now - lastBgsaveTry > RETRY_DELAY;
        if (!mayTry) return;
        if (bgsaveScheduled) {
            bgsaveScheduled = false;
            startBgsave();
            return;
        }
        long dirty = server.keyspace.dirty;
        for (int i = 0; i + 1 < rules.length; i += 2) {
            long seconds = rules[i], changes = rules[i + 1];
            if (dirty >= changes && now - lastSave > seconds) {
                server.log.notice(changes + " changes in " + seconds + " seconds. Saving...");
                startBgsave();
                return;
            }
        }
    }

    // ---------------------------------------------------------------- MISCONF

    /**
     * Refuse writes (and PING, as Redis does) while the last background save failed, there are
     * save rules and stop-writes-on-bgsave-error is yes (server.c: writeCommandsDeniedByDiskError).
     */
    private boolean misconfGate(Client c, CommandSpec cmd) {
        if (lastBgsaveOk || !stopWritesOnError || rules.length == 0) return false;
        if (c.has(Client.FAKE | Client.MASTER)) return false;
        if (!cmd.is("write") && !cmd.name().equals("ping")) return false;
        server.dispatcher.reject(c, cmd, MISCONF);
        return true;
    }

    // ---------------------------------------------------------------- FLUSHALL

    /** FLUSHALL abandons a running background save first (Redis: flushAllDataAndResetRDB). */
    private void beforeCall(Client c, CommandSpec cmd) {
        if (bg != null && isValidFlushall(c, cmd)) abortBgsave();
    }

    /** ...and, when there are save rules, leaves an empty dump behind, without resetting dirty. */
    private void afterCommand(Client c, CommandSpec cmd, long micros) {
        if (rules.length == 0 || !isValidFlushall(c, cmd)) return;
        long dirty = server.keyspace.dirty;
        try {
            save();
        } catch (LabNotDone e) {
            server.log.warning("FLUSHALL could not save: " + e.getMessage());
        }
        server.keyspace.dirty = dirty;
    }

    private static boolean isValidFlushall(Client c, CommandSpec cmd) {
        if (!cmd.name().equals("flushall")) return false;
        return c.argc == 1 || (c.argc == 2 && (Args.equalsAscii(c.argv[1], "sync") || Args.equalsAscii(c.argv[1], "async")));
    }

    // ---------------------------------------------------------------- SHUTDOWN

    /**
     * Before the server stops (SHUTDOWN, SIGTERM): abandon a background save, then save if there
     * are rules and not nosave, or if save. Returns false when that save failed and force is off:
     * the server must keep running (Redis: prepareForShutdown / finishShutdown).
     */
    public boolean prepareForShutdown(boolean save, boolean nosave, boolean force) {
        if (bg != null) {
            server.log.warning("There is a child saving an .rdb. Killing it!");
            abortBgsave();
        }
        if ((rules.length > 0 && !nosave) || save) {
            server.log.notice("Saving the final RDB snapshot before exiting.");
            if (!saveUnlessLabMissing()) {
                if (force) {
                    server.log.warning("Error trying to save the DB. Exit anyway.");
                } else {
                    server.log.warning("Error trying to save the DB, can't exit.");
                    server.log.warning("Errors trying to shut down the server. Check the logs for more information.");
                    return false;
                }
            }
        }
        return true;
    }

    /** save(), except that in a learner's server before the RDB lab there is nothing to save with. */
    private boolean saveUnlessLabMissing() {
        try {
            return save();
        } catch (LabNotDone e) {
            server.log.warning("Not saving before exit: " + e.getMessage());
            return true;
        }
    }

    /**
     * SIGTERM (called from the JVM's shutdown hook thread): on the loop, save as
     * shutdown-on-sigterm says, stop the loop; return once it has stopped. The JVM is exiting
     * whatever happens, so a failed save is logged but cannot keep the server up as in Redis.
     */
    public void shutdownOnSignal() {
        String mode = server.config.get("shutdown-on-sigterm").toLowerCase(Locale.ROOT);
        server.loop().execute(() -> {
            prepareForShutdown(mode.contains("save") && !mode.contains("nosave"), mode.contains("nosave"), true);
            server.loop().stop();
        });
        try {
            server.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- loading

    /**
     * Load dir/dbfilename if it exists, before the server serves anyone, unless appendonly is on
     * (then the AOF was loaded instead, as Redis's loadDataFromDisk chooses).
     * A corrupt or truncated file throws, with a message naming the offset: the server must not
     * start on half a dataset.
     */
    public void loadAtStartup() throws IOException {
        if (server.aof.enabled()) return;          // the AOF, loaded already, is the more complete copy
        Path p = rdbPath();
        if (!Files.exists(p)) return;
        long start = System.nanoTime();
        try {
            load(server.keyspace, p);
        } catch (RdbFormatException e) {
            throw new IOException("Fatal error loading the DB (" + p + "): " + e.getMessage() + ". Exiting.", e);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Fatal error loading the DB (" + p + "): " + reason(e) + ". Exiting.", e);
        }
        server.log.notice(String.format(Locale.ROOT, "DB loaded from disk: %.3f seconds", (System.nanoTime() - start) / 1e9));
    }

    /** Read p into ks (which the caller has emptied). */
    private void load(Keyspace ks, Path p) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16)) {
            RdbLoader.Result r = RdbLoader.load(in, ks, server.clock.millis(),
                    server.role().equals("master"), server.config.getBool("rdbchecksum"));
            lastLoadKeysLoaded = r.keysLoaded();
            lastLoadKeysExpired = r.keysExpired();
            if (r.keysExpired() > 0) server.log.notice("Done loading RDB, keys loaded: " + r.keysLoaded() + ", keys expired: " + r.keysExpired() + ".");
        }
    }

    /**
     * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty, load the file back (debug.c).
     * NOFLUSH loads next to the keys already there: a key in both is an error, or with MERGE the
     * file's version wins. Returns the error to reply with, or null for OK.
     */
    public String debugReload(Client c) {
        boolean flush = true, saveFirst = true, merge = false;
        for (int i = 2; i < c.argc; i++) {
            switch (c.arg(i).toLowerCase(Locale.ROOT)) {
                case "merge" -> merge = true;
                case "noflush" -> flush = false;
                case "nosave" -> saveFirst = false;
                default -> { return "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."; }
            }
        }
        if (saveFirst && !save()) return "ERR";
        long dirty = server.keyspace.dirty;
        try {
            if (flush) {
                server.keyspace.flushAll();
                load(server.keyspace, rdbPath());
            } else {
                mergeFrom(rdbPath(), merge);
            }
        } catch (IOException | RuntimeException e) {
            server.log.warning("Error loading the RDB dump: " + e.getMessage());
            return "ERR Error trying to load the RDB dump, check server logs.";
        } finally {
            server.keyspace.dirty = dirty;
        }
        server.log.warning("DB reloaded by DEBUG RELOAD");
        return null;
    }

    /** Load the file aside, then move its keys in: duplicates refused unless merge. */
    private void mergeFrom(Path p, boolean merge) throws IOException {
        Keyspace aside = new Keyspace(server.keyspace.count(), server.clock);
        load(aside, p);
        for (int i = 0; i < aside.count(); i++) {
            Database live = server.keyspace.db(i);
            if (!merge) {
                aside.db(i).forEach(e -> {
                    if (live.peek(e.key()) != null) throw new IllegalStateException("duplicated key '" + new String(e.key(), java.nio.charset.StandardCharsets.UTF_8) + "'");
                });
            }
            aside.db(i).forEach(e -> live.put(e.key(), e.value()));
        }
    }

    // ---------------------------------------------------------------- INFO

    /** The rdb_* and current_save_* lines of INFO persistence, in Redis's order. */
    public void info(StringBuilder sb) {
        Snapshot s = bg != null ? Snapshots.of(server).active() : null;
        line(sb, "current_save_keys_processed", s == null ? 0 : s.keysProcessed());
        line(sb, "current_save_keys_total", s == null ? 0 : s.keysTotal());
        line(sb, "rdb_changes_since_last_save", server.keyspace.dirty);
        line(sb, "rdb_bgsave_in_progress", bg != null ? 1 : 0);
        line(sb, "rdb_last_save_time", lastSave);
        line(sb, "rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        line(sb, "rdb_last_bgsave_time_sec", lastBgsaveSeconds);
        line(sb, "rdb_current_bgsave_time_sec", bg == null ? -1 : (server.clock.millis() - bg.startMillis) / 1000);
        line(sb, "rdb_saves", saves);
        line(sb, "rdb_last_cow_size", 0);
        line(sb, "rdb_last_load_keys_expired", lastLoadKeysExpired);
        line(sb, "rdb_last_load_keys_loaded", lastLoadKeysLoaded);
    }

    private static void line(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }
}
