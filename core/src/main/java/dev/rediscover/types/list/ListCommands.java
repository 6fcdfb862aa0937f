/*
 * The list commands (Redis: t_list.c): pushes and pops at both ends, index and range access,
 * LINSERT/LREM/LTRIM/LPOS, moving between lists, and the blocking pops.
 *
 * A list is a QuickList stored under its key. As in Redis, a list never exists empty: the
 * command that removes the last element deletes the key (and announces "del").
 *
 * Blocking commands first try to run exactly like their non-blocking twin; only when every key
 * is empty do they park the client with the blocking subsystem (dev.rediscover.blocking), handing
 * it a Wakeup (BlockedPop, at the bottom) that finishes the command when a key is pushed to —
 * Redis's blockForKeys and serveClientsBlockedOnListKey.
 *
 * Every change calls keyspace.keyModified (Redis: signalModifiedKey), which is what WATCH and the
 * blocking subsystem listen to, and announces a keyspace event of class LIST.
 */
package dev.rediscover.types.list;

import dev.rediscover.propagation.Propagation;
import dev.rediscover.blocking.Blocking;
import dev.rediscover.blocking.Wakeup;
import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.KeySpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.Arrays;

public final class ListCommands {
    private ListCommands() {}

    static final boolean HEAD = true, TAIL = false;

