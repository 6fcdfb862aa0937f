/*
 * Lab 08, task 5: the subscriber that stops reading. Its messages pile up in its reply buffer;
 * client-output-buffer-limit's pubsub class says how much is allowed: over the hard limit the
 * server hangs up at once, over the soft limit for more than its seconds it hangs up too.
 * OutputBufferLimits.overLimit. The soft-limit timer reads the server clock: a ManualClock here.
 *
 * The subscriber never reads, so the kernel's socket buffers fill first; after that every message
 * stays in the server's reply buffer, which is what the limit counts. The subscriber's receive
 * buffer is fixed small (deafSubscriber), so the kernel cannot later take a big bite out of the
 * server's buffer and drop it back under the soft limit, which would restart the timer.
 */
package dev.rediscover.lessons.lab08;

import dev.rediscover.server.Client;
import dev.rediscover.server.OutputBufferLimits;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

@Order(5)   // LabRunner runs the classes in task order
class SlowSubscriberTest extends PubSubLab {
    static final int MESSAGE = 32 * 1024;
    static final int MAX_PUBLISHES = 4000;   // 128 MB: far more than any socket buffer holds
    final String big = "x".repeat(MESSAGE);

    void limit(String value) {
        x("CONFIG SET client-output-buffer-limit takes class, hard, soft, seconds")
                .send("CONFIG", "SET", "client-output-buffer-limit", value).expect(OK);
    }

    /** PUBLISH's reply as a number. */
    long publishBig(String channel) throws IOException {
        String r = new String(client.call("PUBLISH", channel, big), StandardCharsets.UTF_8);
        assertThat(r).as("PUBLISH %s <32 KB> must answer an integer", channel).startsWith(":");
        return Long.parseLong(r.substring(1).trim());
    }

    /**
     * The subscriber's output memory (bytes waiting beyond the 16 KB static part, CLIENT LIST's
     * omem), read on the event loop; -1 once no subscriber is connected.
     */
    long omem() {
        return server.onLoop(s -> {
            for (Client c : s.clients()) {
                if (c.has(Client.PUBSUB)) return OutputBufferLimits.memory(c);
            }
            return -1L;
        });
    }

    /** Read what the server had sent until the connection ends; fail if it stays open. */
    static void expectHungUp(RawClient s, String hint) {
        try {
            for (int i = 0; i < MAX_PUBLISHES; i++) s.readReply();
        } catch (EOFException | java.net.SocketException e) {
            return;
        } catch (IOException e) {
            fail("the slow subscriber's connection stayed open (" + e.getMessage() + "). " + hint);
        }
        fail("the slow subscriber kept receiving messages. " + hint);
    }

    @Test
    @DisplayName("over the pubsub hard limit the subscriber is disconnected; the publisher is not")
    void hardLimit() throws IOException {
        limit("pubsub 256kb 0 0");
        String ch = randomChannel();
        RawClient slow = deafSubscriber();
        subscribe(slow, ch, 1);
        int n = 0;
        while (publishBig(ch) == 1) {
            if (++n == MAX_PUBLISHES) {
                fail("published " + n + " x 32 KB to a subscriber that never reads, and it was never cut off: "
                        + "overLimit must answer true once memory(c) >= the hard limit (256 KB here)");
            }
        }
        expectHungUp(slow, "overLimit true -> the event loop marks the client CLOSE_ASAP and closes it");
        x("the publisher is a normal client: its own limits are 0 (off), it carries on")
                .send("PING").expect("+PONG\r\n");
    }

    @Test
    @DisplayName("over the soft limit the subscriber gets its seconds, then is disconnected")
    void softLimit() throws IOException {
        limit("pubsub 0 128kb 10");
        String ch = randomChannel();
        RawClient slow = deafSubscriber();
        subscribe(slow, ch, 1);
        int n = 0;
        long used;
        // Well over (512 KB), so what the kernel still takes later cannot bring it back under.
        while ((used = omem()) < 512 * 1024) {
            if (used < 0) fail("the subscriber was disconnected before 10 s over the soft limit: only the hard limit cuts at once");
            if (++n == MAX_PUBLISHES) fail("the subscriber's omem never reached 512 KB: is deliver() queueing messages?");
            publishBig(ch);
        }
        assertThat(publishBig(ch)).as("over the soft limit, but for 0 s: the subscriber stays (the timer starts now)").isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        publishBig(ch);   // exactly 10 s over the soft limit: this delivery must not cut it off...
        assertThat(publishBig(ch))
                .as("...so the next PUBLISH, still at exactly 10 s, must find it connected (a subscriber being cut off "
                        + "still counts for the PUBLISH that cut it). Hint: 10 s over is not MORE than 10 s: compare with >, not >=")
                .isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        publishBig(ch);   // this delivery finds it over the soft limit for more than 10 s
        assertThat(publishBig(ch))
                .as("more than 10 s over the soft limit: the subscriber must be gone, so no receiver. Hint: keep the "
                        + "time the client first went over (c.outputSoftLimitSince) and compare with the server clock")
                .isEqualTo(0);
        expectHungUp(slow, "");
    }

    @Test
    @DisplayName("dropping back under the soft limit resets its timer")
    void softLimitTimerResets() throws IOException {
        limit("pubsub 0 128kb 10");
        String ch = randomChannel();
        RawClient s = connect();
        subscribe(s, ch, 1);
        int n = 0;
        while (omem() < 128 * 1024) {
            if (++n == MAX_PUBLISHES) fail("the subscriber's omem never reached 128 KB");
            publishBig(ch);
        }
        publishBig(ch);   // the timer starts
        for (int i = 0; i < n + 1; i++) s.readReply();   // the subscriber catches up on everything
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (omem() != 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(omem()).as("the subscriber read everything: nothing waits for it").isEqualTo(0);
        assertThat(publishBig(ch)).as("a delivery under the soft limit clears the timer").isEqualTo(1);
        s.readReply();
        clock.advance(Duration.ofSeconds(60));
        assertThat(publishBig(ch)).as("back under the limit: the old timer must be forgotten, no disconnection").isEqualTo(1);
        n = 0;
        long used;
        while ((used = omem()) < 128 * 1024) {   // over the soft limit again, 60 s after the first time
            if (used < 0) {
                fail("the subscriber was cut off as soon as it went over the soft limit again, 60 s after the first "
                        + "time: its old timer was still running. Hint: clear c.outputSoftLimitSince whenever the "
                        + "client is under the soft limit");
            }
            if (++n == MAX_PUBLISHES) fail("the subscriber's omem never reached 128 KB again");
            publishBig(ch);
        }
        publishBig(ch);
        assertThat(publishBig(ch)).as("over again, but a fresh timer started just now: the subscriber stays").isEqualTo(1);
    }
}
