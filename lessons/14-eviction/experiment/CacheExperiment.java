/*
 * Lesson 14's experiment: a cache under memory pressure, with a hot set and a flood of cold keys,
 * run once per maxmemory-policy. It talks RESP over a plain socket to any server, so the same run
 * can measure your labs/ server, the reference engine and a real redis-server.
 *
 *   java lessons/14-eviction/experiment/CacheExperiment.java [port] [maxmemory] [hot-keys] [requests/s]
 *
 * Defaults: port 6380, maxmemory 3000000, 500 hot keys, 250 requests a second (one minute a policy).
 *
 * (a single-file program: Java 17 compiles and runs it; the server must already be listening,
 * e.g. ./run-lab.sh server --port 6380, or redis-server --port 6390 --save "")
 *
 * For each policy (allkeys-lru, allkeys-lfu, allkeys-random) it:
 *   1. FLUSHALL, sets maxmemory and the policy;
 *   2. runs mixed cache-aside traffic: GET a key, SET it on a miss. Half of the requests go to
 *      HOT keys (a small set, used again and again), half to cold keys from a huge range (each one
 *      seen about once). It reports the hit rate of the hot requests in the second half of it.
 *   3. floods the cache with FLOOD cold keys written once (a batch job, a crawler), then counts how
 *      many hot keys are still there (EXISTS does not touch a key, so counting changes nothing).
 *
 * The request sequence is seeded, so every run asks for the same keys; only the server's own
 * random sampling differs between runs (a point or two).
 */

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

public class CacheExperiment {
    static int HOT = 500, RATE = 250;
    static final int COLD = 1_000_000, VALUE = 1000, REQUESTS = 15_000, FLOOD = 10_000, BATCH = 50;

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 6380;
        long maxmemory = args.length > 1 ? Long.parseLong(args[1]) : 3_000_000;
        if (args.length > 2) HOT = Integer.parseInt(args[2]);
        if (args.length > 3) RATE = Integer.parseInt(args[3]);
        System.out.printf("server on port %d, maxmemory %d bytes, %d hot keys, values of %d bytes, %d requests/s%n",
                port, maxmemory, HOT, VALUE, RATE);
        System.out.printf("%-15s %18s %22s %14s%n", "policy", "hot hit rate", "hot kept after flood", "evicted_keys");
        for (String policy : new String[] {"allkeys-lru", "allkeys-lfu", "allkeys-random"}) {
            try (Resp r = new Resp(port)) {
                r.call("FLUSHALL");
                r.call("CONFIG", "SET", "maxmemory", "0");
                r.call("CONFIG", "RESETSTAT");
                r.call("CONFIG", "SET", "maxmemory-policy", policy);
                r.call("CONFIG", "SET", "maxmemory", Long.toString(maxmemory));
                double hitRate = mixedTraffic(r, new Random(42));
                int kept = hotKeptAfterFlood(r);
                String evicted = info(r, "evicted_keys");
                System.out.printf("%-15s %17.1f%% %15d of %d %14s%n", policy, 100 * hitRate, kept, HOT, evicted);
            }
        }
    }

    static String hot(int i) { return "hot:" + i; }

    /** Cache-aside: GET, and SET on a miss. Returns the hot requests' hit rate over the second half. */
    static double mixedTraffic(Resp r, Random rnd) throws IOException {
        byte[] value = new byte[VALUE];
        java.util.Arrays.fill(value, (byte) 'x');
        long hotAsked = 0, hotHit = 0;
        long start = System.nanoTime();
        for (int done = 0; done < REQUESTS; done += BATCH) {
            pace(start, done);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                keys.add(rnd.nextBoolean() ? hot(rnd.nextInt(HOT)) : "cold:" + rnd.nextInt(COLD));
            }
            for (String k : keys) r.send("GET", k);
            List<String> misses = new ArrayList<>();
            for (String k : keys) {
                boolean hit = r.readReply()[1] != '-';           // $-1 is a miss
                if (!hit) misses.add(k);
                if (done >= REQUESTS / 2 && k.startsWith("hot:")) {
                    hotAsked++;
                    if (hit) hotHit++;
                }
            }
            for (String k : misses) r.send("SET".getBytes(), k.getBytes(), value);
            for (int i = 0; i < misses.size(); i++) r.readReply();
        }
        return hotAsked == 0 ? 0 : (double) hotHit / hotAsked;
    }

    /**
     * Hold the request rate at RATE per second. Redis's LRU clock counts whole seconds
     * (LRU_CLOCK_RESOLUTION), so a benchmark that runs in two seconds sees every key equally
     * idle and LRU can do no better than random: the traffic must span many seconds.
     */
    static void pace(long startNanos, int done) {
        long due = startNanos + done * 1_000_000_000L / RATE;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Write FLOOD new keys once each, then count the hot keys left. */
    static int hotKeptAfterFlood(Resp r) throws IOException {
        byte[] value = new byte[VALUE];
        java.util.Arrays.fill(value, (byte) 'y');
        for (int i = 0; i < FLOOD; i += BATCH) {
            for (int j = i; j < i + BATCH; j++) r.send("SET".getBytes(), ("flood:" + j).getBytes(), value);
            for (int j = i; j < i + BATCH; j++) r.readReply();
        }
        int kept = 0;
        for (int i = 0; i < HOT; i++) r.send("EXISTS", hot(i));
        for (int i = 0; i < HOT; i++) if (new String(r.readReply(), StandardCharsets.US_ASCII).equals(":1\r\n")) kept++;
        return kept;
    }

    static String info(Resp r, String field) throws IOException {
        String s = new String(r.call("INFO", "stats"), StandardCharsets.UTF_8);
        for (String line : s.split("\r\n")) if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        return "?";
    }

    /** The smallest RESP client that does the job: send commands, read whole replies as bytes. */
    static final class Resp implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Resp(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        }

        void send(String... args) throws IOException {
            byte[][] b = new byte[args.length][];
            for (int i = 0; i < args.length; i++) b[i] = args[i].getBytes(StandardCharsets.UTF_8);
            send(b);
        }

        void send(byte[]... args) throws IOException {
            out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] a : args) {
                out.write(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(a);
                out.write('\r');
                out.write('\n');
            }
        }

        byte[] call(String... args) throws IOException {
            send(args);
            byte[] reply = readReply();
            if (reply[0] == '-') throw new IOException(String.join(" ", args) + ": " + new String(reply, StandardCharsets.UTF_8).trim());
            return reply;
        }

        /** One reply (flushes what was sent first); a bulk string comes back with its header. */
        byte[] readReply() throws IOException {
            out.flush();
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            read(b);
            return b.toByteArray();
        }

        private void read(java.io.ByteArrayOutputStream b) throws IOException {
            String line = line();
            b.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            char type = line.charAt(0);
            if (type == '$') {
                int len = Integer.parseInt(line.substring(1));
                if (len >= 0) b.writeBytes(in.readNBytes(len + 2));
            } else if (type == '*') {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) read(b);
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) throw new IOException("connection closed");
                sb.append((char) c);
            }
            in.read();
            return sb.toString();
        }

        @Override
        public void close() throws IOException { socket.close(); }
    }
}
