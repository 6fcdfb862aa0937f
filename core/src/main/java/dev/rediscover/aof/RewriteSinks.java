/*
 * What an AOF rewrite writes as the new base file, fed one key at a time by a snapshot
 * (SnapshotSink): with aof-use-rdb-preamble yes an RDB (compact, fast to load: Redis's default
 * since 4.0), otherwise the commands that rebuild each key (Redis: aof.c,
 * rewriteAppendOnlyFileRio, rewriteListObject, rewriteSetObject, ...).
 *
 * BGREWRITEAOF feeds these from the background snapshot (persistence.Snapshots), keys in any
 * order; only the very first base at start-up uses the synchronous walk() below.
 */
package dev.rediscover.aof;

import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.persistence.SnapshotSink;
import dev.rediscover.rdb.RdbEncoder;
import dev.rediscover.server.Server;
import dev.rediscover.stream.StreamRewrite;
import dev.rediscover.types.hash.HashValue;
import dev.rediscover.types.list.QuickList;
import dev.rediscover.types.set.SetValue;
import dev.rediscover.types.zset.SortedSet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

final class RewriteSinks {
    private RewriteSinks() {}

    /** Redis batches collection elements 64 per command (AOF_REWRITE_ITEMS_PER_CMD). */
    static final int ITEMS_PER_CMD = 64;

    /** Visit every key of every database now (the first base at start-up, before serving). */
    static void walk(Keyspace ks, SnapshotSink sink) {
        for (int i = 0; i < ks.count(); i++) {
            int id = i;
            ks.db(i).forEach(e -> sink.key(id, e.key(), e.value()));
        }
        sink.end(false);
    }

    // ---------------------------------------------------------------- commands

    /** The base as commands: SELECT when the database changes, then each key's rebuild. */
    static final class Commands implements SnapshotSink {
        private final OutputStream out;
        private final CommandBuffer buf = new CommandBuffer(64 * 1024);
        private int selected = -1;

        Commands(OutputStream out) { this.out = out; }

        @Override
        public void key(int db, byte[] key, RedisObject o) {
            if (db != selected) {
                buf.command(new byte[][] {b("SELECT"), b(Integer.toString(db))});
                selected = db;
            }
            rewriteKey(key, o, buf::command);
            if (buf.length() > 1 << 20) drain();
        }

        @Override
        public void end(boolean aborted) { drain(); }

        private void drain() {
            try {
                buf.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * One key as commands: SET, RPUSH, SADD, HMSET, ZADD in batches of 64 elements, the stream
     * commands, then PEXPIREAT for a TTL.
     */
    // tag::rewrite-key[]
    @Lab(12)
    static void rewriteKey(byte[] key, RedisObject o, java.util.function.Consumer<byte[][]> out) {
        Object v = o.value;
        if (o.isString()) {
            out.accept(new byte[][] {b("SET"), key, dev.rediscover.types.string.StringValues.bytes(o)});
        } else if (v instanceof QuickList q) {
            batches(out, "RPUSH", key, q.toList());
        } else if (v instanceof SetValue s) {
            List<byte[]> members = new ArrayList<>(s.size());
            s.forEach(members::add);
            batches(out, "SADD", key, members);
        } else if (v instanceof HashValue h) {
            List<byte[]> fv = new ArrayList<>(h.size() * 2);
            for (byte[][] pair : h.pairs()) {
                fv.add(pair[0]);
                fv.add(pair[1]);
            }
            batches(out, "HMSET", key, fv);         // HMSET, as Redis writes it
        } else if (v instanceof SortedSet z) {
            List<byte[]> sm = new ArrayList<>(z.size() * 2);
            z.forEach((member, score) -> {
                sm.add(b(dev.rediscover.resp.NumberFormat.formatDouble(score)));
                sm.add(member);
            });
            batches(out, "ZADD", key, sm);
        } else {
            StreamRewrite.commands(key, v, out);
        }
        if (o.hasExpiry()) out.accept(new byte[][] {b("PEXPIREAT"), key, b(Long.toString(o.expireAt))});
    }
    // end::rewrite-key[]

    /** "CMD key a b c ..." with at most ITEMS_PER_CMD elements (pairs count double) each. */
    private static void batches(java.util.function.Consumer<byte[][]> out, String cmd, byte[] key, List<byte[]> items) {
        for (int from = 0; from < items.size(); from += ITEMS_PER_CMD) {
            int to = Math.min(items.size(), from + ITEMS_PER_CMD);
            byte[][] argv = new byte[2 + to - from][];
            argv[0] = b(cmd);
            argv[1] = key;
            for (int i = from; i < to; i++) argv[2 + i - from] = items.get(i);
            out.accept(argv);
        }
    }

    static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    // ---------------------------------------------------------------- RDB preamble

    /** The base as an RDB (aof-use-rdb-preamble yes), with the aux field aof-base 1 as Redis writes. */
    static final class Rdb implements SnapshotSink {
        private final RdbEncoder enc;
        private final Keyspace ks;
        private int selected = -1;

        Rdb(OutputStream out, Server server) throws IOException {
            this.enc = new RdbEncoder(out, server.config.getBool("rdbcompression"));
            this.ks = server.keyspace;
            enc.header();
            enc.aux("redis-ver", Server.VERSION);
            enc.auxLong("redis-bits", 64);
            enc.auxLong("ctime", server.clock.millis() / 1000);
            enc.auxLong("used-mem", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
            enc.auxLong("aof-base", 1);
        }

        @Override
        public void key(int db, byte[] key, RedisObject o) {
            try {
                if (db != selected) {
                    Database d = ks.db(db);
                    enc.selectDb(db, d.size(), d.expiresSize());
                    selected = db;
                }
                enc.keyValue(key, o);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void end(boolean aborted) {
            if (aborted) return;
            try {
                enc.eof(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
