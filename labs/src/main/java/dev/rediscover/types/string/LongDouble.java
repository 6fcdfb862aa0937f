/*
 * An x86 "long double" (80-bit extended precision: 64-bit significand, 15-bit exponent), emulated
 * exactly, because INCRBYFLOAT (and later HINCRBYFLOAT) compute in long double and users see it:
 * in Redis, "0.1" INCRBYFLOAT 0.2 answers "0.3" (not 0.30000000000000004 as a Java double would),
 * and 1e308 + 1e308 is a finite 309-digit number instead of infinity.
 *
 * Redis does it in t_string.c, incrbyfloatCommand(): strtold() both operands (util.c, string2ld),
 * add them in long double, then print with "%.17Lf" and drop trailing zeros (util.c, ld2string in
 * LD_STR_HUMAN mode). We reproduce each step: parse to the nearest long double (decimal or the hex
 * floats strtold also accepts), add with one rounding, print with 17 decimals. A value is kept as
 * an exact binary fraction mantissa * 2^exp with |mantissa| < 2^64; rounding is to nearest-even.
 */
package dev.rediscover.types.string;

import java.math.BigInteger;

public final class LongDouble {
    private static final int PRECISION = 64;        // significand bits of the x87 extended format
    private static final int MIN_EXP = -16445;      // exponent of the smallest subnormal, 2^-16445
    private static final int MAX_EXP = 16384;       // values >= 2^16384 overflow to infinity
    private static final int MAX_CHARS = 5 * 1024;  // Redis's MAX_LONG_DOUBLE_CHARS buffer
    private static final BigInteger TEN_POW_17 = BigInteger.TEN.pow(17);

    /** Returned by parse for text that is not a number strtold would fully accept. */
    public static final LongDouble INVALID = new LongDouble(BigInteger.ZERO, 0, false);
    public static final LongDouble POSITIVE_INFINITY = new LongDouble(BigInteger.ONE, 0, true);
    public static final LongDouble NEGATIVE_INFINITY = new LongDouble(BigInteger.ONE.negate(), 0, true);

    private final BigInteger mantissa;   // signed; the value is mantissa * 2^exp
    private final int exp;
    private final boolean infinite;

    private LongDouble(BigInteger mantissa, int exp, boolean infinite) {
        this.mantissa = mantissa;
        this.exp = exp;
        this.infinite = infinite;
    }

    public boolean isInfinite() { return infinite; }

    /** The exact value of a finite long double (BLPOP's timeout computes with it). */
    public java.math.BigDecimal toBigDecimal() {
        if (infinite) throw new ArithmeticException("infinite");
        java.math.BigDecimal m = new java.math.BigDecimal(mantissa);
        if (exp >= 0) return m.multiply(new java.math.BigDecimal(BigInteger.ONE.shiftLeft(exp)));
        return m.divide(new java.math.BigDecimal(BigInteger.ONE.shiftLeft(-exp)));   // exact: a power of two
    }

    // ------------------------------------------------------------------ parsing

    /**
     * Parse as Redis's string2ld does: strtold must consume every byte (a NUL inside is an
     * error too), no leading space, no NaN, and an
     * overflow or an underflow to zero is an error. Answers INVALID on failure.
     */
    public static LongDouble parse(byte[] s) {
        int n = s.length;
        if (n == 0 || n >= MAX_CHARS) return INVALID;
        if (isSpace(s[0])) return INVALID;
        // strtold itself skips leading white space; string2ld only refused a space in first place
        int i = 0;
        while (i < n && isSpace(s[i])) i++;
        boolean negative = false;
        if (i < n && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
        LongDouble v;
        if (matchesWord(s, i, n, "inf") || matchesWord(s, i, n, "infinity")) {
            v = POSITIVE_INFINITY;
        } else if (n - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            v = parseHex(s, i + 2, n);
        } else {
            v = parseDecimal(s, i, n);
        }
        if (v == INVALID) return INVALID;
        return negative ? v.negate() : v;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static boolean matchesWord(byte[] s, int from, int to, String word) {
        if (to - from != word.length()) return false;
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase((char) s[from + k]) != word.charAt(k)) return false;
        }
        return true;
    }

