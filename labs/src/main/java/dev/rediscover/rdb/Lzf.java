/*
 * LZF, the small and fast compressor Redis uses for long strings in RDB files (lzf_c.c and
 * lzf_d.c, Marc Lehmann's liblzf). The compressed stream is a series of chunks, each led by a
 * control byte:
 *
 *   000LLLLL                    a literal run: the next L+1 bytes are copied as they are (1..32)
 *   LLLooooo oooooooo           a back reference: copy L+2 bytes (L = 1..6) from `o+1` bytes back
 *   111ooooo LLLLLLLL oooooooo  the same with a longer length: L+7+2 bytes (up to 264)
 *
 * Back references reach at most 8 KB back. The compressor finds repeats by hashing the next three
 * bytes and remembering where each hash was last seen (one slot per hash, so it is greedy and
 * cheap rather than optimal); the decompressor needs no table at all. Any compressor that writes
 * this format is compatible: ours is written from the format, not from liblzf.
 */
package dev.rediscover.rdb;

public final class Lzf {
    private static final int HASH_BITS = 14;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);
    private static final int MAX_LIT = 1 << 5;

    private Lzf() {}

    /**
     * Compress in[0..len) into out; answers the compressed length, or 0 if it does not fit in
     * out (the caller then stores the string uncompressed, as rdbSaveLzfStringObject does).
     */
    public static int compress(byte[] in, int len, byte[] out) {
        return compress(in, len, out, newTable());
    }

    /** A hash table for compress(); reusable from call to call (stale entries are verified). */
    public static int[] newTable() { return new int[1 << HASH_BITS]; }

    /**
     * As compress(in, len, out), with a table kept by the caller: clearing 64 KB for every short
     * string would cost more than compressing it. Like liblzf, stale entries left by earlier
     * inputs are harmless: a candidate is only used after its bytes have been compared.
     */
    public static int compress(byte[] in, int len, byte[] out, int[] table) {
        int ip = 0, op = 1, lit = 0;     // op: out position; out[op - lit - 1] is the pending control byte
        if (out.length < 2 || len == 0) return 0;
        while (ip < len - 2) {
            int h = hash(in, ip);
            int ref = table[h] - 1;
            table[h] = ip + 1;
            int off = ip - ref - 1;
            if (ref >= 0 && ref < ip && off < MAX_OFF && in[ref] == in[ip] && in[ref + 1] == in[ip + 1] && in[ref + 2] == in[ip + 2]) {
                int maxLen = Math.min(MAX_REF, len - ip);
                int l = 3;
                while (l < maxLen && in[ref + l] == in[ip + l]) l++;
                // close the literal run (or drop its unused control byte)
                if (lit > 0) out[op - lit - 1] = (byte) (lit - 1); else op--;
                int enc = l - 2;
                if (op + 3 >= out.length) return 0;
                if (enc < 7) {
                    out[op++] = (byte) ((enc << 5) | (off >>> 8));
                } else {
                    out[op++] = (byte) ((7 << 5) | (off >>> 8));
                    out[op++] = (byte) (enc - 7);
                }
                out[op++] = (byte) off;
                ip += l;
                lit = 0;
                op++;                                      // room for the next control byte
                for (int k = ip - l + 1; k < ip && k < len - 2; k++) table[hash(in, k)] = k + 1;
            } else {
                if (op >= out.length) return 0;
                out[op++] = in[ip++];
                if (++lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (MAX_LIT - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        while (ip < len) {
            if (op >= out.length) return 0;
            out[op++] = in[ip++];
            if (++lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (MAX_LIT - 1);
                lit = 0;
                op++;
            }
        }
        if (lit > 0) out[op - lit - 1] = (byte) (lit - 1); else op--;
        return op;
    }

    private static int hash(byte[] in, int p) {
        int v = (in[p] & 0xff) << 16 | (in[p + 1] & 0xff) << 8 | (in[p + 2] & 0xff);
        return (v * -1640531535) >>> (32 - HASH_BITS);     // Fibonacci hashing of the 3 bytes
    }

    /** Decompress in[0..len) into exactly outLen bytes; throws IllegalArgumentException if corrupt. */
    public static byte[] decompress(byte[] in, int len, int outLen) {
        byte[] out = new byte[outLen];
        int ip = 0, op = 0;
        while (ip < len) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < MAX_LIT) {
                int n = ctrl + 1;
                if (op + n > outLen || ip + n > len) throw new IllegalArgumentException("LZF literal overruns");
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else {
                int n = ctrl >>> 5;
                if (n == 7) {
                    if (ip >= len) throw new IllegalArgumentException("LZF truncated");
                    n += in[ip++] & 0xff;
                }
                if (ip >= len) throw new IllegalArgumentException("LZF truncated");
                int ref = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
                n += 2;
                if (ref < 0) throw new IllegalArgumentException("LZF reference before the start");
                if (op + n > outLen) throw new IllegalArgumentException("LZF reference overruns");
                for (int k = 0; k < n; k++) out[op++] = out[ref++];   // may overlap: byte by byte
            }
        }
        if (op != outLen) throw new IllegalArgumentException("LZF length mismatch");
        return out;
    }
}
