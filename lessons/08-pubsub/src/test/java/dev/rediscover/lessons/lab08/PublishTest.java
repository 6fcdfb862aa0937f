/*
 * Lab 08, task 2: PUBLISH. A message goes to the channel's subscribers, then to every pattern
 * that matches the channel; PUBLISH answers how many deliveries it made. PubSub.publish and
 * PubSub.deliver.
 */
package dev.rediscover.lessons.lab08;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;

@Order(2)   // LabRunner runs the classes in task order
class PublishTest extends PubSubLab {

    @Test
    @DisplayName("PUBLISH to a channel nobody listens to answers 0")
    void publishToNobody() {
        x("with no subscriber, PUBLISH delivers nothing and answers :0")
                .send("PUBLISH", randomChannel(), randomPayload()).expect(num(0));
    }

    @Test
    @DisplayName("every subscriber of the channel gets [\"message\", channel, payload]; PUBLISH counts them")
    void publishToSubscribers() throws IOException {
        String ch = randomChannel(), payload = randomPayload();
        var s1 = connect();
        var s2 = connect();
        subscribe(s1, ch, 1);
        subscribe(s2, ch, 1);
        publish(client, ch, payload, 2, "PUBLISH answers the number of clients that received the message");
        on(s1, "a subscriber receives *3 [\"message\", channel, payload] (deliver)").expect(message(ch, payload));
        on(s2, "every subscriber of the channel receives it").expect(message(ch, payload));
    }

    @Test
    @DisplayName("messages arrive in publish order, and other channels' messages do not")
    void onlyMyChannel() throws IOException {
        String mine = randomChannel(), other = randomChannel();
        var s = connect();
        subscribe(s, mine, 1);
        publish(client, other, "not-for-you", 0, "a channel nobody subscribed to has no receivers");
        publish(client, mine, "one", 1, "");
        publish(client, mine, "two", 1, "");
        on(s, "only the subscribed channel's messages arrive, in the order they were published")
                .expect(message(mine, "one")).expect(message(mine, "two"));
    }

    @Test
    @DisplayName("a pattern subscriber gets [\"pmessage\", pattern, channel, payload]")
    void patternMessage() throws IOException {
        var s = connect();
        psubscribe(s, "news.*", 1);
        publish(client, "news.tech", "hello", 1, "the channel news.tech matches news.*: one receiver (Glob.matches)");
        publish(client, "weather", "rain", 0, "weather does not match news.*");
        on(s, "a pattern delivery has four parts: pmessage, the pattern, the channel, the payload")
                .expect(pmessage("news.*", "news.tech", "hello"));
    }

    @Test
    @DisplayName("a client on the channel and on two matching patterns gets it three times; PUBLISH counts 3")
    void channelAndPatterns() throws IOException {
        String ch = "room:" + randomChannel();
        var s = connect();
        subscribe(s, ch, 1);
        psubscribe(s, "room:*", 2);
        psubscribe(s, "*", 3);
        publish(client, ch, "hi", 3, "each matching subscription is one delivery, even for the same client");
        on(s, "channel subscribers first, then the patterns in the order they were first subscribed")
                .expect(message(ch, "hi"))
                .expect(pmessage("room:*", ch, "hi"))
                .expect(pmessage("*", ch, "hi"));
    }

    @Test
    @DisplayName("RESP3 subscribers get push frames; binary payloads arrive intact")
    void resp3AndBinary() throws IOException {
        String ch = randomChannel();
        var s = connectResp3();
        on(s, "").send("SUBSCRIBE", ch).expect(confirm(true, "subscribe", ch, 1));
        on(s, "").send("PSUBSCRIBE", "ch:*").expect(confirm(true, "psubscribe", "ch:*", 2));
        byte[] payload = {0, '\r', '\n', (byte) 0xff, 'x'};
        on(client, "a binary payload is delivered like any other").send("PUBLISH".getBytes(), ch.getBytes(), payload).expect(num(2));
        String p = new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] expected1 = (">3\r\n" + bulk("message") + bulk(ch) + "$5\r\n" + p + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] expected2 = (">4\r\n" + bulk("pmessage") + bulk("ch:*") + bulk(ch) + "$5\r\n" + p + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        on(s, "RESP3 messages are push frames (>3, >4); the payload is bytes, never a String")
                .expect(expected1).expect(expected2);
    }

    @Test
    @DisplayName("a client that disconnects no longer counts")
    void closedSubscriberForgotten() throws IOException {
        String ch = randomChannel();
        var s1 = connect();
        var s2 = connect();
        subscribe(s1, ch, 1);
        subscribe(s2, ch, 1);
        s1.close();
        // the server notices the close on its next loop turn: ask until it has
        awaitSubscribers(ch, 1);
        publish(client, ch, "after", 1, "a closed connection's subscriptions are dropped (PubSub.unsubscribeAll on close)");
        on(s2, "").expect(message(ch, "after"));
    }
}
