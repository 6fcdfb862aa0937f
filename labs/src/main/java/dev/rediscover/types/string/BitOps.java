/*
 * BITOP's arithmetic: AND, OR, XOR or NOT of whole strings, a long word at a time. Shorter
 * inputs (and missing keys) count as padded with zero bytes up to the longest one, so AND with a
 * missing key is all zeros and OR with it changes nothing.
 *
 * Redis: bitops.c, bitopCommand, which also works a word at a time (after checking alignment,
 * which Java's byte-array views make unnecessary).
 */
package dev.rediscover.types.string;

final class BitOps {
    private BitOps() {}

    static final int AND = 0, OR = 1, XOR = 2, NOT = 3;

    static final byte[] EMPTY = new byte[0];

    /** The maxLen-byte result of op over the first len[j] bytes of each src[j]. */
    static byte[] combine(int op, byte[][] src, int[] len, int maxLen) {
        byte[] res = new byte[maxLen];
        if (op == NOT) {
            not(res, src[0], len[0]);
            return res;
        }
        System.arraycopy(src[0], 0, res, 0, len[0]);
        for (int j = 1; j < src.length; j++) {
            apply(op, res, src[j], len[j]);
            if (op == AND) java.util.Arrays.fill(res, len[j], maxLen, (byte) 0);
        }
        return res;
    }

    /** res[i] = ~src[i] for the first n bytes; the zero padding beyond becomes 0xff. */
    private static void not(byte[] res, byte[] src, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) BitScan.setWord(res, i, ~BitScan.word(src, i));
        for (; i < n; i++) res[i] = (byte) ~src[i];
        java.util.Arrays.fill(res, n, res.length, (byte) 0xff);
    }

    /** res[i] = res[i] op src[i] for the first n bytes. */
    private static void apply(int op, byte[] res, byte[] src, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long a = BitScan.word(res, i), b = BitScan.word(src, i);
            BitScan.setWord(res, i, op == AND ? a & b : op == OR ? a | b : a ^ b);
        }
        for (; i < n; i++) {
            int a = res[i], b = src[i];
            res[i] = (byte) (op == AND ? a & b : op == OR ? a | b : a ^ b);
        }
    }
}
