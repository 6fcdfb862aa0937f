/*
 * Lab 10, task 3: the point of it all. Several clients increment one counter with the classic
 * WATCH / GET / MULTI / SET / EXEC loop, retrying when EXEC answers null. With working optimistic
 * locking no increment is ever lost, however the clients interleave. Real Jedis clients, real
 * threads; the assertion is exact, not statistical.
 */
package dev.rediscover.lessons.lab10;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@Order(7)   // LabRunner runs the classes in task order
class CheckAndSetTest extends TxLab {
    static final int CLIENTS = 4;
    static final int INCREMENTS = 150;

    /** One client's loop: returns how many EXECs it lost (answered null) and had to retry. */
    long incrementLoop(String key) {
        long retries = 0;
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            for (int done = 0; done < INCREMENTS; ) {
                j.watch(key);
                String v = j.get(key);
                long next = (v == null ? 0 : Long.parseLong(v)) + 1;
                Transaction t = j.multi();
                t.set(key, Long.toString(next));
                List<Object> result = t.exec();
                if (result == null) {
                    retries++;          // somebody else got there first: read again and retry
                } else {
                    assertThat(result).as("EXEC ran our one SET").containsExactly("OK");
                    done++;
                }
            }
        }
        return retries;
    }

    @Test
    @DisplayName("concurrent WATCH/GET/MULTI/SET/EXEC increments never lose an update")
    void noLostIncrements() throws Exception {
        String key = randomKey();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        AtomicLong retries = new AtomicLong();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) all.add(pool.submit(() -> retries.addAndGet(incrementLoop(key))));
            for (Future<?> f : all) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        x("every successful EXEC added exactly one: a lost update means a write between another "
                + "client's WATCH and EXEC did not make that EXEC fail (touch)")
                .send("GET", key).expect(bulk(Long.toString((long) CLIENTS * INCREMENTS)));
        int left = server.onLoop(s -> s.watches.size());
        assertThat(left)
                .as("no watch is left behind after all the EXECs (exec and dirty() unwatch)").isZero();
    }

    @Test
    @DisplayName("a lost race is reported as a null EXEC, and the retry then succeeds")
    void lostRaceThenRetry() throws Exception {
        String key = randomKey();
        try (Jedis a = new Jedis("127.0.0.1", server.port()); Jedis b = new Jedis("127.0.0.1", server.port())) {
            a.set(key, "10");
            a.watch(key);
            long seen = Long.parseLong(a.get(key));
            b.incr(key);                                     // b wins the race
            Transaction t = a.multi();
            t.set(key, Long.toString(seen + 1));
            assertThat(t.exec()).as("a's EXEC after b's INCR of the watched key (Jedis gives null for *-1)").isNull();
            assertThat(a.get(key)).as("a's stale SET 11 did not run").isEqualTo("11");
            a.watch(key);
            seen = Long.parseLong(a.get(key));
            t = a.multi();
            t.set(key, Long.toString(seen + 1));
            assertThat(t.exec()).as("the retry, with nobody interfering").containsExactly("OK");
            assertThat(b.get(key)).isEqualTo("12");
        }
    }
}
