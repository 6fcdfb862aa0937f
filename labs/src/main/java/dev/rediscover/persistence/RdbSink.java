/*
 * A SnapshotSink that writes an RDB file through RdbEncoder: the header and aux fields first,
 * then each key as it arrives, with a SELECTDB whenever the database changes (keys copied out of
 * turn may interleave databases, which the format allows), then EOF and the checksum. This is
 * Redis's rdbSaveRio (rdb.c) turned inside out: the snapshot decides the order, the sink encodes.
 *
 * Encoding errors do not escape into the event loop: the first one is kept (error()) and the
 * rest of the snapshot is ignored, so the save fails cleanly and the old dump stays.
 */
package dev.rediscover.persistence;

import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.rdb.RdbEncoder;
import dev.rediscover.rdb.RdbFile;
import dev.rediscover.server.Server;

import java.io.IOException;
import java.io.OutputStream;

final class RdbSink implements SnapshotSink {
    /** What to do with the stream once the RDB is complete or abandoned. */
    interface Finish {
        void finish(boolean aborted, Exception error);
    }

    private final RdbEncoder enc;
    private final OutputStream out;
    private final Keyspace ks;
    private final boolean checksum;
    private final Finish finish;
    private int db = -1;
    private Exception error;

    /** Writes the header and aux fields now. aofBase: the RDB preamble of an AOF base file. */
    RdbSink(Server server, OutputStream out, boolean aofBase, Finish finish) {
        this.out = out;
        this.ks = server.keyspace;
        this.checksum = server.config.getBool("rdbchecksum");
        this.finish = finish;
        this.enc = new RdbEncoder(out, server.config.getBool("rdbcompression"));
        try {
            enc.header();
            RdbFile.auxFields(enc, server.clock.millis(),
                    Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(), aofBase);
        } catch (IOException | RuntimeException e) {
            error = e;
        }
    }

    /** The first error met while encoding, or null. */
    Exception error() { return error; }

    @Override
    public void key(int db, byte[] key, RedisObject o) {
        if (error != null) return;
        try {
            if (db != this.db) {
                this.db = db;
                enc.selectDb(db, ks.db(db).size(), ks.db(db).expiresSize());
            }
            enc.keyValue(key, o);
        } catch (IOException | RuntimeException e) {
            error = e;
        }
    }

    @Override
    public void end(boolean aborted) {
        if (!aborted && error == null) {
            try {
                enc.eof(checksum);
            } catch (IOException | RuntimeException e) {
                error = e;
            }
        }
        finish.finish(aborted, error);
    }

    @Override
    public boolean behind() { return out instanceof BackgroundFileWriter w && w.behind(); }
}
