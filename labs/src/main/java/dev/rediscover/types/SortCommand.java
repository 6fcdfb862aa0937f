/*
 * SORT and SORT_RO: sort the elements of a list, set or sorted set, optionally by weights held in
 * other keys, and answer them, other keys' values, or store the result as a list
 * (Redis: sort.c, sortCommandGeneric and lookupKeyByPattern).
 *
 *   SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA] [STORE dst]
 *
 * A pattern names other keys: its first '*' is replaced by the element, "#" is the element
 * itself, and "prefix*->field" reads a hash field. BY without a '*' means "don't sort": lists and
 * sorted sets keep their own order (reversed by DESC) and only LIMIT applies.
 *
 * How the sort compares, as in Redis's sortCompare:
 *   numeric (default)  weights read with strtod; ties broken by comparing the elements' bytes,
 *                      so the order is total and every server agrees. A weight that is not a
 *                      number fails the whole command, a missing one weighs 0.
 *   ALPHA              bytes compared. Redis uses strcoll (the locale's collation) when not
 *                      storing; we compare bytes up to the first NUL, which is what strcoll does
 *                      in the C/C.UTF-8 locales redis-server normally runs in.
 *   ALPHA BY pattern   by the other keys' values, a missing one first; ties keep no defined order.
 * Java's sort is used for the whole vector; Redis sorts only the LIMIT window when it can
 * (pqsort), which gives the same answer because the order is total.
 *
 * Sets have no order of their own: "don't sort" on a set answers the set's iteration order, and
 * with STORE Redis sorts alphabetically instead so that replicas store the same list; we do too.
 * Like Redis, sorting a compact (listpack) sorted set converts it to a skip list first.
 */
package dev.rediscover.types;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.KeySpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;
import dev.rediscover.types.hash.HashValue;
import dev.rediscover.types.list.QuickList;
import dev.rediscover.types.set.SetValue;
import dev.rediscover.types.string.StringValues;
import dev.rediscover.types.zset.ScoredMembers;
import dev.rediscover.types.zset.SortedSet;
import dev.rediscover.types.zset.Strtod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

public final class SortCommand {
    private SortCommand() {}

    static final String NOT_DOUBLE = "ERR One or more scores can't be converted into double";

    private static final KeySpec SORTED = KeySpec.at(1).flags("RO access");
    private static final KeySpec BY_GET = KeySpec.unknown().flags("RO access")
            .notes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort");
    private static final KeySpec STORE = KeySpec.unknown().flags("OW update")
            .notes("For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array");
    /** What COMMAND GETKEYSANDFLAGS reports for the STORE key (sortGetKeys: CMD_KEY_OW | CMD_KEY_UPDATE). */
    private static final KeySpec STORE_KEY = KeySpec.at(0).flags("OW update");

