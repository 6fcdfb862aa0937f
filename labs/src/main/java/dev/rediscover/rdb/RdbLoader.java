/*
 * Reads Redis's RDB format into the keyspace: versions up to 10, with the older encodings Redis
 * still loads (ziplist, zipmap, intset, quicklist of ziplists). Redis does this in rdb.c
 * (rdbLoadRio, rdbLoadObject) and checks files with redis-check-rdb.
 *
 * A file is loaded whole or not at all: any error names the byte offset and what was wrong.
 * (The keys are gathered first and only added to the keyspace once the checksum has matched.)
 *
 * The file is a sequence of opcodes and keys:
 *   "REDIS0010"  AUX name value ...  SELECTDB n  RESIZEDB keys expires
 *   [EXPIRETIME_MS t | EXPIRETIME s] [IDLE secs | FREQ f] <type> key value  ...  EOF crc64
 */
package dev.rediscover.rdb;

import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.keyspace.SecondsLruClock;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rediscover.rdb.RdbTypes.*;

public final class RdbLoader {
    private RdbLoader() {}

    /** What a load found: key counts for INFO persistence, and the aux fields. */
    public record Result(long keysLoaded, long keysExpired, Map<String, String> aux) {}

    /** One key read from the file, waiting for the checksum before it enters the keyspace. */
    private record Loaded(int db, byte[] key, RedisObject o, long idleSeconds, int freq) {}

    /**
     * Read one RDB (header to EOF and checksum) from in, adding its keys to ks. Reads nothing past
     * the checksum, so an AOF's commands can follow an RDB preamble in the same stream.
     * dropExpired: a master drops keys already expired at nowMillis; a replica keeps them.
     * Throws RdbFormatException (with the offset) on a corrupt or truncated file.
     */
    public static Result load(InputStream in, Keyspace ks, long nowMillis, boolean dropExpired,
                              boolean verifyChecksum) throws IOException {
        return load(in, ks, nowMillis, dropExpired, verifyChecksum, LoadLimits.DEFAULTS);
    }

