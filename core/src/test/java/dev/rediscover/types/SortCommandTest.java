/*
 * SORT beyond what the differential scenario (sort.redis) compares: a SORT ... STORE wakes a
 * client blocked on the destination list, binary elements substitute into patterns byte for byte,
 * and an ALPHA sort of random byte strings agrees with an unsigned byte comparison.
 */
package dev.rediscover.types;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SortCommandTest {
    private RediscoverServer server;
    private RawClient a, b;

    @BeforeEach
    void start() throws IOException {
        server = RediscoverServer.start();
        a = new RawClient(server.port());
        b = new RawClient(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        a.close();
        b.close();
        server.close();
    }

    private static String key() { return "s:" + UUID.randomUUID(); }

    @Test
    void sortStoreWakesAClientBlockedOnTheDestination() throws Exception {
        String src = key(), dst = key();
        a.call("RPUSH", src, "3", "1", "2");
        b.sendCommand("BLPOP", dst, "0");
        long until = System.nanoTime() + 5_000_000_000L;
        while (server.<Integer>onLoop(s -> s.blocking.blockedClients()) != 1) {
            assertThat(System.nanoTime()).isLessThan(until);
            Thread.sleep(2);
        }
        assertThat(a.callText("SORT", src, "STORE", dst)).isEqualTo(":3\\r\\n");
        assertThat(b.readText()).isEqualTo("*2\\r\\n$" + dst.length() + "\\r\\n" + dst + "\\r\\n$1\\r\\n1\\r\\n");
        assertThat(a.callText("LRANGE", dst, "0", "-1")).isEqualTo("*2\\r\\n$1\\r\\n2\\r\\n$1\\r\\n3\\r\\n");
    }

    @Test
    void binaryElementsSubstituteIntoPatterns() throws Exception {
        byte[] list = key().getBytes(StandardCharsets.UTF_8);
        byte[] e1 = {0, (byte) 0xff, '*'}, e2 = {'\r', '\n'};
        a.call(bytes("RPUSH"), list, e1, e2);
        a.call(bytes("SET"), concat(bytes("w_"), e1), bytes("2"));
        a.call(bytes("SET"), concat(bytes("w_"), e2), bytes("1"));
        a.call(bytes("HSET"), concat(bytes("h_"), e1), bytes("f"), bytes("one"));
        byte[] got = a.call(bytes("SORT"), list, bytes("BY"), bytes("w_*"), bytes("GET"), bytes("h_*->f"), bytes("GET"), bytes("#"));
        byte[] want = concat(bytes("*4\r\n$-1\r\n$2\r\n"), e2, bytes("\r\n$3\r\none\r\n$3\r\n"), e1, bytes("\r\n"));
        assertThat(got).isEqualTo(want);
    }

    @Test
    void alphaOrderIsUnsignedByteOrder() throws Exception {
        Random rnd = new Random(42);
        byte[] key = key().getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] v = new byte[1 + rnd.nextInt(6)];
            rnd.nextBytes(v);
            for (int j = 0; j < v.length; j++) if (v[j] == 0) v[j] = 1;   // Redis collates up to a NUL
            values.add(v);
            a.call(bytes("RPUSH"), key, v);
        }
        values.sort(Arrays::compareUnsigned);
        byte[] dst = concat(key, bytes(":out"));
        a.call(bytes("SORT"), key, bytes("ALPHA"), bytes("STORE"), dst);
        for (int i = 0; i < values.size(); i++) {
            byte[] got = a.call(bytes("LINDEX"), dst, bytes(Integer.toString(i)));
            byte[] want = concat(bytes("$" + values.get(i).length + "\r\n"), values.get(i), bytes("\r\n"));
            assertThat(got).as("element %d", i).isEqualTo(want);
        }
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
