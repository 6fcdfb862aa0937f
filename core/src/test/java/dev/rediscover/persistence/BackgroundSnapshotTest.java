/*
 * The background snapshot inside a running server, with a fake sink: clients keep writing while
 * the walk advances a sliver per loop iteration, and the snapshot must still be the dataset of the
 * moment it began. This is what the dispatcher's copy-before-write hook (Snapshots.beforeCall)
 * guarantees: every write command's keys are handed over before the command changes them, also
 * inside MULTI/EXEC, across SWAPDB and FLUSHDB, and for COPY ... DB n.
 */
package dev.rediscover.persistence;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.keyspace.Keyspace;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundSnapshotTest {
    /** The recording sink, told on the loop thread; read after `done` opens. */
    static final class Sink extends SnapshotTest.RecordingSink {
        final CountDownLatch done = new CountDownLatch(1);
        private int asked;

        /** Behind every other time: the walk then waits a millisecond, so it spans many commands. */
        @Override public boolean behind() { return ++asked % 2 == 0; }

        @Override public void end(boolean aborted) {
            super.end(aborted);
            done.countDown();
        }
    }

    private static Map<String, String> contents(Keyspace ks) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < ks.count(); i++) {
            int db = i;
            ks.db(i).forEach(e -> m.put(db + "/" + SnapshotTest.str(e.key()), SnapshotTest.describe(e.value())));
        }
        return m;
    }

    @Test
    void writesDuringTheWalkDoNotReachTheSnapshot() throws Exception {
        SplittableRandom rnd = new SplittableRandom();
        try (RediscoverServer redis = RediscoverServer.start("--databases", "4");
             Jedis jedis = new Jedis(redis.host(), redis.port())) {
            for (int db = 0; db < 4; db++) {
                jedis.select(db);
                Pipeline p = jedis.pipelined();
                for (int i = 0; i < 10_000; i++) {
                    p.set("k" + i, "v" + db + "-" + i);
                    if (i % 7 == 0) p.pexpire("k" + i, 1_000_000 + i);
                }
                p.sync();
            }
            Sink sink = new Sink();
            @SuppressWarnings("unchecked")
            Map<String, String>[] before = new Map[1];
            long total = redis.onLoop(s -> {
                before[0] = contents(s.keyspace);
                Snapshots snaps = Snapshots.of(s);
                snaps.setSliceNanos(0);                 // 32 buckets per loop iteration
                return Snapshots.start(s, sink).keysTotal();
            });
            assertThat(total).isEqualTo(40_000);
            int writes = 0;
            while (sink.done.getCount() > 0 && writes < 20_000) {
                int db = rnd.nextInt(4);
                jedis.select(db);
                String k = "k" + rnd.nextInt(12_000);
                switch (rnd.nextInt(8)) {
                    case 0 -> jedis.set(k, "changed");
                    case 1 -> jedis.del(k);
                    case 2 -> {
                        String src = "k" + rnd.nextInt(10_000);
                        if (jedis.exists(src)) jedis.rename(src, k);
                    }
                    case 3 -> jedis.pexpire(k, 5);
                    case 4 -> {
                        Transaction t = jedis.multi();
                        t.set(k, "in-exec");
                        t.incr("counter");
                        t.exec();
                    }
                    case 5 -> jedis.copy(k, "k" + rnd.nextInt(10_000), (db + 1) % 4, true);
                    case 6 -> jedis.persist(k);
                    default -> jedis.set("new" + writes, "x");
                }
                writes++;
                if (writes == 100) {
                    jedis.swapDB(2, 3);
                    jedis.select(1);
                    jedis.flushDB();
                }
            }
            assertThat(sink.done.await(30, TimeUnit.SECONDS)).as("the walk finished").isTrue();
            assertThat(writes).as("the walk spanned many commands").isGreaterThan(300);
            assertThat(sink.aborted).isFalse();
            assertThat(sink.duplicates).isEmpty();
            assertThat(sink.seen).isEqualTo(before[0]);
            boolean idle = redis.onLoop(s -> Snapshots.of(s).active() == null);
            assertThat(idle).isTrue();
        }
    }

    @Test
    void onlyOneSnapshotAtATimeAndAbortEndsIt() {
        try (RediscoverServer redis = RediscoverServer.start();
             Jedis jedis = new Jedis(redis.host(), redis.port())) {
            for (int i = 0; i < 1000; i++) jedis.set("k" + i, "v");
            Sink sink = new Sink();
            String second = redis.onLoop(s -> {
                Snapshots.of(s).setSliceNanos(0);
                Snapshots.start(s, sink);
                try {
                    Snapshots.start(s, new Sink());
                    return "started";
                } catch (IllegalStateException e) {
                    return "refused";
                } finally {
                    Snapshots.of(s).abort();
                }
            });
            assertThat(second).isEqualTo("refused");
            assertThat(sink.aborted).isTrue();
            boolean idle = redis.onLoop(s -> Snapshots.of(s).active() == null);
            assertThat(idle).isTrue();
        }
    }

    @Test
    void synchronousWalkHandsOverEverything() {
        try (RediscoverServer redis = RediscoverServer.start()) {
            Sink sink = new Sink();
            Map<String, String> expected = redis.onLoop(s -> {
                for (int i = 0; i < 100; i++) s.keyspace.db(i % 3).set(("k" + i).getBytes(), ("v" + i).getBytes(), false);
                Snapshots.writeAll(s.keyspace, sink);
                return contents(s.keyspace);
            });
            assertThat(sink.seen).isEqualTo(expected);
            assertThat(sink.aborted).isFalse();
        }
    }

}