    /** digits [. digits] [e [sign] digits], at least one mantissa digit. */
    private static LongDouble parseDecimal(byte[] s, int i, int n) {
        StringBuilder digits = new StringBuilder();
        int fraction = 0;
        while (i < n && isDigit(s[i])) digits.append((char) s[i++]);
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && isDigit(s[i])) { digits.append((char) s[i++]); fraction++; }
        }
        if (digits.length() == 0) return INVALID;
        long exp10 = 0;
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            long[] e = parseExponent(s, i, n);
            if (e == null) return INVALID;
            exp10 = e[0];
            i = n;
        }
        if (i != n) return INVALID;
        BigInteger d = new BigInteger(digits.toString());
        if (d.signum() == 0) return zero();
        exp10 -= fraction;
        // Magnitude in decimal digits decides overflow/underflow before any big arithmetic.
        long magnitude = d.toString().length() + exp10;
        if (magnitude > 4934) return INVALID;                 // ERANGE, HUGE_VALL
        if (magnitude < -4952) return INVALID;                // ERANGE, rounds to zero
        LongDouble v = exp10 >= 0
                ? round(d.multiply(BigInteger.TEN.pow((int) exp10)), BigInteger.ONE, 0)
                : round(d, BigInteger.TEN.pow((int) -exp10), 0);
        return v.isZero() || v.infinite ? INVALID : v;
    }

    /** Hex float as strtold reads it: hexdigits [. hexdigits] [p [sign] digits]. */
    private static LongDouble parseHex(byte[] s, int i, int n) {
        StringBuilder digits = new StringBuilder();
        int fraction = 0;
        while (i < n && Character.digit(s[i], 16) >= 0) digits.append((char) s[i++]);
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && Character.digit(s[i], 16) >= 0) { digits.append((char) s[i++]); fraction++; }
        }
        if (digits.length() == 0) return INVALID;   // "0x" alone: strtold stops after the 0
        long exp2 = 0;
        if (i < n && (s[i] == 'p' || s[i] == 'P')) {
            long[] e = parseExponent(s, i + 1, n);
            if (e == null) return INVALID;
            exp2 = e[0];
            i = n;
        }
        if (i != n) return INVALID;
        BigInteger d = new BigInteger(digits.toString(), 16);
        if (d.signum() == 0) return zero();
        exp2 -= 4L * fraction;
        long magnitude = d.bitLength() + exp2;
        if (magnitude > MAX_EXP + 1) return INVALID;
        if (magnitude < MIN_EXP - 2) return INVALID;
        LongDouble v = round(d, BigInteger.ONE, (int) exp2);
        return v.isZero() || v.infinite ? INVALID : v;
    }

    /** [sign] digits to the end of the text, clamped so absurd exponents stay absurd. */
    private static long[] parseExponent(byte[] s, int i, int n) {
        boolean neg = false;
        if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
        if (i == n) return null;
        long e = 0;
        for (; i < n; i++) {
            if (!isDigit(s[i])) return null;
            e = Math.min(e * 10 + (s[i] - '0'), 1_000_000_000L);
        }
        return new long[]{neg ? -e : e};
    }

    private static boolean isDigit(byte b) { return b >= '0' && b <= '9'; }

    /** The exact value of a Java long (as Redis converts an int-encoded string). */
    public static LongDouble of(long v) {
        return round(BigInteger.valueOf(v), BigInteger.ONE, 0);
    }

    // ------------------------------------------------------------------ arithmetic

    private static LongDouble zero() { return new LongDouble(BigInteger.ZERO, 0, false); }

    private boolean isZero() { return !infinite && mantissa.signum() == 0; }

    private LongDouble negate() {
        if (this == POSITIVE_INFINITY) return NEGATIVE_INFINITY;
        return new LongDouble(mantissa.negate(), exp, infinite);
    }

    /** this + other, rounded once to the nearest long double; null for NaN (inf - inf). */
    public LongDouble add(LongDouble other) {
        if (infinite || other.infinite) {
            if (infinite && other.infinite && mantissa.signum() != other.mantissa.signum()) return null;
            return infinite ? this : other;
        }
        int e = Math.min(exp, other.exp);
        BigInteger sum = mantissa.shiftLeft(exp - e).add(other.mantissa.shiftLeft(other.exp - e));
        return round(sum, BigInteger.ONE, e);
    }

    /**
     * The long double nearest to num / den * 2^exp2 (den > 0), ties to even, with subnormals
     * below 2^-16382 and infinity from 2^16384 up.
     */
    static LongDouble round(BigInteger num, BigInteger den, int exp2) {
        if (num.signum() == 0) return zero();
        boolean negative = num.signum() < 0;
        num = num.abs();
        // Choose a scale giving a quotient of at least PRECISION + 2 bits, then shift the rest out.
        int scale = num.bitLength() - den.bitLength() - (PRECISION + 2);
        BigInteger[] qr = scale >= 0
                ? num.divideAndRemainder(den.shiftLeft(scale))
                : num.shiftLeft(-scale).divideAndRemainder(den);
        BigInteger q = qr[0];
        boolean sticky = qr[1].signum() != 0;
        int e = exp2 + scale;                         // value ~= q * 2^e
        int drop = Math.max(q.bitLength() - PRECISION, MIN_EXP - e);
        if (drop > 0) {
            sticky |= lowBitsNonZero(q, drop - 1);
            boolean half = q.testBit(drop - 1);
            q = q.shiftRight(drop);
            e += drop;
            if (half && (sticky || q.testBit(0))) q = q.add(BigInteger.ONE);
            if (q.bitLength() > PRECISION) { q = q.shiftRight(1); e++; }
        }
        if (q.bitLength() + e > MAX_EXP) return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        return new LongDouble(negative ? q.negate() : q, e, false);
    }

    private static boolean lowBitsNonZero(BigInteger q, int bits) {
        return bits > 0 && q.getLowestSetBit() < bits;
    }

    // ------------------------------------------------------------------ printing

    /**
     * printf("%.17Lf") with trailing zeros (and a bare point) removed, "-0" shown as "0":
     * what INCRBYFLOAT answers and stores (util.c, ld2string, LD_STR_HUMAN).
     */
    public String toHumanString() {
        if (infinite) return mantissa.signum() > 0 ? "inf" : "-inf";
        BigInteger abs = mantissa.abs();
        String text;
        if (exp >= 0) {
            text = abs.shiftLeft(exp).toString();
        } else {
            // round(|m| * 10^17 / 2^-exp), ties to even, then put the point 17 digits from the right
            BigInteger scaled = abs.multiply(TEN_POW_17);
            int shift = -exp;
            BigInteger q = scaled.shiftRight(shift);
            boolean half = scaled.testBit(shift - 1);
            boolean rest = lowBitsNonZero(scaled, shift - 1);
            if (half && (rest || q.testBit(0))) q = q.add(BigInteger.ONE);
            text = withPoint(q.toString(), 17);
        }
        if (mantissa.signum() < 0) text = "-" + text;
        return text.equals("-0") ? "0" : text;
    }

    /** Insert a decimal point `decimals` digits from the right and strip trailing zeros. */
    private static String withPoint(String digits, int decimals) {
        StringBuilder sb = new StringBuilder();
        if (digits.length() <= decimals) {
            sb.append("0.");
            sb.append("0".repeat(decimals - digits.length())).append(digits);
        } else {
            sb.append(digits, 0, digits.length() - decimals).append('.').append(digits, digits.length() - decimals, digits.length());
        }
        int end = sb.length();
        while (sb.charAt(end - 1) == '0') end--;
        if (sb.charAt(end - 1) == '.') end--;
        return sb.substring(0, end);
    }
}
