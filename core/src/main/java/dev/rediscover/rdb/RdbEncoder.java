/*
 * Writes Redis's RDB format (version 10, as Redis 7.0 does): the header, aux fields, database
 * selectors, each key with its expiry, type and value, and the EOF marker with its CRC64.
 * Redis does this in rdb.c (rdbSaveRio, rdbSaveKeyValuePair, rdbSaveObject).
 *
 * The encoder writes to any OutputStream and computes the checksum as it goes, so the same code
 * serves SAVE (a file), BGSAVE (buffers filled on the event loop, written by another thread),
 * DUMP (a byte array) and the AOF's RDB preamble.
 *
 * (API fixed by the lead for issue 6; the bodies are written by the RDB codec work.)
 */
package dev.rediscover.rdb;

import dev.rediscover.keyspace.RedisObject;

import java.io.IOException;
import java.io.OutputStream;

public final class RdbEncoder {
    /** The RDB version Redis 7.0 writes. */
    public static final int RDB_VERSION = 10;

    private final OutputStream out;
    private final boolean compress;

    /** compress: rdbcompression (LZF for strings longer than 20 bytes). */
    public RdbEncoder(OutputStream out, boolean compress) {
        this.out = out;
        this.compress = compress;
    }

    /** "REDIS0010". */
    public void header() throws IOException { throw notYet(); }

    /** An aux field (RDB_OPCODE_AUX): redis-ver, redis-bits, ctime, used-mem, aof-base... */
    public void aux(String key, String value) throws IOException { throw notYet(); }

    /** An aux field whose value is a number, integer-encoded as Redis's rdbSaveAuxFieldStrInt does. */
    public void auxLong(String key, long value) throws IOException { throw notYet(); }

    /** SELECTDB id, then RESIZEDB with the hash table sizes hints. */
    public void selectDb(int id, long keys, long expires) throws IOException { throw notYet(); }

    /** One key: [EXPIRETIME_MS when], value type, key, value. */
    public void keyValue(byte[] key, RedisObject o) throws IOException { throw notYet(); }

    /** The EOF opcode and the 8-byte CRC64 of everything written before it (zero if !checksum). */
    public void eof(boolean checksum) throws IOException { throw notYet(); }

    /** DUMP's payload: type, value, the 2-byte RDB version and the CRC64 footer. */
    public static byte[] dump(RedisObject o) { throw notYet(); }

    private static UnsupportedOperationException notYet() {
        return new UnsupportedOperationException("the RDB encoder is not written yet");
    }
}
