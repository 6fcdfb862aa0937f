/*
 * What every lab-08 test shares: an embedded server on a ManualClock, raw clients (pub/sub needs
 * several connections: subscribers and a publisher), and the exact bytes of the frames pub/sub
 * sends, in RESP2 (arrays) and RESP3 (push frames, '>').
 *
 * A subscriber reads messages it never asked for, so tests read them with Exchange.expect on the
 * subscriber's connection right after the publisher's PUBLISH has been answered: by then the
 * server has already queued the message (PUBLISH answers after delivering).
 */
package dev.rediscover.lessons.lab08;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

abstract class PubSubLab {
    static final long START = 1_800_000_000_000L;
    static final String OK = "+OK\r\n";

    ManualClock clock;
    RediscoverServer server;
    RawClient client;
    private final List<RawClient> others = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        clock = new ManualClock(START);
        server = RediscoverServer.start(clock);
        client = new RawClient(server.port());
    }

    @AfterEach
    void stopServer() throws IOException {
        for (RawClient c : others) c.close();
        if (client != null) client.close();
        if (server != null) server.close();
    }

    /** Another connection to the same server. */
    RawClient connect() throws IOException {
        RawClient c = new RawClient(server.port());
        others.add(c);
        return c;
    }

    /** A connection for a subscriber that will not read: a small, fixed receive buffer. */
    RawClient deafSubscriber() throws IOException {
        RawClient c = new RawClient("127.0.0.1", server.port(), 4096);
        others.add(c);
        return c;
    }

    /** Another connection, switched to RESP3 with HELLO 3. */
    RawClient connectResp3() throws IOException {
        RawClient c = connect();
        on(c, "HELLO 3 switches the connection to RESP3 (lab 02) and answers a map")
                .send("HELLO", "3").expectThat(b -> b.length > 0 && b[0] == '%', "a RESP3 map %7...");
        return c;
    }

    /** A conversation on the main client whose failures carry this hint. */
    Exchange x(String hint) { return Exchange.with(client).hint(hint); }

    /** A conversation on another client. */
    static Exchange on(RawClient c, String hint) { return Exchange.with(c).hint(hint); }

    static String num(long n) { return ":" + n + "\r\n"; }

    static String bulk(String s) {
        return s == null ? "$-1\r\n" : "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    static String err(String text) { return "-" + text + "\r\n"; }

    /** The header of a pub/sub frame: an array in RESP2, a push frame in RESP3. */
    static String frame(boolean resp3, int n) { return (resp3 ? ">" : "*") + n + "\r\n"; }

    /** [word, channel, count]: the confirmation of (P)(UN)SUBSCRIBE; a null channel for "none left". */
    static String confirm(String word, String channel, long count) { return confirm(false, word, channel, count); }

    static String confirm(boolean resp3, String word, String channel, long count) {
        String ch = channel == null && resp3 ? "_\r\n" : bulk(channel);
        return frame(resp3, 3) + bulk(word) + ch + num(count);
    }

    /** ["message", channel, payload]. */
    static String message(String channel, String payload) { return message(false, channel, payload); }

    static String message(boolean resp3, String channel, String payload) {
        return frame(resp3, 3) + bulk("message") + bulk(channel) + bulk(payload);
    }

    /** ["pmessage", pattern, channel, payload]. */
    static String pmessage(String pattern, String channel, String payload) { return pmessage(false, pattern, channel, payload); }

    static String pmessage(boolean resp3, String pattern, String channel, String payload) {
        return frame(resp3, 4) + bulk("pmessage") + bulk(pattern) + bulk(channel) + bulk(payload);
    }

    static String randomChannel() { return "ch:" + Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    static String randomPayload() { return "m" + ThreadLocalRandom.current().nextInt(1_000_000); }

    /** PUBLISH from `publisher`, checking how many receivers it reports. */
    static void publish(RawClient publisher, String channel, String payload, long receivers, String hint) {
        on(publisher, hint).send("PUBLISH", channel, payload).expect(num(receivers));
    }

    /** Subscribe c to one channel, checking the confirmation. */
    static void subscribe(RawClient c, String channel, long count) {
        on(c, "SUBSCRIBE answers one [\"subscribe\", channel, count] per channel (PubSub.subscribe, confirm)")
                .send("SUBSCRIBE", channel).expect(confirm("subscribe", channel, count));
    }

    /** Subscribe c to one pattern, checking the confirmation. */
    static void psubscribe(RawClient c, String pattern, long count) {
        on(c, "PSUBSCRIBE answers one [\"psubscribe\", pattern, count] per pattern (PubSub.psubscribe)")
                .send("PSUBSCRIBE", pattern).expect(confirm("psubscribe", pattern, count));
    }

    /** Subscribers of a channel per PUBSUB NUMSUB (CLIENT LIST belongs to a later lab). */
    static long numsub(RawClient asker, String channel) throws IOException {
        String r = new String(asker.call("PUBSUB", "NUMSUB", channel), StandardCharsets.UTF_8);
        String[] lines = r.split("\r\n");
        return lines.length >= 4 && lines[3].startsWith(":") ? Long.parseLong(lines[3].substring(1)) : -1;
    }

    /** Wait (up to 2 s) until the server has noticed a closed subscriber: channel has n subscribers. */
    void awaitSubscribers(String channel, long n) throws IOException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline && numsub(client, channel) != n) Thread.onSpinWait();
    }
}
