/*
 * One key specification of a command: where a group of keys sits in the arguments and what the
 * command does to those keys. Redis 7 describes every command's keys this way (server.h,
 * keySpec; the "key_specs" of src/commands/*.json); COMMAND INFO prints the specs, COMMAND
 * GETKEYS and ACL key patterns follow them (db.c, getKeysUsingKeySpecs).
 *
 * A spec is two steps plus flags:
 *
 *   begin_search  where to start looking:
 *                   index N           at argv[N]
 *                   keyword K from S  just after the word K, searched from argv[S]
 *                                     (S < 0: searched backwards from argv[argc+S])
 *                   unknown           the keys cannot be found from the arguments alone
 *   find_keys     from that start, which words are keys:
 *                   range L,step,lim  up to the L-th word after the start (L < 0: counted
 *                                     from the end, -1 = the last word), every step-th;
 *                                     lim > 1 with L = -1 takes only 1/lim of what remains
 *                   keynum i,f,step   argv[start+i] says how many keys; they begin at start+f
 *                   unknown
 *   flags         RO/RW/OW/RM (read only / read-write / overwrite / remove), and what happens
 *                 to the data: access, update, insert, delete; plus not_key, incomplete,
 *                 variable_flags. notes is free text Redis shows next to them.
 *
 * Built fluently: KeySpec.at(1).flags("RW insert"), KeySpec.at(2).keynum(0, 1, 1).flags("RO access").
 */
package dev.rediscover.command;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

public final class KeySpec {
    /** How the search for the first key starts. */
    public enum Begin { INDEX, KEYWORD, UNKNOWN }

    /** How keys are found from that start. */
    public enum Find { RANGE, KEYNUM, UNKNOWN }

    private Begin begin;
    private int index;                   // INDEX: argv position of the first key
    private String keyword;              // KEYWORD: the word after which keys start
    private int startFrom;               // KEYWORD: where to search for it
    private Find find = Find.RANGE;
    private int lastKey, keyStep = 1, limit;   // RANGE (default: exactly one key)
    private int keyNumIdx, firstKey;           // KEYNUM (keyStep shared)
    private List<String> flags = List.of();
    private String notes;

    private KeySpec(Begin begin) { this.begin = begin; }

    // ------------------------------------------------------------ begin_search

    /** Keys start at argv[index]; alone this is one key (range 0, step 1). */
    public static KeySpec at(int index) {
        KeySpec s = new KeySpec(Begin.INDEX);
        s.index = index;
        return s;
    }

    /** Keys start after the word `keyword` (case-insensitive), searched from argv[startFrom]. */
    public static KeySpec after(String keyword, int startFrom) {
        KeySpec s = new KeySpec(Begin.KEYWORD);
        s.keyword = keyword.toUpperCase(java.util.Locale.ROOT);
        s.startFrom = startFrom;
        return s;
    }

    /** Keys that cannot be located from the arguments (e.g. SORT's BY/GET patterns). */
    public static KeySpec unknown() {
        KeySpec s = new KeySpec(Begin.UNKNOWN);
        s.find = Find.UNKNOWN;
        return s;
    }

    // ------------------------------------------------------------ find_keys

    /** Keys up to `lastKey` words after the start (negative: from the end), every `step`-th. */
    public KeySpec range(int lastKey, int step, int limit) {
        this.find = Find.RANGE;
        this.lastKey = lastKey;
        this.keyStep = step;
        this.limit = limit;
        return this;
    }

    /** argv[start+keyNumIdx] holds the number of keys, the first at argv[start+firstKey]. */
    public KeySpec keynum(int keyNumIdx, int firstKey, int step) {
        this.find = Find.KEYNUM;
        this.keyNumIdx = keyNumIdx;
        this.firstKey = firstKey;
        this.keyStep = step;
        return this;
    }

    // ------------------------------------------------------------ flags

    /** Space-separated key-spec flags, in Redis's order: "RW access update". */
    public KeySpec flags(String spaceSeparated) {
        this.flags = List.copyOf(Arrays.asList(spaceSeparated.trim().split("\\s+")));
        return this;
    }

