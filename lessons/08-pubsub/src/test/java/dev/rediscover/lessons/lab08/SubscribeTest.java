/*
 * Lab 08, task 1: the bookkeeping of SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE and PUNSUBSCRIBE. Every
 * channel named gets its own confirmation frame, whose count is the client's channels plus
 * patterns after that step. PubSub.subscribe/unsubscribe/unsubscribeAllOf, psubscribe,
 * punsubscribe/punsubscribeAll, updateMode and confirm.
 */
package dev.rediscover.lessons.lab08;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;

@Order(1)   // LabRunner runs the classes in task order
class SubscribeTest extends PubSubLab {

    @Test
    @DisplayName("SUBSCRIBE a b c confirms each channel with a running count (RESP2 arrays)")
    void subscribeSeveral() {
        String a = randomChannel(), b = randomChannel(), c = randomChannel();
        x("one confirmation frame per channel, in argument order; the count grows 1, 2, 3")
                .send("SUBSCRIBE", a, b, c)
                .expect(confirm("subscribe", a, 1))
                .expect(confirm("subscribe", b, 2))
                .expect(confirm("subscribe", c, 3));
    }

    @Test
    @DisplayName("subscribing twice to a channel confirms again but does not count it twice")
    void subscribeTwice() {
        String a = randomChannel();
        x("a second SUBSCRIBE to the same channel still answers, with the same count (the set did not grow)")
                .send("SUBSCRIBE", a, a)
                .expect(confirm("subscribe", a, 1))
                .expect(confirm("subscribe", a, 1));
    }

    @Test
    @DisplayName("the count is channels plus patterns")
    void patternsCountWithChannels() {
        String a = randomChannel();
        x("SUBSCRIBE then PSUBSCRIBE: the pattern's confirmation counts the channel too (Subscriptions.classicCount)")
                .send("SUBSCRIBE", a).expect(confirm("subscribe", a, 1))
                .send("PSUBSCRIBE", "news.*", "chat.?").expect(confirm("psubscribe", "news.*", 2))
                .expect(confirm("psubscribe", "chat.?", 3))
                .send("PUNSUBSCRIBE", "news.*").expect(confirm("punsubscribe", "news.*", 2));
    }

    @Test
    @DisplayName("UNSUBSCRIBE of a channel never subscribed still confirms it")
    void unsubscribeUnknown() {
        String a = randomChannel(), b = randomChannel();
        x("UNSUBSCRIBE confirms every channel named, subscribed or not")
                .send("SUBSCRIBE", a).expect(confirm("subscribe", a, 1))
                .send("UNSUBSCRIBE", b, a)
                .expect(confirm("unsubscribe", b, 1))
                .expect(confirm("unsubscribe", a, 0));
    }

    @Test
    @DisplayName("UNSUBSCRIBE with no argument leaves every channel, in subscription order")
    void unsubscribeAll() {
        String a = randomChannel(), b = randomChannel(), c = randomChannel();
        x("UNSUBSCRIBE alone confirms each channel the client had, oldest first, counting down (unsubscribeAllOf)")
                .send("SUBSCRIBE", a, b, c)
                .expect(confirm("subscribe", a, 1)).expect(confirm("subscribe", b, 2)).expect(confirm("subscribe", c, 3))
                .send("UNSUBSCRIBE")
                .expect(confirm("unsubscribe", a, 2))
                .expect(confirm("unsubscribe", b, 1))
                .expect(confirm("unsubscribe", c, 0));
    }

    @Test
    @DisplayName("UNSUBSCRIBE and PUNSUBSCRIBE with nothing to leave answer a null channel and count 0")
    void unsubscribeNothing() {
        x("with no subscription at all, the single confirmation carries a null bulk ($-1) as channel")
                .send("UNSUBSCRIBE").expect(confirm("unsubscribe", null, 0))
                .send("PUNSUBSCRIBE").expect(confirm("punsubscribe", null, 0));
    }

    @Test
    @DisplayName("RESP3: confirmations are push frames (>3), the null channel is _")
    void resp3Confirmations() throws IOException {
        var c = connectResp3();
        String a = randomChannel();
        on(c, "in RESP3 the confirmations are push frames: pushHeader writes '>' there")
                .send("SUBSCRIBE", a).expect(confirm(true, "subscribe", a, 1))
                .send("UNSUBSCRIBE").expect(confirm(true, "unsubscribe", a, 0))
                .send("UNSUBSCRIBE").expect(confirm(true, "unsubscribe", null, 0));
    }

    @Test
    @DisplayName("leaving the last subscription leaves subscribed mode: normal commands work again")
    void leaveSubscribedMode() {
        String a = randomChannel();
        x("after the last UNSUBSCRIBE the client is normal again (updateMode clears Client.PUBSUB)")
                .send("SUBSCRIBE", a).expect(confirm("subscribe", a, 1))
                .send("PSUBSCRIBE", "x*").expect(confirm("psubscribe", "x*", 2))
                .send("UNSUBSCRIBE").expect(confirm("unsubscribe", a, 1))
                .send("PUNSUBSCRIBE").expect(confirm("punsubscribe", "x*", 0))
                .send("PING").expect("+PONG\r\n");
    }

    @Test
    @DisplayName("PUBSUB CHANNELS and NUMSUB see the registry; an emptied channel disappears")
    void registryIntrospection() throws IOException {
        String a = randomChannel();
        var sub1 = connect();
        var sub2 = connect();
        subscribe(sub1, a, 1);
        subscribe(sub2, a, 1);
        x("PUBSUB NUMSUB counts the subscribers the registry holds for the channel")
                .send("PUBSUB", "NUMSUB", a).expect("*2\r\n" + bulk(a) + num(2));
        on(sub1, "").send("UNSUBSCRIBE", a).expect(confirm("unsubscribe", a, 0));
        on(sub2, "").send("UNSUBSCRIBE", a).expect(confirm("unsubscribe", a, 0));
        x("a channel whose last subscriber left must be removed from the registry, not kept empty")
                .send("PUBSUB", "CHANNELS", a).expect("*0\r\n")
                .send("PUBSUB", "NUMSUB", a).expect("*2\r\n" + bulk(a) + num(0));
    }
}
