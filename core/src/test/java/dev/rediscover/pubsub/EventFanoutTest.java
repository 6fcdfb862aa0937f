/*
 * An event publisher fanning out to per-user, global and per-type channels: each user listens to
 * user:<id>, a dashboard listens to the global channel, an auditor to every type through the
 * pattern type:*, and a support tool to every user through user:*. Every subscriber must get
 * exactly its events, in publication order, and PUBLISH must count the receivers.
 */
package dev.rediscover.pubsub;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventFanoutTest {
    record Event(int user, String type, String body) {}

    @Test
    void everySubscriberGetsExactlyItsEvents() throws Exception {
        SplittableRandom rnd = new SplittableRandom();
        String ns = "app" + rnd.nextInt(1_000_000) + ":";
        String[] types = {"login", "order", "logout"};
        int users = 4;
        try (RediscoverServer server = RediscoverServer.start()) {
            List<ChatTest.Listener> perUser = new ArrayList<>();
            List<Jedis> connections = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                ChatTest.Listener l = new ChatTest.Listener(1);
                perUser.add(l);
                Jedis j = new Jedis(server.host(), server.port());
                connections.add(j);
                String channel = ns + "user:" + u;
                ChatTest.listen(() -> j.subscribe(l, channel));
            }
            ChatTest.Listener dashboard = new ChatTest.Listener(1), auditor = new ChatTest.Listener(1), support = new ChatTest.Listener(1);
            Jedis dj = new Jedis(server.host(), server.port()), aj = new Jedis(server.host(), server.port()), sj = new Jedis(server.host(), server.port());
            connections.addAll(List.of(dj, aj, sj));
            ChatTest.listen(() -> dj.subscribe(dashboard, ns + "global"));
            ChatTest.listen(() -> aj.psubscribe(auditor, ns + "type:*"));
            ChatTest.listen(() -> sj.psubscribe(support, ns + "user:*"));
            for (ChatTest.Listener l : perUser) assertThat(l.subscribed.await(5, TimeUnit.SECONDS)).isTrue();
            for (ChatTest.Listener l : List.of(dashboard, auditor, support)) assertThat(l.subscribed.await(5, TimeUnit.SECONDS)).isTrue();

            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 60; i++) events.add(new Event(rnd.nextInt(users), types[rnd.nextInt(types.length)], "e" + i + "-" + rnd.nextLong()));
            Map<Integer, List<String>> wantUser = new HashMap<>();
            List<String> wantSupport = new ArrayList<>(), wantAuditor = new ArrayList<>(), wantDashboard = new ArrayList<>();
            for (Event e : events) {
                String uc = ns + "user:" + e.user, tc = ns + "type:" + e.type;
                wantUser.computeIfAbsent(e.user, k -> new ArrayList<>()).add(uc + ": " + e.body);
                wantSupport.add(ns + "user:*/" + uc + ": " + e.body);
                wantAuditor.add(ns + "type:*/" + tc + ": " + e.body);
                wantDashboard.add(ns + "global: " + e.body);
            }
            for (int u = 0; u < users; u++) perUser.get(u).expect(wantUser.getOrDefault(u, List.of()).size());
            support.expect(events.size());
            auditor.expect(events.size());
            dashboard.expect(events.size());

            try (Jedis publisher = new Jedis(server.host(), server.port())) {
                for (Event e : events) {
                    assertThat(publisher.publish(ns + "user:" + e.user, e.body)).as("user subscriber + support").isEqualTo(2);
                    assertThat(publisher.publish(ns + "global", e.body)).isEqualTo(1);
                    assertThat(publisher.publish(ns + "type:" + e.type, e.body)).isEqualTo(1);
                }
                assertThat(publisher.pubsubNumPat()).isEqualTo(2);
                assertThat(publisher.clientList()).contains("flags=P");
            }
            for (int u = 0; u < users; u++) {
                perUser.get(u).await();
                assertThat(perUser.get(u).heard).containsExactlyElementsOf(wantUser.getOrDefault(u, List.of()));
            }
            support.await();
            auditor.await();
            dashboard.await();
            assertThat(support.heard).containsExactlyElementsOf(wantSupport);
            assertThat(auditor.heard).containsExactlyElementsOf(wantAuditor);
            assertThat(dashboard.heard).containsExactlyElementsOf(wantDashboard);
            for (Jedis j : connections) j.disconnect();
        }
    }
}