    /** The note Redis prints with the spec (COMMAND INFO shows it first). */
    public KeySpec notes(String notes) {
        this.notes = notes;
        return this;
    }

    // ------------------------------------------------------------ queries

    public Begin begin() { return begin; }
    public int index() { return index; }
    public String keyword() { return keyword; }
    public int startFrom() { return startFrom; }
    public Find find() { return find; }
    public int lastKey() { return lastKey; }
    public int keyStep() { return keyStep; }
    public int limit() { return limit; }
    public int keyNumIdx() { return keyNumIdx; }
    public int firstKey() { return firstKey; }
    public List<String> flags() { return flags; }
    public String notes() { return notes; }
    public boolean has(String flag) { return flags.contains(flag); }

    /** An index + range spec with step 1: the only kind the legacy (first, last, step) can express. */
    boolean isPlainRange() {
        return begin == Begin.INDEX && find == Find.RANGE;
    }

    // ------------------------------------------------------------ finding keys

    /** Receives the argv positions of the keys a spec finds. */
    public interface Positions {
        void key(int argvIndex, KeySpec spec);
    }

    /**
     * Finds this spec's keys in argv[0..argc) (argv[0] is the command name) and reports their
     * positions. Returns false when the arguments do not fit the spec (a key position past the
     * end, a bad key count): the caller reports "Invalid arguments". A missing keyword or an
     * unknown spec just finds nothing.
     */
    public boolean findKeys(byte[][] argv, int argc, Positions out) {
        int start = beginAt(argv, argc);
        if (start < 0) return true;
        if (find == Find.RANGE) return findRange(start, argc, out);
        if (find == Find.KEYNUM) return findKeynum(argv, start, argc, out);
        return true;
    }

    /** The argv index where the keys begin, or -1 when there is nothing to find. */
    private int beginAt(byte[][] argv, int argc) {
        if (begin == Begin.INDEX) return index;
        if (begin == Begin.UNKNOWN) return -1;
        byte[] word = keyword.getBytes(StandardCharsets.US_ASCII);
        if (startFrom >= 0) {
            for (int i = startFrom; i < argc; i++) if (equalsIgnoreCase(argv[i], word)) return i + 1;
        } else {
            for (int i = argc + startFrom; i > 0; i--) if (equalsIgnoreCase(argv[i], word)) return i + 1;
        }
        return -1;
    }

    private boolean findRange(int start, int argc, Positions out) {
        int last;
        if (lastKey >= 0) last = start + lastKey;
        else if (limit <= 1) last = argc + lastKey;
        else last = start + (argc - start) / limit + lastKey;   // e.g. XREAD STREAMS k1 k2 id1 id2
        return emit(start, last, argc, out);
    }

    private boolean findKeynum(byte[][] argv, int start, int argc, Positions out) {
        int at = start + keyNumIdx;
        if (at >= argc) return false;
        long n = parseCount(argv[at]);
        if (n < 0) return false;
        int first = start + firstKey;
        long last = first + (n - 1) * (long) keyStep;   // n = 0 leaves last < first: invalid
        if (last >= argc) return false;
        return emit(first, (int) last, argc, out);
    }

    /** Positions first..last by step; out of bounds or empty means the arguments are wrong. */
    private boolean emit(int first, int last, int argc, Positions out) {
        if (last < first || last >= argc || first >= argc) return false;
        for (int i = first; i <= last; i += Math.max(1, keyStep)) out.key(i, this);
        return true;
    }

    /** A non-negative decimal count, or -1. */
    private static long parseCount(byte[] b) {
        if (b.length == 0 || b.length > 10) return -1;
        long v = 0;
        for (byte x : b) {
            if (x < '0' || x > '9') return -1;
            v = v * 10 + (x - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : v;
    }

    private static boolean equalsIgnoreCase(byte[] a, byte[] upper) {
        if (a.length != upper.length) return false;
        for (int i = 0; i < a.length; i++) {
            int x = a[i];
            if (x >= 'a' && x <= 'z') x -= 32;
            if (x != upper[i]) return false;
        }
        return true;
    }
}
