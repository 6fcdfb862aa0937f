/*
 * A small chat over pub/sub, as an application would write it: rooms are channels, a moderator
 * watches every room through the pattern room:*. Jedis (RESP2, JedisPubSub on its own thread)
 * and Lettuce (RESP3 push frames on a StatefulRedisPubSubConnection, which may also run ordinary
 * commands while subscribed).
 */
package dev.rediscover.pubsub;

import dev.rediscover.embedded.RediscoverServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ChatTest {
    private static RediscoverServer server;

    @BeforeAll
    static void start() { server = RediscoverServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    /** Collects what a JedisPubSub hears, as "channel: text" or "pattern/channel: text". */
    static final class Listener extends JedisPubSub {
        final List<String> heard = new CopyOnWriteArrayList<>();
        final CountDownLatch subscribed;
        volatile CountDownLatch expected = new CountDownLatch(0);

        Listener(int subscriptions) { subscribed = new CountDownLatch(subscriptions); }

        @Override public void onMessage(String channel, String message) { hear(channel + ": " + message); }

        @Override public void onPMessage(String pattern, String channel, String message) { hear(pattern + "/" + channel + ": " + message); }

        @Override public void onSubscribe(String channel, int count) { subscribed.countDown(); }

        @Override public void onPSubscribe(String pattern, int count) { subscribed.countDown(); }

        private void hear(String s) {
            heard.add(s);
            expected.countDown();
        }

        void expect(int n) { expected = new CountDownLatch(n); }

        void await() throws InterruptedException {
            assertThat(expected.await(5, TimeUnit.SECONDS)).as("messages arrived; heard %s", heard).isTrue();
        }
    }

    @Test
    void roomsAndAModeratorWithJedis() throws Exception {
        String room = "room:" + UUID.randomUUID(), other = "room:" + UUID.randomUUID();
        Listener alice = new Listener(1), moderator = new Listener(1);
        Thread a = listen(() -> new Jedis(server.host(), server.port()).subscribe(alice, room));
        Thread m = listen(() -> new Jedis(server.host(), server.port()).psubscribe(moderator, "room:*"));
        assertThat(alice.subscribed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(moderator.subscribed.await(5, TimeUnit.SECONDS)).isTrue();

        alice.expect(2);
        moderator.expect(3);
        try (Jedis bob = new Jedis(server.host(), server.port())) {
            assertThat(bob.publish(room, "hi alice")).isEqualTo(2);     // alice and the moderator
            assertThat(bob.publish(other, "anyone?")).isEqualTo(1);     // only the moderator
            assertThat(bob.publish(room, "héllo ✓")).isEqualTo(2);
            assertThat(bob.publish("lobby", "not a room")).isZero();
            alice.await();
            moderator.await();
            assertThat(alice.heard).containsExactly(room + ": hi alice", room + ": héllo ✓");
            assertThat(moderator.heard).containsExactly("room:*/" + room + ": hi alice",
                    "room:*/" + other + ": anyone?", "room:*/" + room + ": héllo ✓");
            Map<String, Long> numsub = bob.pubsubNumSub(room, other);
            assertThat(numsub).containsEntry(room, 1L).containsEntry(other, 0L);
            assertThat(bob.pubsubNumPat()).isGreaterThanOrEqualTo(1);
            assertThat(bob.pubsubChannels("room:*")).contains(room);

            alice.unsubscribe();
            moderator.punsubscribe();
            a.join(5000);
            m.join(5000);
            assertThat(a.isAlive() || m.isAlive()).as("listeners returned after unsubscribing").isFalse();
            assertThat(bob.publish(room, "gone")).isZero();
            assertThat(bob.pubsubChannels("room:*")).doesNotContain(room);
        }
    }

    @Test
    void lettuceOverResp3ReceivesPushFramesAndRunsCommandsWhileSubscribed() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(server.host()).withPort(server.port())
                .withTimeout(Duration.ofSeconds(5)).build());
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        String room = "room:" + UUID.randomUUID();
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
             StatefulRedisPubSubConnection<String, String> pub = client.connectPubSub()) {
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override public void message(String channel, String message) { heard.add(channel + ": " + message); }

                @Override public void message(String pattern, String channel, String message) {
                    heard.add(pattern + "/" + channel + ": " + message);
                }
            });
            RedisPubSubCommands<String, String> s = sub.sync();
            s.subscribe(room);
            s.psubscribe("room:*");
            // RESP3: a subscribed connection may run anything.
            String key = "k:" + UUID.randomUUID();
            assertThat(s.set(key, "v")).isEqualTo("OK");
            assertThat(s.get(key)).isEqualTo("v");
            assertThat(s.clientList()).contains("sub=1 psub=1 ssub=0").contains("resp=3");

            assertThat(pub.sync().publish(room, "one")).isEqualTo(2);
            assertThat(pub.sync().publish(room, "two")).isEqualTo(2);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) got.add(heard.poll(5, TimeUnit.SECONDS));
            assertThat(got).containsExactly(room + ": one", "room:*/" + room + ": one", room + ": two", "room:*/" + room + ": two");

            s.unsubscribe(room);
            s.punsubscribe("room:*");
            assertThat(pub.sync().publish(room, "three")).isZero();
        } finally {
            client.shutdown();
        }
    }

    /** Start a subscriber loop (it blocks until unsubscribed) on its own thread. */
    static Thread listen(Runnable loop) {
        Thread t = new Thread(loop, "subscriber");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
