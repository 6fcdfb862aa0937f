/*
 * Test helper: feeds bytes to a RespReader in chosen pieces and collects what comes out, the
 * commands (each a list of Latin-1 strings, so any byte survives) and the protocol error, if any.
 */
package dev.rediscover.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

final class Parsed {
    final List<List<String>> commands = new ArrayList<>();
    String error;            // ProtocolException.replyText(), or null
    boolean idle;            // reader.idle() at the end

    static final long DEFAULT_MAX_BULK = 512L * 1024 * 1024;

    static byte[] bytes(String latin1) { return latin1.getBytes(StandardCharsets.ISO_8859_1); }

    /** Feed `input` cut at the given positions (ascending), parsing after every piece. */
    static Parsed feedCut(RespReader r, byte[] input, int... cuts) {
        Parsed p = new Parsed();
        int from = 0;
        int[] all = Arrays.copyOf(cuts, cuts.length + 1);
        all[cuts.length] = input.length;
        for (int to : all) {
            r.feed(input, from, to - from);
            from = to;
            if (!p.drain(r)) return p;
        }
        p.idle = r.idle();
        return p;
    }

    static Parsed whole(byte[] input) { return feedCut(new RespReader(DEFAULT_MAX_BULK), input); }

    static Parsed whole(String latin1) { return whole(bytes(latin1)); }

    /** Parse every complete command; false once a protocol error stopped the reader. */
    boolean drain(RespReader r) {
        try {
            while (r.next()) commands.add(strings(r.argv(), r.argc()));
            return true;
        } catch (ProtocolException e) {
            error = e.replyText();
            return false;
        }
    }

    static List<String> strings(byte[][] argv, int argc) {
        List<String> out = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) out.add(new String(argv[i], StandardCharsets.ISO_8859_1));
        return out;
    }
}
