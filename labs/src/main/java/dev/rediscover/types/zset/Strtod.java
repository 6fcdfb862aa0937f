/*
 * Strtod: C's strtod(3) on bytes, because sorted sets parse scores with it and its leniency is
 * visible to clients. Redis reads a ZADD score with getDoubleFromObject (object.c), which calls
 * strtod and then refuses leading spaces, trailing bytes, overflow and NaN; it reads a
 * ZRANGEBYSCORE bound with zslParseRange (t_zset.c), which calls strtod and refuses only
 * trailing bytes and NaN. So both accept "0x10" (16, a hex float), "1e3", ".5", "inf" and
 * "-Infinity"; only the range bounds accept " 1" and "1e400" (inf), and a bound may even be
 * empty ("" or "(" read as 0, because strtod converts nothing and stops at the terminator).
 *
 * parse() returns the value and sets `end` to one past the last byte used, 0 when nothing could
 * be converted, exactly as strtod's endptr; `overflow` is strtod's ERANGE with a HUGE_VAL or
 * zero result.
 */
package dev.rediscover.types.zset;

import java.nio.charset.StandardCharsets;

public final class Strtod {
    /** One past the last byte converted by the last parse (0: nothing converted). */
    int end;
    /** The last parse overflowed to ±inf or underflowed to 0 (errno == ERANGE). */
    boolean outOfRange;

