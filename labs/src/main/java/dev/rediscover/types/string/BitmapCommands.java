/*
 * The bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO
 * (Redis: bitops.c). A bitmap is not a type of its own but a string read as bits; bit 0 is the
 * most significant bit of the first byte, and reading past the end reads zeros.
 *
 * Writers grow the string with zeros as far as the highest bit they touch and edit it in place as a
 * MutableString (Redis: lookupStringForBitCommand, which sdsgrowzero()s an unshared sds). Readers
 * take either string form through StringValues. Counting and searching run a word at a time
 * (BitScan); BITFIELD's integer fields and overflow rules live in BitField.
 *
 * One deliberate difference: a Java array holds at most ~2GB, so if proto-max-bulk-len is raised
 * above that, a write past 2GB answers "string exceeds maximum allowed size" where Redis would
 * allocate. With the default 512mb limit the two agree everywhere.
 */
package dev.rediscover.types.string;

import dev.rediscover.command.Args;
import dev.rediscover.command.KeySpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.MutableString;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class BitmapCommands {
    private BitmapCommands() {}

    static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";
    static final String BAD_BIT = "ERR bit is not an integer or out of range";
    static final String BAD_TYPE = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    static final String BAD_OVERFLOW = "ERR Invalid OVERFLOW type specified";
    static final String NOT_ONE_SOURCE = "ERR BITOP NOT must be called with a single source key.";
    static final String BAD_BITPOS_BIT = "ERR The bit argument must be 1 or 0.";
    static final String RO_ONLY_GET = "ERR BITFIELD_RO only supports the GET subcommand";

    /** proto-max-bulk-len can never be below 1mb, so offsets under this need no config lookup. */
    private static final long MIN_MAX_BULK = 1024 * 1024;
    /** The longest byte[] a JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("setbit", 4, BitmapCommands::setbit).flags("write denyoom").key(1, "RW access update").group("bitmap")
                .doc("Sets or clears the bit at an offset of a string, growing it as needed; answers the bit's old value.", "2.2.0", "O(1)");
        t.add("getbit", 3, BitmapCommands::getbit).flags("readonly fast").key(1, "RO access").group("bitmap")
                .doc("Answers the bit at an offset of a string (0 past its end).", "2.2.0", "O(1)");
        t.add("bitcount", -2, BitmapCommands::bitcount).flags("readonly").key(1, "RO access").group("bitmap")
                .doc("Counts the set bits of a string, optionally within a byte or bit range.", "2.6.0", "O(N)");
        t.add("bitpos", -3, BitmapCommands::bitpos).flags("readonly").key(1, "RO access").group("bitmap")
                .doc("Finds the first bit set to 1 or 0 in a string, optionally within a byte or bit range.", "2.8.7", "O(N)");
        t.add("bitop", -4, BitmapCommands::bitop).flags("write denyoom").key(2, "OW update").keys(3, -1, 1, "RO access").group("bitmap")
                .doc("Combines strings bit by bit with AND, OR, XOR or NOT and stores the result.", "2.6.0", "O(N)");
        t.add("bitfield", -2, BitmapCommands::bitfield).flags("write denyoom").keySpec(KeySpec.at(1).flags("RW access update variable_flags")
                        .notes("This command allows both access and modification of the key"))
                .keyFinder(BitmapCommands::bitfieldKeys).group("bitmap")
                .doc("Reads, writes and increments integers of any width at any bit offset of a string.", "3.2.0", "O(1) for each subcommand specified");
        t.add("bitfield_ro", -2, BitmapCommands::bitfieldRo).flags("readonly fast").key(1, "RO access").group("bitmap")
                .doc("The read-only form of BITFIELD: GET subcommands only.", "6.0.0", "O(1) for each subcommand specified");
    }

    private static final KeySpec BITFIELD_READ = KeySpec.at(1).flags("RO access");
    private static final KeySpec BITFIELD_WRITE = KeySpec.at(1).flags("RW access update");

    /**
     * BITFIELD's key for COMMAND GETKEYSANDFLAGS: a read when every operation is a complete GET
     * (or OVERFLOW); a SET, an INCRBY or anything malformed counts as a write, the safe guess
     * (Redis: db.c, bitfieldGetKeys, which walks the operations the same way).
     */
    static boolean bitfieldKeys(byte[][] argv, int argc, KeySpec.Positions out) {
        out.key(1, bitfieldOnlyReads(argv, argc) ? BITFIELD_READ : BITFIELD_WRITE);
        return true;
    }

    private static boolean bitfieldOnlyReads(byte[][] argv, int argc) {
        for (int i = 2; i < argc; i++) {
            int rest = argc - i - 1;
            if (Args.equalsAscii(argv[i], "get") && rest >= 2) i += 2;            // GET type offset
            else if (Args.equalsAscii(argv[i], "overflow") && rest >= 1) i += 1;  // OVERFLOW how
            else return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ SETBIT / GETBIT

    /** SETBIT key offset 0|1 */
    static void setbit(Client c) {
        long offset = bitOffset(c, c.argv[2], false, 0);
        long on = Args.parseLong(c.argv[3], BAD_BIT);
        if ((on & ~1L) != 0) throw new RedisException(BAD_BIT);
        byte[] key = c.argv[1];
        Grown g = growForWrite(c, key, offset);
        byte[] a = g.value.array();
        int index = (int) (offset >>> 3);
        int mask = 1 << (7 - (int) (offset & 7));
        int old = (a[index] & mask) != 0 ? 1 : 0;
        if (g.changedLength || old != on) {
            if (on == 1) a[index] |= (byte) mask;
            else a[index] &= (byte) ~mask;
            modified(c, key, "setbit");
        }
        c.reply.integer(old);
    }

    /** GETBIT key offset */
    static void getbit(Client c) {
        long offset = bitOffset(c, c.argv[2], false, 0);
        RedisObject o = c.db.lookupRead(c.argv[1]);
        if (o == null) {
            c.reply.integer(0);
            return;
        }
        byte[] a = StringValues.array(o);
        long index = offset >>> 3;
        int bit = 0;
        if (index < StringValues.length(o)) bit = (a[(int) index] >>> (7 - (int) (offset & 7))) & 1;
        c.reply.integer(bit);
    }

    // ------------------------------------------------------------------ BITCOUNT / BITPOS

    /** BITCOUNT key [start end [BYTE | BIT]] */
    static void bitcount(Client c) {
        RedisObject o = c.db.lookupRead(c.argv[1]);
        if (o == null) {        // Redis 7.0 answers 0 before looking at the other arguments
            c.reply.integer(0);
            return;
        }
        byte[] a = StringValues.array(o);
        long len = StringValues.length(o);
        long fromBit, toBit;
        if (c.argc == 4 || c.argc == 5) {
            long start = Args.parseLong(c.argv[2]);
            long end = Args.parseLong(c.argv[3]);
            boolean bits = c.argc == 5 && unitIsBit(c.argv[4]);
            if (start < 0 && end < 0 && start > end) {     // an inverted range from the end: empty
                c.reply.integer(0);                         // (BITCOUNT checks this, BITPOS does not)
                return;
            }
            long total = bits ? len << 3 : len;
            start = clampStart(start, total);
            end = clampEnd(end, total);
            if (start > end) {
                c.reply.integer(0);
                return;
            }
            fromBit = bits ? start : start << 3;
            toBit = bits ? end : (end << 3) + 7;
        } else if (c.argc == 2) {
            c.reply.integer(BitScan.popcount(a, 0, (int) len));
            return;
        } else {
            throw Errors.syntax();
        }
        c.reply.integer(BitScan.popcountBits(a, fromBit, toBit));
    }

    /** BITPOS key bit [start [end [BYTE | BIT]]] */
    static void bitpos(Client c) {
        long bit = Args.parseLong(c.argv[2]);
        if (bit != 0 && bit != 1) throw new RedisException(BAD_BITPOS_BIT);
        RedisObject o = c.db.lookupRead(c.argv[1]);
        if (o == null) {        // a missing key is all zeros: the first 0 is bit 0, there is no 1
            c.reply.integer(bit == 1 ? -1 : 0);
            return;
        }
        byte[] a = StringValues.array(o);
        long len = StringValues.length(o);
        boolean endGiven = false;
        long fromBit, toBit;
        if (c.argc >= 4 && c.argc <= 6) {
            long start = Args.parseLong(c.argv[3]);
            boolean bits = c.argc == 6 && unitIsBit(c.argv[5]);   // checked before end, as Redis does
            long end = len - 1;
            if (c.argc >= 5) {
                end = Args.parseLong(c.argv[4]);
                endGiven = true;
            }
            long total = bits ? len << 3 : len;
            start = clampStart(start, total);
            end = clampEnd(end, total);
            if (start > end) {
                c.reply.integer(-1);
                return;
            }
            fromBit = bits ? start : start << 3;
            toBit = bits ? end : (end << 3) + 7;
        } else if (c.argc == 3) {
            if (len == 0) {
                c.reply.integer(-1);
                return;
            }
            fromBit = 0;
            toBit = (len << 3) - 1;
        } else {
            throw Errors.syntax();
        }
        long pos = BitScan.firstBit(a, fromBit, toBit, (int) bit);
        // No 0 in range: without an explicit end the string counts as followed by zeros.
        if (pos < 0 && bit == 0 && !endGiven) pos = toBit + 1;
        c.reply.integer(pos);
    }

    /** BYTE or BIT, the unit of BITCOUNT's and BITPOS's range (7.0). */
    private static boolean unitIsBit(byte[] unit) {
        if (Args.equalsAscii(unit, "bit")) return true;
        if (Args.equalsAscii(unit, "byte")) return false;
        throw Errors.syntax();
    }

    /** A range start: negative counts from the end, then clipped at 0. */
    private static long clampStart(long start, long total) {
        if (start < 0) start += total;
        return Math.max(start, 0);
    }

    /** A range end: negative counts from the end, then clipped to [0, total - 1]. */
    private static long clampEnd(long end, long total) {
        if (end < 0) end += total;
        if (end < 0) end = 0;
        return Math.min(end, total - 1);
    }

    // ------------------------------------------------------------------ BITOP

    /** BITOP AND | OR | XOR | NOT destkey key [key ...] */
    static void bitop(Client c) {
        byte[] opName = c.argv[1];
        int op;
        if (Args.equalsAscii(opName, "and")) op = BitOps.AND;
        else if (Args.equalsAscii(opName, "or")) op = BitOps.OR;
        else if (Args.equalsAscii(opName, "xor")) op = BitOps.XOR;
        else if (Args.equalsAscii(opName, "not")) op = BitOps.NOT;
        else throw Errors.syntax();
        if (op == BitOps.NOT && c.argc != 4) throw new RedisException(NOT_ONE_SOURCE);

        int n = c.argc - 3;
        byte[][] src = new byte[n][];
        int[] len = new int[n];
        int maxLen = 0;
        for (int j = 0; j < n; j++) {
            RedisObject o = c.db.lookupRead(c.argv[3 + j]);
            if (o == null) {
                src[j] = BitOps.EMPTY;
                continue;
            }
            src[j] = StringValues.array(o);
            len[j] = StringValues.length(o);
            maxLen = Math.max(maxLen, len[j]);
        }
        byte[] dest = c.argv[2];
        if (maxLen == 0) {
            // An empty result is no key at all.
            if (c.db.delete(dest)) c.server.keyspace.notify(NotifyFlags.GENERIC, "del", dest, c.db.id);
        } else {
            byte[] result = BitOps.combine(op, src, len, maxLen);
            // Redis stores BITOP's result as a raw sds; a MutableString reports "raw" too.
            c.db.set(dest, new MutableString(result), false);
            c.server.keyspace.notify(NotifyFlags.STRING, "set", dest, c.db.id);
        }
        c.reply.integer(maxLen);
    }

    // ------------------------------------------------------------------ BITFIELD

    /** One parsed BITFIELD subcommand (Redis: struct bitfieldOp). */
    private record Op(int code, long offset, int bits, boolean signed, long value, int overflow) {}

    private static final int GET = 0, SET = 1, INCRBY = 2;

    /** BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset incr] [OVERFLOW WRAP|SAT|FAIL] ... */
    static void bitfield(Client c) { bitfieldGeneric(c, false); }

    /** BITFIELD_RO key [GET type offset] ... */
    static void bitfieldRo(Client c) { bitfieldGeneric(c, true); }

    private static void bitfieldGeneric(Client c, boolean readOnlyCommand) {
        List<Op> ops = parseBitfield(c);
        long highestWrite = -1;
        for (Op op : ops) {
            if (op.code != GET) highestWrite = Math.max(highestWrite, op.offset + op.bits - 1);
        }
        byte[] key = c.argv[1];
        if (highestWrite < 0) {
            RedisObject o = c.db.lookupRead(key);
            if (o != null) StringValues.checkString(o);
            c.reply.arrayHeader(ops.size());
            byte[] a = o != null ? StringValues.array(o) : BitOps.EMPTY;
            int len = o != null ? StringValues.length(o) : 0;
            for (Op op : ops) c.reply.integer(BitField.get(op.signed, a, len, op.offset, op.bits));
            return;
        }
        if (readOnlyCommand) throw new RedisException(RO_ONLY_GET);
        // Grow first, up to the farthest bit any write reaches: even writes that OVERFLOW FAIL
        // refuses leave the key created and grown, as in Redis.
        Grown g = growForWrite(c, key, highestWrite);
        c.reply.arrayHeader(ops.size());
        int changes = 0;
        for (Op op : ops) {
            if (op.code == GET) {
                c.reply.integer(BitField.get(op.signed, g.value.array(), g.value.length(), op.offset, op.bits));
            } else {
                int r = write(c, g.value, op);
                if (r == CHANGED || (r == SAME && g.changedLength)) changes++;
            }
        }
        if (changes > 0) modified(c, key, "setbit");
    }

    /**
     * Parse every subcommand before touching the key, so a bad argument anywhere fails the whole
     * command with nothing done. OVERFLOW applies to the writes after it.
     */
    private static List<Op> parseBitfield(Client c) {
        List<Op> ops = new ArrayList<>();
        int overflow = BitField.WRAP;
        for (int j = 2; j < c.argc; j++) {
            int remaining = c.argc - j - 1;
            byte[] sub = c.argv[j];
            int code;
            if (Args.equalsAscii(sub, "get") && remaining >= 2) code = GET;
            else if (Args.equalsAscii(sub, "set") && remaining >= 3) code = SET;
            else if (Args.equalsAscii(sub, "incrby") && remaining >= 3) code = INCRBY;
            else if (Args.equalsAscii(sub, "overflow") && remaining >= 1) {
                overflow = overflowPolicy(c.argv[++j]);
                continue;
            } else throw Errors.syntax();

            byte[] type = c.argv[j + 1];
            int bits = fieldBits(type);
            long offset = bitOffset(c, c.argv[j + 2], true, bits);
            long value = code == GET ? 0 : Args.parseLong(c.argv[j + 3]);
            ops.add(new Op(code, offset, bits, type[0] == 'i', value, overflow));
            j += code == GET ? 2 : 3;
        }
        return ops;
    }

    private static final int FAILED = -1, SAME = 0, CHANGED = 1;

    /**
     * Run a SET or INCRBY on the field and reply with its result (nil when OVERFLOW FAIL refuses).
     * Answers FAILED (nothing written), SAME (written, value unchanged) or CHANGED.
     */
    private static int write(Client c, MutableString m, Op op) {
        byte[] a = m.array();
        long old = BitField.get(op.signed, a, m.length(), op.offset, op.bits);
        long base = op.code == INCRBY ? old : op.value;
        long incr = op.code == INCRBY ? op.value : 0;
        int dir = BitField.overflow(op.signed, base, incr, op.bits);
        if (dir != 0 && op.overflow == BitField.FAIL) {
            c.reply.nullBulk();
            return FAILED;
        }
        long result = BitField.result(op.signed, base, incr, op.bits, dir, op.overflow);
        c.reply.integer(op.code == INCRBY ? result : old);
        BitField.set(a, op.offset, op.bits, result);
        return old != result ? CHANGED : SAME;
    }

    /** WRAP, SAT or FAIL. */
    private static int overflowPolicy(byte[] arg) {
        if (Args.equalsAscii(arg, "wrap")) return BitField.WRAP;
        if (Args.equalsAscii(arg, "sat")) return BitField.SAT;
        if (Args.equalsAscii(arg, "fail")) return BitField.FAIL;
        throw new RedisException(BAD_OVERFLOW);
    }

    /** The width of a field type i1..i64 or u1..u63 (Redis: getBitfieldTypeFromArgument). */
    private static int fieldBits(byte[] type) {
        if (type.length < 2 || (type[0] != 'i' && type[0] != 'u')) throw new RedisException(BAD_TYPE);
        long bits = Args.parseLongOr(type, 1, type.length, -1);
        if (bits < 1 || bits > (type[0] == 'i' ? 64 : 63)) throw new RedisException(BAD_TYPE);
        return (int) bits;
    }

    // ------------------------------------------------------------------ shared helpers

    /**
     * Parse a bit offset (Redis: getBitOffsetFromArgument). With `hash`, "#N" means the N-th field
     * of `bits` bits, i.e. N * bits (wrapping on overflow as Redis's C multiplication does). The
     * offset must address a byte below proto-max-bulk-len.
     */
    static long bitOffset(Client c, byte[] arg, boolean hash, int bits) {
        boolean useHash = hash && arg.length > 1 && arg[0] == '#';
        int from = useHash ? 1 : 0;
        long v = Args.parseLongOr(arg, from, arg.length, Long.MIN_VALUE);
        if (v == Long.MIN_VALUE && !isMinLong(arg, from)) throw new RedisException(BAD_OFFSET);
        if (useHash) v *= bits;
        if (v < 0) throw new RedisException(BAD_OFFSET);
        long byteIndex = v >>> 3;
        if (byteIndex >= MIN_MAX_BULK && byteIndex >= c.server.config.getLong("proto-max-bulk-len")) {
            throw new RedisException(BAD_OFFSET);
        }
        return v;
    }

    private static final byte[] MIN_LONG = Args.bytes(Long.toString(Long.MIN_VALUE));

    private static boolean isMinLong(byte[] arg, int from) {
        return Arrays.equals(arg, from, arg.length, MIN_LONG, 0, MIN_LONG.length);
    }

    /** The string at key made writable and at least long enough to hold bit maxBit. */
    private record Grown(MutableString value, boolean changedLength) {}

    /**
     * Find or create the string a write goes into, grown with zero bytes to hold bit maxBit
     * (Redis: lookupStringForBitCommand). changedLength is true when the key was created or grew,
     * which counts as a change even if no bit flips.
     */
    private static Grown growForWrite(Client c, byte[] key, long maxBit) {
        long need = (maxBit >>> 3) + 1;
        RedisObject o = c.db.lookupWrite(key);
        if (o != null) StringValues.checkString(o);
        if (need > MAX_ARRAY) throw new RedisException(Errors.MAX_STRING);
        if (o == null) {
            MutableString m = new MutableString(BitOps.EMPTY);
            m.ensureLength((int) need);
            c.db.add(key, new RedisObject(m));
            return new Grown(m, true);
        }
        MutableString m = StringValues.mutable(o);
        int oldLen = m.length();
        m.ensureLength((int) need);
        return new Grown(m, m.length() != oldLen);
    }

    /** Tell watchers and subscribers that a write changed the key in place. */
    private static void modified(Client c, byte[] key, String event) {
        c.db.keyspace().keyModified(c.db, key);
        c.server.keyspace.notify(NotifyFlags.STRING, event, key, c.db.id);
    }
}
