/*
 * Just enough RESP parsing for the differential harness to compare replies loosely: split an
 * aggregate reply into the raw bytes of its elements, so unordered replies (SMEMBERS, KEYS) can be
 * compared as multisets.
 */
package dev.rediscover.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

final class RespValues {
    private RespValues() {}

    /** Same header and the same top-level elements in any order (maps: the same pairs). */
    static boolean unorderedEquals(byte[] a, byte[] b) {
        if (a.length == 0 || b.length == 0 || a[0] != b[0]) return false;
        if ("*~%>".indexOf(a[0]) < 0) return Arrays.equals(a, b);
        List<String> ea = elements(a), eb = elements(b);
        if (ea == null || eb == null) return Arrays.equals(a, b);
        if (a[0] == '%') { ea = pairs(ea); eb = pairs(eb); }
        ea.sort(null);
        eb.sort(null);
        return ea.equals(eb);
    }

    /**
     * The same value when the elements of every aggregate, at every depth, may come in any order
     * (COMMAND INFO of a container: Redis lists subcommands in its dict's seeded hash order).
     */
    static boolean deepUnorderedEquals(byte[] a, byte[] b) {
        if (a.length == 0 || b.length == 0) return false;
        return canonical(a, new int[]{0}).equals(canonical(b, new int[]{0}));
    }

    /** The value at pos with every aggregate's children sorted; advances pos past it. */
    private static String canonical(byte[] r, int[] pos) {
        int start = pos[0];
        byte type = r[start];
        if ("*~%>".indexOf(type) < 0) {
            skip(r, pos);
            return new String(r, start, pos[0] - start, StandardCharsets.ISO_8859_1);
        }
        int nl = indexOfCrlf(r, start);
        String header = new String(r, start, nl + 2 - start, StandardCharsets.ISO_8859_1);
        long n = Long.parseLong(header.substring(1).strip());
        pos[0] = nl + 2;
        List<String> children = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            String child = canonical(r, pos);
            if (type == '%') child += canonical(r, pos);
            children.add(child);
        }
        children.sort(null);
        return header + String.join("", children);
    }

    private static List<String> pairs(List<String> flat) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) out.add(flat.get(i) + flat.get(i + 1));
        return out;
    }

    /** Raw elements of a top-level aggregate (as ISO-8859-1 strings, for sorting), or null. */
    static List<String> elements(byte[] reply) {
        int[] pos = {0};
        int nl = indexOfCrlf(reply, 0);
        long n = Long.parseLong(new String(reply, 1, nl - 1, StandardCharsets.US_ASCII));
        if (n < 0) return null;
        if (reply[0] == '%') n *= 2;
        pos[0] = nl + 2;
        List<String> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            int start = pos[0];
            skip(reply, pos);
            out.add(new String(reply, start, pos[0] - start, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static void skip(byte[] r, int[] pos) {
        byte type = r[pos[0]];
        int nl = indexOfCrlf(r, pos[0]);
        String line = new String(r, pos[0] + 1, nl - pos[0] - 1, StandardCharsets.US_ASCII);
        pos[0] = nl + 2;
        switch (type) {
            case '$', '=', '!' -> {
                long len = Long.parseLong(line);
                if (len >= 0) pos[0] += (int) len + 2;
            }
            case '*', '~', '>' -> {
                long n = Long.parseLong(line);
                for (long i = 0; i < n; i++) skip(r, pos);
            }
            case '%' -> {
                long n = Long.parseLong(line);
                for (long i = 0; i < 2 * n; i++) skip(r, pos);
            }
            default -> { }
        }
    }

    private static int indexOfCrlf(byte[] r, int from) {
        for (int i = from; i < r.length - 1; i++) if (r[i] == '\r' && r[i + 1] == '\n') return i;
        throw new IllegalArgumentException("no CRLF in reply");
    }
}