    public static void register(Server server) {
        CommandTable t = server.commands;
        String cost = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).";
        t.add("sort", -2, SortCommand::sort).flags("write denyoom")
                .keySpec(SORTED).keySpec(BY_GET).keySpec(STORE).keyFinder(SortCommand::sortKeys)
                .group("generic").aclInsteadOfGroup("@set @sortedset @list @dangerous")
                .doc("Sorts the elements of a list, set or sorted set, optionally fetching other keys or storing the result.", "1.0.0", cost);
        t.add("sort_ro", -2, SortCommand::sortRo).flags("readonly")
                .keySpec(SORTED).keySpec(BY_GET).keyFinder(SortCommand::sortRoKeys)
                .group("generic").aclInsteadOfGroup("@set @sortedset @list @dangerous")
                .doc("Sorts the elements of a list, set or sorted set without storing: a read-only SORT.", "7.0.0", cost);
    }

    static void sort(Client c) { sortGeneric(c, false); }

    static void sortRo(Client c) { sortGeneric(c, true); }

    /** The parsed options (Redis keeps them in locals of sortCommandGeneric). */
    private static final class Options {
        boolean desc, alpha, dontSort;
        long limitStart = 0, limitCount = -1;
        byte[] sortBy, storeKey;
        final List<byte[]> gets = new ArrayList<>();
    }

    /** One element and what it sorts by (Redis: redisSortObject). */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] cmp;

        Item(byte[] element) { this.element = element; }
    }

    static void sortGeneric(Client c, boolean readonly) {
        Options o = parse(c, readonly);
        RedisObject sortVal = c.db.lookupRead(c.argv[1]);
        Object value = sortVal == null ? null : sortVal.value;
        if (value != null && !(value instanceof QuickList || value instanceof SetValue || value instanceof SortedSet)) {
            throw Errors.wrongType();
        }
        if (o.dontSort && value instanceof SetValue && o.storeKey != null) {
            o.dontSort = false;              // a stored set must not depend on iteration order
            o.alpha = true;
            o.sortBy = null;
        }
        if (value instanceof SortedSet z && z.isListpack()) z.convertToSkipList();

        long length = value == null ? 0 : value instanceof QuickList q ? q.size()
                : value instanceof SetValue s ? s.size() : ((SortedSet) value).size();
        long start = o.limitStart < 0 ? 0 : o.limitStart;
        long end = o.limitCount < 0 ? length - 1 : start + o.limitCount - 1;
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) end = length - 1;

        List<Item> items = new ArrayList<>();
        boolean ordered = o.dontSort && (value instanceof QuickList || value instanceof SortedSet);
        if (ordered) {
            // only the LIMIT window, in the value's own order (reversed by DESC)
            if (end >= start) loadWindow(value, start, end, o.desc, items);
            end -= start;
            start = 0;
        } else if (value != null) {
            loadAll(value, items);
        }

        if (!o.dontSort) {
            if (weigh(c.db, o, items)) throw new RedisException(NOT_DOUBLE);
            items.sort(comparator(o));
        }
        if (o.storeKey == null) reply(c, o, items, start, end);
        else store(c, o, items, start, end);
    }

    private static Options parse(Client c, boolean readonly) {
        Options o = new Options();
        for (int j = 2; j < c.argc; j++) {
            int left = c.argc - j - 1;
            byte[] a = c.argv[j];
            if (Args.equalsAscii(a, "asc")) {
                o.desc = false;
            } else if (Args.equalsAscii(a, "desc")) {
                o.desc = true;
            } else if (Args.equalsAscii(a, "alpha")) {
                o.alpha = true;
            } else if (Args.equalsAscii(a, "limit") && left >= 2) {
                o.limitStart = Args.parseLong(c.argv[j + 1]);
                o.limitCount = Args.parseLong(c.argv[j + 2]);
                j += 2;
            } else if (Args.equalsAscii(a, "store") && left >= 1 && !readonly) {
                o.storeKey = c.argv[++j];
            } else if (Args.equalsAscii(a, "by") && left >= 1) {
                o.sortBy = c.argv[++j];
                if (star(o.sortBy) < 0) o.dontSort = true;   // sticky, as in Redis
            } else if (Args.equalsAscii(a, "get") && left >= 1) {
                o.gets.add(c.argv[++j]);
            } else {
                throw Errors.syntax();
            }
        }
        return o;
    }

    private static void loadWindow(Object value, long start, long end, boolean desc, List<Item> items) {
        if (value instanceof QuickList q) {
            QuickList.Cursor cur = q.cursorAt(desc ? q.size() - 1 - start : start);
            for (long n = end - start + 1; n > 0 && cur.valid(); n--) {
                items.add(new Item(cur.value()));
                if (desc) cur.backward();
                else cur.forward();
            }
        } else {
            ScoredMembers r = new ScoredMembers((int) (end - start + 1));
            ((SortedSet) value).rangeByRank(start, end, desc, r);
            for (int i = 0; i < r.size(); i++) items.add(new Item(r.member(i)));
        }
    }

    private static void loadAll(Object value, List<Item> items) {
        if (value instanceof QuickList q) {
            for (byte[] e : q.toList()) items.add(new Item(e));
        } else if (value instanceof SetValue s) {
            s.forEach(m -> items.add(new Item(m)));
        } else {
            ((SortedSet) value).forEach((m, score) -> items.add(new Item(m)));
        }
    }

    /** Load each item's weight; answers whether one could not be read as a double. */
    private static boolean weigh(Database db, Options o, List<Item> items) {
        boolean bad = false;
        for (Item it : items) {
            byte[] by = o.sortBy != null ? lookupByPattern(db, o.sortBy, it.element) : it.element;
            if (by == null) continue;                     // missing: weight 0, or first in ALPHA
            if (o.alpha) {
                if (o.sortBy != null) it.cmp = by;
            } else {
                it.score = Strtod.sortWeight(by);
                if (Double.isNaN(it.score)) bad = true;
            }
        }
        return bad;
    }

    /** Redis's sortCompare, DESC included. */
    private static Comparator<Item> comparator(Options o) {
        Comparator<Item> cmp;
        if (!o.alpha) {
            cmp = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.element, b.element);
        } else if (o.sortBy != null) {
            boolean store = o.storeKey != null;
            cmp = (a, b) -> {
                if (a.cmp == null || b.cmp == null) return a.cmp == b.cmp ? 0 : a.cmp == null ? -1 : 1;
                return store ? Arrays.compareUnsigned(a.cmp, b.cmp) : collate(a.cmp, b.cmp);
            };
        } else {
            boolean store = o.storeKey != null;
            cmp = (a, b) -> store ? Arrays.compareUnsigned(a.element, b.element) : collate(a.element, b.element);
        }
        return o.desc ? cmp.reversed() : cmp;
    }

    /** strcoll in the C locale: bytes up to the first NUL. */
    private static int collate(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, 0, untilNul(a), b, 0, untilNul(b));
    }

    private static int untilNul(byte[] s) {
        for (int i = 0; i < s.length; i++) if (s[i] == 0) return i;
        return s.length;
    }

    private static void reply(Client c, Options o, List<Item> items, long start, long end) {
        long n = end - start + 1;
        int gets = o.gets.size();
        c.reply.arrayHeader(gets == 0 ? n : gets * n);
        for (long j = start; j <= end; j++) {
            byte[] element = items.get((int) j).element;
            if (gets == 0) c.reply.bulk(element);
            for (byte[] pattern : o.gets) {
                byte[] v = lookupByPattern(c.db, pattern, element);
                if (v == null) c.reply.nullBulk();
                else c.reply.bulk(v);
            }
        }
    }

    /** STORE: the result as a list (missing GET values as empty strings); an empty one deletes. */
    private static void store(Client c, Options o, List<Item> items, long start, long end) {
        QuickList list = new QuickList(c.server.config.getInt("list-max-listpack-size"));
        for (long j = start; j <= end; j++) {
            byte[] element = items.get((int) j).element;
            if (o.gets.isEmpty()) list.pushTail(element);
            for (byte[] pattern : o.gets) {
                byte[] v = lookupByPattern(c.db, pattern, element);
                list.pushTail(v == null ? new byte[0] : v);
            }
        }
        long n = list.size();
        if (n > 0) {
            c.db.setCollection(o.storeKey, list);
            c.server.keyspace.notify(NotifyFlags.LIST, "sortstore", o.storeKey, c.db.id);
        } else if (c.db.delete(o.storeKey)) {
            c.server.keyspace.notify(NotifyFlags.GENERIC, "del", o.storeKey, c.db.id);
        }
        c.reply.integer(n);
    }

    // ------------------------------------------------------------------ patterns

    /**
     * The value a BY/GET pattern names for one element, or null (Redis: lookupKeyByPattern).
     * Redis works on C strings here, so the searches for '*' and "->" stop at a NUL byte.
     */
    static byte[] lookupByPattern(Database db, byte[] pattern, byte[] element) {
        if (pattern.length > 0 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) return element;
        int nul = untilNul(pattern);
        int star = star(pattern);
        if (star < 0) return null;
        int arrow = -1;
        for (int i = star + 1; i + 1 < nul; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        boolean hasField = arrow >= 0 && arrow + 2 < nul;
        int fieldLen = hasField ? pattern.length - arrow - 2 : 0;
        int postfix = pattern.length - (star + 1) - (hasField ? fieldLen + 2 : 0);
        byte[] key = new byte[star + element.length + postfix];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, postfix);

        RedisObject o = db.lookupRead(key);
        if (o == null) return null;
        if (hasField) {
            if (!(o.value instanceof HashValue h)) return null;
            return h.get(Arrays.copyOfRange(pattern, arrow + 2, pattern.length));
        }
        return o.isString() ? StringValues.bytes(o) : null;
    }

    /** Index of the first '*' before any NUL (C's strchr), or -1. */
    private static int star(byte[] pattern) {
        for (int i = 0; i < pattern.length && pattern[i] != 0; i++) if (pattern[i] == '*') return i;
        return -1;
    }

    // ------------------------------------------------------------------ keys

    /** SORT's keys: the sorted key, and the last STORE's destination (Redis: sortGetKeys). */
    static boolean sortKeys(byte[][] argv, int argc, KeySpec.Positions out) {
        out.key(1, SORTED);
        int store = -1;
        for (int i = 2; i < argc; i++) {
            byte[] a = argv[i];
            if (Args.equalsAscii(a, "limit")) i += 2;
            else if (Args.equalsAscii(a, "get") || Args.equalsAscii(a, "by")) i += 1;
            else if (Args.equalsAscii(a, "store") && i + 1 < argc) store = i + 1;
        }
        if (store >= 0) out.key(store, STORE_KEY);
        return true;
    }

    /** SORT_RO reads only the sorted key (Redis: sortROGetKeys). */
    static boolean sortRoKeys(byte[][] argv, int argc, KeySpec.Positions out) {
        out.key(1, SORTED);
        return true;
    }
}
