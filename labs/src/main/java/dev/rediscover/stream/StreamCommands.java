/*
 * The stream commands that work on entries: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID
 * and XREAD (with BLOCK). Redis: t_stream.c (xaddCommand, xrangeGenericCommand, xdelCommand,
 * xtrimCommand, xsetidCommand, xreadCommand) and blocked.c (serveClientsBlockedOnStreamKey).
 * Consumer-group commands are in StreamGroupCommands.
 */
package dev.rediscover.stream;

import dev.rediscover.propagation.Propagation;
import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.KeySpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.Iterator;

public final class StreamCommands {
    private StreamCommands() {}

    static final String ADD_SMALLER = "ERR The ID specified in XADD is equal or smaller than the target stream top item";
    static final String ADD_ZERO = "ERR The ID specified in XADD must be greater than 0-0";
    static final String EXHAUSTED = "ERR The stream has exhausted the last possible ID, unable to add more items";

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("xadd", -5, StreamCommands::xaddAndPropagate).flags("write denyoom fast").tips("nondeterministic_output")
                .keySpec(KeySpec.at(1).flags("RW update").notes("UPDATE instead of INSERT because of the optional trimming feature")).group("stream")
                .doc("Appends an entry to a stream, creating the stream if needed.", "5.0.0", "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.");
        t.add("xlen", 2, StreamCommands::xlen).flags("readonly fast").key(1, "RO").group("stream")
                .doc("Answers how many entries a stream holds.", "5.0.0", "O(1)");
        t.add("xrange", -4, StreamCommands::xrange).flags("readonly").key(1, "RO access").group("stream")
                .doc("Answers the entries of a stream between two IDs.", "5.0.0", "O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).");
        t.add("xrevrange", -4, StreamCommands::xrevrange).flags("readonly").key(1, "RO access").group("stream")
                .doc("Answers the entries of a stream between two IDs, newest first.", "5.0.0", "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).");
        t.add("xdel", -3, StreamCommands::xdel).flags("write fast").key(1, "RW delete").group("stream")
                .doc("Removes entries from a stream by ID.", "5.0.0", "O(1) for each single item to delete in the stream, regardless of the stream size.");
        t.add("xtrim", -4, StreamCommands::xtrim).flags("write").tips("nondeterministic_output").key(1, "RW delete").group("stream")
                .doc("Removes the oldest entries of a stream by count or by ID.", "5.0.0", "O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.");
        t.add("xsetid", -3, StreamCommands::xsetid).flags("write denyoom fast").key(1, "RW update").group("stream")
                .doc("Sets a stream's last generated ID and counters.", "5.0.0", "O(1)");
        t.add("xread", -4, StreamCommands::xread).flags("readonly blocking movablekeys")
                .keySpec(KeySpec.after("STREAMS", 1).range(-1, 1, 2).flags("RO access")).group("stream")
                .doc("Reads entries newer than given IDs from one or more streams, waiting for some if asked.", "5.0.0", "For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.");
    }

    // ---------------------------------------------------------------- helpers

    static StreamValue streamOf(RedisObject o) {
        if (o == null) return null;
        if (o.value instanceof StreamValue s) return s;
        throw Errors.wrongType();
    }

    static void notify(Client c, String event, byte[] key) {
        c.server.keyspace.notify(NotifyFlags.STREAM, event, key, c.db.id);
    }

    static void modified(Client c, byte[] key) { c.server.keyspace.keyModified(c.db, key); }

    /** Reply one entry: [id, [field, value, ...]]. */
    static void replyEntry(Client c, StreamId id, byte[] packed) {
        c.reply.arrayHeader(2);
        c.reply.bulk(id.bytes());
        if (packed == null) c.reply.nullArray(); else Fields.reply(c.reply, packed);
    }

    // ---------------------------------------------------------------- XADD

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [...] */
    @Lab(9)
    static void xadd(Client c) {
        throw new LabNotDone(9, "StreamCommands.xadd");
    }

    /**
     * XADD, then what it propagates: the ID it chose instead of "*" or "ms-*", and an approximate
     * trim as the exact one it amounted to (t_stream.c, xaddCommand), so a replay builds the
     * same stream.
     */
    static void xaddAndPropagate(Client c) {
        xadd(c);
        StreamValue s = streamOf(c.db.peek(c.argv[1]));
        if (s == null) return;
        TrimArgs a = TrimArgs.parse(c, 2, true);
        if (a.addId[2] == 3 && !a.approx) return;          // explicit ID, exact or no trim
        byte[][] argv = java.util.Arrays.copyOf(c.argv, c.argc);
        if (a.addId[2] != 3) argv[a.next] = s.lastId.bytes();
        a.rewriteApproxTrim(argv, s);
        Propagation.rewrite(c, argv);
    }

    // tag::next-id[]
    /** The ID for a new entry, or the "equal or smaller" error (Redis: streamAppendItem). */
    @Lab(9)
    static StreamId nextId(StreamValue s, long[] given, long now) {
        throw new LabNotDone(9, "StreamCommands.nextId");
    }
    // end::next-id[]

    // ---------------------------------------------------------------- XLEN, XRANGE

    static void xlen(Client c) {
        StreamValue s = streamOf(c.db.lookupRead(c.argv[1]));
        c.reply.integer(s == null ? 0 : s.length());
    }

    static void xrange(Client c) { range(c, false); }

    static void xrevrange(Client c) { range(c, true); }

    /** XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n] */
    @Lab(9)
    static void range(Client c, boolean reverse) {
        throw new LabNotDone(9, "StreamCommands.range");
    }

    /** Up to count (-1: all) entries of [start, end] as an array. */
    static void replyRange(Client c, StreamValue s, StreamId start, StreamId end, long count, boolean reverse) {
        Iterator<StreamLog.Entry> it = s.log.range(start, end, reverse);
        java.util.ArrayList<StreamLog.Entry> out = new java.util.ArrayList<>();
        while (it.hasNext() && (count < 0 || out.size() < count)) out.add(it.next());
        c.reply.arrayHeader(out.size());
        for (StreamLog.Entry e : out) replyEntry(c, e.id(), e.packed());
    }

    /**
     * A range bound: `-`, `+`, an ID (partial takes missingSeq) or `(id` exclusive. An exclusive
     * bound moves one step inward; stepping past the ends is Redis's "invalid ... ID" error.
     * Answers null never: overflow is an error.
     */
    static StreamId intervalId(byte[] arg, long missingSeq, boolean isStart) {
        if (arg.length > 1 && arg[0] == '(') {
            StreamId id = StreamId.parse(java.util.Arrays.copyOfRange(arg, 1, arg.length), missingSeq, true);
            StreamId moved = isStart ? id.next() : id.previous();
            if (moved == null) {
                throw new RedisException(isStart ? "ERR invalid start ID for the interval" : "ERR invalid end ID for the interval");
            }
            return moved;
        }
        return StreamId.parse(arg, missingSeq, false);
    }

    // ---------------------------------------------------------------- XDEL, XTRIM, XSETID

    /** XDEL key id [id ...]: how many entries were removed. */
    static void xdel(Client c) {
        StreamId[] ids = new StreamId[c.argc - 2];
        for (int j = 2; j < c.argc; j++) ids[j - 2] = StreamId.parseStrict(c.argv[j]);
        byte[] key = c.argv[1];
        StreamValue s = streamOf(c.db.lookupWrite(key));
        if (s == null) {
            c.reply.integer(0);
            return;
        }
        long deleted = 0;
        for (StreamId id : ids) {
            if (s.log.delete(id)) {
                deleted++;
                if (id.compareTo(s.maxDeletedId) > 0) s.maxDeletedId = id;
            }
        }
        if (deleted > 0) {
            modified(c, key);
            notify(c, "xdel", key);
        }
        c.reply.integer(deleted);
    }

    /** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]: how many entries went. */
    static void xtrim(Client c) {
        TrimArgs a = TrimArgs.parse(c, 2, false);
        byte[] key = c.argv[1];
        StreamValue s = streamOf(c.db.lookupWrite(key));
        if (s == null) {
            c.reply.integer(0);
            return;
        }
        long removed = a.trim(s);
        if (removed > 0) {
            modified(c, key);
            notify(c, "xtrim", key);
            byte[][] argv = java.util.Arrays.copyOf(c.argv, c.argc);
            a.rewriteApproxTrim(argv, s);
            Propagation.rewrite(c, argv);
        }
        c.reply.integer(removed);
    }

    /** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id] */
    static void xsetid(Client c) {
        StreamId id = StreamId.parseStrict(c.argv[2]);
        long entriesAdded = -1;
        StreamId maxDel = StreamId.MIN;
        for (int i = 3; i < c.argc; i += 2) {
            boolean more = c.argc - 1 - i > 0;
            if (Args.equalsAscii(c.argv[i], "entriesadded") && more) {
                entriesAdded = Args.parseLong(c.argv[i + 1]);
                if (entriesAdded < 0) throw new RedisException("ERR entries_added must be positive");
            } else if (Args.equalsAscii(c.argv[i], "maxdeletedid") && more) {
                maxDel = StreamId.parseStrict(c.argv[i + 1]);
                if (id.compareTo(maxDel) < 0) {
                    throw new RedisException("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
            } else {
                throw Errors.syntax();
            }
        }
        byte[] key = c.argv[1];
        RedisObject o = c.db.lookupWrite(key);
        if (o == null) throw new RedisException(Errors.NO_SUCH_KEY);
        StreamValue s = streamOf(o);
        if (s.length() > 0) {
            if (id.compareTo(s.log.lastId()) < 0) {
                throw new RedisException("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length() > entriesAdded) {
                throw new RedisException("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.lastId = id;
        if (entriesAdded != -1) s.entriesAdded = entriesAdded;
        if (!maxDel.equals(StreamId.MIN)) s.maxDeletedId = maxDel;
        modified(c, key);
        notify(c, "xsetid", key);
        c.reply.ok();
    }

    // ---------------------------------------------------------------- XREAD

    static void xread(Client c) { StreamRead.read(c, false); }
}