    static final String POSITIVE = "ERR value is out of range, must be positive";
    static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, "
            + "2 from the second ... or use negative to start from the end of the list";
    static final String COUNT_NEGATIVE = "ERR COUNT can't be negative";
    static final String MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
    static final String NUMKEYS = "ERR numkeys should be greater than 0";
    static final String COUNT_POSITIVE = "ERR count should be greater than 0";

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("lpush", -3, ListCommands::lpush).flags("write denyoom fast").key(1, "RW insert").group("list")
                .doc("Adds elements to the head of a list, creating it if needed.", "1.0.0", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.");
        t.add("rpush", -3, ListCommands::rpush).flags("write denyoom fast").key(1, "RW insert").group("list")
                .doc("Adds elements to the tail of a list, creating it if needed.", "1.0.0", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.");
        t.add("lpushx", -3, ListCommands::lpushx).flags("write denyoom fast").key(1, "RW insert").group("list")
                .doc("Adds elements to the head of a list, only if the list exists.", "2.2.0", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.");
        t.add("rpushx", -3, ListCommands::rpushx).flags("write denyoom fast").key(1, "RW insert").group("list")
                .doc("Adds elements to the tail of a list, only if the list exists.", "2.2.0", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.");
        t.add("lpop", -2, ListCommands::lpop).flags("write fast").key(1, "RW access delete").group("list")
                .doc("Removes and answers the first elements of a list; the key goes when it empties.", "1.0.0", "O(N) where N is the number of elements returned");
        t.add("rpop", -2, ListCommands::rpop).flags("write fast").key(1, "RW access delete").group("list")
                .doc("Removes and answers the last elements of a list; the key goes when it empties.", "1.0.0", "O(N) where N is the number of elements returned");
        t.add("llen", 2, ListCommands::llen).flags("readonly fast").key(1, "RO").group("list")
                .doc("Answers the number of elements in a list.", "1.0.0", "O(1)");
        t.add("lrange", 4, ListCommands::lrange).flags("readonly").keys(1, 1, 1).group("list")
                .doc("Answers a slice of a list, negative indexes counting from the end.", "1.0.0", "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.");
        t.add("lindex", 3, ListCommands::lindex).flags("readonly").keys(1, 1, 1).group("list")
                .doc("Answers the element at an index of a list.", "1.0.0", "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).");
        t.add("lset", 4, ListCommands::lset).flags("write denyoom").keys(1, 1, 1).group("list")
                .doc("Replaces the element at an index of a list.", "1.0.0", "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).");
        t.add("linsert", 5, ListCommands::linsert).flags("write denyoom").key(1, "RW insert").group("list")
                .doc("Inserts an element before or after the first occurrence of a pivot element.", "2.2.0", "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).");
        t.add("lrem", 4, ListCommands::lrem).flags("write").key(1, "RW delete").group("list")
                .doc("Removes occurrences of an element, from the head, the tail, or everywhere.", "1.0.0", "O(N+M) where N is the length of the list and M is the number of elements removed.");
        t.add("ltrim", 4, ListCommands::ltrim).flags("write").key(1, "RW delete").group("list")
                .doc("Keeps only a range of a list's elements and drops the rest.", "1.0.0", "O(N) where N is the number of elements to be removed by the operation.");
        t.add("lpos", -3, ListCommands::lpos).flags("readonly").keys(1, 1, 1).group("list")
                .doc("Answers the positions of elements equal to a value.", "6.0.6", "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.");
        t.add("lmove", 5, ListCommands::lmove).flags("write denyoom").key(1, "RW access delete").key(2, "RW insert").group("list")
                .doc("Pops an element from one end of a list and pushes it onto an end of another (or the same) list.", "6.2.0", "O(1)");
        t.add("rpoplpush", 3, ListCommands::rpoplpush).flags("write denyoom").key(1, "RW access delete").key(2, "RW insert").group("list")
                .doc("Pops the last element of a list and pushes it onto the head of another list.", "1.2.0", "O(1)");
        t.add("lmpop", -4, ListCommands::lmpop).flags("write").keySpec(KeySpec.at(1).keynum(0, 1, 1).flags("RW access delete")).group("list")
                .doc("Pops elements from the first non-empty list among several keys.", "7.0.0", "O(N+M) where N is the number of provided keys and M is the number of elements returned.");
        t.add("blpop", -3, ListCommands::blpop).flags("write noscript blocking").keySpec(KeySpec.at(1).range(-2, 1, 0).flags("RW access delete")).group("list")
                .doc("Pops the first element of the first non-empty list, waiting for one if all are empty.", "2.0.0", "O(N) where N is the number of provided keys.");
        t.add("brpop", -3, ListCommands::brpop).flags("write noscript blocking").keySpec(KeySpec.at(1).range(-2, 1, 0).flags("RW access delete")).group("list")
                .doc("Pops the last element of the first non-empty list, waiting for one if all are empty.", "2.0.0", "O(N) where N is the number of provided keys.");
        t.add("blmove", 6, ListCommands::blmove).flags("write denyoom noscript blocking").key(1, "RW access delete").key(2, "RW insert").group("list")
                .doc("LMOVE that waits for an element when the source list is empty.", "6.2.0", "O(1)");
        t.add("brpoplpush", 4, ListCommands::brpoplpush).flags("write denyoom noscript blocking").key(1, "RW access delete").key(2, "RW insert").group("list")
                .doc("RPOPLPUSH that waits for an element when the source list is empty.", "2.2.0", "O(1)");
        t.add("blmpop", -5, ListCommands::blmpop).flags("write blocking").keySpec(KeySpec.at(2).keynum(0, 1, 1).flags("RW access delete")).group("list")
                .doc("LMPOP that waits for an element when all the lists are empty.", "7.0.0", "O(N+M) where N is the number of provided keys and M is the number of elements returned.");
    }

    // ------------------------------------------------------------------ helpers

    /** The list stored in o, null for a missing key, WRONGTYPE for anything else. */
    static QuickList listOf(RedisObject o) {
        if (o == null) return null;
        if (o.value instanceof QuickList q) return q;
        throw Errors.wrongType();
    }

    /** Create an empty list at key, sized by list-max-listpack-size (Redis: createQuicklistObject + dbAdd). */
    static QuickList create(Client c, Database db, byte[] key) {
        QuickList q = new QuickList(QuickList.clampFill(c.server.config.getLong("list-max-listpack-size")));
        db.add(key, new RedisObject(q));
        return q;
    }

    static void notify(Client c, Database db, String event, byte[] key) {
        c.server.keyspace.notify(NotifyFlags.LIST, event, key, db.id);
    }

    /**
     * After elements were removed: delete the key if the list emptied (announcing "del"), and
     * signal the change either way (Redis: listElementsRemoved).
     */
    static void afterRemoval(Client c, Database db, byte[] key, QuickList q) {
        if (q.isEmpty()) {
            db.delete(key);                  // also signals the modification
            c.server.keyspace.notify(NotifyFlags.GENERIC, "del", key, db.id);
        } else {
            c.server.keyspace.keyModified(db, key);
        }
    }

    /** LEFT or RIGHT (Redis: getListPositionFromObjectOrReply). */
    static boolean parseEnd(byte[] arg) {
        if (Args.equalsAscii(arg, "left")) return HEAD;
        if (Args.equalsAscii(arg, "right")) return TAIL;
        throw Errors.syntax();
    }

    /** A long in [min, max], else `error` (also for a non-number): getRangeLongFromObjectOrReply. */
    static long parseRange(byte[] arg, long min, String error) {
        long v = Args.parseLongOr(arg, 0, arg.length, Long.MIN_VALUE);
        if (v == Long.MIN_VALUE && !Args.isLong(arg)) throw new RedisException(error);
        if (v < min) throw new RedisException(error);
        return v;
    }

    static void pushOne(QuickList q, boolean head, byte[] v) {
        if (head) q.pushHead(v);
        else q.pushTail(v);
    }

    static byte[] popOne(QuickList q, boolean head) {
        return head ? q.popHead() : q.popTail();
    }

    /**
     * Reply with elements [start, end] of q (Redis's inclusive indexes, negatives from the end),
     * optionally in reverse (Redis: addListRangeReply).
     */
    // tag::reply-range[]
    @Lab(5)
    static void replyRange(Client c, QuickList q, long start, long end, boolean reverse) {
        long len = q.size();
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (start > end || start >= len) {
            c.reply.arrayHeader(0);
            return;
        }
        if (end >= len) end = len - 1;
        long n = end - start + 1;
        c.reply.arrayHeader(n);
        QuickList.Cursor cur = q.cursorAt(reverse ? end : start);
        for (long i = 0; i < n; i++) {
            c.reply.bulk(cur.value());
            if (reverse) cur.backward();
            else cur.forward();
        }
    }
    // end::reply-range[]

    // ------------------------------------------------------------------ pushes

    /** LPUSH key element [element ...] */
    static void lpush(Client c) { push(c, HEAD, false); }

    /** RPUSH key element [element ...] */
    static void rpush(Client c) { push(c, TAIL, false); }

    /** LPUSHX key element [element ...]: only onto an existing list. */
    static void lpushx(Client c) { push(c, HEAD, true); }

    /** RPUSHX key element [element ...] */
    static void rpushx(Client c) { push(c, TAIL, true); }

    /** The four pushes (Redis: pushGenericCommand). Replies with the new length. */
    // tag::push[]
    @Lab(5)
    static void push(Client c, boolean head, boolean onlyIfExists) {
        byte[] key = c.argv[1];
        QuickList q = listOf(c.db.lookupWrite(key));
        if (q == null) {
            if (onlyIfExists) {
                c.reply.integer(0);
                return;
            }
            q = create(c, c.db, key);
        }
        for (int i = 2; i < c.argc; i++) pushOne(q, head, c.argv[i]);
        c.reply.integer(q.size());
        c.server.keyspace.keyModified(c.db, key);
        notify(c, c.db, head ? "lpush" : "rpush", key);
    }
    // end::push[]

    // ------------------------------------------------------------------ pops

    /** LPOP key [count] */
    static void lpop(Client c) { pop(c, HEAD); }

    /** RPOP key [count] */
    static void rpop(Client c) { pop(c, TAIL); }

    /**
     * LPOP/RPOP (Redis: popGenericCommand). Without a count: one element or nil. With a count:
     * an array (empty for count 0), or a null array when the key is missing.
     */
    // tag::pop[]
    @Lab(5)
    static void pop(Client c, boolean head) {
        if (c.argc > 3) throw Errors.arity(c.cmd.name());
        boolean hasCount = c.argc == 3;
        long count = hasCount ? parseRange(c.argv[2], 0, POSITIVE) : 0;
        byte[] key = c.argv[1];
        RedisObject o = c.db.lookupWrite(key);
        if (o == null) {
            if (hasCount) c.reply.nullArray();
            else c.reply.nullBulk();
            return;
        }
        QuickList q = listOf(o);
        if (hasCount && count == 0) {
            c.reply.arrayHeader(0);
            return;
        }
        if (!hasCount) {
            c.reply.bulk(popOne(q, head));
        } else {
            long n = Math.min(count, q.size());
            c.reply.arrayHeader(n);
            for (long i = 0; i < n; i++) c.reply.bulk(popOne(q, head));
        }
        notify(c, c.db, head ? "lpop" : "rpop", key);
        afterRemoval(c, c.db, key, q);
    }
    // end::pop[]

    /** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] */
    static void lmpop(Client c) { mpop(c, 1, false); }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] */
    static void blmpop(Client c) { mpop(c, 2, true); }

    /** LMPOP and BLMPOP: parse numkeys, the end and COUNT, then pop (Redis: lmpopGenericCommand). */
    static void mpop(Client c, int numkeysIdx, boolean blocking) {
        long numkeys = parseRange(c.argv[numkeysIdx], 1, NUMKEYS);
        if (numkeys > c.argc - numkeysIdx - 1) throw Errors.syntax();
        int whereIdx = (int) (numkeysIdx + numkeys + 1);
        if (whereIdx >= c.argc) throw Errors.syntax();
        boolean head = parseEnd(c.argv[whereIdx]);
        long count = -1;
        for (int j = whereIdx + 1; j < c.argc; j++) {
            if (count == -1 && Args.equalsAscii(c.argv[j], "count") && j + 1 < c.argc) {
                count = parseRange(c.argv[++j], 1, COUNT_POSITIVE);
            } else {
                throw Errors.syntax();
            }
        }
        if (count == -1) count = 1;
        byte[][] keys = Arrays.copyOfRange(c.argv, numkeysIdx + 1, whereIdx);
        if (blocking) {
            blockingPop(c, keys, head, Blocking.parseTimeout(c, c.argv[1]), count);
            return;
        }
        for (byte[] key : keys) {
            QuickList q = listOf(c.db.lookupWrite(key));
            if (q == null || q.isEmpty()) continue;
            popRangeWithKey(c, c.db, key, q, head, count);
            return;
        }
        c.reply.nullArray();
    }

    /** Reply [key, [elements...]] popping up to count elements (Redis: listPopRangeAndReplyWithKey). */
    static void popRangeWithKey(Client c, Database db, byte[] key, QuickList q, boolean head, long count) {
        long n = Math.min(count, q.size());
        Propagation.effect(c, head ? LPOP : RPOP, key, Propagation.bytes(n));   // LMPOP: [LR]POP key n
        c.reply.arrayHeader(2);
        c.reply.bulk(key);
        c.reply.arrayHeader(n);
        for (long i = 0; i < n; i++) c.reply.bulk(popOne(q, head));
        notify(c, db, head ? "lpop" : "rpop", key);
        afterRemoval(c, db, key, q);
    }

    // ------------------------------------------------------------------ reading

    /** LLEN key */
    @Lab(5)
    static void llen(Client c) {
        QuickList q = listOf(c.db.lookupRead(c.argv[1]));
        c.reply.integer(q == null ? 0 : q.size());
    }

    /** LRANGE key start stop */
    static void lrange(Client c) {
        long start = Args.parseLong(c.argv[2]);
        long end = Args.parseLong(c.argv[3]);
        QuickList q = listOf(c.db.lookupRead(c.argv[1]));
        if (q == null) {
            c.reply.arrayHeader(0);
            return;
        }
        replyRange(c, q, start, end, false);
    }

    /** LINDEX key index: a missing key answers nil before the index is even parsed. */
    // tag::lindex[]
    @Lab(5)
    static void lindex(Client c) {
        QuickList q = listOf(c.db.lookupRead(c.argv[1]));
        if (q == null) {
            c.reply.nullBulk();
            return;
        }
        long index = Args.parseLong(c.argv[2]);
        if (index < 0) index += q.size();
        if (index < 0 || index >= q.size()) c.reply.nullBulk();
        else c.reply.bulk(q.get(index));
    }
    // end::lindex[]

    /**
     * LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. Arithmetic deliberately
     * wraps like Redis's C longs: RANK -9223372036854775808 stays negative and matches at once.
     */
    static void lpos(Client c) {
        byte[] element = c.argv[2];
        boolean forward = true;
        long rank = 1, count = -1, maxlen = 0;
        for (int j = 3; j < c.argc; j++) {
            boolean more = j + 1 < c.argc;
            if (more && Args.equalsAscii(c.argv[j], "rank")) {
                rank = Args.parseLong(c.argv[++j]);
                if (rank == 0) throw new RedisException(RANK_ZERO);
            } else if (more && Args.equalsAscii(c.argv[j], "count")) {
                count = parseRange(c.argv[++j], 0, COUNT_NEGATIVE);
            } else if (more && Args.equalsAscii(c.argv[j], "maxlen")) {
                maxlen = parseRange(c.argv[++j], 0, MAXLEN_NEGATIVE);
            } else {
                throw Errors.syntax();
            }
        }
        if (rank < 0) {
            rank = -rank;
            forward = false;
        }
        QuickList q = listOf(c.db.lookupRead(c.argv[1]));
        if (q == null) {
            if (count != -1) c.reply.arrayHeader(0);
            else c.reply.nullBulk();
            return;
        }
        long len = q.size();
        QuickList.Cursor cur = q.cursorAt(forward ? 0 : len - 1);
        long index = 0, matches = 0, matchIndex = -1;
        long[] found = count != -1 ? new long[(int) Math.min(Math.max(len, 1), 16)] : null;
        int foundCount = 0;
        while (cur.valid() && (maxlen == 0 || index < maxlen)) {
            if (Arrays.equals(cur.value(), element)) {
                matches++;
                matchIndex = forward ? index : len - index - 1;
                if (matches >= rank) {
                    if (found == null) break;
                    if (foundCount == found.length) found = Arrays.copyOf(found, found.length * 2);
                    found[foundCount++] = matchIndex;
                    if (count != 0 && matches - rank + 1 >= count) break;
                }
            }
            index++;
            matchIndex = -1;
            if (forward) cur.forward();
            else cur.backward();
        }
        if (found != null) {
            c.reply.arrayHeader(foundCount);
            for (int i = 0; i < foundCount; i++) c.reply.integer(found[i]);
        } else if (matchIndex != -1) {
            c.reply.integer(matchIndex);
        } else {
            c.reply.nullBulk();
        }
    }

    // ------------------------------------------------------------------ changing in place

    /** LSET key index element */
    static void lset(Client c) {
        byte[] key = c.argv[1];
        RedisObject o = c.db.lookupWrite(key);
        if (o == null) throw new RedisException(Errors.NO_SUCH_KEY);
        QuickList q = listOf(o);
        long index = Args.parseLong(c.argv[2]);
        if (index < 0) index += q.size();
        if (index < 0 || index >= q.size()) throw new RedisException(Errors.OUT_OF_RANGE);
        q.set(index, c.argv[3]);
        c.reply.ok();
        c.server.keyspace.keyModified(c.db, key);
        notify(c, c.db, "lset", key);
    }

    /** LINSERT key BEFORE|AFTER pivot element: the new length, -1 without the pivot, 0 without the key. */
    // tag::linsert[]
    @Lab(5)
    static void linsert(Client c) {
        boolean after;
        if (Args.equalsAscii(c.argv[2], "after")) after = true;
        else if (Args.equalsAscii(c.argv[2], "before")) after = false;
        else throw Errors.syntax();
        byte[] key = c.argv[1];
        QuickList q = listOf(c.db.lookupWrite(key));
        if (q == null) {
            c.reply.integer(0);
            return;
        }
        byte[] pivot = c.argv[3];
        for (QuickList.Cursor cur = q.cursorAt(0); cur.valid(); cur.forward()) {
            if (Arrays.equals(cur.value(), pivot)) {
                if (after) cur.insertAfter(c.argv[4]);
                else cur.insertBefore(c.argv[4]);
                c.server.keyspace.keyModified(c.db, key);
                notify(c, c.db, "linsert", key);
                c.reply.integer(q.size());
                return;
            }
        }
        c.reply.integer(-1);
    }
    // end::linsert[]

    /** LREM key count element: count > 0 from the head, < 0 from the tail, 0 all. */
    // tag::lrem[]
    @Lab(5)
    static void lrem(Client c) {
        long toRemove = Args.parseLong(c.argv[2]);
        byte[] key = c.argv[1];
        QuickList q = listOf(c.db.lookupWrite(key));
        if (q == null) {
            c.reply.integer(0);
            return;
        }
        boolean forward = toRemove >= 0;
        if (toRemove < 0) toRemove = -toRemove;      // Long.MIN_VALUE stays negative: no limit, as in C
        byte[] element = c.argv[3];
        long removed = 0;
        QuickList.Cursor cur = q.cursorAt(forward ? 0 : q.size() - 1);
        while (cur.valid()) {
            if (Arrays.equals(cur.value(), element)) {
                cur.remove(forward);
                removed++;
                if (toRemove != 0 && removed == toRemove) break;
            } else if (forward) {
                cur.forward();
            } else {
                cur.backward();
            }
        }
        if (removed > 0) {
            c.server.keyspace.keyModified(c.db, key);
            notify(c, c.db, "lrem", key);
        }
        if (q.isEmpty()) {
            c.db.delete(key);
            c.server.keyspace.notify(NotifyFlags.GENERIC, "del", key, c.db.id);
        }
        c.reply.integer(removed);
    }
    // end::lrem[]

    /** LTRIM key start stop: keep only [start, stop]; an empty range deletes the key. */
    // tag::ltrim[]
    @Lab(5)
    static void ltrim(Client c) {
        long start = Args.parseLong(c.argv[2]);
        long end = Args.parseLong(c.argv[3]);
        byte[] key = c.argv[1];
        QuickList q = listOf(c.db.lookupWrite(key));
        if (q == null) {
            c.reply.ok();
            return;
        }
        long len = q.size();
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        long ltrim, rtrim;
        if (start > end || start >= len) {
            ltrim = len;
            rtrim = 0;
        } else {
            if (end >= len) end = len - 1;
            ltrim = start;
            rtrim = len - end - 1;
        }
        q.deleteRange(0, ltrim);
        q.deleteRange(q.size() - rtrim, rtrim);
        notify(c, c.db, "ltrim", key);
        if (q.isEmpty()) {
            c.db.delete(key);
            c.server.keyspace.notify(NotifyFlags.GENERIC, "del", key, c.db.id);
        } else {
            c.server.keyspace.keyModified(c.db, key);
        }
        c.reply.ok();
    }
    // end::ltrim[]

    // ------------------------------------------------------------------ moving

    /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
    static void lmove(Client c) {
        boolean from = parseEnd(c.argv[3]);
        boolean to = parseEnd(c.argv[4]);
        move(c, from, to);
    }

    /** RPOPLPUSH source destination */
    static void rpoplpush(Client c) { move(c, TAIL, HEAD); }

    /** LMOVE's body (Redis: lmoveGenericCommand): nil for a missing source. */
    static void move(Client c, boolean from, boolean to) {
        byte[] src = c.argv[1], dst = c.argv[2];
        QuickList source = listOf(c.db.lookupWrite(src));
        if (source == null || source.isEmpty()) {
            c.reply.nullBulk();
            return;
        }
        moveElement(c, c.db, src, source, dst, from, to);
    }

    /**
     * Pop from source, push onto dst (created if missing; WRONGTYPE leaves source untouched),
     * answer the element. Shared by LMOVE and the served BLMOVE (Redis: lmoveHandlePush).
     */
    // tag::move-element[]
    @Lab(5)
    static void moveElement(Client c, Database db, byte[] src, QuickList source, byte[] dst, boolean from, boolean to) {
        QuickList target = listOf(db.lookupWrite(dst));
        byte[] v = popOne(source, from);
        if (target == null) target = create(c, db, dst);
        pushOne(target, to, v);
        db.keyspace().keyModified(db, dst);
        notify(c, db, to == HEAD ? "lpush" : "rpush", dst);
        c.reply.bulk(v);
        notify(c, db, from == HEAD ? "lpop" : "rpop", src);
        afterRemoval(c, db, src, source);
    }
    // end::move-element[]

    // ------------------------------------------------------------------ blocking

    /** BLPOP key [key ...] timeout */
    static void blpop(Client c) { blpopGeneric(c, HEAD); }

    /** BRPOP key [key ...] timeout */
    static void brpop(Client c) { blpopGeneric(c, TAIL); }

    private static void blpopGeneric(Client c, boolean head) {
        long deadline = Blocking.parseTimeout(c, c.argv[c.argc - 1]);
        blockingPop(c, Arrays.copyOfRange(c.argv, 1, c.argc - 1), head, deadline, -1);
    }

    /**
     * BLPOP/BRPOP (count -1: reply [key, element]) and BLMPOP (count > 0: [key, [elements]]):
     * serve from the first non-empty key at once, else block (Redis: blockingPopGenericCommand).
     */
    // tag::blocking-pop[]
    @Lab(5)
    static void blockingPop(Client c, byte[][] keys, boolean head, long deadline, long count) {
        for (byte[] key : keys) {
            QuickList q = listOf(c.db.lookupWrite(key));
            if (q == null || q.isEmpty()) continue;
            servePop(c, c.db, key, q, head, count);
            return;
        }
        if (!c.server.blocking.mayBlock(c)) {
            c.reply.nullArray();
            return;
        }
        c.server.blocking.block(c, keys, deadline, new BlockedPop(head, count, null, false));
    }
    // end::blocking-pop[]

    /** Pop for a blocking pop, immediately or when served: [key, element] or [key, [elements]]. */
    static void servePop(Client c, Database db, byte[] key, QuickList q, boolean head, long count) {
        if (count != -1) {
            popRangeWithKey(c, db, key, q, head, count);
            return;
        }
        c.reply.arrayHeader(2);
        c.reply.bulk(key);
        c.reply.bulk(popOne(q, head));
        notify(c, db, head ? "lpop" : "rpop", key);
        afterRemoval(c, db, key, q);
        Propagation.effect(c, head ? LPOP : RPOP, key);     // BLPOP k 0 is LPOP k (t_list.c)
    }

    private static final byte[] LPOP = Propagation.bytes("LPOP"), RPOP = Propagation.bytes("RPOP"),
            LMOVE = Propagation.bytes("LMOVE"), RPOPLPUSH = Propagation.bytes("RPOPLPUSH"),
            LEFT = Propagation.bytes("left"), RIGHT = Propagation.bytes("right");

    /**
     * A served BLMOVE/BRPOPLPUSH: the move, propagated as the LMOVE it amounts to (the blocked
     * command itself never reaches the AOF or replicas: they must not block).
     */
    static void serveMove(Client c, Database db, byte[] src, QuickList source, byte[] dst, boolean from, boolean to) {
        moveElement(c, db, src, source, dst, from, to);
        // As redis-server 7.0 writes them: RPOPLPUSH for BRPOPLPUSH, else LMOVE with lower-case ends.
        if (c.cmd != null && c.cmd.name().equals("brpoplpush")) Propagation.effect(c, RPOPLPUSH, src, dst);
        else Propagation.effect(c, LMOVE, src, dst, from == HEAD ? LEFT : RIGHT, to == HEAD ? LEFT : RIGHT);
    }

    /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
    static void blmove(Client c) {
        boolean from = parseEnd(c.argv[3]);
        boolean to = parseEnd(c.argv[4]);
        blockingMove(c, from, to, Blocking.parseTimeout(c, c.argv[5]));
    }

    /** BRPOPLPUSH source destination timeout */
    static void brpoplpush(Client c) {
        blockingMove(c, TAIL, HEAD, Blocking.parseTimeout(c, c.argv[3]));
    }

    /** BLMOVE's body (Redis: blmoveGenericCommand): move now, or wait for the source. */
    static void blockingMove(Client c, boolean from, boolean to, long deadline) {
        QuickList source = listOf(c.db.lookupWrite(c.argv[1]));
        if (source != null) {
            move(c, from, to);
            // Replayed, the blocking form could block: propagate the non-blocking one.
            if (c.argc == 4) Propagation.rewrite(c, RPOPLPUSH, c.argv[1], c.argv[2]);
            else Propagation.rewrite(c, LMOVE, c.argv[1], c.argv[2], c.argv[3], c.argv[4]);
            return;
        }
        if (!c.server.blocking.mayBlock(c)) {
            c.reply.nullBulk();
            return;
        }
        byte[][] keys = {c.argv[1]};
        c.server.blocking.block(c, keys, deadline, new BlockedPop(from, -1, c.argv[2], to));
    }

    /**
     * A client parked by BLPOP/BRPOP/BLMPOP (target null) or BLMOVE/BRPOPLPUSH (target set),
     * finishing the command when its key gets elements (Redis: serveClientBlockedOnList).
     */
    static final class BlockedPop implements Wakeup {
        final boolean head;          // pop from the head (LEFT) or the tail
        final long count;            // -1 for BLPOP/BRPOP's single element, else BLMPOP's COUNT
        final byte[] target;         // BLMOVE's destination, or null
        final boolean targetHead;    // push onto the destination's head (LEFT)

        BlockedPop(boolean head, long count, byte[] target, boolean targetHead) {
            this.head = head;
            this.count = count;
            this.target = target;
            this.targetHead = targetHead;
        }

        // tag::try-serve[]
        @Lab(5)
        @Override
        public boolean tryServe(Client c, Database db, byte[] key) {
            RedisObject o = db.lookup(key);
            if (o == null || !(o.value instanceof QuickList q) || q.isEmpty()) return false;
            if (target == null) {
                servePop(c, db, key, q, head, count);
                return true;
            }
            RedisObject dst = db.lookup(target);
            if (dst != null && !(dst.value instanceof QuickList)) {
                c.reply.error(Errors.WRONGTYPE);     // the client is released with the error
                return true;
            }
            serveMove(c, db, key, q, target, head, targetHead);
            return true;
        }
        // end::try-serve[]

        @Override
        public void timedOut(Client c) { c.reply.nullArray(); }
    }
}
