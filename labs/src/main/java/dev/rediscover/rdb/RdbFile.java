/*
 * A whole RDB file in one go, the way Redis's rdbSaveRio lays it out: the header, the aux fields
 * (rdbSaveInfoAuxFields), then for every non-empty database SELECTDB + RESIZEDB and its keys, and
 * EOF with the checksum. Synchronous: it walks the live keyspace, so it runs on the event loop
 * (SAVE, DEBUG RELOAD, tests). The background save drives RdbEncoder key by key instead.
 */
package dev.rediscover.rdb;

import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.server.Server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

public final class RdbFile {
    private RdbFile() {}

    /** The aux fields Redis 7.0 writes first (rdbSaveInfoAuxFields), minus the replication ones. */
    public static void auxFields(RdbEncoder e, long nowMillis, long usedMemory, boolean aofBase) throws IOException {
        e.aux("redis-ver", Server.VERSION);
        e.auxLong("redis-bits", 64);
        e.auxLong("ctime", nowMillis / 1000);
        e.auxLong("used-mem", usedMemory);
        e.auxLong("aof-base", aofBase ? 1 : 0);
    }

    /** Write every key of ks to out as one RDB file. */
    public static void write(Keyspace ks, OutputStream out, boolean compress, boolean checksum, long nowMillis)
            throws IOException {
        RdbEncoder e = new RdbEncoder(out, compress);
        e.header();
        auxFields(e, nowMillis, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(), false);
        writeDatabases(e, ks);
        e.eof(checksum);
    }

    /**
     * Every non-empty database: SELECTDB with its sizes, then each key (Redis: the loop over
     * server.db in rdbSaveRio). The loop must not run anything else meanwhile: SAVE, and the
     * RDB a master sends a replica.
     */
    public static void writeDatabases(RdbEncoder e, Keyspace ks) throws IOException {
        for (int i = 0; i < ks.count(); i++) {
            Database db = ks.db(i);
            if (db.size() == 0) continue;
            e.selectDb(i, db.size(), db.expiresSize());
            try {
                db.forEach(entry -> {
                    try {
                        e.keyValue(entry.key(), entry.value());
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                });
            } catch (UncheckedIOException x) {
                throw x.getCause();
            }
        }
    }
}
