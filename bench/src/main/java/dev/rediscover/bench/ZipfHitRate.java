/*
 * A cache under memory pressure: GET a Zipf-distributed key, and on a miss SET it (the
 * "cache-aside" pattern), against one server at host:port. After a warm-up (which also fills
 * memory to maxmemory), it counts hits over a fixed number of operations and prints the hit
 * rate. bench/eviction.sh runs it with the same seed against redis-server and the engine under
 * each maxmemory-policy, so the two servers see the same sequence of keys. Real Redis has no
 * such tool; its eviction quality is usually shown the same way (a Zipf or power-law workload,
 * see the "Approximated LRU" section of Redis's eviction documentation).
 *
 * One connection, pipelined: a batch of GETs is sent together with the SETs for the previous
 * batch's misses, so each batch is one round trip and the order of commands is the same on
 * every run. A key that misses twice in one batch is counted twice and SET once.
 *
 *   java -cp bench/target/benchmarks.jar dev.rediscover.bench.ZipfHitRate [options]
 *     --host 127.0.0.1 --port 6379 --keys 1000000 --s 1.0 --value-size 100
 *     --warmup 1000000 --ops 2000000 --pipeline 32 --seed 1
 *
 * Output, one line: hit_rate=<0..1> hits=<n> ops=<n> ideal=<top-k share> keys_held=<dbsize>
 * warmup_evicted=<INFO evicted_keys after the warm-up> ops_per_sec=<n>, where ideal is the hit
 * rate of a perfect cache holding as many keys as the server held at the end (the most popular
 * ones): an upper bound to compare the policies with.
 */
package dev.rediscover.bench;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class ZipfHitRate {
    private final ZipfSampler sampler;
    private final byte[][] keys;
    private final byte[] value;
    private final int pipeline;

    private ZipfHitRate(int keyCount, double s, int valueSize, int pipeline, long seed) {
        this.sampler = new ZipfSampler(keyCount, s, seed);
        this.keys = new byte[keyCount][];
        int width = Integer.toString(keyCount - 1).length();
        byte[] prefix = "zipf:".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < keyCount; i++) {
            // Fixed-width names ("zipf:0000042"): every key costs the same on both servers.
            byte[] k = Arrays.copyOf(prefix, prefix.length + width);
            for (int d = k.length - 1, v = i; d >= prefix.length; d--, v /= 10) k[d] = (byte) ('0' + v % 10);
            keys[i] = k;
        }
        this.value = new byte[valueSize];
        Arrays.fill(value, (byte) 'v');
        this.pipeline = pipeline;
    }

    /** Run ops GET-then-SET-on-miss operations; returns the number of hits. */
    private long run(Jedis jedis, long ops) {
        Pipeline p = jedis.pipelined();
        List<Response<byte[]>> replies = new ArrayList<>(pipeline);
        int[] batch = new int[pipeline];
        List<Integer> misses = new ArrayList<>(pipeline);
        long hits = 0;
        for (long done = 0; done < ops; ) {
            int n = (int) Math.min(pipeline, ops - done);
            for (int rank : misses) p.set(keys[rank], value);
            misses.clear();
            replies.clear();
            for (int i = 0; i < n; i++) {
                batch[i] = sampler.next();
                replies.add(p.get(keys[batch[i]]));
            }
            p.sync();
            for (int i = 0; i < n; i++) {
                if (replies.get(i).get() != null) hits++;
                else if (!misses.contains(batch[i])) misses.add(batch[i]);
            }
            done += n;
        }
        for (int rank : misses) p.set(keys[rank], value);
        p.sync();
        return hits;
    }

    public static void main(String[] args) {
        Map<String, String> o = options(args);
        String host = o.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(o.getOrDefault("port", "6379"));
        int keyCount = Integer.parseInt(o.getOrDefault("keys", "1000000"));
        double s = Double.parseDouble(o.getOrDefault("s", "1.0"));
        int valueSize = Integer.parseInt(o.getOrDefault("value-size", "100"));
        long warmup = Long.parseLong(o.getOrDefault("warmup", "1000000"));
        long ops = Long.parseLong(o.getOrDefault("ops", "2000000"));
        int pipeline = Integer.parseInt(o.getOrDefault("pipeline", "32"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));

        ZipfHitRate w = new ZipfHitRate(keyCount, s, valueSize, pipeline, seed);
        try (Jedis jedis = new Jedis(host, port, 60_000)) {
            w.run(jedis, warmup);
            long warmupEvicted = evictedKeys(jedis);
            long start = System.nanoTime();
            long hits = w.run(jedis, ops);
            double seconds = (System.nanoTime() - start) / 1e9;
            long held = jedis.dbSize();
            System.out.printf("hit_rate=%.4f hits=%d ops=%d ideal=%.4f keys_held=%d warmup_evicted=%d ops_per_sec=%.0f%n",
                    (double) hits / ops, hits, ops, w.sampler.topShare((int) Math.min(held, keyCount)), held,
                    warmupEvicted, ops / seconds);
        }
    }

    /** INFO's evicted_keys: the server's total so far. */
    private static long evictedKeys(Jedis jedis) {
        for (String line : jedis.info("stats").split("\r\n")) {
            if (line.startsWith("evicted_keys:")) return Long.parseLong(line.substring("evicted_keys:".length()));
        }
        return -1;
    }

    /** --name value pairs. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option, got " + args[i]);
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }
}