    /** As above, fitting values to a server's encoding thresholds. */
    public static Result load(InputStream in, Keyspace ks, long nowMillis, boolean dropExpired,
                              boolean verifyChecksum, LoadLimits limits) throws IOException {
        RdbInput r = new RdbInput(in);
        int version = header(r);
        Map<String, String> aux = new LinkedHashMap<>();
        List<Loaded> keys = new ArrayList<>();
        ValueReader values = new ValueReader(r, limits);
        int db = 0;
        long expireAt = RedisObject.NO_EXPIRY, idle = -1, expired = 0;
        int freq = -1;
        while (true) {
            long at = r.offset;
            int type = r.u8();
            switch (type) {
                case OPCODE_EXPIRETIME_MS -> { expireAt = r.le(8); continue; }
                case OPCODE_EXPIRETIME -> { expireAt = r.le(4) * 1000; continue; }
                case OPCODE_FREQ -> { freq = r.u8(); continue; }
                case OPCODE_IDLE -> { idle = r.number(); continue; }
                case OPCODE_SELECTDB -> {
                    long id = r.number();
                    if (id < 0 || id >= ks.count()) {
                        throw new RdbFormatException(at, "the file uses database " + id
                                + " but this server has " + ks.count() + " databases");
                    }
                    db = (int) id;
                    continue;
                }
                case OPCODE_RESIZEDB -> { r.number(); r.number(); continue; }
                case OPCODE_AUX -> {
                    String k = new String(r.string(), StandardCharsets.UTF_8);
                    aux.put(k, new String(r.string(), StandardCharsets.UTF_8));
                    continue;
                }
                case OPCODE_MODULE_AUX -> throw new RdbFormatException(at, "module data (modules are not supported)");
                case OPCODE_FUNCTION, OPCODE_FUNCTION2 ->
                        throw new RdbFormatException(at, "a function library (functions are not supported)");
                case OPCODE_EOF -> { }
                default -> {
                    byte[] key = r.string();
                    RedisObject o = values.object(type, at);
                    if (o != null) {
                        o.expireAt = expireAt;
                        if (dropExpired && expireAt != RedisObject.NO_EXPIRY && expireAt < nowMillis) expired++;
                        else keys.add(new Loaded(db, key, o, idle, freq));
                    }
                    expireAt = RedisObject.NO_EXPIRY;
                    idle = -1;
                    freq = -1;
                    continue;
                }
            }
            break;
        }
        if (version < 5) r.finish();
        if (version >= 5) {
            long computed = r.crc;
            long at = r.offset;
            long stored = r.le(8);
            r.finish();
            if (verifyChecksum && stored != 0 && stored != computed) {
                throw new RdbFormatException(at, String.format("wrong RDB checksum, expected %016x, got %016x",
                        stored, computed));
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            Loaded k = keys.get(i);
            var d = ks.db(k.db());
            if (d.peek(k.key()) != null) {
                // Redis stops the server on this (rdbLoadRio: "RDB has duplicated key"); we refuse
                // the file, taking back what this load added so far: all or nothing.
                for (int j = 0; j < i; j++) ks.db(keys.get(j).db()).delete(keys.get(j).key());
                throw new RdbFormatException(r.offset, "duplicated key '" + new String(k.key(), StandardCharsets.UTF_8)
                        + "' in database " + k.db());
            }
            d.add(k.key(), k.o());
            if (k.idleSeconds() >= 0) k.o().lru = SecondsLruClock.now(nowMillis - k.idleSeconds() * 1000);
            else if (k.freq() >= 0) k.o().lru = dev.rediscover.evict.Lfu.stamp(k.freq(), nowMillis);
        }
        return new Result(keys.size(), expired, aux);
    }

    /** RESTORE's payload back into a value; checks version and CRC as Redis's verifyDumpPayload. */
    public static RedisObject restore(byte[] payload) {
        return restore(payload, LoadLimits.DEFAULTS);
    }

    /** Thrown by restore with the text of Redis's error reply (after "ERR "). */
    public static final class BadPayload extends IllegalArgumentException {
        public BadPayload(String message) { super(message); }
    }

    public static final String BAD_VERSION_OR_CRC = "DUMP payload version or checksum are wrong";
    public static final String BAD_FORMAT = "Bad data format";

    public static RedisObject restore(byte[] payload, LoadLimits limits) {
        int n = payload.length;
        if (n < 10) throw new BadPayload(BAD_VERSION_OR_CRC);
        int version = (payload[n - 10] & 0xff) | (payload[n - 9] & 0xff) << 8;
        if (version > RdbEncoder.RDB_VERSION) throw new BadPayload(BAD_VERSION_OR_CRC);
        long crc = CompactEncodings.le(payload, n - 8, 8);
        if (Crc64.of(payload, 0, n - 8) != crc) throw new BadPayload(BAD_VERSION_OR_CRC);
        try {
            // Like Redis (rioInitWithBuffer over the whole payload), the value may run into the footer.
            RdbInput r = new RdbInput(new ByteArrayInputStream(payload));
            int type = r.u8();
            if (type > STREAM_LISTPACKS_3 || type == MODULE || type == MODULE_2 || type == 8) throw new BadPayload(BAD_FORMAT);
            RedisObject o = new ValueReader(r, limits).object(type, 0);
            if (o == null) throw new BadPayload(BAD_FORMAT);
            return o;
        } catch (IOException e) {
            throw new BadPayload(BAD_FORMAT);
        }
    }

    /** "REDIS" and a 4-digit version this loader understands (1 to 10). */
    private static int header(RdbInput r) throws IOException {
        byte[] h = r.bytes(9);
        String s = new String(h, StandardCharsets.ISO_8859_1);
        if (!s.startsWith("REDIS")) throw new RdbFormatException(0, "wrong signature trying to load DB from file");
        int v;
        try {
            v = Integer.parseInt(s.substring(5));
        } catch (NumberFormatException e) {
            throw new RdbFormatException(5, "bad RDB version '" + s.substring(5) + "'");
        }
        if (v < 1 || v > RdbEncoder.RDB_VERSION) throw new RdbFormatException(5, "can't handle RDB format version " + v);
        return v;
    }
}
