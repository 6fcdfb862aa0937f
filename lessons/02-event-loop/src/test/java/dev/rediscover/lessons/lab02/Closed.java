/*
 * Checks that the server hung up on a client. The test kit's Exchange.expectClosed also passes
 * when the connection merely stays silent for two seconds; lab 02 is about exactly that
 * difference (a server that forgets to close looks silent), so here only a real end of stream
 * or a reset counts as closed, and silence until the reply timeout is a failure.
 */
package dev.rediscover.lessons.lab02;

import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.opentest4j.AssertionFailedError;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;

final class Closed {
    private Closed() { }

    /** Fail unless the server closes this connection (after any replies already read). */
    static void expect(RawClient client, byte[] sent, String hint) {
        byte[] got;
        try {
            got = client.readReply();
        } catch (EOFException closed) {
            return;
        } catch (SocketTimeoutException silent) {
            throw new AssertionFailedError(Explain.exchange("the server should have closed the connection, but it stayed "
                    + "open (no reply, no close within " + RawClient.REPLY_TIMEOUT_MS + " ms)", sent, null, null, hint));
        } catch (IOException reset) {
            return;   // closed with a reset: closed all the same
        }
        throw new AssertionFailedError(Explain.exchange("the server should have closed the connection, but it sent another reply",
                sent, null, got, hint));
    }
}
