/*
 * Properties of BitField's integer fields, checked against arbitrary-precision arithmetic:
 * reading back what was written, and WRAP / SAT / FAIL on INCRBY agreeing with exact math.
 * (SET's extreme-value quirks are Redis's own and are covered by the differential scenario.)
 */
package dev.rediscover.types.string;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigInteger;
import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;

class BitFieldTest {
    private static final BigInteger TWO = BigInteger.valueOf(2);

    /** A field type: signed 1..64 bits or unsigned 1..63 bits. */
    record Type(boolean signed, int bits) {
        BigInteger min() { return signed ? TWO.pow(bits - 1).negate() : BigInteger.ZERO; }

        BigInteger max() { return (signed ? TWO.pow(bits - 1) : TWO.pow(bits)).subtract(BigInteger.ONE); }

        /** n reduced modulo 2^bits into the field's range: what WRAP means. */
        BigInteger wrap(BigInteger n) {
            BigInteger m = n.mod(TWO.pow(bits));
            return m.compareTo(max()) > 0 ? m.subtract(TWO.pow(bits)) : m;
        }
    }

    @Provide
    Arbitrary<Type> types() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(1, 64))
                .as((s, b) -> new Type(s, s ? b : Math.min(b, 63)));
    }

    /** A value inside the type's range, from a seed. */
    private static long inRange(Type t, long seed) {
        BigInteger span = t.max().subtract(t.min()).add(BigInteger.ONE);
        return t.min().add(BigInteger.valueOf(seed).mod(span)).longValueExact();
    }

    @Property
    void writtenFieldsReadBackAndLeaveNeighboursAlone(@ForAll("types") Type t, @ForAll long seed,
                                                        @ForAll @IntRange(min = 0, max = 200) int offset,
                                                        @ForAll byte[] background) {
        long value = inRange(t, seed);
        byte[] p = new byte[Math.max(background.length, (offset + t.bits()) / 8 + 1)];
        System.arraycopy(background, 0, p, 0, background.length);
        BitSet before = BitSet.valueOf(reverseBits(p));

        BitField.set(p, offset, t.bits(), value);

        assertThat(BitField.get(t.signed(), p, p.length, offset, t.bits())).isEqualTo(value);
        BitSet after = BitSet.valueOf(reverseBits(p));
        for (int i = 0; i < p.length * 8; i++) {
            if (i < offset || i >= offset + t.bits()) {
                assertThat(after.get(i)).as("bit %d outside the field", i).isEqualTo(before.get(i));
            }
        }
    }

    @Property
    void readsPastTheEndAreZeros(@ForAll("types") Type t, @ForAll @IntRange(min = 0, max = 100) int offset) {
        byte[] p = {(byte) 0xff, (byte) 0xff};
        long expected = 0;
        for (int i = 0; i < t.bits(); i++) expected = (expected << 1) | (offset + i < 16 ? 1 : 0);
        if (t.signed() && t.bits() < 64 && (expected >>> (t.bits() - 1) & 1) == 1) expected |= -1L << t.bits();
        assertThat(BitField.get(t.signed(), p, 2, offset, t.bits())).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void incrbyFollowsExactArithmetic(@ForAll("types") Type t, @ForAll long seed, @ForAll long incr,
                                      @ForAll @IntRange(min = 0, max = 2) int policy) {
        long old = inRange(t, seed);
        BigInteger exact = BigInteger.valueOf(old).add(BigInteger.valueOf(incr));
        boolean fits = exact.compareTo(t.min()) >= 0 && exact.compareTo(t.max()) <= 0;

        int dir = BitField.overflow(t.signed(), old, incr, t.bits());

        assertThat(dir).isEqualTo(fits ? 0 : exact.compareTo(t.max()) > 0 ? 1 : -1);
        if (policy == BitField.FAIL) return;
        BigInteger expected = fits ? exact
                : policy == BitField.SAT ? (dir > 0 ? t.max() : t.min())
                : t.wrap(exact);
        long result = BitField.result(t.signed(), old, incr, t.bits(), dir, policy);
        assertThat(result).isEqualTo(expected.longValueExact());
    }

    @Property
    void setOfAnInRangeValueNeverOverflows(@ForAll("types") Type t, @ForAll long seed) {
        long v = inRange(t, seed);
        assertThat(BitField.overflow(t.signed(), v, 0, t.bits())).isZero();
    }

    @Property
    void unsignedSetOfANegativeNumberCountsAsTooBig(@ForAll @IntRange(min = 1, max = 63) int bits,
                                                    @ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long v) {
        // Redis reads the SET value as uint64, so -1 saturates to the maximum (SET u8 0 -1 => 255).
        assertThat(BitField.overflow(false, v, 0, bits)).isEqualTo(1);
        assertThat(BitField.result(false, v, 0, bits, 1, BitField.SAT)).isEqualTo((1L << bits) - 1);
        assertThat(BitField.result(false, v, 0, bits, 1, BitField.WRAP)).isEqualTo(v & ((1L << bits) - 1));
    }

    /** BitSet numbers bits from the low end of each byte; Redis from the high end. */
    private static byte[] reverseBits(byte[] p) {
        byte[] r = new byte[p.length];
        for (int i = 0; i < p.length; i++) r[i] = (byte) (Integer.reverse(p[i] & 0xff) >>> 24);
        return r;
    }
}
