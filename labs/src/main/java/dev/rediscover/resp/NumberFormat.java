/*
 * Numbers as Redis 7.0 prints them.
 *
 * Redis formats doubles with C's printf("%.17g") (networking.c, addReplyDouble): 17 significant
 * digits, trailing zeros dropped, scientific notation for very large or small exponents, and
 * "inf"/"-inf" for infinities. That is why ZSCORE of 1.1 answers "1.1000000000000001" in Redis
 * 7.0. Java's own %g differs (it keeps trailing zeros), so we do it by hand.
 *
 * INCRBYFLOAT and HINCRBYFLOAT instead print a "human friendly" form (util.c, ld2string with
 * LD_STR_HUMAN): plain digits, no exponent, no trailing zeros.
 */
package dev.rediscover.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

public final class NumberFormat {
    private NumberFormat() {}

    /** C's "%.17g" of d, with Redis's spelling of infinities. */
    public static String formatDouble(double d) {
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (Double.isNaN(d)) return "nan";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            // Whole numbers up to 17 digits print exactly, with no decimal point.
            return Long.toString((long) d);
        }
        return formatG(d, 17);
    }

    /** printf("%.<precision>g") for a finite, non-zero double. */
    static String formatG(double d, int precision) {
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        // The exponent X of the rounded value in scientific notation decides the style.
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal unscaled = rounded.movePointLeft(exponent);
            String mantissa = stripZeros(unscaled.toPlainString());
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return mantissa + "e" + sign + (abs < 10 ? "0" : "") + abs;
        }
        return stripZeros(rounded.setScale(Math.max(precision - 1 - exponent, 0), RoundingMode.HALF_EVEN)
                .toPlainString());
    }

    /** The form INCRBYFLOAT answers: plain decimal, shortest round-trip digits, no trailing zeros. */
    public static String humanDouble(double d) {
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return "0";
        String plain = new BigDecimal(Double.toString(d)).toPlainString();
        return stripZeros(plain);
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) return s;
        int i = s.length();
        while (s.charAt(i - 1) == '0') i--;
        if (s.charAt(i - 1) == '.') i--;
        return s.substring(0, i);
    }
}