    /** Parse from s[from] up to the first NUL or the end, as strtod does. */
    double parse(byte[] s, int from) {
        int n = s.length;
        for (int k = from; k < n; k++) if (s[k] == 0) { n = k; break; }
        end = from;
        outOfRange = false;
        int i = from;
        while (i < n && isSpace(s[i])) i++;
        boolean neg = false;
        if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
        double v;
        int special = matchWord(s, i, n);
        if (special > 0) {
            boolean nan = s[i] == 'n' || s[i] == 'N';
            end = i + special;
            v = nan ? Double.NaN : Double.POSITIVE_INFINITY;
        } else if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && hexStart(s, i + 2, n)) {
            v = hex(s, i + 2, n);
        } else {
            v = decimal(s, i, n);
            if (end == from) return 0;
        }
        return neg ? -v : v;
    }

    /** Length of "inf", "infinity", "nan" or "nan(chars)" at i, ignoring case; 0 if none. */
    private static int matchWord(byte[] s, int i, int n) {
        if (startsWith(s, i, n, "infinity")) return 8;
        if (startsWith(s, i, n, "inf")) return 3;
        if (startsWith(s, i, n, "nan")) {
            int j = i + 3;
            if (j < n && s[j] == '(') {
                int k = j + 1;
                while (k < n && (Character.isLetterOrDigit(s[k]) || s[k] == '_')) k++;
                if (k < n && s[k] == ')') return k + 1 - i;
            }
            return 3;
        }
        return 0;
    }

    private double decimal(byte[] s, int i, int n) {
        int start = i, digits = 0;
        while (i < n && isDigit(s[i])) { i++; digits++; }
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && isDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return 0;                      // no conversion: end stays at `from`
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
            int j = i + 1;
            if (j < n && (s[j] == '+' || s[j] == '-')) j++;
            if (j < n && isDigit(s[j])) {
                while (j < n && isDigit(s[j])) j++;
                i = j;
            }
        }
        end = i;
        String text = new String(s, start, i - start, StandardCharsets.ISO_8859_1);
        double v = Double.parseDouble(text);
        if (Double.isInfinite(v) || (v == 0 && hasNonZeroMantissa(s, start, i))) outOfRange = true;
        return v;
    }

    private static boolean hexStart(byte[] s, int i, int n) {
        if (i < n && isHex(s[i])) return true;
        return i + 1 < n && s[i] == '.' && isHex(s[i + 1]);
    }

    private double hex(byte[] s, int i, int n) {
        StringBuilder b = new StringBuilder("0x");
        while (i < n && isHex(s[i])) b.append((char) s[i++]);
        if (i < n && s[i] == '.') {
            b.append('.');
            i++;
            while (i < n && isHex(s[i])) b.append((char) s[i++]);
        }
        String exp = "p0";
        if (i < n && (s[i] == 'p' || s[i] == 'P')) {
            int j = i + 1;
            if (j < n && (s[j] == '+' || s[j] == '-')) j++;
            if (j < n && isDigit(s[j])) {
                while (j < n && isDigit(s[j])) j++;
                exp = "p" + new String(s, i + 1, j - i - 1, StandardCharsets.ISO_8859_1);
                i = j;
            }
        }
        end = i;
        double v = Double.parseDouble(b.append(exp).toString());
        if (Double.isInfinite(v)) outOfRange = true;
        return v;
    }

    private static boolean hasNonZeroMantissa(byte[] s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (s[k] == 'e' || s[k] == 'E') return false;
            if (s[k] >= '1' && s[k] <= '9') return true;
        }
        return false;
    }

    private static boolean startsWith(byte[] s, int i, int n, String word) {
        if (n - i < word.length()) return false;
        for (int k = 0; k < word.length(); k++) {
            int c = s[i + k];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != word.charAt(k)) return false;
        }
        return true;
    }

    static boolean isSpace(byte b) { return b == ' ' || (b >= '\t' && b <= '\r'); }

    private static boolean isDigit(byte b) { return b >= '0' && b <= '9'; }

    private static boolean isHex(byte b) {
        return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    // ------------------------------------------------------------------ Redis's two readers

    /**
     * A score as ZADD, ZINCRBY and WEIGHTS read it (Redis: getDoubleFromObject), or NaN when
     * Redis would answer "not a valid float". NaN itself is never a valid score.
     */
    static double score(byte[] s) {
        if (s.length == 0 || isSpace(s[0])) return Double.NaN;
        double small = smallInteger(s);
        if (!Double.isNaN(small)) return small;
        Strtod p = new Strtod();
        double v = p.parse(s, 0);
        if (p.end != s.length || p.outOfRange) return Double.NaN;
        return v;
    }

    /**
     * The common case without garbage: up to 15 digits with an optional '-', which a double holds
     * exactly, so the value is what strtod would give. NaN when s is anything else.
     */
    private static double smallInteger(byte[] s) {
        int i = s[0] == '-' ? 1 : 0;
        if (s.length - i == 0 || s.length - i > 15) return Double.NaN;
        long v = 0;
        for (; i < s.length; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) return Double.NaN;
            v = v * 10 + d;
        }
        return s[0] == '-' ? -(double) v : (double) v;
    }

    /**
     * A SORT weight (Redis: sortCommandGeneric reads it with strtod): leading spaces and an empty
     * string (0) are fine, anything left before the first NUL, overflow, underflow and NaN are
     * not; NaN is returned for those ("One or more scores can't be converted into double").
     */
    public static double sortWeight(byte[] s) {
        double small = s.length == 0 ? Double.NaN : smallInteger(s);
        if (!Double.isNaN(small)) return small;
        Strtod p = new Strtod();
        double v = p.parse(s, 0);
        int stop = s.length;
        for (int k = 0; k < s.length; k++) if (s[k] == 0) { stop = k; break; }
        if (p.end != stop) return Double.NaN;     // strtod's endptr must reach the terminator
        if (p.outOfRange || Double.isNaN(v)) return Double.NaN;
        return v;
    }

    /** A range bound after any '(' (Redis: zslParseRange), or NaN when it is not a float. */
    static double bound(byte[] s, int from) {
        Strtod p = new Strtod();
        double v = p.parse(s, from);
        int stop = s.length;
        for (int k = from; k < s.length; k++) if (s[k] == 0) { stop = k; break; }
        // strtod converting nothing leaves endptr at the start: fine only if that is the end.
        int end = p.end == from ? from : p.end;
        if (end != stop) return Double.NaN;
        return v;
    }
}
