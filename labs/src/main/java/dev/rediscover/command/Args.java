/*
 * Reading command arguments: numbers parsed exactly as strictly as Redis parses them, and
 * case-insensitive option matching, all on raw bytes.
 *
 * Redis is strict on purpose: "12 ", "+5", "0x10" and "1e3" are not integers (util.c, string2ll),
 * so a client bug shows up as an error instead of a silently wrong value.
 */
package dev.rediscover.command;

import java.nio.charset.StandardCharsets;

public final class Args {
    private Args() {}

    /** Redis's string2ll: an optional '-', digits, no leading zeros, no spaces, fits in a long. */
    public static boolean isLong(byte[] s) {
        return parseLongOr(s, 0, s.length, Long.MIN_VALUE) != Long.MIN_VALUE || isMinLong(s);
    }

    /** Parse a long or throw "ERR value is not an integer or out of range". */
    public static long parseLong(byte[] s) {
        long v = parseLongOr(s, 0, s.length, Long.MIN_VALUE);
        if (v == Long.MIN_VALUE && !isMinLong(s)) throw Errors.notInteger();
        return v;
    }

    /** Parse a long or throw the given error text. */
    public static long parseLong(byte[] s, String error) {
        long v = parseLongOr(s, 0, s.length, Long.MIN_VALUE);
        if (v == Long.MIN_VALUE && !isMinLong(s)) throw new RedisException(error);
        return v;
    }

    /** Parse an int-sized value; bigger numbers get the "out of range" error. */
    public static int parseInt(byte[] s) {
        long v = parseLong(s);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw Errors.notInteger();
        return (int) v;
    }

    /** string2ll on s[from, to), answering `otherwise` for anything that is not a canonical long. */
    public static long parseLongOr(byte[] s, int from, int to, long otherwise) {
        int len = to - from;
        if (len <= 0 || len > 20) return otherwise;
        if (len == 1 && s[from] == '0') return 0;
        int i = from;
        boolean neg = false;
        if (s[i] == '-') {
            neg = true;
            if (++i == to) return otherwise;
        }
        if (s[i] < '1' || s[i] > '9') return otherwise;
        long v = 0;     // accumulate negatively so Long.MIN_VALUE fits
        for (; i < to; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) return otherwise;
            if (v < (Long.MIN_VALUE + d) / 10) return otherwise;
            v = v * 10 - d;
        }
        if (neg) return v;
        if (v == Long.MIN_VALUE) return otherwise;
        return -v;
    }

    private static boolean isMinLong(byte[] s) {
        return equalsAscii(s, "-9223372036854775808");
    }

    /**
     * Parse a double the way Redis does with strtod (util.c, string2d / getDoubleFromObject):
     * no surrounding spaces, "inf" and "-inf" allowed, NaN and overflow rejected.
     */
    public static double parseDouble(byte[] s) {
        double d = parseDoubleOr(s, Double.NaN);
        if (Double.isNaN(d)) throw Errors.notFloat();
        return d;
    }

    /** As parseDouble, answering `otherwise` (pass NaN) instead of throwing. */
    public static double parseDoubleOr(byte[] s, double otherwise) {
        int n = s.length;
        if (n == 0 || n > 5000) return otherwise;
        int i = 0;
        if (s[0] == '+' || s[0] == '-') i++;
        String rest = new String(s, i, n - i, StandardCharsets.ISO_8859_1);
        if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
            return s[0] == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        // digits [. digits] [e [sign] digits], at least one digit in the mantissa
        int digits = 0;
        while (i < n && isDigit(s[i])) { i++; digits++; }
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && isDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return otherwise;
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            if (i < n && (s[i] == '+' || s[i] == '-')) i++;
            int exp = 0;
            while (i < n && isDigit(s[i])) { i++; exp++; }
            if (exp == 0) return otherwise;
        }
        if (i != n) return otherwise;
        double d = Double.parseDouble(new String(s, StandardCharsets.ISO_8859_1));
        if (Double.isInfinite(d)) return otherwise;                  // overflow: ERANGE
        if (d == 0 && hasNonZeroDigit(s)) return otherwise;          // underflow: ERANGE
        return d;
    }

    private static boolean hasNonZeroDigit(byte[] s) {
        for (byte b : s) {
            if (b == 'e' || b == 'E') return false;
            if (b >= '1' && b <= '9') return true;
        }
        return false;
    }

    private static boolean isDigit(byte b) { return b >= '0' && b <= '9'; }

    /** Case-insensitive comparison of an argument with an ASCII option name. */
    public static boolean equalsAscii(byte[] arg, String option) {
        if (arg.length != option.length()) return false;
        for (int i = 0; i < arg.length; i++) {
            int a = arg[i];
            int b = option.charAt(i);
            if (a == b) continue;
            if (a >= 'A' && a <= 'Z') a += 32;
            if (b >= 'A' && b <= 'Z') b += 32;
            if (a != b) return false;
        }
        return true;
    }

    /** Bytes as text for error messages and logs (invalid UTF-8 is replaced, never thrown). */
    public static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    public static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** The canonical decimal bytes of n, as Redis stores the result of INCR. */
    public static byte[] bytes(long n) { return Long.toString(n).getBytes(StandardCharsets.US_ASCII); }
}
