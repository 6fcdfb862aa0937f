/*
 * The bitmap commands end to end, on random data, against a plain reference model kept in the
 * test: a java.util.BitSet for SETBIT/GETBIT, and straightforward bit-by-bit loops for BITCOUNT,
 * BITPOS, BITOP and BITFIELD. Exact error texts and edge cases are in differential/bitmap.redis;
 * here the point is volume (many random values, long values that exercise the word-at-a-time
 * paths) plus what the differential scenario cannot see: WRONGTYPE, in-place edits, and events.
 */
package dev.rediscover.types.string;

import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.MutableString;
import dev.rediscover.keyspace.TypedValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitmapCommandsTest {
    private static RediscoverServer server;
    private static Jedis jedis;
    private final Random rnd = new Random();
    private final long seed = rnd.nextLong();

    @BeforeAll
    static void start() {
        server = RediscoverServer.start();
        jedis = new Jedis(server.host(), server.port());
    }

    @AfterAll
    static void stop() {
        jedis.close();
        server.close();
    }

    @BeforeEach
    void seed() { rnd.setSeed(seed); }

    // ------------------------------------------------------------------ helpers

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static byte[] key() { return b("bm:" + UUID.randomUUID()); }

    private static Object call(Command cmd, Object... args) {
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            raw[i] = args[i] instanceof byte[] bytes ? bytes : b(String.valueOf(args[i]));
        }
        return jedis.sendCommand(cmd, raw);
    }

    private static long num(Command cmd, Object... args) { return (Long) call(cmd, args); }

    private byte[] randomValue(int maxLen) {
        byte[] v = new byte[rnd.nextInt(maxLen + 1)];
        int style = rnd.nextInt(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (style) {
                case 0 -> (byte) rnd.nextInt(256);
                case 1 -> rnd.nextInt(8) == 0 ? (byte) rnd.nextInt(256) : 0;     // sparse ones
                default -> rnd.nextInt(8) == 0 ? (byte) rnd.nextInt(256) : -1;   // sparse zeros
            };
        }
        return v;
    }

    private static int bit(byte[] v, long i) { return i < v.length * 8L ? (v[(int) (i / 8)] >> (7 - (int) (i % 8))) & 1 : 0; }

    /** A random range bound: small, negative, or far out. */
    private long bound(int len) {
        return switch (rnd.nextInt(6)) {
            case 0 -> -rnd.nextInt(len * 9 + 2) - 1;
            case 1 -> rnd.nextInt(len * 9 + 2);
            case 2 -> rnd.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            default -> rnd.nextInt(len + 2) - 1;
        };
    }

    /** Redis's range rules: [fromBit, toBit] or null for an empty range. */
    private static long[] bitRange(long start, long end, long len, boolean bits, boolean bitcount) {
        if (bitcount && start < 0 && end < 0 && start > end) return null;
        long total = bits ? len * 8 : len;
        if (start < 0) start += total;
        if (end < 0) end += total;
        start = Math.max(start, 0);
        end = Math.min(Math.max(end, 0), total - 1);
        if (start > end) return null;
        return bits ? new long[]{start, end} : new long[]{start * 8, end * 8 + 7};
    }

    // ------------------------------------------------------------------ SETBIT / GETBIT

    @Test
    void setbitAndGetbitAgreeWithABitSet() {
        byte[] k = key();
        BitSet model = new BitSet();
        long maxBit = -1;
        for (int i = 0; i < 600; i++) {
            int offset = rnd.nextInt(rnd.nextBoolean() ? 64 : 5000);
            int on = rnd.nextInt(2);
            long old = num(Command.SETBIT, k, offset, on);
            assertThat(old).as("SETBIT %d %d (seed %d)", offset, on, seed).isEqualTo(model.get(offset) ? 1 : 0);
            model.set(offset, on == 1);
            maxBit = Math.max(maxBit, offset);
            int probe = rnd.nextInt(6000);
            assertThat(num(Command.GETBIT, k, probe)).isEqualTo(model.get(probe) ? 1 : 0);
        }
        byte[] value = jedis.get(k);
        assertThat(value).hasSize((int) (maxBit / 8 + 1));
        for (int i = 0; i < value.length * 8; i++) assertThat(bit(value, i)).isEqualTo(model.get(i) ? 1 : 0);
    }

    @Test
    void setbitEditsAStoredStringInPlaceAsAMutableString() {
        byte[] k = key();
        jedis.set(k, new byte[]{(byte) 0xff, 0});
        assertThat(num(Command.SETBIT, k, 15, 1)).isZero();
        assertThat(num(Command.SETBIT, k, 40, 1)).isZero();
        Object stored = server.onLoop(s -> s.keyspace.db(0).peek(k).value);
        assertThat(stored).isInstanceOf(MutableString.class);
        assertThat(jedis.get(k)).containsExactly(0xff, 1, 0, 0, 0, 0x80);
        MutableString before = (MutableString) stored;
        num(Command.SETBIT, k, 0, 0);
        Object after = server.onLoop(s -> s.keyspace.db(0).peek(k).value);
        assertThat(after).isSameAs(before);
    }

    @Test
    void offsetsAreBoundedByProtoMaxBulkLen() {
        byte[] k = key();
        assertThat(num(Command.GETBIT, k, 4294967295L)).isZero();
        assertThatThrownBy(() -> call(Command.GETBIT, k, 4294967296L))
                .isInstanceOf(JedisDataException.class).hasMessage("ERR bit offset is not an integer or out of range");
        assertThatThrownBy(() -> call(Command.SETBIT, k, -1, 1))
                .hasMessage("ERR bit offset is not an integer or out of range");
        assertThatThrownBy(() -> call(Command.SETBIT, k, 0, 2)).hasMessage("ERR bit is not an integer or out of range");
        server.onLoop(s -> {
            try {
                s.config.set("proto-max-bulk-len", "2mb");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        try {
            assertThatThrownBy(() -> call(Command.GETBIT, k, 2L * 1024 * 1024 * 8))
                    .hasMessage("ERR bit offset is not an integer or out of range");
            assertThat(num(Command.GETBIT, k, 2L * 1024 * 1024 * 8 - 1)).isZero();
        } finally {
            server.onLoop(s -> {
                try {
                    s.config.set("proto-max-bulk-len", "512mb");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        }
    }

    // ------------------------------------------------------------------ BITCOUNT / BITPOS

    @Test
    void bitcountAgreesWithCountingBitByBit() {
        for (int i = 0; i < 300; i++) {
            byte[] k = key();
            byte[] v = randomValue(rnd.nextBoolean() ? 20 : 300);
            jedis.set(k, v);
            int ones = 0;
            for (int j = 0; j < v.length * 8; j++) ones += bit(v, j);
            assertThat(num(Command.BITCOUNT, k)).isEqualTo(ones);
            for (int r = 0; r < 5; r++) {
                long start = bound(v.length), end = bound(v.length);
                boolean bits = rnd.nextBoolean();
                long[] range = bitRange(start, end, v.length, bits, true);
                long expected = 0;
                if (range != null) for (long j = range[0]; j <= range[1]; j++) expected += bit(v, j);
                assertThat(num(Command.BITCOUNT, k, start, end, bits ? "BIT" : "BYTE"))
                        .as("BITCOUNT %s %d %d %s (seed %d)", Arrays.toString(v), start, end, bits, seed)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void bitposAgreesWithScanningBitByBit() {
        for (int i = 0; i < 300; i++) {
            byte[] k = key();
            byte[] v = randomValue(rnd.nextBoolean() ? 20 : 300);
            jedis.set(k, v);
            for (int r = 0; r < 6; r++) {
                int want = rnd.nextInt(2);
                int form = rnd.nextInt(4);      // 0: no range, 1: start, 2: start end, 3: start end unit
                long start = form >= 1 ? bound(v.length) : 0;
                long end = form >= 2 ? bound(v.length) : -1;
                boolean bits = form == 3 && rnd.nextBoolean();
                long[] range = bitRange(start, end, v.length, bits, false);
                long expected = -1;
                if (range != null) {
                    for (long j = range[0]; j <= range[1] && expected < 0; j++) if (bit(v, j) == want) expected = j;
                    if (expected < 0 && want == 0 && form < 2) expected = range[1] + 1;
                }
                List<Object> args = new ArrayList<>(List.of(k, want));
                if (form >= 1) args.add(start);
                if (form >= 2) args.add(end);
                if (form == 3) args.add(bits ? "BIT" : "BYTE");
                assertThat(num(Command.BITPOS, args.toArray()))
                        .as("BITPOS %s %s (seed %d)", Arrays.toString(v), args.subList(1, args.size()), seed)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void bitcountAndBitposOnALargeSparseBitmap() {
        byte[] k = key();
        BitSet model = new BitSet();
        for (int i = 0; i < 50; i++) {
            int offset = rnd.nextInt(8_000_000);
            num(Command.SETBIT, k, offset, 1);
            model.set(offset);
        }
        assertThat(num(Command.BITCOUNT, k)).isEqualTo(model.cardinality());
        assertThat(num(Command.BITPOS, k, 1)).isEqualTo(model.nextSetBit(0));
        int from = rnd.nextInt(1_000_000);
        assertThat(num(Command.BITPOS, k, 1, from)).isEqualTo(model.nextSetBit(from * 8));
        assertThat(num(Command.BITPOS, k, 0)).isEqualTo(model.nextClearBit(0));
    }

    // ------------------------------------------------------------------ BITOP

    @Test
    void bitopAgreesWithByteByByteOperations() {
        for (int i = 0; i < 200; i++) {
            String op = List.of("AND", "OR", "XOR", "NOT").get(rnd.nextInt(4));
            int n = op.equals("NOT") ? 1 : 1 + rnd.nextInt(4);
            List<byte[]> values = new ArrayList<>();
            List<Object> args = new ArrayList<>(List.of(op, key()));
            int maxLen = 0;
            for (int j = 0; j < n; j++) {
                byte[] k = key();
                byte[] v = rnd.nextInt(5) == 0 ? null : randomValue(rnd.nextBoolean() ? 20 : 200);
                if (v != null) jedis.set(k, v);
                values.add(v == null ? new byte[0] : v);
                maxLen = Math.max(maxLen, v == null ? 0 : v.length);
                args.add(k);
            }
            byte[] expected = new byte[maxLen];
            for (int x = 0; x < maxLen; x++) {
                int acc = at(values.get(0), x);
                for (int j = 1; j < n; j++) {
                    int y = at(values.get(j), x);
                    acc = op.equals("AND") ? acc & y : op.equals("OR") ? acc | y : acc ^ y;
                }
                expected[x] = (byte) (op.equals("NOT") ? ~acc : acc);
            }
            assertThat(num(Command.BITOP, args.toArray())).isEqualTo(maxLen);
            byte[] stored = jedis.get((byte[]) args.get(1));
            if (maxLen == 0) assertThat(stored).isNull();
            else assertThat(stored).as("BITOP %s (seed %d)", op, seed).isEqualTo(expected);
        }
    }

    private static int at(byte[] v, int i) { return i < v.length ? v[i] & 0xff : 0; }

    @Test
    void bitopReplacesTheDestinationAndItsTtl() {
        byte[] src = key(), dst = key();
        jedis.set(src, b("abc"));
        jedis.set(dst, b("old"));
        server.onLoop(s -> {
            Database db = s.keyspace.db(0);
            db.setExpire(dst, db.peek(dst), s.clock.millis() + 100_000);
            return null;
        });
        assertThat(num(Command.BITOP, "NOT", dst, src)).isEqualTo(3);
        boolean hasExpiry = server.onLoop(s -> s.keyspace.db(0).peek(dst).hasExpiry());
        String encoding = server.onLoop(s -> s.keyspace.db(0).peek(dst).encoding());
        assertThat(hasExpiry).isFalse();
        assertThat(encoding).isEqualTo("raw");
    }

    // ------------------------------------------------------------------ BITFIELD

    @Test
    void bitfieldWritesAndReadsLikeABitByBitModel() {
        byte[] k = key();
        byte[] model = new byte[0];
        for (int i = 0; i < 400; i++) {
            boolean signed = rnd.nextBoolean();
            int bits = 1 + rnd.nextInt(signed ? 64 : 63);
            int offset = rnd.nextInt(300);
            String type = (signed ? "i" : "u") + bits;
            long value = rnd.nextLong() >> rnd.nextInt(64);
            boolean write = rnd.nextBoolean();
            List<Object> reply;
            if (write) {
                reply = list(call(Command.BITFIELD, k, "SET", type, offset, value, "GET", type, offset));
                long old = field(model, offset, bits, signed);
                model = Arrays.copyOf(model, Math.max(model.length, (offset + bits - 1) / 8 + 1));
                for (int j = 0; j < bits; j++) {
                    int idx = (offset + j) / 8, mask = 1 << (7 - (offset + j) % 8);
                    if (((value >>> (bits - 1 - j)) & 1) != 0) model[idx] |= (byte) mask;
                    else model[idx] &= (byte) ~mask;
                }
                // WRAP is the default: what reads back is the value cut to `bits` bits
                assertThat(reply).containsExactly(old, field(model, offset, bits, signed));
            } else {
                reply = list(call(Command.BITFIELD_RO, k, "GET", type, offset));
                assertThat(reply).containsExactly(field(model, offset, bits, signed));
            }
        }
        assertThat(jedis.get(k)).isEqualTo(model);
    }

    private static long field(byte[] v, int offset, int bits, boolean signed) {
        long x = 0;
        for (int j = 0; j < bits; j++) x = (x << 1) | bit(v, offset + j);
        if (signed && bits < 64 && ((x >>> (bits - 1)) & 1) == 1) x |= -1L << bits;
        return x;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object reply) { return (List<Object>) reply; }

    @Test
    void bitfieldOverflowPolicies() {
        byte[] k = key();
        assertThat(list(call(Command.BITFIELD, k, "SET", "u8", 0, 250, "INCRBY", "u8", 0, 10,
                "OVERFLOW", "SAT", "INCRBY", "u8", 0, 300, "OVERFLOW", "FAIL", "INCRBY", "u8", 0, 1, "GET", "u8", 0)))
                .containsExactly(0L, 4L, 255L, null, 255L);
        assertThat(list(call(Command.BITFIELD, k, "OVERFLOW", "SAT", "SET", "i8", 0, -1000, "INCRBY", "i8", 0, -1)))
                .containsExactly(-1L, -128L);
    }

    @Test
    void bitfieldRoRefusesWritesButChecksArgumentsFirst() {
        byte[] k = key();
        assertThatThrownBy(() -> call(Command.BITFIELD_RO, k, "SET", "i8", 0, 1))
                .hasMessage("ERR BITFIELD_RO only supports the GET subcommand");
        assertThatThrownBy(() -> call(Command.BITFIELD_RO, k, "SET", "u64", 0, 1))
                .hasMessage("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
        assertThat(jedis.get(k)).isNull();
    }

    // ------------------------------------------------------------------ types and events

    /** A stand-in for a non-string value (no other type exists in this module yet). */
    private record FakeList() implements TypedValue {
        public String typeName() { return "list"; }

        public String encoding() { return "listpack"; }
    }

    @Test
    void everyCommandRefusesANonStringKey() {
        byte[] k = key(), ok = key();
        jedis.set(ok, b("x"));
        server.onLoop(s -> s.keyspace.db(0).set(k, new FakeList(), false));
        String wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
        List<Object[]> calls = List.of(
                new Object[]{Command.SETBIT, k, 0, 1}, new Object[]{Command.GETBIT, k, 0},
                new Object[]{Command.BITCOUNT, k}, new Object[]{Command.BITCOUNT, k, 0, 1},
                new Object[]{Command.BITPOS, k, 1}, new Object[]{Command.BITOP, "AND", ok, ok, k},
                new Object[]{Command.BITFIELD, k, "GET", "i8", 0}, new Object[]{Command.BITFIELD, k, "SET", "i8", 0, 1},
                new Object[]{Command.BITFIELD_RO, k, "GET", "i8", 0});
        for (Object[] c : calls) {
            assertThatThrownBy(() -> call((Command) c[0], Arrays.copyOfRange(c, 1, c.length)))
                    .as("%s", c[0]).hasMessage(wrongType);
        }
        assertThat(jedis.get(ok)).isEqualTo(b("x"));
        // BITOP's destination is simply replaced, whatever it held
        assertThat(num(Command.BITOP, "OR", k, ok)).isEqualTo(1);
        assertThat(jedis.get(k)).isEqualTo(b("x"));
    }

    @Test
    void keyspaceEventsOnlyWhenSomethingChanged() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Keyspace.Listener l = new Keyspace.Listener() {
            @Override
            public void event(int type, String event, byte[] key, int dbId) {
                // "new" and "keymiss" come from the keyspace itself, not from the command under test
                if ((type & (NotifyFlags.NEW | NotifyFlags.KEY_MISS)) == 0) events.add(event);
            }

            @Override
            public void keyModified(Database db, byte[] key) { events.add("modified"); }
        };
        server.onLoop(s -> { s.keyspace.addListener(l); return null; });
        try {
            byte[] k = key(), dst = key();
            num(Command.SETBIT, k, 3, 0);        // creates the key: a change
            num(Command.SETBIT, k, 3, 0);        // nothing changes
            num(Command.SETBIT, k, 3, 1);
            num(Command.SETBIT, k, 20, 0);       // grows the string: a change
            call(Command.BITFIELD, k, "SET", "u4", 0, 2);
            call(Command.BITFIELD, k, "SET", "u4", 0, 2);   // same value again
            call(Command.BITFIELD, k, "GET", "u4", 0);
            num(Command.BITOP, "OR", dst, k);
            num(Command.BITOP, "AND", dst, key());
            assertThat(events).containsExactly("modified", "setbit", "modified", "setbit", "modified", "setbit",
                    "modified", "setbit", "modified", "set", "modified", "del");
        } finally {
            server.onLoop(s -> { s.keyspace.removeListener(l); return null; });
        }
    }
}
