/*
 * WATCH as optimistic locking under contention: several threads, each on its own connection,
 * increment one counter with the classic check-and-set loop
 *
 *     WATCH counter; GET counter; MULTI; SET counter <value + 1>; EXEC   (retry on a null EXEC)
 *
 * No increment may be lost: the final value equals the number of EXECs that succeeded, which is
 * also exactly threads x increments, since each thread retries until it has made its share.
 * Attempts are bounded so a broken WATCH fails the test instead of hanging it.
 */
package dev.rediscover.tx;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CheckAndSetConcurrencyTest {
    private static final int THREADS = 6;
    private static final int INCREMENTS = 150;
    private static final int MAX_ATTEMPTS = 200_000;

    @Test
    void concurrentCheckAndSetNeverLosesAnIncrement() throws Exception {
        try (RediscoverServer server = RediscoverServer.start()) {
            String key = "cas:counter";
            AtomicLong succeeded = new AtomicLong();
            AtomicLong aborted = new AtomicLong();
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    done.add(pool.submit(() -> {
                        try (Jedis j = new Jedis(server.host(), server.port())) {
                            start.await();
                            int mine = 0;
                            for (int attempt = 0; mine < INCREMENTS && attempt < MAX_ATTEMPTS; attempt++) {
                                j.watch(key);
                                String v = j.get(key);
                                long next = (v == null ? 0 : Long.parseLong(v)) + 1;
                                Transaction tx = j.multi();
                                tx.set(key, Long.toString(next));
                                if (tx.exec() == null) {
                                    aborted.incrementAndGet();
                                } else {
                                    mine++;
                                    succeeded.incrementAndGet();
                                }
                            }
                            return mine;
                        }
                    }));
                }
                for (Future<Integer> f : done) assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(INCREMENTS);
            } finally {
                pool.shutdownNow();
            }
            try (Jedis j = new Jedis(server.host(), server.port())) {
                assertThat(succeeded.get()).isEqualTo((long) THREADS * INCREMENTS);
                assertThat(Long.parseLong(j.get(key))).as("counter (%d EXECs aborted by WATCH)", aborted.get())
                        .isEqualTo(succeeded.get());
            }
            Integer watched = server.onLoop(s -> s.watches.size());
            assertThat(watched).isZero();
        }
    }
}
