/*
 * End to end with Jedis: an order stream consumed by a group of two workers. One worker reads
 * orders and dies without acknowledging them; after the idle time passes (a ManualClock, not a
 * sleep) the other worker takes them over with XAUTOCLAIM, processes and acknowledges them, and
 * nothing stays pending. Also checks the auto-generated IDs follow the server clock.
 */
package dev.rediscover.stream;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OrderProcessingTest {
    private static final long START = 1_800_000_000_000L;
    private final ManualClock clock = new ManualClock(START);
    private RediscoverServer server;
    private Jedis producer, worker1, worker2;

    @BeforeEach
    void start() {
        server = RediscoverServer.start(clock);
        producer = new Jedis("127.0.0.1", server.port());
        worker1 = new Jedis("127.0.0.1", server.port());
        worker2 = new Jedis("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        producer.close();
        worker1.close();
        worker2.close();
        server.close();
    }

    @Test
    void aDeadWorkersOrdersAreClaimedByAnother() {
        String key = "orders:" + UUID.randomUUID();
        List<StreamEntryID> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(producer.xadd(key, XAddParams.xAddParams(), Map.of("order", "o" + i, "amount", String.valueOf(10 * i))));
        }
        assertThat(ids.get(0)).isEqualTo(new StreamEntryID(START, 0));
        assertThat(ids.get(5)).isEqualTo(new StreamEntryID(START, 5));
        producer.xgroupCreate(key, "billing", new StreamEntryID(0, 0), false);

        // worker1 takes three orders, then dies without acknowledging them
        var got1 = worker1.xreadGroup("billing", "w1", XReadGroupParams.xReadGroupParams().count(3),
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        assertThat(got1.get(0).getValue()).extracting(StreamEntry::getID).containsExactlyElementsOf(ids.subList(0, 3));
        worker1.close();

        // worker2 handles the rest normally
        clock.advanceMillis(1_000);
        var got2 = worker2.xreadGroup("billing", "w2", XReadGroupParams.xReadGroupParams(),
                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        List<StreamEntry> rest = got2.get(0).getValue();
        assertThat(rest).extracting(StreamEntry::getID).containsExactlyElementsOf(ids.subList(3, 6));
        assertThat(rest.get(0).getFields()).containsEntry("order", "o3").containsEntry("amount", "30");
        assertThat(worker2.xack(key, "billing", rest.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new))).isEqualTo(3);

        StreamPendingSummary summary = producer.xpending(key, "billing");
        assertThat(summary.getTotal()).isEqualTo(3);
        assertThat(summary.getConsumerMessageCount()).containsOnly(Map.entry("w1", 3L));

        // not idle for long enough yet: nothing to claim
        var early = worker2.xautoclaim(key, "billing", "w2", 5_000, new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams());
        assertThat(early.getValue()).isEmpty();

        clock.advanceMillis(5_000);
        List<StreamPendingEntry> idle = producer.xpending(key, "billing",
                XPendingParams.xPendingParams().idle(5_000).start(StreamEntryID.MINIMUM_ID).end(StreamEntryID.MAXIMUM_ID).count(10));
        assertThat(idle).extracting(StreamPendingEntry::getIdleTime).containsOnly(6_000L);

        var claimed = worker2.xautoclaim(key, "billing", "w2", 5_000, new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams().count(2));
        assertThat(claimed.getValue()).extracting(StreamEntry::getID).containsExactlyElementsOf(ids.subList(0, 2));
        assertThat(claimed.getKey()).isEqualTo(ids.get(2));      // cursor: where the next call resumes
        var more = worker2.xautoclaim(key, "billing", "w2", 5_000, claimed.getKey(), XAutoClaimParams.xAutoClaimParams());
        assertThat(more.getValue()).extracting(StreamEntry::getID).containsExactly(ids.get(2));
        assertThat(more.getKey()).isEqualTo(new StreamEntryID(0, 0));

        List<StreamPendingEntry> mine = producer.xpending(key, "billing",
                XPendingParams.xPendingParams().start(StreamEntryID.MINIMUM_ID).end(StreamEntryID.MAXIMUM_ID).count(10).consumer("w2"));
        assertThat(mine).extracting(StreamPendingEntry::getDeliveredTimes).containsOnly(2L);
        assertThat(mine).extracting(StreamPendingEntry::getIdleTime).containsOnly(0L);

        assertThat(worker2.xack(key, "billing", ids.subList(0, 3).toArray(StreamEntryID[]::new))).isEqualTo(3);
        assertThat(producer.xpending(key, "billing").getTotal()).isZero();
        assertThat(producer.xlen(key)).isEqualTo(6);
    }

    @Test
    void autoIdsNeverGoBackwardsWhenTheClockDoes() {
        String key = "s:" + UUID.randomUUID();
        StreamEntryID a = producer.xadd(key, XAddParams.xAddParams(), Map.of("f", "v"));
        clock.set(START - 10_000);
        StreamEntryID b = producer.xadd(key, XAddParams.xAddParams(), Map.of("f", "v"));
        assertThat(b).isEqualTo(new StreamEntryID(a.getTime(), a.getSequence() + 1));
        clock.set(START + 5);
        StreamEntryID c = producer.xadd(key, XAddParams.xAddParams(), Map.of("f", "v"));
        assertThat(c).isEqualTo(new StreamEntryID(START + 5, 0));
        assertThat(producer.xrange(key, "-", "+")).extracting(StreamEntry::getID).containsExactly(a, b, c);
    }
}
